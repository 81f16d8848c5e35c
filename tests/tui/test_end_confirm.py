"""F10 asks before ending a session while the reply box holds unsent words."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import make_app

from sparring.tui.screens.confirm import ConfirmScreen
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox


async def test_f10_with_unsent_typing_asks_and_no_keeps_the_words(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await pilot.press(*"half a thought")
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and not screen.session.finished
        assert screen.query_one(ReplyBox).text == "half a thought"
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert screen.session.outcome == "ended"


async def test_f10_with_an_empty_box_ends_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
