"""Provides the history's rows as values: sessions and turns written safely, read defensively.

Writing never fails on the text itself: a lone surrogate (a bad byte read from a pipe)
is kept as U+FFFD, so every turn can be encoded. Reading never trusts the file: a row
with the wrong types, JSON that does not parse or a date that cannot be shown raises
DamagedRow, so the store can skip it and say so, and the rest of the history still reads.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
import types
import typing
from dataclasses import asdict, dataclass, fields
from typing import Any

from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength, Turn
from sparring.core.text import well_formed

# The `hinted` column keeps how a turn was helped: 0 unaided, 1 hint, 2 model answer.
ASSISTED = {"hint": 1, "model": 2}

# The tables and columns a history of the current schema must have to be read at all.
REQUIRED: dict[str, tuple[str, ...]] = {
    "sessions": (
        "id",
        "started_at",
        "finished_at",
        "persona_id",
        "persona_name",
        "seed",
        "outcome",
        "terms",
        "average",
    ),
    "turns": (
        "session_id",
        "idx",
        "at",
        "objection_id",
        "theme",
        "manager_line",
        "reply",
        "score",
        "band",
        "hinted",
        "probe",
        "flags",
        "strengths",
        "moves_hit",
        "moves_missed",
        "explanation",
    ),
}


class DamagedRow(ValueError):
    """A row that cannot be read back as what was written (edited, truncated, foreign)."""


def damaged_notice(count: int) -> str | None:
    """The one line that says rows were skipped ("1 damaged row skipped"), or None."""
    if count <= 0:
        return None
    return f"{count} damaged row{'' if count == 1 else 's'} skipped"


@dataclass(frozen=True)
class SessionRow:
    """One practice session as listed in the history."""

    id: int
    started_at: float
    finished_at: float | None
    persona_id: str
    persona_name: str
    seed: int | None
    outcome: str | None
    terms: str | None
    average: int | None
    turns: int

    @property
    def date(self) -> str:
        """Local date and time the session started, `YYYY-mm-dd HH:MM`."""
        return dt.datetime.fromtimestamp(self.started_at).strftime("%Y-%m-%d %H:%M")

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of a session in `history --json` and exports."""
        data = asdict(self)
        data["date"] = dt.datetime.fromtimestamp(self.started_at).isoformat(timespec="seconds")
        return data


@dataclass(frozen=True)
class SessionDetail:
    """A session with every turn, in order."""

    session: SessionRow
    turns: tuple[Turn, ...]


def missing_schema(db: sqlite3.Connection) -> str | None:
    """What the history lacks of the current schema (a dropped table or column), or None."""
    for table, columns in REQUIRED.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
        if not have:
            return f"the {table} table is missing"
        lacking = [column for column in columns if column not in have]
        if lacking:
            return f"the {table} table has no {', '.join(lacking)} column"
    return None


# --- writing ----------------------------------------------------------------------------


def dump(items: tuple[Any, ...]) -> str:
    """Dataclasses as a JSON list, always encodable as UTF-8."""
    return well_formed(json.dumps([asdict(item) for item in items], ensure_ascii=False))


def turn_values(session_id: int, turn: Turn, at: float) -> tuple[Any, ...]:
    """The columns of one turn, in the order `record_turn` inserts them."""
    score = turn.score
    return (
        session_id,
        turn.index,
        at,
        _text(turn.objection_id),
        _text(turn.theme),
        well_formed(turn.manager_line),
        well_formed(turn.reply),
        score.value,
        well_formed(score.band),
        ASSISTED.get(turn.assisted or "", int(turn.hinted)),
        turn.probe,
        dump(score.flags),
        dump(score.strengths),
        dump(score.moves_hit),
        dump(score.moves_missed),
        well_formed(json.dumps(list(score.explanation), ensure_ascii=False)),
    )


def session_values(persona_id: str, persona_name: str) -> tuple[str, str]:
    """A session's names, always encodable as UTF-8."""
    return well_formed(persona_id), well_formed(persona_name)


def _text(value: str | None) -> str | None:
    return None if value is None else well_formed(value)


# --- reading ----------------------------------------------------------------------------

_SESSION_TYPES: tuple[Any, ...] = (
    int,
    float,
    float | None,
    str,
    str,
    int | None,
    str | None,
    str | None,
    int | None,
    int,
)
_TURN_TYPES: tuple[Any, ...] = (int, str | None, str | None, str, str, int, str, int, int, float)


def session_row(row: tuple[Any, ...]) -> SessionRow:
    """A `sessions` row (with its average and turn count) as a SessionRow, or DamagedRow."""
    _check_columns(row, _SESSION_TYPES)
    _check_time(row[1])
    if row[2] is not None:
        _check_time(row[2])
    return SessionRow(*row)


def turn_row(row: tuple[Any, ...]) -> Turn:
    """A `turns` row as the Turn it was, or DamagedRow.

    Keys a later version added are dropped rather than failing the whole session.
    """
    _check_columns(row[:10], _TURN_TYPES)
    (index, objection_id, theme, manager_line, reply, value, band, hinted, probe, at) = row[:10]
    _check_time(at)
    flags, strengths, hit, missed, explanation = row[10:]
    reasons = _load_json(explanation)
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        raise DamagedRow("the explanation is not a list of strings")
    score = Score(
        value=value,
        band=band,
        objection_id=objection_id,
        reply=reply,
        moves_hit=_load(hit, MoveHit),
        moves_missed=_load(missed, MoveMiss),
        flags=_load(flags, Flag),
        strengths=_load(strengths, Strength),
        explanation=tuple(reasons),
    )
    return Turn(
        index=index,
        objection_id=objection_id,
        theme=theme,
        manager_line=manager_line,
        reply=reply,
        score=score,
        hinted=bool(hinted),
        probe=probe,
        at=at,
        assisted={1: "hint", 2: "model"}.get(hinted),
    )


def _check_columns(row: tuple[Any, ...], types: tuple[Any, ...]) -> None:
    if len(row) != len(types):
        raise DamagedRow(f"{len(row)} columns where {len(types)} were expected")
    for number, (value, kind) in enumerate(zip(row, types, strict=True), 1):
        if not _fits(value, kind):
            raise DamagedRow(f"column {number} holds {type(value).__name__} {value!r:.40}")


def _fits(value: Any, kind: Any) -> bool:
    """Whether a value read back is of the (simple) type a field declares."""
    if kind is Any:
        return True
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        return any(_fits(value, option) for option in options)
    if kind is type(None):
        return value is None
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if typing.get_origin(kind) is tuple:
        inner = typing.get_args(kind)[0]
        return isinstance(value, tuple) and all(_fits(item, inner) for item in value)
    return isinstance(value, kind)


def _check_time(value: float) -> None:
    if not math.isfinite(value):
        raise DamagedRow(f"the time {value!r} is not a date")
    try:
        dt.datetime.fromtimestamp(value)
    except (OverflowError, OSError, ValueError) as error:
        raise DamagedRow(f"the time {value!r} is not a date") from error


def _load_json(text: Any) -> Any:
    if not isinstance(text, str):
        raise DamagedRow(f"{type(text).__name__} where JSON text was expected")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise DamagedRow(f"JSON that does not parse ({error})") from error


def _load(text: Any, make: type[Any]) -> tuple[Any, ...]:
    # JSON has no tuples: a list comes back as the tuple it was (a flag's `also`).
    items = _load_json(text)
    if not isinstance(items, list):
        raise DamagedRow(f"the {make.__name__} column is not a list")
    hints = typing.get_type_hints(make)
    known = {f.name for f in fields(make)}
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise DamagedRow(f"a {make.__name__} is not an object")
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items() if k in known}
        try:
            made = make(**values)
        except TypeError as error:
            raise DamagedRow(f"a {make.__name__} lacks a field ({error})") from error
        for name, value in values.items():
            if not _fits(value, hints[name]):
                raise DamagedRow(f"a {make.__name__}'s {name} holds {type(value).__name__}")
        out.append(made)
    return tuple(out)
