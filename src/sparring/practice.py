"""Provides the practice room's link to the history: guarded recording and progress."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sparring.core.content.catalog import Content
from sparring.core.history.store import Store, StoreError
from sparring.core.history.trends import Comparison, versus_last
from sparring.core.history.weakest import WeakestPlan, weakest_plan
from sparring.core.scoring.score import NullRecorder, Recorder, Turn


class GuardedRecorder:
    """Passes every call to a recorder; the first StoreError is reported once, then none.

    Saving must never cost the user a session: when the history fails (disk full, file
    removed, locked too long), `on_failure` gets one message and practice goes on without
    saving. The turns already saved stay saved.

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
        self.on_failure(
            f"History is off until sparring restarts ({error}). "
            "Practice goes on; what was saved before stays saved."
        )


def progress(store: Store | None, session_id: int | None, average: int | None) -> Comparison | None:
    """This session against the last finished one, for "+N vs last session".

    `session_id` is the session's id in `store` when it was saved there; otherwise (with
    --no-save, or after a failure) `average` is compared with the newest finished session.
    A history that cannot be read gives None: progress is a nicety, never an error.
    """
    if store is None or average is None:
        return None
    try:
        if session_id:
            return versus_last(store, session_id)
        last = store.sessions(1, finished=True)
    except (StoreError, sqlite3.Error):
        return None
    if not last or last[0].average is None:
        return None
    return Comparison(average, last[0].average, last[0].id)


def plan_weakest(content: Content, store: Store | None) -> WeakestPlan:
    """The objections the user does worst on; a spread of common ones with no history.

    An unreadable history plans as if there were none: the drill still makes sense.
    """
    if store is None:
        return weakest_plan([], content)
    try:
        return weakest_plan(store, content)
    except (StoreError, sqlite3.Error):
        return weakest_plan([], content)
