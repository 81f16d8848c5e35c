"""Provides the history store: every turn kept in SQLite the moment it is scored."""

from __future__ import annotations

import datetime as dt
import os
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
from sparring.core.scoring.score import OUTCOMES, Turn

FILENAME = "history.sqlite3"
BUSY_TIMEOUT_S = 10.0
PRIVATE = 0o600

# Version 1: what the first release wrote. Kept verbatim: tests build a v1 file from it.
SCHEMA_V1 = """
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at    REAL NOT NULL,
    finished_at   REAL,
    persona_id    TEXT NOT NULL,
    persona_name  TEXT NOT NULL,
    seed          INTEGER,
    outcome       TEXT,
    terms         TEXT,
    average       INTEGER
);
CREATE TABLE turns (
    session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    at            REAL NOT NULL,
    objection_id  TEXT,
    theme         TEXT,
    manager_line  TEXT NOT NULL,
    reply         TEXT NOT NULL,
    score         INTEGER NOT NULL,
    band          TEXT NOT NULL,
    hinted        INTEGER NOT NULL DEFAULT 0,
    flags         TEXT NOT NULL DEFAULT '[]',
    strengths     TEXT NOT NULL DEFAULT '[]',
    moves_hit     TEXT NOT NULL DEFAULT '[]',
    moves_missed  TEXT NOT NULL DEFAULT '[]',
    explanation   TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (session_id, idx)
);
"""

# Version 2: the probe number of a turn (a follow-up on the same concern), and the
# indexes that keep the history screen fast with thousands of sessions.
SCHEMA_V2 = """
ALTER TABLE turns ADD COLUMN probe INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_started ON sessions(started_at);
CREATE INDEX turns_theme ON turns(theme, at, score);
CREATE INDEX turns_objection ON turns(objection_id, at, score);
"""

# MIGRATIONS[n] brings a database from version n to n + 1; never edit a released step.
MIGRATIONS: tuple[str, ...] = (SCHEMA_V1, SCHEMA_V2)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """A history operation failed in a way the caller should report."""


class UnusableDatabase(StoreError):
    """The file is not a history this version can use (corrupt, foreign or newer)."""

    def __init__(self, reason: str, label: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.label = label


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


def make_private(path: Path) -> None:
    """Make a file readable and writable by its owner only (POSIX; a no-op elsewhere)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, PRIVATE)


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
            moved = _move_aside(path, bad.label)
            store = cls.connect(path)
            store.notice = Notice(bad.reason, moved, path)
            return store

    @classmethod
    def connect(cls, path: Path) -> Store:
        """Open the history at `path`, migrating it; raise UnusableDatabase if it is bad."""
        try:
            _prepare_file(path)
            db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the history {path}: {_why(error)}") from error
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            _check_and_migrate(db)
            db.execute("PRAGMA foreign_keys = ON")
        except UnusableDatabase:
            db.close()
            raise
        except sqlite3.DatabaseError as error:
            db.close()
            if _damaged(error):
                raise UnusableDatabase(f"corrupt: {error}", "corrupt") from error
            raise StoreError(f"cannot open the history {path}: {_why(error)}") from error
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
                raise StoreError(f"could not save to {self.path}: {_why(error)}") from error

    def _read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"could not read {self.path}: {_why(error)}") from error

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
                raise StoreError(f"could not read {self.path}: {_why(error)}") from error
            try:
                yield from cursor
            finally:
                cursor.close()


# --- helpers ----------------------------------------------------------------------------


def _prepare_file(path: Path) -> None:
    """Create the folder and an empty private file, so SQLite never makes a public one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE)
    os.close(fd)
    make_private(path)


def _is_busy(error: sqlite3.Error) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _damaged(error: sqlite3.Error) -> bool:
    """Whether an error means the file itself is bad, not the disk, the lock or rights."""
    name = getattr(error, "sqlite_errorname", "")
    # SQLITE_ERROR while opening means the schema is not what its version promises.
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or name == "SQLITE_ERROR"


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _check_and_migrate(db: sqlite3.Connection) -> None:
    """Refuse a foreign or newer file; bring an older one up to SCHEMA_VERSION."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise UnusableDatabase(
            f"written by a newer sparring (schema {version}, this one knows {SCHEMA_VERSION})",
            f"newer-v{version}",
        )
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _retry_busy(lambda: db.execute("PRAGMA journal_mode = WAL"))
    if version < SCHEMA_VERSION:
        _retry_busy(lambda: _migrate(db))
    # A damaged page deep in the file would otherwise surface mid-session; quick_check
    # reads every page once (about 40 ms for 10,000 sessions) and finds it now.
    problems = [row[0] for row in db.execute("PRAGMA quick_check(3)").fetchall()]
    if problems != ["ok"]:
        raise UnusableDatabase(f"corrupt: {'; '.join(problems)}", "corrupt")
    if lacking := rows.missing_schema(db):
        raise UnusableDatabase(f"damaged: {lacking}", "damaged")


def _migrate(db: sqlite3.Connection) -> None:
    """Apply the missing steps in one transaction; a concurrent opener waits, then skips."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version: int = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall():
            raise UnusableDatabase("not a sparring history (unknown tables)", "foreign")
        for step in MIGRATIONS[version:]:
            for statement in step.split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _retry_busy(action: Callable[[], object], attempts: int = 50) -> None:
    """Run an action that SQLite may refuse with SQLITE_BUSY without calling the handler."""
    for attempt in range(attempts):
        try:
            action()
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _move_aside(path: Path, label: str) -> Path:
    """Rename the file and its -wal/-shm to `<name>.<label>-YYYYmmdd-HHMMSS`."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
        n += 1
    for suffix in ("-wal", "-shm", ""):
        source = Path(f"{path}{suffix}")
        try:
            os.replace(source, Path(f"{target}{suffix}"))
        except FileNotFoundError:
            continue  # not there, or another sparring moved it first
    make_private(target)
    return target
