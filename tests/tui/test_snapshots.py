"""Snapshots of every screen at 80x24 and 120x36: the footer whole, the verdict first.

The picker, the conversation after a weak and after a strong reply, the summary and the
history. `pytest tests/tui/test_snapshots.py --snapshot-update` redraws them after a
change to the look; read the new pictures before committing them.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import DATA

from sparring.core.content.catalog import Content
from sparring.core.content.loading import Source, load_sources
from sparring.core.content.models import Objection, Persona
from sparring.core.history.store import Store
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength, Turn, band_for
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.history import HistoryScreen
from sparring.tui.widgets.reply_box import ReplyBox

RULES = Path(__file__).resolve().parents[2] / "objections" / "rules"
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
REPLY = "Honestly that's ridiculous, but fair question: I'd send a morning plan each day."
STRONG = "Fair question: a morning plan, and let's try it for 90 days."
START = 1_767_225_600.0  # 2026-01-01 00:00 UTC
DAY = 86_400.0


class PinnedScorer:
    """A fixed verdict: a flag for a jab, moves for a plan and a trial, a concrete strength."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        start = reply.find("that's ridiculous")
        plan = reply.find("morning plan")
        flags = ()
        if start >= 0:
            flags = (
                Flag(
                    "defensive",
                    start,
                    start + 17,
                    "that's ridiculous",
                    "Turns a concern into a fight.",
                    "Acknowledge it, then offer a solution.",
                ),
            )
        hits = []
        if plan >= 0:
            hits.append(MoveHit("update", "Offers a daily update", plan, plan + 12, "morning plan"))
        trial = reply.find("try it for")
        if trial >= 0:
            hits.append(MoveHit("trial", "Proposes a trial", trial, trial + 10, "try it for"))
        misses = () if trial >= 0 else (MoveMiss("trial", "Proposes a trial"),)
        strengths = tuple(
            Strength("concrete", at, at + len(words), words, "Concrete")
            for words in ("each day", "90 days")
            if (at := reply.find(words)) >= 0
        )
        return Score(
            value=45 if flags else 85,
            band="needs work" if flags else "strong",
            objection_id=objection.id,
            reply=reply,
            moves_hit=tuple(hits),
            moves_missed=misses,
            flags=flags,
            strengths=strengths,
            explanation=("+28 moves", "-25 defensive"),  # never shown: the user cannot check it
        )


def content() -> Content:
    # Loaded as a built-in folder so no path relative to the working folder shows; with
    # the built-in rules, which say what a flag costs the manager's mood.
    return load_sources([Source("builtin", DATA), Source("builtin", RULES)])


def app(tmp_path: Path, persona_id: str | None = None) -> SparringApp:
    loaded = content()
    return SparringApp(
        AppOptions(loaded, PinnedScorer(), seed=4, persona_id=persona_id, export_dir=tmp_path)
    )


def steady_cursors(pilot: Pilot[Any]) -> None:
    """A blinking cursor would make the picture depend on the moment it is taken."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def reply(pilot: Pilot[Any], text: str) -> None:
    pilot.app.screen.query_one(ReplyBox).text = text
    await pilot.press("enter")
    await pilot.pause()


@SIZES
def test_picker(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        steady_cursors(pilot)
        await pilot.press("down")

    assert snap_compare(app(tmp_path), terminal_size=size, run_before=run_before)


@SIZES
def test_conversation_after_a_weak_reply(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        steady_cursors(pilot)
        await reply(pilot, REPLY)

    assert snap_compare(app(tmp_path, "tess-tester"), terminal_size=size, run_before=run_before)


@SIZES
def test_conversation_after_a_strong_reply(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        steady_cursors(pilot)
        await reply(pilot, STRONG)

    assert snap_compare(app(tmp_path, "tess-tester"), terminal_size=size, run_before=run_before)


@SIZES
def test_summary(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await reply(pilot, STRONG)
        await reply(pilot, REPLY)
        await pilot.press("f4")
        await pilot.press("f10")
        await pilot.pause()

    assert snap_compare(app(tmp_path, "tess-tester"), terminal_size=size, run_before=run_before)


def saved_history(path: Path) -> Store:
    """Six finished sessions on the fixture objections, at fixed times (shown in UTC)."""
    store = Store.open(path)
    objections = list(content().objections.values())
    for n in range(6):
        session = store.start_session("tess-tester", "Tess Tester", n)
        for i, objection in enumerate(objections):
            value = (35 + 9 * n + 17 * i) % 100
            at = START + n * DAY + i * 60
            score = Score(value, band_for(value), objection.id, "r")
            turn = Turn(i, objection.id, objection.theme, objection.wordings[0], "r", score, at=at)
            store.record_turn(session, turn)
        store.finish_session(session, ("trial", "no-deal", "ended")[n % 3], None, 40 + 5 * n)
    with sqlite3.connect(path) as db:  # the store stamps sessions with the clock
        db.execute("UPDATE sessions SET started_at = ? + (id - 1) * ?", (START, DAY))
        db.execute("UPDATE sessions SET finished_at = started_at + 600")
    return store


@SIZES
def test_history(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = saved_history(tmp_path / "history.sqlite3")
    loaded = content()
    shown = SparringApp(AppOptions(loaded, PinnedScorer(), seed=4, store=store))

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("f7")
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        for _ in range(100):  # the history loads in a thread: wait for it (5 s at most)
            if screen.data is not None and not screen.query_one("#history-body").loading:
                break
            await pilot.pause(0.05)
        assert screen.data is not None
        await pilot.pause()

    try:
        assert snap_compare(shown, terminal_size=size, run_before=run_before)
    finally:
        store.close()
        monkeypatch.delenv("TZ")
        time.tzset()
