"""Snapshot tests pinning the look of the picker, the conversation and the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from tui_helpers import DATA

from sparring.core.content.catalog import Content
from sparring.core.content.loading import Source, load_sources
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.widgets.reply_box import ReplyBox

SIZE = (80, 24)
REPLY = "Honestly that's ridiculous, but fair question: I'd send a morning plan each day."


class PinnedScorer:
    """A fixed verdict with a flag, a move made, a move missed and a strength."""

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
        hits = ()
        if plan >= 0:
            hits = (MoveHit("update", "Offers a daily update", plan, plan + 12, "morning plan"),)
        return Score(
            value=45 if flags else 85,
            band="needs work" if flags else "strong",
            objection_id=objection.id,
            reply=reply,
            moves_hit=hits,
            moves_missed=(MoveMiss("trial", "Proposes a trial"),),
            flags=flags,
            strengths=(Strength("concrete", 0, 8, reply[:8], "Concrete detail"),),
        )


def content() -> Content:
    # Loaded as a built-in folder so no path relative to the working folder shows.
    return load_sources([Source("builtin", DATA)])


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


def test_picker(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        steady_cursors(pilot)
        await pilot.press("down")

    assert snap_compare(app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_conversation(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        steady_cursors(pilot)
        await reply(pilot, REPLY)

    assert snap_compare(app(tmp_path, "tess-tester"), terminal_size=SIZE, run_before=run_before)


def test_summary(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await reply(pilot, "Fair question: a morning plan, and let's try it for 90 days.")
        await reply(pilot, REPLY)
        await pilot.press("f4")
        await pilot.press("f10")
        await pilot.pause()

    assert snap_compare(app(tmp_path, "tess-tester"), terminal_size=SIZE, run_before=run_before)
