"""At 80x24 the summary and the history show, without scrolling, what a user came for:
the outcome, the score per objection and the next thing to practise."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from tui_helpers import make_app, screen_text

from sparring.core.content.loading import load_content
from sparring.core.content.models import Objection, Persona
from sparring.core.history.store import Store
from sparring.core.scoring.score import Flag, MoveMiss, Score, Turn, band_for
from sparring.core.session.summary import STATUS_WORDS
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.history import HistoryScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox

JAB = "that's ridiculous"
JAB_TRY = "Acknowledge the concern first."


class JabScorer:
    """Every reply misses every move; a reply with the jab is flagged defensive and scores 5."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        start = reply.find(JAB)
        flags = ()
        if start >= 0:
            flags = (Flag("defensive", start, start + len(JAB), JAB, "A fight.", JAB_TRY),)
        misses = tuple(MoveMiss(m.id, m.name) for m in objection.moves)
        value = 5 if flags else 40
        return Score(value, band_for(value), objection.id, reply, (), misses, flags)


def builtin(tmp_path: Path) -> Any:
    return load_content(user_dir=tmp_path / "no-user-content")


async def test_the_summary_shows_outcome_scores_and_what_to_practise_next_at_80x24(
    tmp_path: Path,
) -> None:
    content = builtin(tmp_path)
    persona = content.personas["anywhere-request"]  # the most objections of the built-ins
    app = make_app(tmp_path, content, scorer=JabScorer(), persona_id=persona.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        for text in ("I'd check in daily.", f"Honestly {JAB} to ask."):
            screen.query_one(ReplyBox).text = text
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.summary
        assert len(summary.objections) >= 5
        shown = screen_text(app)
        assert "Ended early" in shown
        flat = " ".join(shown.split())
        assert "Practise next:" in flat
        assert f"\u201c{JAB}\u201d (defensive): {JAB_TRY}" in flat
        rows = [line for line in shown.splitlines() if line.strip()[:1].isdigit()]
        assert [row.split()[0] for row in rows] == [
            str(n) for n in range(1, len(summary.objections) + 1)
        ]
        for row, state in zip(rows, summary.objections, strict=True):
            assert STATUS_WORDS[state.status] in row
        assert "40, 5" in rows[0]  # both replies went to the first objection


def filled_store(path: Path, content: Any) -> Store:
    """Fourteen finished sessions over built-in objections, the first objection scored worst."""
    store = Store.open(path)
    rng = random.Random(3)
    objections = list(content.objections.values())[:8]
    at = 1_700_000_000.0
    for n in range(14):
        session = store.start_session("anywhere-request", "Tom Hargreaves", n)
        for i in range(4):
            objection = objections[(n + i) % len(objections)]
            value = 3 if objection is objections[0] else rng.randint(30, 95)
            at += 600
            score = Score(value, band_for(value), objection.id, "reply")
            turn = Turn(i, objection.id, objection.theme, objection.wordings[0], "r", score, at=at)
            store.record_turn(session, turn)
        store.finish_session(session, ("trial", "no-deal", "ended")[n % 3], None, 50)
    return store


async def test_the_history_shows_what_to_practise_next_weak_spots_and_outcomes_at_80x24(
    tmp_path: Path,
) -> None:
    content = builtin(tmp_path)
    store = filled_store(tmp_path / "history.sqlite3", content)
    worst = next(iter(content.objections))
    app = make_app(tmp_path, content, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.data is not None
        shown = screen_text(app)
        title = content.objections[worst].wordings[0]
        title = title if len(title) <= 26 else title[:25] + "\u2026"
        assert f"Practise next: \u201c{title}\u201d (average 3 lately)" in shown
        for weak in screen.data.worst_objections:  # by their words, never their ids
            assert weak.key not in shown
            assert content.objections[weak.key].wordings[0][:20] in shown
        assert "No deal" in shown and "Trial agreed" in shown and "Ended early" in shown
        assert "w Weakest" in shown.splitlines()[-1]
    store.close()
