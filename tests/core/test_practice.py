"""Tests for the practice service: guarded recording, progress, plans, starting and export."""

from __future__ import annotations

import dataclasses
import io
import os
import stat
from pathlib import Path

import pytest

from sparring.core.content.loading import load_content
from sparring.core.history.export import md_quote
from sparring.core.history.store import Store, StoreError
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.score import NullRecorder, Score, Turn
from sparring.core.session.engine import Session
from sparring.plain import PlainRunner
from sparring.practice import GuardedRecorder, NothingToPractise, Practice, plan_weakest, progress

DATA = Path(__file__).resolve().parent.parent / "data" / "practice"
WEAK = "I just want to stay home more."


class FailingRecorder:
    """Saves the first `good` turns, then fails as a full disk would."""

    def __init__(self, good: int) -> None:
        self.good = good
        self.turns: list[Turn] = []
        self.finished = 0

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        return 7

    def record_turn(self, session_id: int, turn: Turn) -> None:
        if len(self.turns) >= self.good:
            raise StoreError("could not save to /x/history.sqlite3: database or disk is full")
        self.turns.append(turn)

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        self.finished += 1


def content_and_scorer(tmp_path: Path):  # type: ignore[no-untyped-def]
    content = load_content([DATA], user_dir=tmp_path / "none", builtin=False)
    return content, Scorer(content)


def test_a_store_failure_mid_session_is_reported_once_and_the_session_goes_on(
    tmp_path: Path,
) -> None:
    content, scorer = content_and_scorer(tmp_path)
    inner, messages = FailingRecorder(good=1), []
    recorder = GuardedRecorder(inner, messages.append)
    persona = content.personas["tess-tester"]
    session = Session(persona, content, scorer, seed=3, recorder=recorder)
    out = io.StringIO()
    summary = PlainRunner(session, out, echo=True).run(iter([WEAK, WEAK, WEAK, "/end"]))
    assert len(inner.turns) == 1  # the turn before the failure stays saved
    assert len(summary.turns) == 3  # and the session carried on
    assert len(messages) == 1 and "database or disk is full" in messages[0]
    assert not recorder.saving
    assert inner.finished == 0  # nothing more is sent once the history failed
    assert "=== Summary ===" in out.getvalue()


def test_a_null_recorder_is_not_saving() -> None:
    assert not GuardedRecorder(NullRecorder(), print).saving


def seeded(path: Path, averages: list[int]) -> Store:
    store = Store.open(path)
    for n, average in enumerate(averages):
        session = store.start_session("tess-tester", "Tess", n)
        score = Score(value=average, band="b", objection_id="fx-tools", reply="r")
        store.record_turn(session, Turn(0, "fx-tools", "fixture", "q", "r", score, at=1e9 + n))
        store.finish_session(session, "no-deal", None, average)
    return store


def test_progress_for_a_saved_session_and_an_unsaved_one(tmp_path: Path) -> None:
    store = seeded(tmp_path / "h.sqlite3", [40, 55])
    latest = store.sessions(1)[0].id
    saved = progress(store, latest, 55)
    assert saved is not None and saved.label == "+15 vs last session"
    unsaved = progress(store, None, 50)  # --no-save: against the newest finished session
    assert unsaved is not None and unsaved.label == "-5 vs last session"
    assert progress(store, None, None) is None
    assert progress(None, None, 50) is None
    store.close()


def test_progress_on_an_unreadable_history_is_none(tmp_path: Path) -> None:
    store = seeded(tmp_path / "h.sqlite3", [40])
    store.close()  # reading a closed connection raises sqlite3.ProgrammingError
    assert progress(store, None, 50) is None


def test_plan_weakest_reads_the_store_and_falls_back_without_one(tmp_path: Path) -> None:
    content, _ = content_and_scorer(tmp_path)
    store = seeded(tmp_path / "h.sqlite3", [20])
    plan = plan_weakest(content, store)
    assert plan.from_history and plan.objection_ids[0] == "fx-tools"
    store.close()
    fallback = plan_weakest(content, store)
    assert not fallback.from_history and fallback.objection_ids
    assert plan_weakest(content, None) == fallback


def test_a_reply_taken_back_leaves_the_history(tmp_path: Path) -> None:
    content, scorer = content_and_scorer(tmp_path)
    store = Store.open(tmp_path / "h.sqlite3")
    recorder = GuardedRecorder(store, print)
    persona = content.personas["tess-tester"]
    session = Session(persona, content, scorer, seed=2, recorder=recorder)
    session.reply(WEAK)
    session.retry()
    session.skip()  # the retried reply is never replaced
    saved = recorder.saved_id(session.session_id)
    assert saved is not None
    detail = store.session(saved)
    assert detail is not None and detail.turns == ()
    # A retry after the last reply reopens the session, in the history too.
    while not session.finished:
        current = session.current
        assert current is not None
        session.reply(current.model_answer)
    finished = store.session(saved)
    assert finished is not None and finished.session.outcome is not None
    kept = len(finished.turns)
    session.retry()
    reopened = store.session(saved)
    assert reopened is not None
    assert reopened.session.outcome is None and len(reopened.turns) == kept - 1
    store.close()


def test_a_recorder_without_forget_turn_is_fine(tmp_path: Path) -> None:
    content, scorer = content_and_scorer(tmp_path)
    inner = FailingRecorder(good=5)
    session = Session(
        content.personas["tess-tester"],
        content,
        scorer,
        seed=2,
        recorder=GuardedRecorder(inner, print),
    )
    session.reply(WEAK)
    session.retry()
    session.reply(WEAK)
    assert [t.index for t in inner.turns] == [0, 0]


def practice_on(tmp_path: Path, store: Store | None = None) -> Practice:
    content, scorer = content_and_scorer(tmp_path)
    return Practice(content, scorer, store, seed=2, export_dir=tmp_path)


def test_the_service_starts_saves_compares_and_exports_a_session(tmp_path: Path) -> None:
    store = seeded(tmp_path / "h.sqlite3", [40])
    practice = practice_on(tmp_path, store)
    session = practice.start("tess-tester")
    while not session.finished:
        current = session.current
        assert current is not None
        session.reply(current.model_answer)
    saved = practice.saved_id(session)
    assert saved is not None and store.session(saved) is not None
    versus = practice.progress(session)
    average = session.average()
    assert versus is not None and average is not None
    assert versus.label == f"{average - 40:+d} vs last session"
    path = practice.export(session)
    assert path.parent == tmp_path and path.name.startswith("sparring-tess-tester-")
    text = path.read_text(encoding="utf-8")
    assert f"- **Session id:** {saved}" in text
    assert "- **Outcome:** Trial agreed" in text and "## Score per objection" in text
    assert "## The manager's last word" in text
    summary = session.summary()
    assert summary.closing_line is not None and md_quote(summary.closing_line) in text
    for turn in summary.turns:
        assert md_quote(turn.reply) in text
    again = practice.export_saved(saved)
    assert again.name == f"sparring-session-{saved}.md"
    if os.name == "posix":
        assert {stat.S_IMODE(p.stat().st_mode) for p in (path, again)} == {0o600}
    store.close()


def test_an_unsaved_session_exports_without_an_id(tmp_path: Path) -> None:
    practice = practice_on(tmp_path)
    session = practice.start("tess-tester")
    session.reply(WEAK)
    session.end()
    assert practice.saved_id(session) is None and practice.progress(session) is None
    text = practice.export(session, tmp_path / "s.md").read_text(encoding="utf-8")
    assert "Session id" not in text and "- **Outcome:** Ended early" in text
    assert md_quote(WEAK) in text
    with pytest.raises(LookupError):
        practice.export_saved(1)


def test_the_weakest_plan_starts_its_session_or_says_there_is_nothing(tmp_path: Path) -> None:
    store = seeded(tmp_path / "h.sqlite3", [20])
    practice = practice_on(tmp_path, store)
    session, plan = practice.start_weakest()
    assert plan.from_history
    assert [state.objection.id for state in session.objections] == list(plan.objection_ids)
    empty = dataclasses.replace(practice.content, objections={}, personas={})
    practice.use(empty, practice.scorer)
    with pytest.raises(NothingToPractise):
        practice.start_weakest()
    store.close()


class EncodingFailingRecorder(FailingRecorder):
    """Fails on one reply as a store would on text it cannot encode; saves the others."""

    def record_turn(self, session_id: int, turn: Turn) -> None:
        if "\udce9" in turn.reply:
            "\udce9".encode()  # raises UnicodeEncodeError, not a StoreError
        self.turns.append(turn)


def test_a_turn_the_recorder_cannot_encode_costs_only_that_turn(tmp_path: Path) -> None:
    content, scorer = content_and_scorer(tmp_path)
    inner, messages = EncodingFailingRecorder(good=99), []
    recorder = GuardedRecorder(inner, messages.append)
    session = Session(content.personas["tess-tester"], content, scorer, seed=3, recorder=recorder)
    PlainRunner(session, io.StringIO(), echo=False).run(iter([WEAK, "Caf\udce9", WEAK, "/end"]))
    assert [turn.index for turn in inner.turns] == [0, 2]  # the reply after it is saved
    assert len(messages) == 1 and "Reply 2 could not be saved" in messages[0]
    assert recorder.saving
