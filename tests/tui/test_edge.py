"""Tests of the TUI edge: options in, messages up, one speaker, workers that fail softly."""

from __future__ import annotations

import ast
import inspect
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import WEAK_REPLY, make_app, screen_text

from sparring.core.history.store import Store
from sparring.speech import FakeSpeaker, Pyttsx3Speaker, SilentSpeaker, Speaker
from sparring.speech import pyttsx3_speaker as real_speaker
from sparring.speech.engine import SpeechUnavailable
from sparring.tui.app import SparringApp
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.history import HistoryScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.widgets.reply_box import ReplyBox

TUI = Path(__file__).resolve().parents[2] / "src" / "sparring" / "tui"


def messages(app: SparringApp) -> list[str]:
    return [n.message for n in app._notifications]


def test_the_app_takes_its_dependencies_in_one_options_object() -> None:
    parameters = list(inspect.signature(SparringApp.__init__).parameters)
    assert parameters == ["self", "options"]


def test_screens_and_widgets_never_import_the_app() -> None:
    for path in [*TUI.glob("screens/*.py"), *TUI.glob("widgets/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "sparring.tui.app" not in imported, path


def test_every_thread_worker_reports_failure_instead_of_ending_the_app() -> None:
    """A worker left at exit_on_error=True would end the app with WorkerFailed."""
    workers = 0
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("work", "run_worker"):
                continue
            workers += 1
            keywords = {k.arg: k.value for k in node.keywords}
            value = keywords.get("exit_on_error")
            assert isinstance(value, ast.Constant) and value.value is False, (
                f"{path.name}:{node.lineno}"
            )
    assert workers >= 4  # reload, the judge's warm-up, the history and its detail


@pytest.mark.parametrize("speaker_class", [Pyttsx3Speaker, FakeSpeaker, SilentSpeaker])
def test_every_speaker_has_the_one_protocol(speaker_class: type[Any]) -> None:
    members = {"on_error", "error", "speak", "warm_up", "stop", "repeat", "close"}
    speaker = speaker_class()
    assert all(hasattr(speaker, name) for name in members)
    assert members <= set(Speaker.__annotations__) | {
        n for n in vars(Speaker) if not n.startswith("_")
    }
    speaker.close()


class LockedStore(Store):
    """A history whose reads fail as a locked or broken SQLite file does."""

    def sessions(self, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")


async def test_a_history_worker_failure_is_one_notification_and_the_app_stays_usable(
    tmp_path: Path,
) -> None:
    store = LockedStore.open(tmp_path / "history.sqlite3")
    app = make_app(tmp_path, store=store)
    try:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("f7")
            for _ in range(50):
                await pilot.pause(0.05)
                if any("Could not read the history" in m for m in messages(app)):
                    break
            assert app.is_running and isinstance(app.screen, HistoryScreen)
            failures = [m for m in messages(app) if "Could not read the history" in m]
            assert failures == [
                "Could not read the history (OperationalError: database is locked)."
            ]
            assert "could not be read" in screen_text(app)
            assert not app.screen.query_one("#history-body").loading
            await pilot.press("escape")  # the app goes on: back to the picker, practise
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConversationScreen)
            app.screen.query_one(ReplyBox).text = WEAK_REPLY
            await pilot.press("enter")
            await pilot.pause()
            assert len(app.screen.session.turns) == 1
    finally:
        store.close()


async def test_a_real_speaker_that_failed_before_the_start_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_engine() -> Any:
        raise SpeechUnavailable("espeak-ng is not installed")

    monkeypatch.setattr(real_speaker.Engine, "shared", staticmethod(no_engine))
    speaker = Pyttsx3Speaker()
    speaker.warm_up()  # fails in its thread, before any app exists
    assert speaker._thread is not None
    speaker._thread.join(timeout=5)
    assert speaker.error
    app = make_app(tmp_path, speaker=speaker, persona_id="tess-tester")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert [n.title for n in app._notifications] == ["Speech"]
        assert messages(app) == [speaker.error]
        assert not app.speech_on and app.speech.failed
        app.screen.query_one(ReplyBox).text = WEAK_REPLY
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen.session.turns) == 1  # type: ignore[attr-defined]
        assert len(messages(app)) == 1
