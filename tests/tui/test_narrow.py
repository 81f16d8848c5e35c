"""A window too small for the screens shows a notice instead; no size ever crashes the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from tui_helpers import WEAK_REPLY, make_app, screen_text

from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from sparring.tui.widgets.reply_box import ReplyBox


class OnlyReplyBox(App[None]):
    def compose(self) -> ComposeResult:
        yield ReplyBox(id="reply")


@pytest.mark.parametrize("width", [1, 2, 3, 4])
async def test_reply_box_renders_at_any_width_without_dividing_by_zero(width: int) -> None:
    """The root of `range() arg 3 must not be zero`: a placeholder wrapped at no width."""
    app = OnlyReplyBox()
    async with app.run_test(size=(width, 6)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert app.query_one(ReplyBox).text == "x"
    # run_test re-raises what crashed the app, so reaching here means it rendered.


@pytest.mark.parametrize("size", [(1, 1), (10, 5), (32, 24), (MIN_WIDTH - 1, 40), (80, 11)])
async def test_a_narrow_start_shows_make_the_window_wider_then_the_session(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        if size[0] >= 40:  # room for the words to be read whole
            assert "Make the window" in screen_text(app)
        await pilot.press("enter", "f1", "f10", "ctrl+p")  # none may fire unseen
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert not screen.session.turns and not screen.session.finished
        screen.query_one(ReplyBox).text = WEAK_REPLY
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.session.turns) == 1


async def test_live_resizing_through_every_small_size_never_crashes(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        conversation = app.screen
        assert isinstance(conversation, ConversationScreen)
        # Around the limit, where the conversation's columns run out (the crash was at 32
        # and below), then down to one column.
        widths = [MIN_WIDTH + 1, MIN_WIDTH, MIN_WIDTH - 1, 40, 33, 32, 31, 30, 28, 20, 8, 2, 1]
        for width in widths:
            for height in (24, MIN_HEIGHT - 1) if width > 8 else (24, 1):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                small = width < MIN_WIDTH or height < MIN_HEIGHT
                assert isinstance(app.screen, TooSmallScreen) == small, (width, height)
        await pilot.resize_terminal(32, 24)
        await pilot.pause()
        assert "this one is 32 × 24" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen is conversation
        assert len(app.screen_stack) == 2  # the picker and the conversation, nothing left over
        conversation.query_one(ReplyBox).text = WEAK_REPLY
        await pilot.press("enter")
        await pilot.pause()
        assert len(conversation.session.turns) == 1


async def test_the_picker_is_covered_too_and_comes_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.resize_terminal(20, 8)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
