"""Provides `sparring history`: past sessions, score per theme over time, weak spots."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from sparring.core.text import printable

if TYPE_CHECKING:
    from sparring.core.history.trends import HistoryData


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "history", parents=[common], help="past sessions, progress per theme, weakest spots"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="sessions to list (default 20)"
    )
    parser.add_argument(
        "--by",
        choices=("session", "day"),
        default="session",
        help="chart points per session or per day (default session)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the history; with nothing saved yet, say so (and create nothing)."""
    from sparring.core.history.rows import damaged_notice
    from sparring.core.history.store import Store, StoreError, default_path
    from sparring.core.history.trends import HistoryData, history_data

    if args.limit < 0:
        print("sparring: --limit must be 0 or more", file=sys.stderr)
        return 2
    path = default_path()
    if path.exists():
        try:
            with Store.open(path) as store:
                if store.notice:
                    print(f"sparring: {store.notice.message}", file=sys.stderr)
                data = history_data(store, limit=args.limit, by=args.by)
            if notice := damaged_notice(data.damaged):
                print(f"sparring: {notice} in {path}", file=sys.stderr)
        except StoreError as error:
            print(f"sparring: {error}", file=sys.stderr)
            return 1
    else:
        data = HistoryData(0, [], {}, [], [], by=args.by)
    if args.json:
        print(json.dumps(data.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render(data))
    return 0


def render(data: HistoryData) -> str:
    """The history as plain text tables and one-line charts."""
    from sparring.core.history.trends import sparkline

    if not data.total:
        return "No practice sessions saved yet. Start one with `sparring practice`."
    out = [f"Sessions (newest first, {len(data.sessions)} of {data.total})"]
    rows = [("ID", "Date", "Persona", "Outcome", "Avg", "Turns")]
    rows += [
        (
            str(s.id),
            s.date,
            _clean(s.persona_name),
            s.outcome or "unfinished",
            "-" if s.average is None else str(s.average),
            str(s.turns),
        )
        for s in data.sessions
    ]
    widths = [min(max(len(r[i]) for r in rows), 28) for i in range(6)]
    for row in rows:
        cells = [
            cell[: widths[i]].rjust(widths[i])
            if i in (0, 4, 5)
            else cell[: widths[i]].ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append("  " + "  ".join(cells).rstrip())
    if data.latest:
        out += ["", f"Last finished session: {data.latest.current} ({data.latest.label})"]
    if data.trends:
        unit = "session" if data.by == "session" else "day"
        out += ["", f"Score per theme over time (one bar per {unit}, scale 0-100)"]
        width = max(len(t) for t in data.trends)
        for theme, points in data.trends.items():
            values = [p.average for p in points]
            change = round(values[-1] - values[0])
            trend = f", {change:+d} since first" if len(values) > 1 else ""
            out.append(
                f"  {_clean(theme):<{width}}  {sparkline(values):<30}  "
                f"latest {values[-1]:.0f}{trend}"
            )
    for title, rows_ in (("themes", data.worst_themes), ("objections", data.worst_objections)):
        if rows_:
            out += ["", f"Weakest {title} (average of the latest attempts)"]
            width = max(len(w.key) for w in rows_)
            for w in rows_:
                out.append(
                    f"  {_clean(w.key):<{width}}  {w.average:>5.1f}  "
                    f"({w.recent} latest of {w.attempts} attempts)"
                )
    return "\n".join(out)


def _clean(text: str) -> str:
    """Names from files can hold control characters; never let them reach the terminal."""
    return printable(text, one_line=True)
