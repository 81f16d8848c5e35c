"""Provides the history file's schema and what opening one takes: versions, migrations,
the checks that find a corrupt, foreign or newer file, and moving such a file aside.

Part of the store (the one owner of the history's SQL): `store.Store` opens through these.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sparring.core.history import rows

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


def make_private(path: Path) -> None:
    """Make a file readable and writable by its owner only (POSIX; a no-op elsewhere)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, PRIVATE)


def prepare_file(path: Path) -> None:
    """Create the folder and an empty private file, so SQLite never makes a public one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE)
    os.close(fd)
    make_private(path)


def _is_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds the lock."""
    return "locked" in str(error) or "busy" in str(error)


def damaged(error: sqlite3.Error) -> bool:
    """Whether an error means the file itself is bad, not the disk, the lock or rights."""
    name = getattr(error, "sqlite_errorname", "")
    # SQLITE_ERROR while opening means the schema is not what its version promises.
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or name == "SQLITE_ERROR"


def why(error: BaseException) -> str:
    """An error in the words a message about the history can quote."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def check_and_migrate(db: sqlite3.Connection) -> None:
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


def move_aside(path: Path, label: str) -> Path:
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
