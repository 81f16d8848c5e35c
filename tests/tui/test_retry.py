"""Retry gives the reply back to edit, cursor at the end; Ctrl+U clears the box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_helpers import WEAK_REPLY, make_app, screen_text

from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.widgets.reply_box import ReplyBox

TWO_LINES = "I'd send a plan each morning.\nAnd honestly it's the same anyway."


async def reply_and_retry(pilot: Any, text: str) -> ReplyBox:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen)
    box = screen.query_one(ReplyBox)
    box.text = text
    await pilot.press("enter")
    await pilot.pause()
    assert box.text == ""
    await pilot.press("f3")
    await pilot.pause()
    return box


async def test_retry_puts_the_reply_back_with_the_cursor_at_the_end(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        box = await reply_and_retry(pilot, TWO_LINES)
        assert box.text == TWO_LINES
        assert app.focused is box
        assert box.cursor_location == box.document.end
        await pilot.press("space", "o", "k")  # typing goes on where the reply ended
        assert box.text == TWO_LINES + " ok"


async def test_ctrl_u_clears_the_whole_reply_box(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        box = await reply_and_retry(pilot, TWO_LINES)
        await pilot.press("ctrl+u")  # the TextArea's own Ctrl+U would clear one line only
        assert box.text == ""
        assert app.focused is box
        await pilot.press("h", "i")
        assert box.text == "hi"


async def test_the_clear_key_is_named_on_the_reply_box_and_in_the_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        box = await reply_and_retry(pilot, WEAK_REPLY)
        assert "Ctrl+U clear" in screen_text(app)
        assert "Ctrl+U" in str(box.border_subtitle)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        titles = [help_text for _, help_text, _ in screen.palette_commands()]
        assert any("Ctrl+U" in text for text in titles)
