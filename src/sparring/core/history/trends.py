"""Provides what the history shows: score per theme over time, weak spots, progress."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sparring.core.history.store import SessionRow, Store

By = Literal["session", "day"]
BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class TrendPoint:
    """A theme's average score in one session (or on one day)."""

    key: str
    at: float
    average: float
    turns: int

    def to_json(self) -> dict[str, Any]:
        """JSON shape: `key` is a session id or a `YYYY-mm-dd` day."""
        return asdict(self)


@dataclass(frozen=True)
class Weakness:
    """A theme or objection and how the user does on it lately.

    `average` is over the last `recent` attempts; `attempts` counts every attempt kept.
    """

    key: str
    average: float
    recent: int
    attempts: int
    last_at: float

    def to_json(self) -> dict[str, Any]:
        """JSON shape of one row of the weak spots."""
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    """This session's average against the previous finished session's."""

    current: int
    previous: int
    previous_id: int

    @property
    def delta(self) -> int:
        """Points gained (negative when lost)."""
        return self.current - self.previous

    @property
    def label(self) -> str:
        """`+6 vs last session`, `-3 vs last session`, `±0 vs last session`."""
        sign = "±" if self.delta == 0 else ("+" if self.delta > 0 else "")
        return f"{sign}{self.delta} vs last session"


@dataclass(frozen=True)
class HistoryData:
    """Everything the history screen and `sparring history` show, loaded at once."""

    total: int
    sessions: list[SessionRow]
    trends: dict[str, list[TrendPoint]]
    worst_themes: list[Weakness]
    worst_objections: list[Weakness]
    by: By = "session"
    latest: Comparison | None = None
    damaged: int = 0
    """Rows skipped because they could not be read (see `rows.damaged_notice`)."""

    def to_json(self) -> dict[str, Any]:
        """JSON shape of `sparring history --json`."""
        return {
            "total_sessions": self.total,
            "sessions": [s.to_json() for s in self.sessions],
            "trend_by": self.by,
            "themes": {
                theme: [p.to_json() for p in points] for theme, points in self.trends.items()
            },
            "worst_themes": [w.to_json() for w in self.worst_themes],
            "worst_objections": [w.to_json() for w in self.worst_objections],
            "latest_vs_previous": None
            if self.latest is None
            else {
                "current": self.latest.current,
                "previous": self.latest.previous,
                "previous_id": self.latest.previous_id,
                "delta": self.latest.delta,
            },
        }


def theme_trends(store: Store, by: By = "session", points: int = 30) -> dict[str, list[TrendPoint]]:
    """Average score per theme in each session (or local day), oldest first, the last `points`.

    Reads each theme's turns newest first through the (theme, at) index and stops once
    it has `points` sessions or days, so the cost does not grow with the history.
    """
    themes = [row[0] for row in store.query(_THEMES)]
    trends: dict[str, list[TrendPoint]] = {}
    for theme in themes:
        groups: dict[str, list[tuple[float, int]]] = {}
        rows = store.iterate(_THEME_TURNS, (theme,))
        for session_id, at, score in rows:
            key = str(session_id) if by == "session" else _day(at)
            if key not in groups and len(groups) == points:
                break
            groups.setdefault(key, []).append((at, score))
        rows.close()  # release the cursor (and the store's lock) when stopping early
        trends[theme] = sorted(
            (
                TrendPoint(key, min(a for a, _ in turns), _mean([s for _, s in turns]), len(turns))
                for key, turns in groups.items()
            ),
            key=lambda point: point.at,
        )
    return trends


# A turn whose time or score is not a number (a damaged row) is left out of every figure.
_READABLE = (
    "typeof(at) IN ('integer', 'real') AND at BETWEEN 0 AND 253402214400 "
    "AND typeof(score) = 'integer'"
)
_THEMES = f"""
SELECT DISTINCT theme FROM turns WHERE typeof(theme) = 'text' AND {_READABLE} ORDER BY theme
"""
_THEME_TURNS = f"""
SELECT session_id, at, score FROM turns WHERE theme = ? AND {_READABLE} ORDER BY at DESC
"""
_DAMAGED_TURNS = f"""
SELECT session_id, idx FROM turns
WHERE NOT ({_READABLE}) OR typeof(theme) NOT IN ('text', 'null')
   OR typeof(objection_id) NOT IN ('text', 'null')
"""


def worst(
    store: Store, what: Literal["theme", "objection_id"], last: int = 10, limit: int | None = 5
) -> list[Weakness]:
    """Themes or objections by average over their last `last` attempts, worst first."""
    column = "theme" if what == "theme" else "objection_id"
    # The correlated subqueries walk the (column, at) index backwards `last` rows each.
    rows = store.query(
        f"""
        SELECT k,
               (SELECT AVG(score) FROM (SELECT score FROM turns
                                        WHERE {column} = g.k AND {_READABLE}
                                        ORDER BY at DESC LIMIT :last)) AS average,
               MIN(total, :last), total, last_at
        FROM (SELECT {column} AS k, COUNT(*) AS total, MAX(at) AS last_at FROM turns
              WHERE typeof({column}) = 'text' AND {_READABLE} GROUP BY {column}) AS g
        ORDER BY average, total DESC, k
        LIMIT :limit
        """,
        {"last": last, "limit": -1 if limit is None else limit},
    )
    return [Weakness(k, round(avg, 1), recent, total, at) for k, avg, recent, total, at in rows]


def versus_last(store: Store, session_id: int, same_persona: bool = False) -> Comparison | None:
    """This session against the previous finished one: `+N vs last session`, or None."""
    detail = store.session(session_id)
    if detail is None or detail.session.average is None:
        return None
    previous = store.previous_finished(session_id, same_persona)
    if previous is None or previous.average is None:
        return None
    return Comparison(detail.session.average, previous.average, previous.id)


def history_data(
    store: Store,
    limit: int | None = 20,
    by: By = "session",
    points: int = 30,
    worst_count: int = 5,
    last: int = 10,
) -> HistoryData:
    """Load what the history screen and command show."""
    sessions = store.sessions(limit)
    finished = store.sessions(1, finished=True)
    store.damaged.update(("turn", *row) for row in store.query(_DAMAGED_TURNS))
    data = HistoryData(
        total=store.session_count(),
        sessions=sessions,
        trends=theme_trends(store, by, points),
        worst_themes=worst(store, "theme", last, worst_count),
        worst_objections=worst(store, "objection_id", last, worst_count),
        by=by,
        latest=versus_last(store, finished[0].id) if finished else None,
    )
    return dataclasses.replace(data, damaged=len(store.damaged))


def sparkline(values: list[float], low: float = 0.0, high: float = 100.0) -> str:
    """One block character per value on a fixed scale, so charts compare across themes."""
    span = high - low or 1.0
    out = []
    for value in values:
        level = int((min(max(value, low), high) - low) / span * (len(BLOCKS) - 1) + 0.5)
        out.append(BLOCKS[level])
    return "".join(out)


def _day(at: float) -> str:
    return dt.date.fromtimestamp(at).isoformat()


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


def day_label(at: float) -> str:
    """A short local date for chart axes."""
    return dt.datetime.fromtimestamp(at).strftime("%d %b")
