"""The footer of every screen shows each of its keys, with its label, at 80 columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from tui_helpers import DATA, WEAK_REPLY, FakeSpeaker, make_app, screen_text

from sparring.core.content.loading import load_content
from sparring.core.history.store import Store
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.history import HistoryScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox


def footer_line(app: App[Any]) -> str:
    """The bottom row of the screen, where the footer is."""
    return screen_text(app).splitlines()[-1]


def footer_entries(app: App[Any]) -> list[str]:
    """Each key the footer should show, as "key label" (the palette key included).

    Like the footer, one entry per action, under its first key ("h,f7" shows as "h").
    """
    entries: dict[str, str] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show:
            entries.setdefault(
                binding.action, f"{app.get_key_display(binding)} {binding.description}"
            )
    return [*entries.values(), "^p palette"]


def missing(app: App[Any]) -> list[str]:
    line = footer_line(app)
    return [entry for entry in footer_entries(app) if entry not in line]


async def send(pilot: Any, text: str) -> None:
    pilot.app.screen.query_one(ReplyBox).text = text
    await pilot.press("enter")
    await pilot.pause()


async def test_the_picker_footer_shows_every_key_at_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert len(footer_entries(app)) >= 6  # Start, Clear, Weakest, History, ...
        assert missing(app) == [], footer_line(app)


async def test_the_picker_footer_fits_f8_too_while_there_are_problems(tmp_path: Path) -> None:
    broken = tmp_path / "mine"
    broken.mkdir()
    (broken / "broken.yaml").write_text("kind: persona\nid: [unclosed\n", encoding="utf-8")
    content = load_content([broken, DATA], user_dir=tmp_path / "none", builtin=False)
    assert content.problems
    app = make_app(tmp_path, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "f8 Problems" in footer_entries(app)
        assert missing(app) == [], footer_line(app)


async def test_the_conversation_footer_shows_every_key_at_80_columns(tmp_path: Path) -> None:
    for speak in (False, True):  # F6 reads "Unmute", then "Mute": both must fit
        app = make_app(tmp_path, persona_id="tess-tester", speak=speak, speaker=FakeSpeaker())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)
            await send(pilot, WEAK_REPLY)
            entries = footer_entries(app)
            for key in ("⏎ Send", "f1 Hint", "f3 Retry", "f10 End", "f2 Model", "f4 Skip"):
                assert key in entries
            assert ("f6 Mute" if speak else "f6 Unmute") in entries
            assert missing(app) == [], footer_line(app)


async def test_the_summary_and_history_footers_show_every_key_at_80_columns(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    app = make_app(tmp_path, persona_id="tess-tester", store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len(footer_entries(app)) >= 6
        assert missing(app) == [], footer_line(app)
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert len(footer_entries(app)) >= 5
        assert missing(app) == [], footer_line(app)
    store.close()


async def test_send_hint_retry_end_and_the_palette_show_at_60_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        line = footer_line(app)
        for entry in ("⏎ Send", "f1 Hint", "f3 Retry", "f10 End", "^p palette"):
            assert entry in line, line


async def test_enter_outside_the_reply_box_sends_it_once(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await send(pilot, WEAK_REPLY)  # in the box: one turn, not two
        assert len(screen.session.turns) == 1
        screen.query_one(ReplyBox).text = WEAK_REPLY
        screen.set_focus(None)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.session.turns) == 2
