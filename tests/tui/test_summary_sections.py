"""The summary says what convinced and what lost the manager, and reveals the hidden concern."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import WEAK_REPLY, make_app, screen_text

from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.summary import SummaryScreen


async def test_the_summary_shows_the_manager_verdicts_and_hidden_concern(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="hard-hank")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        reply = screen.query_one("ReplyBox")
        reply.insert(WEAK_REPLY)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        if not isinstance(app.screen, SummaryScreen):  # F10 asks first when typing is unsent
            await pilot.press("y")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = " ".join(screen_text(app).split())
        assert "What Hank Hardline made of it" in text
        assert "He thinks presence is performance." in text
        assert "None of your replies spoke to it" in text
        reaction = next(e for e in screen.session.transcript if e.kind == "react")
        assert reaction.reason is not None and reaction.reason[0] == "act"
        assert f"Not convinced: \u201c{reaction.text}\u201d" in text  # in their own words
