"""Provides the practice service both front-ends use: start, record, progress, export."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sparring.core.content.catalog import Content
from sparring.core.history import export
from sparring.core.history.store import SessionDetail, SessionRow, Store, StoreError
from sparring.core.paths import user_export_dir
from sparring.core.scoring.score import NullRecorder, Recorder, Turn

if TYPE_CHECKING:  # the engine, trends and plan load with the first session, not the picker
    from sparring.core.history.trends import Comparison
    from sparring.core.history.weakest import WeakestPlan
    from sparring.core.session.engine import Scores, Session, Summary


class GuardedRecorder:
    """Passes every call to a recorder; the first StoreError is reported once, then none.

    Saving must never cost the user a session: when the history fails (disk full, file
    removed, locked too long), `on_failure` gets one message and practice goes on without
    saving. The turns already saved stay saved.

    Anything else a recorder raises on one turn (text it cannot encode, a value it cannot
    store) costs that turn only: `on_failure` hears of it and later turns are saved.

    A session reaches the history with its first scored turn, so opening a session and
    leaving without a reply keeps no empty record. The ids given to the engine are this
    recorder's own; `saved_id` maps one to the history's id once it exists.
    """

    def __init__(self, inner: Recorder, on_failure: Callable[[str], None]) -> None:
        self.inner = inner
        self.on_failure = on_failure
        self.failure: str | None = None
        self._pending: dict[int, tuple[str, str, int | None]] = {}
        self._saved: dict[int, int] = {}

    @property
    def saving(self) -> bool:
        """Whether turns still go to a real history."""
        return self.failure is None and not isinstance(self.inner, NullRecorder)

    def saved_id(self, session_id: int) -> int | None:
        """The history's id for a session, once a turn of it was saved."""
        return self._saved.get(session_id)

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        """Note a new session; it is written with its first turn."""
        local = len(self._pending) + 1
        self._pending[local] = (persona_id, persona_name, seed)
        return local

    def record_turn(self, session_id: int, turn: Turn) -> None:
        """Save one finished turn (opening the session record first), unless failed."""
        if self.failure is None:
            try:
                saved = self._saved.get(session_id)
                if saved is None:
                    saved = self.inner.start_session(*self._pending[session_id])
                    self._saved[session_id] = saved
                self.inner.record_turn(saved, turn)
            except StoreError as error:
                self._fail(error)
            except Exception as error:  # one bad turn must not stop the history
                self.on_failure(
                    f"Reply {turn.index + 1} could not be saved ({type(error).__name__}: "
                    f"{error}). Practice goes on, and later replies are saved."
                )

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        """Close the session record, if one was written and the history still works."""
        saved = self._saved.get(session_id)
        if self.failure is None and saved is not None:
            try:
                self.inner.finish_session(saved, outcome, terms, average)
            except StoreError as error:
                self._fail(error)

    def forget_turn(self, session_id: int, index: int) -> None:
        """Drop a turn taken back (retry), if the recorder keeps turns that way."""
        saved = self._saved.get(session_id)
        forget = getattr(self.inner, "forget_turn", None)
        if self.failure is None and saved is not None and forget is not None:
            try:
                forget(saved, index)
            except StoreError as error:
                self._fail(error)

    def _fail(self, error: StoreError) -> None:
        self.failure = str(error)
        path = getattr(self.inner, "path", None)
        self.on_failure(
            f"History is off until sparring restarts ({history_trouble(error, path)}). "
            "Practice goes on; what was saved before stays saved."
        )


def history_trouble(error: StoreError, path: Path | None) -> str:
    """What stopped the history, naming the data folder when that is what cannot be written
    (SQLite's own words, "attempt to write a readonly database", do not say where)."""
    if path is None:
        return str(error)
    folder = Path(path).parent
    try:
        writable = os.access(folder, os.W_OK) if folder.is_dir() else None
    except OSError:
        writable = None
    if writable is False:
        return (
            f"the data folder {folder} is read-only, so the history cannot be saved there; "
            f"make it writable, or set XDG_DATA_HOME to another folder; {error}"
        )
    if not folder.exists():
        return f"the data folder {folder} does not exist and cannot be made; {error}"
    return str(error)


def progress(
    store: Store | None, session_id: int | None, average: int | None, persona_id: str | None = None
) -> Comparison | None:
    """This session against the last finished one with the same manager ("+N vs last session").

    `session_id` is the session's id in `store` when it was saved there; otherwise (with
    --no-save, or after a failure) `average` is compared with the newest finished session.
    A history that cannot be read gives None: progress is a nicety, never an error.
    """
    from sparring.core.history.trends import Comparison, versus_last

    if store is None or average is None:
        return None
    try:
        if session_id:
            return versus_last(store, session_id, same_persona=True)
        last = store.sessions(1, persona_id=persona_id, finished=True)
    except (StoreError, sqlite3.Error):
        return None
    if not last or last[0].average is None:
        return None
    return Comparison(average, last[0].average, last[0].id)


def plan_weakest(content: Content, store: Store | None) -> WeakestPlan:
    """The objections the user does worst on; a spread of common ones with no history.

    An unreadable history plans as if there were none: the drill still makes sense.
    """
    from sparring.core.history.weakest import weakest_plan

    if store is None:
        return weakest_plan([], content)
    try:
        return weakest_plan(store, content)
    except (StoreError, sqlite3.Error):
        return weakest_plan([], content)


class NothingToPractise(Exception):
    """No objection is loaded, so no session can start; the message says so."""


class Practice:
    """What plain mode and the TUI share: sessions, the history, progress and export.

    The front-ends only present: they ask this service to start a session (on a persona's
    own mix, given objections or the weakest plan), and to compare and export it. Turns are
    saved through one GuardedRecorder, so a failing history is reported once to
    `on_history_failure` and never ends a session.
    """

    def __init__(
        self,
        content: Content,
        scorer: Scores,
        store: Store | None = None,
        *,
        recorder: Recorder | None = None,
        save: bool = True,
        seed: int | None = None,
        export_dir: Path | None = None,
        on_history_failure: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.content = content
        self.scorer = scorer
        self.store = store
        self.seed = seed
        self.export_dir = export_dir
        inner: Recorder = recorder or (store if store is not None and save else NullRecorder())
        self.recorder = GuardedRecorder(inner, on_history_failure)

    def use(self, content: Content, scorer: Scores) -> None:
        """New content (a reload): sessions started from now on use it."""
        self.content, self.scorer = content, scorer

    def start(self, persona_id: str, objection_ids: Sequence[str] | None = None) -> Session:
        """A session with one persona, on the given objections or the persona's own mix."""
        from sparring.core.session.engine import Session

        return Session(
            self.content.personas[persona_id],
            self.content,
            self.scorer,
            seed=self.seed,
            recorder=self.recorder,
            objection_ids=objection_ids,
        )

    def plan_weakest(self) -> WeakestPlan:
        """The objections the user does worst on (a spread of common ones with no history)."""
        return plan_weakest(self.content, self.store)

    def start_weakest(self, persona_id: str | None = None) -> tuple[Session, WeakestPlan]:
        """A session on the weakest plan, with the persona given or the one the plan names.

        Raises NothingToPractise when no objection or persona is loaded.
        """
        plan = self.plan_weakest()
        if not plan.objection_ids or not self.content.personas:
            raise NothingToPractise("No objections are loaded to practise.")
        chosen = persona_id or plan.persona_id or next(iter(self.content.personas))
        return self.start(chosen, plan.objection_ids), plan

    def saved_id(self, session: Session) -> int | None:
        """The session's id in the history, while it is being saved there."""
        return self.recorder.saved_id(session.session_id) if self.recorder.saving else None

    def progress(self, session: Session) -> Comparison | None:
        """This session against the last finished one with the same manager, or None."""
        return progress(self.store, self.saved_id(session), session.average(), session.persona.id)

    def export_folder(self) -> Path:
        """Where exports go without a path: the folder given, else the user's documents
        folder, else `exports` in the data folder (`core.paths.user_export_dir`)."""
        return self.export_dir or user_export_dir()

    def _in_export_folder(self, name: str) -> Path:
        """A file in the export folder, made (0700) if it is not there yet."""
        folder = self.export_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder / name

    def export(self, session: Session, path: Path | None = None) -> Path:
        """Write the session as Markdown (0600): to `path`, or a dated file in the export folder.

        Raises OSError when the file cannot be written.
        """
        summary = session.summary()
        if path is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self._in_export_folder(f"sparring-{summary.persona.id}-{stamp}.md")
        detail = record_of(summary, self.saved_id(session))
        text = export.to_markdown(detail, dict(self.content.theme_titles), review_of(summary))
        export.write_private(path, text)
        return path

    def export_saved(self, session_id: int, path: Path | None = None) -> Path:
        """Write a saved session as Markdown (0600), by default into the export folder.

        Raises LookupError when the history does not keep it, sqlite3.Error or StoreError
        when the history cannot be read, OSError when the file cannot be written.
        """
        detail = self.store.session(session_id) if self.store is not None else None
        if detail is None:
            raise LookupError(f"Session {session_id} is no longer kept.")
        path = path or self._in_export_folder(f"sparring-session-{session_id}.md")
        export.write_private(path, export.to_markdown(detail, dict(self.content.theme_titles)))
        return path


def record_of(
    summary: Summary, saved_id: int | None = None, now: float | None = None
) -> SessionDetail:
    """A session just played in the history's shape (id 0 when it is not saved)."""
    started = min((turn.at for turn in summary.turns), default=now or time.time())
    row = SessionRow(
        id=saved_id or 0,
        started_at=started,
        finished_at=None,
        persona_id=summary.persona.id,
        persona_name=summary.persona.name,
        seed=summary.seed,
        outcome=summary.outcome,
        terms=summary.terms,
        average=summary.average,
        turns=len(summary.turns),
    )
    return SessionDetail(row, summary.turns)


def review_of(summary: Summary) -> export.Review:
    """What only a session just played can tell: the objections' results, mood and advice."""
    by_index = {turn.index: turn for turn in summary.turns}
    rows = tuple(
        export.ObjectionRow(
            state.wording,
            state.objection.theme,
            state.status,
            tuple(by_index[i].score.value for i in state.turns if i in by_index),
        )
        for state in summary.objections
    )
    advice = tuple(
        export.Advice(title, turn, tips.keep, tips.start, tips.stop)
        for title, turn, tips in (
            ("Best reply", summary.best, summary.best_advice),
            ("Weakest reply", summary.weakest, summary.weakest_advice),
        )
        if turn is not None and tips is not None
    )
    return export.Review(
        role=summary.persona.role,
        difficulty=summary.persona.difficulty,
        mood=summary.mood,
        objections=rows,
        flags_by_kind=summary.flags_by_kind,
        advice=advice,
        closing_line=summary.closing_line,
    )
