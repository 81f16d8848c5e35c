"""Only real sentences count: lists, a word or two, refused, mocked and withdrawn plans.

Written by the team for the shapes a hard try-out found, not taken from any labelled set:
each non-answer stays under 50 and makes no move, and its sincere twin, with the same
plan words, still makes its moves.
"""

from __future__ import annotations

import pytest

from sparring.core.scoring.judge import Scorer

OBJECTION = "how-will-i-know-youre-working"

NON_ANSWERS = [
    # a word or two names a thing, it offers nothing
    "Slack.",
    "Trial.",
    "Slack, trial.",
    "Fair. Trial?",
    # keyword lists
    "slack status, daily standup, tickets closed, 6 week trial",
    "fair point / weekly update / core hours / trial",
    "Mondays and Fridays, slack, tickets",
    "Fair point. Weekly update. Hit my deadlines. 90 day trial.",
    "Good question! Slack updates, output metrics, trial period, regular check-ins.",
    "Plan in Slack at 9:30. Recap at five. Tickets closed. Six-week trial. Blah blah blah.",
    "\u2022 slack \u2022 office hours \u2022 mon+fri in office",
    # refused plans
    "Don't expect me to post a plan in Slack or track tickets on a trial.",
    "No way am I doing daily check-ins in Slack or a trial.",
    "Count me out of any daily check-in or six-week trial.",
    "I'll do a weekly update and a trial when pigs fly.",
    "I'm not about to post a plan in Slack every morning or count tickets for a trial.",
    "Plan in Slack, recap at five, tickets closed, a trial \u2014 ticked all your boxes.",
    "Of course I'll post my plan in Slack by 9:30 and count tickets for a trial, I live to serve.",
    "I'm not sending daily updates and I'm not doing a trial.",
    "No way I'm posting my status every morning, forget the trial.",
    "No morning plan, no end of day summary, no trial. Just trust me.",
    # mocked plans: the mockery opens, closes or sits inside the sentence
    "Oh sure, daily reports, maybe a webcam too.",
    "Posting my status in Slack by 9 and a recap at 5, measured on tickets closed, six-week"
    " trial. That's what you want to hear, right?",
    "Weekly update? Tickets closed? A six-week trial? Please. You know I do the work.",
    "Morning plan in Slack, recap at five, tickets closed, six-week trial \u2014 said nobody"
    " who actually works.",
    "A status in Slack at nine, tickets counted every Friday, a trial. Happy now?",
    # an offer taken back in the same breath
    "I could send a Friday report with tickets closed and do a trial, but honestly I"
    " shouldn't have to.",
]

SINCERE = [
    "Fair worry. I'd post my plan in Slack by 9:30 and a recap at five, and we judge it on"
    " tickets closed. Try it for six weeks?",
    # "could" with a promise after it is still an offer
    "I could post my plan in Slack by 9:30, and I won't miss a recap at five; we judge it on"
    " tickets closed over a six-week trial.",
    "Fair, and there's no way I'd let it slip quietly: I'll flag a risk in Slack the same day,"
    " post a recap at five and we count tickets closed over a six-week trial.",
    # a negation that clarifies the ask refuses nothing
    "I'm not asking for full remote: my plan goes in Slack by 9:30, a recap at five, and we"
    " count tickets closed over a six-week trial.",
    # telegraphic is not a list
    "Fair point: Tuesdays at home, Slack by 9:30, a recap at five, tickets closed counted over"
    " a six-week trial.",
    # "as if" and "please" inside a sincere sentence are not mockery
    "Treat my home days as if I were at my desk: plan in Slack by 9:30, recap at five,"
    " tickets closed counted weekly, and a six-week trial.",
    "Please judge it on tickets closed: I'll post my plan in Slack by 9:30 and a recap at"
    " five, for a six-week trial.",
]


@pytest.mark.parametrize("reply", NON_ANSWERS)
def test_a_non_answer_stays_under_50_and_makes_no_move(scorer: Scorer, reply: str) -> None:
    result = scorer.score(reply, OBJECTION)
    assert result.value < 50, (result.value, result.explanation)
    assert result.moves_hit == ()


@pytest.mark.parametrize("reply", SINCERE)
def test_the_same_plan_said_sincerely_makes_its_moves(scorer: Scorer, reply: str) -> None:
    result = scorer.score(reply, OBJECTION)
    assert result.value >= 70, (result.value, result.explanation)
    assert len(result.moves_hit) >= 2


def test_a_word_or_two_says_why_it_scores_low(scorer: Scorer) -> None:
    result = scorer.score("Slack.", OBJECTION)
    assert "too short to answer the concern" in result.explanation


@pytest.mark.parametrize(
    "reply",
    [
        "Weekly update? Tickets closed? A six-week trial? Please. You know I do the work.",
        "A status in Slack at nine, tickets counted every Friday, a trial. Happy now?",
        "Yeah yeah, trial, metrics, whatever makes you happy.",
    ],
)
def test_mockery_is_flagged_defensive_at_the_retort(scorer: Scorer, reply: str) -> None:
    result = scorer.score(reply, OBJECTION)
    # the act model may read the sarcasm itself; if it does not, the retort rule does
    assert any(f.kind == "defensive" for f in result.flags), result.flags


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        ("slack status, daily standup, tickets closed, 6 week trial", "list of words"),
        ("\u2022 slack \u2022 office hours \u2022 mon+fri in office", "list of words"),
        ("Slack, trial.", "A word or two"),
    ],
)
def test_a_list_or_a_word_or_two_is_flagged_vague_with_why(
    scorer: Scorer, reply: str, why: str
) -> None:
    result = scorer.score(reply, OBJECTION)
    flag = next(f for f in result.flags if f.kind == "vague")
    assert why in flag.why
    # the flag covers the whole reply, from its first word
    assert flag.end == len(reply)
    assert reply[: flag.start].strip(" \u2022") == ""


def test_a_refusal_that_offers_nothing_is_flagged_defensive(scorer: Scorer) -> None:
    result = scorer.score(
        "There won't be any morning check-ins or end of day summaries.", OBJECTION
    )
    flag = next(f for f in result.flags if f.kind == "defensive")
    assert flag.rule_id or "turns the plan down" in flag.why


def test_a_refusal_with_an_offer_after_its_colon_still_offers(scorer: Scorer) -> None:
    result = scorer.score(
        "No need for a new process: I'll dial in to stand-up at 9:15 and post a recap in"
        " Slack by five, judged on tickets closed.",
        OBJECTION,
    )
    assert result.value >= 50
    assert not result.flags
    assert result.moves_hit
