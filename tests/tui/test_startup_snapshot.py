"""Pilot tests of the practice room painted from the start-up snapshot (DeferredContent)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import DATA, FakeRecorder, fixture_content

from sparring.core.content.snapshot import DeferredContent, load_for_picker, read_snapshot
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.picker import PickerScreen, persona_label
from sparring.tui.widgets.reply_box import ReplyBox


def _deferred(tmp_path: Path) -> DeferredContent:
    snapshot = tmp_path / "picker.json"
    for _ in range(2):  # the first load writes the snapshot, the second paints from it
        content = load_for_picker(
            [DATA], user_dir=DATA / "no-user-dir", builtin=False, snapshot_file=snapshot
        )
    assert isinstance(content, DeferredContent) and not content.loaded
    return content


def _app(tmp_path: Path, content: DeferredContent, recorder: FakeRecorder) -> SparringApp:
    # No scorer given: the app builds the judge (and so loads the models) after the paint.
    return SparringApp(AppOptions(content, recorder=recorder, seed=4, export_dir=tmp_path))


async def test_the_picker_from_the_snapshot_shows_what_the_models_would(tmp_path: Path) -> None:
    content = _deferred(tmp_path)
    full = fixture_content()
    async with _app(tmp_path, content, FakeRecorder()).run_test(size=(100, 30)) as pilot:
        options = pilot.app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        expected = [persona_label(full, p).plain for p in full.personas.values()]
        assert shown == expected


async def test_enter_at_once_starts_a_session_that_is_scored(tmp_path: Path) -> None:
    recorder = FakeRecorder()
    content = _deferred(tmp_path)
    async with _app(tmp_path, content, recorder).run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # before the worker may have loaded the models
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ConversationScreen)
        assert content.loaded
        objection = screen.session.current
        assert objection is not None
        screen.query_one(ReplyBox).text = objection.model_answer
        await pilot.press("enter")
        for _ in range(50):
            if recorder.turns:
                break
            await pilot.pause(0.05)
        assert recorder.turns and recorder.turns[0].score.value > 0


async def test_a_manager_gone_from_the_files_meanwhile_is_a_notice(tmp_path: Path) -> None:
    """The files changed between the snapshot check and the load: no crash, a fresh list."""
    _deferred(tmp_path)
    snapshot = read_snapshot(tmp_path / "picker.json")
    assert snapshot is not None
    full = fixture_content()
    first = next(iter(full.personas))
    rest = {key: value for key, value in full.personas.items() if key != first}
    content = DeferredContent.of(snapshot, lambda: dataclasses.replace(full, personas=rest))
    async with _app(tmp_path, content, FakeRecorder()).run_test(size=(100, 30)) as pilot:
        assert pilot.app.screen.query_one(OptionList).option_count == len(full.personas)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickerScreen)
        assert pilot.app.screen.query_one(OptionList).option_count == len(rest)
        assert any("gone" in n.message for n in pilot.app._notifications)
