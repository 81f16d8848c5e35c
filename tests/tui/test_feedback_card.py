"""The feedback card at 80x24: the verdict and the first fix in view, the rest a key away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_helpers import card_text, make_app

from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.score import Flag, MoveMiss, Score, Strength
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.widgets.feedback import FeedbackCard
from sparring.tui.widgets.reply_box import ReplyBox

REPLY = (
    "Basically it's sort of the same, kind of, and honestly that's ridiculous to ask. "
    "I'd be around on Tuesday and Thursday."
)
VAGUE = "Vague terms let the manager imagine the worst."
DEFENSIVE_TRY = "Acknowledge the concern first, then answer it."


class WeakScorer:
    """A weak verdict with everything the judge can say: repeats, misses, arithmetic."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        def at(text: str) -> tuple[int, int]:
            start = reply.find(text)
            return start, start + len(text)

        vague = [
            Flag("vague", *at(t), t, VAGUE, "Name days and hours.", rule_id="vague-terms")
            for t in ("Basically", "sort of", "kind of")
        ]
        defensive = Flag(
            "defensive",
            *at("that's ridiculous"),
            "that's ridiculous",
            "Turns a concern into a fight.",
            DEFENSIVE_TRY,
            why="This sentence argues with the concern.",
        )
        days = [
            Strength("concrete", *at(t), t, "Names concrete days, hours or channels")
            for t in ("Tuesday", "Thursday", "Tuesday", "Thursday")
        ]
        return Score(
            value=22,
            band="needs work",
            objection_id=objection.id,
            reply=reply,
            moves_missed=tuple(MoveMiss(m.id, m.name) for m in objection.moves),
            flags=(*vague, defensive),
            strengths=tuple(days),
            explanation=("+28 moves", "+35 concrete", "-25 defensive"),
            capped_by="defensive",
        )


async def weak_reply(pilot: Any) -> ConversationScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen)
    screen.query_one(ReplyBox).text = REPLY
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    return screen


async def test_the_verdict_and_the_first_fix_show_without_scrolling_at_80x24(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, scorer=WeakScorer(), persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await weak_reply(pilot)
        shown = " ".join(card_text(app).split())
        assert shown.index("22/100 needs work") < shown.index("Fix first")
        assert "\u201cthat's ridiculous\u201d (defensive)" in shown
        assert " ".join(f"Try: {DEFENSIVE_TRY}".split()) in shown
        assert "Missed: Acknowledges the concern" in shown  # the first move of the objection


async def test_one_entry_per_problem_no_echo_of_the_reply_no_arithmetic(tmp_path: Path) -> None:
    app = make_app(tmp_path, scorer=WeakScorer(), persona_id="tess-tester")
    async with app.run_test(size=(120, 60)) as pilot:
        await weak_reply(pilot)
        shown = " ".join(card_text(app).split())
        assert shown.count("(vague)") == 1
        assert "\u201cBasically\u201d, \u201csort of\u201d, \u201ckind of\u201d (vague)" in shown
        assert shown.count("Names concrete days, hours or channels") == 1
        assert shown.count("Missed: Proposes a trial") == 1
        assert "I'd be around on Tuesday" not in shown  # the reply is in the transcript only
        assert "+28" not in shown and "+35" not in shown
        assert "What worked" in shown


async def test_page_down_scrolls_the_card_from_the_reply_box_and_when_it_has_focus(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, scorer=WeakScorer(), persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await weak_reply(pilot)
        card = screen.query_one(FeedbackCard)
        assert card.max_scroll_y > 0
        assert card.border_subtitle and "PgDn" in card.border_subtitle
        assert app.focused is screen.query_one(ReplyBox)
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert card.scroll_y == 0
        await pilot.press("tab")  # Tab leaves the reply box for the card
        assert app.focused is card
        await pilot.press("pagedown")
        await pilot.pause()
        assert card.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert "What worked" in card_text(app)
