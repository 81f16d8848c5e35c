"""Provides the history store: every turn kept in SQLite the moment it is scored."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sparring.core.history import rows
from sparring.core.history.rows import SessionDetail as SessionDetail
from sparring.core.history.rows import SessionRow as SessionRow
from sparring.core.history.schema import PRIVATE as PRIVATE
from sparring.core.history.schema import SCHEMA_V1 as SCHEMA_V1
from sparring.core.history.schema import SCHEMA_VERSION as SCHEMA_VERSION
from sparring.core.history.schema import StoreError as StoreError
from sparring.core.history.schema import (
    UnusableDatabase,
    check_and_migrate,
    damaged,
    make_private,
    move_aside,
    prepare_file,
    why,
)
from sparring.core.scoring.score import OUTCOMES, Turn

FILENAME = "history.sqlite3"
BUSY_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Notice:
    """Why the history file was set aside, and where both files are; show `message`."""

    reason: str
    moved_to: Path
    new_path: Path

    @property
    def message(self) -> str:
        """One sentence for the user naming both paths."""
        return (
            f"The history file could not be used ({self.reason}). It was moved to "
            f"{self.moved_to} and a new history was started at {self.new_path}."
        )


def default_path() -> Path:
    """Where the history lives unless told otherwise."""
    from sparring.core.paths import user_data_dir

    return user_data_dir() / FILENAME


class Store:
    """The history database; implements the `Recorder` protocol of core.results.

    One connection, usable from any thread (calls are serialised), in autocommit mode:
    each write is its own short `BEGIN IMMEDIATE` transaction so that a second running
    sparring waits at most briefly, and every turn is on disk when `record_turn` returns.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.notice: Notice | None = None
        # Rows skipped as damaged, by ("session", id) or ("turn", session id, index).
        self.damaged: set[tuple[Any, ...]] = set()
        self._db = connection
        self._lock = threading.RLock()

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open (or create) the history; a bad file is moved aside and `notice` says so.

        A corrupt, foreign or newer file never stops the app: it is renamed to
        `history.sqlite3.<why>-YYYYmmdd-HHMMSS` (with its -wal/-shm) and a new one is
        started. Raises StoreError only when no history can be kept at all (folder not
        writable, disk full, file locked for longer than the busy timeout).
        """
        path = path if path is not None else default_path()
        try:
            return cls.connect(path)
        except UnusableDatabase as bad:
            moved = move_aside(path, bad.label)
            store = cls.connect(path)
            store.notice = Notice(bad.reason, moved, path)
            return store

    @classmethod
    def connect(cls, path: Path) -> Store:
        """Open the history at `path`, migrating it; raise UnusableDatabase if it is bad."""
        try:
            prepare_file(path)
            db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the history {path}: {why(error)}") from error
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            check_and_migrate(db)
            db.execute("PRAGMA foreign_keys = ON")
        except UnusableDatabase:
            db.close()
            raise
        except sqlite3.DatabaseError as error:
            db.close()
            if damaged(error):
                raise UnusableDatabase(f"corrupt: {error}", "corrupt") from error
            raise StoreError(f"cannot open the history {path}: {why(error)}") from error
        for suffix in ("-wal", "-shm"):
            make_private(Path(f"{path}{suffix}"))
        return cls(path, db)

    def close(self) -> None:
        """Close the connection (WAL content is checkpointed by SQLite on the last close)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; the write lock is taken up front to avoid deadlock."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreError(f"could not save to {self.path}: {why(error)}") from error

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"could not read {self.path}: {why(error)}") from error

    def _rows(self, found: list[Any], make: Callable[[Any], Any], *key: Any) -> list[Any]:
        """Each row made into a value; a damaged one is noted in `damaged` and skipped."""
        out = []
        for row in found:
            try:
                out.append(make(tuple(row)))
            except rows.DamagedRow:
                self.damaged.add((*key, row[0]))
        return out

    # --- Recorder -----------------------------------------------------------------------

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        """Open a session record and return its id."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (started_at, persona_id, persona_name, seed) "
                "VALUES (?, ?, ?, ?)",
                (time.time(), *rows.session_values(persona_id, persona_name), seed),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record_turn(self, session_id: int, turn: Turn) -> None:
        """Save one finished turn, committed before returning; same index replaces it."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO turns (session_id, idx, at, objection_id, theme, "
                "manager_line, reply, score, band, hinted, probe, flags, strengths, "
                "moves_hit, moves_missed, explanation) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.turn_values(session_id, turn, turn.at or time.time()),
            )

    def forget_turn(self, session_id: int, index: int) -> None:
        """Drop a turn the user took back (retry); the session is open again after it."""
        with self._write() as db:
            db.execute("DELETE FROM turns WHERE session_id = ? AND idx = ?", (session_id, index))
            # A retry after the last reply reopens a finished session.
            db.execute(
                "UPDATE sessions SET finished_at = NULL, outcome = NULL, terms = NULL, "
                "average = NULL WHERE id = ?",
                (session_id,),
            )

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        """Close a session with its outcome (one of OUTCOMES), terms and average score."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET finished_at = ?, outcome = ?, terms = ?, average = ? "
                "WHERE id = ?",
                (time.time(), outcome, terms, average, session_id),
            )

    # --- sessions -----------------------------------------------------------------------

    def session_count(self) -> int:
        """How many sessions are kept."""
        count: int = self._read("SELECT COUNT(*) FROM sessions")[0][0]
        return count

    def sessions(
        self, limit: int | None = 50, persona_id: str | None = None, finished: bool = False
    ) -> list[SessionRow]:
        """Sessions, newest first, with their turn count and average score.

        `persona_id` keeps one persona's sessions; `finished` only those with an outcome.
        The average is the one given to `finish_session`, or, for a session that never
        finished (a crash, kill -9), the mean of the turns it kept.
        """
        conditions = ["persona_id = :persona"] if persona_id else []
        if finished:
            conditions.append("outcome IS NOT NULL")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        read = self._read(
            f"""
            WITH page AS (
                SELECT * FROM sessions {where}
                ORDER BY started_at DESC, id DESC LIMIT :limit
            )
            SELECT page.id, page.started_at, page.finished_at, page.persona_id,
                   page.persona_name, page.seed, page.outcome, page.terms,
                   COALESCE(page.average, CAST(ROUND(AVG(t.score)) AS INTEGER)),
                   COUNT(t.idx)
            FROM page LEFT JOIN turns t ON t.session_id = page.id
            GROUP BY page.id
            ORDER BY page.started_at DESC, page.id DESC
            """,
            {"limit": -1 if limit is None else limit, "persona": persona_id},
        )
        return self._rows(read, rows.session_row, "session")

    def session(self, session_id: int) -> SessionDetail | None:
        """One session with its turns in order, or None if there is no such session."""
        read = self._read(
            """
            SELECT s.id, s.started_at, s.finished_at, s.persona_id, s.persona_name, s.seed,
                   s.outcome, s.terms,
                   COALESCE(s.average, (SELECT CAST(ROUND(AVG(score)) AS INTEGER)
                                        FROM turns WHERE session_id = s.id)),
                   (SELECT COUNT(*) FROM turns WHERE session_id = s.id)
            FROM sessions s WHERE s.id = ?
            """,
            (session_id,),
        )
        if not (found := self._rows(read, rows.session_row, "session")):
            return None
        turns = self._read(
            "SELECT idx, objection_id, theme, manager_line, reply, score, band, hinted, "
            "probe, at, flags, strengths, moves_hit, moves_missed, explanation "
            "FROM turns WHERE session_id = ? ORDER BY idx",
            (session_id,),
        )
        return SessionDetail(found[0], tuple(self._rows(turns, rows.turn_row, "turn", session_id)))

    def previous_finished(self, session_id: int, same_persona: bool = False) -> SessionRow | None:
        """The last finished session started before this one (optionally same persona)."""
        read = self._read(
            """
            SELECT id FROM sessions p
            WHERE p.outcome IS NOT NULL
              AND (p.started_at, p.id) < (SELECT started_at, id FROM sessions WHERE id = :id)
              AND (NOT :same OR p.persona_id = (SELECT persona_id FROM sessions WHERE id = :id))
              AND (p.average IS NOT NULL
                   OR EXISTS (SELECT 1 FROM turns WHERE session_id = p.id))
            ORDER BY p.started_at DESC, p.id DESC LIMIT 1
            """,
            {"id": session_id, "same": int(same_persona)},
        )
        if not read:
            return None
        detail = self.session(read[0][0])
        return detail.session if detail else None

    # --- raw rows for trends ------------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        """Run a read-only query (used by core.trends); rows are tuples."""
        return self._read(sql, params)

    def iterate(
        self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()
    ) -> Generator[tuple[Any, ...], None, None]:
        """Run a read-only query and yield rows lazily (stop early to read less)."""
        with self._lock:
            try:
                cursor = self._db.execute(sql, params)
            except sqlite3.Error as error:
                raise StoreError(f"could not read {self.path}: {why(error)}") from error
            try:
                yield from cursor
            finally:
                cursor.close()
