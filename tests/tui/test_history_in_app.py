"""Pilot tests for the history in the app: recording, progress, history and weakest keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable
from tui_helpers import WEAK_REPLY, fixture_content, screen_text

from sparring.core.history.store import Store, StoreError
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.score import Score, Turn
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.history import HistoryScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox


def make(tmp_path: Path, store: Store | None = None, **options: Any) -> SparringApp:
    content = fixture_content()
    return SparringApp(
        AppOptions(content, Scorer(content), store=store, export_dir=tmp_path, **options)
    )


def messages(app: SparringApp) -> list[str]:
    return [n.message for n in app._notifications]


async def send(pilot: Any, text: str) -> None:
    pilot.app.screen.query_one(ReplyBox).text = text
    await pilot.press("enter")
    await pilot.pause()


def finished_session(store: Store, average: int, objection: str = "fx-tools") -> int:
    session = store.start_session("tess-tester", "Tess Tester", 1)
    score = Score(value=average, band="b", objection_id=objection, reply="r")
    store.record_turn(session, Turn(0, objection, "fixture", "q", "r", score, at=1e9))
    store.finish_session(session, "no-deal", None, average)
    return session


async def test_turns_are_saved_as_scored_and_quitting_ends_the_session(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    app = make(tmp_path, store, seed=4, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        assert store.session_count() == 0  # no record before the first reply
        await send(pilot, WEAK_REPLY)
        saved = app.recorder.saved_id(session.session_id)
        assert saved is not None
        detail = store.session(saved)
        assert detail is not None and [t.reply for t in detail.turns] == [WEAK_REPLY]
        assert detail.session.outcome is None
        await send(pilot, "Honestly I would rather not say.")
        detail = store.session(saved)
        assert detail is not None and len(detail.turns) == 2
    # Quitting mid-session closes it as ended, with both turns.
    detail = store.session(saved)
    assert detail is not None
    assert (detail.session.outcome, len(detail.turns)) == ("ended", 2)
    store.close()


async def test_leaving_before_any_reply_keeps_no_empty_session(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    app = make(tmp_path, store, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    assert store.session_count() == 0
    store.close()


async def test_no_save_records_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    app = make(tmp_path, store, save=False, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        await pilot.press("f10")
        await pilot.pause()
    assert store.session_count() == 0
    store.close()


async def test_the_summary_shows_progress_vs_the_last_session(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    finished_session(store, 5)
    app = make(tmp_path, store, seed=4, persona_id="tess-tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        first = session.current
        assert first is not None
        await send(pilot, first.model_answer)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        average = session.average()
        assert average is not None
        assert f"(+{average - 5} vs last session)" in screen_text(app)
    store.close()


async def test_no_progress_line_on_the_first_session(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    app = make(tmp_path, store, persona_id="tess-tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "vs last session" not in screen_text(app)
    store.close()


class BrokenRecorder:
    """Saves one turn, then fails like a full disk."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        return 1

    def record_turn(self, session_id: int, turn: Turn) -> None:
        if self.turns:
            raise StoreError("could not save to /x/history.sqlite3: disk [bold]full[/]")
        self.turns.append(turn)

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        raise StoreError("never reached once the history failed")


async def test_a_store_failure_mid_session_does_not_crash(tmp_path: Path) -> None:
    content = fixture_content()
    recorder = BrokenRecorder()
    app = SparringApp(
        AppOptions(content, Scorer(content), recorder=recorder, persona_id="tess-tester")
    )
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(3):
            await send(pilot, WEAK_REPLY)
        assert isinstance(app.screen, ConversationScreen)
        session = app.screen.session
        assert len(session.turns) == 3 and len(recorder.turns) == 1
        failures = [m for m in messages(app) if "History is off" in m]
        assert len(failures) == 1
        assert "disk [bold]full[/]" in failures[0]  # shown literally (markup=False)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_the_startup_notice_is_one_notification(tmp_path: Path) -> None:
    notice = "The history file could not be used (corrupt). It was moved to [x] and ..."
    app = make(tmp_path, None, startup_notice=notice)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert messages(app).count(notice) == 1


async def test_history_key_on_the_picker_and_the_summary(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    first = finished_session(store, 40)
    app = make(tmp_path, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#history-sessions", DataTable)
        assert table.row_count == 1
        # Export the highlighted session.
        await pilot.press("e")
        await pilot.pause()
        exported = tmp_path / f"sparring-session-{first}.md"
        assert exported.read_text(encoding="utf-8").startswith("# Practice with Tess Tester")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        # A session, its summary, then `h`: the history now lists both.
        await pilot.press("enter")
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#history-sessions", DataTable).row_count == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    store.close()


async def test_history_without_a_store_says_so(tmp_path: Path) -> None:
    app = make(tmp_path, None)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert any("No history to show" in m for m in messages(app))


async def test_weakest_from_the_picker_drills_the_worst_objection(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    finished_session(store, 10, objection="fx-precedent")
    finished_session(store, 95, objection="fx-visibility")
    app = make(tmp_path, store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        session = app.screen.session
        assert session.current is not None and session.current.id == "fx-precedent"
        assert [s.objection.id for s in session.objections][-1] == "fx-visibility"
        assert any(
            "Your lowest averages lately: \u201cIf I say yes to you, everyone will ask.\u201d (10)"
            in m
            for m in messages(app)
        )
    store.close()


async def test_weakest_option_starts_straight_into_the_drill(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    finished_session(store, 10, objection="fx-meetings")
    app = make(tmp_path, store, weakest=True, persona_id="hard-hank")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        session = app.screen.session
        assert session.persona.id == "hard-hank"
        assert session.current is not None and session.current.id == "fx-meetings"
    store.close()


async def test_history_from_the_command_palette(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "history.sqlite3")
    finished_session(store, 40)
    app = make(tmp_path, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"History")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
    store.close()
