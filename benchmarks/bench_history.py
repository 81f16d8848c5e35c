"""Benchmarks for the history: open a 10,000-session store and load what it shows."""

from __future__ import annotations

import contextlib
import io
import json
import random
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest

from sparring.core.history.store import Store
from sparring.core.history.trends import history_data
from sparring.core.history.weakest import weakest_plan
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Strength

SESSIONS = 10_000
THEMES = ("accountability", "precedent", "collaboration", "availability", "optics", "policy")
REPLY = (
    "That's a fair question. I'd send a short morning plan and an end-of-day summary, "
    "and we could judge it on deliverables on time. Let's try it for 90 days."
)


@pytest.fixture(scope="module")
def history_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history of 10,000 finished sessions of 3 to 6 turns, written once."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    Store.open(path).close()  # the real schema, at the current version
    rnd = random.Random(7)
    flags = json.dumps(
        [asdict(Flag("vague", 40, 49, "some days", "Vague.", "Name the days.", "vague-words"))]
    )
    hit = json.dumps([asdict(MoveHit("visibility", "Offers visibility", 20, 33, "morning plan"))])
    missed = json.dumps([asdict(MoveMiss("trial", "Proposes a trial"))])
    strengths = json.dumps([asdict(Strength("acknowledges", 0, 16, "That's a fair"))])
    db = sqlite3.connect(path)
    with db:  # one transaction: fast to build; what is measured is the reading
        for n in range(SESSIONS):
            start = 1_700_000_000.0 + n * 5_000
            turns = rnd.randint(3, 6)
            scores = [rnd.randint(15, 98) for _ in range(turns)]
            average = round(sum(scores) / turns)
            cursor = db.execute(
                "INSERT INTO sessions (started_at, finished_at, persona_id, persona_name, seed, "
                "outcome, terms, average) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    start,
                    start + 900,
                    f"persona-{n % 9}",
                    "Rita Okafor",
                    n,
                    "trial" if average >= 70 else "no-deal",
                    None,
                    average,
                ),
            )
            for i, value in enumerate(scores):
                theme = rnd.choice(THEMES)
                db.execute(
                    "INSERT INTO turns (session_id, idx, at, objection_id, theme, manager_line, "
                    "reply, score, band, hinted, probe, flags, strengths, moves_hit, "
                    "moves_missed, explanation) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')",
                    (
                        cursor.lastrowid,
                        i,
                        start + 60 * i,
                        f"{theme}-{rnd.randint(1, 5)}",
                        theme,
                        "How would I know the work is getting done?",
                        REPLY,
                        value,
                        "strong",
                        int(rnd.random() < 0.1),
                        int(rnd.random() < 0.3),
                        flags,
                        strengths,
                        hit,
                        missed,
                    ),
                )
    db.close()
    return path


def test_open_and_load_history_screen_data(benchmark, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    """What the history screen needs: open (with quick_check) + 100 sessions + trends."""

    def run() -> int:
        with Store.open(history_file) as store:
            data = history_data(store, limit=100)
        return data.total

    assert benchmark(run) == SESSIONS


def test_open_and_load_per_day(benchmark, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    """The same with the chart per day."""

    def run() -> int:
        with Store.open(history_file) as store:
            data = history_data(store, limit=100, by="day")
        return len(data.trends)

    assert benchmark(run) == len(THEMES)


def test_history_command_json(
    benchmark,
    history_file: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """`sparring history --json` in process (parsing, open, queries, JSON)."""
    from sparring.cli import main

    data_home = history_file.parent / "xdg"
    (data_home / "sparring").mkdir(parents=True, exist_ok=True)
    link = data_home / "sparring" / "history.sqlite3"
    if not link.exists():
        link.symlink_to(history_file)
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))

    def run() -> int:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["history", "--json"])
        return int(json.loads(out.getvalue())["total_sessions"])

    assert benchmark(run) == SESSIONS


def test_session_detail(benchmark, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    """One session with its turns (the detail panel and export)."""
    with Store.open(history_file) as store:
        detail = benchmark(store.session, SESSIONS // 2)
    assert detail is not None and detail.turns


def test_weakest_plan(benchmark, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    """Picking the weakest objections from 10,000 sessions against the built-in content."""
    from sparring.core.content.loading import load_content

    content = load_content(builtin=True)
    with Store.open(history_file) as store:
        plan = benchmark(weakest_plan, store, content, 4)
    assert len(plan.objection_ids) == min(4, len(content.objections))
