"""The verdict as the card tells it: what to fix first, one entry per problem, what worked."""

from __future__ import annotations

from dataclasses import replace

from sparring.core.content.models import Move, Objection
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength
from sparring.core.scoring.verdict import verdict

REPLY = "Basically I kind of think it's ridiculous, but fine, a morning plan on Tuesday."


# What the judge stamps on each flag from its kind's rules (as the built-in rules say).
SEVERITY = {"vague": 12, "defensive": 25, "caves": 30}


def flag(kind: str, text: str, suggestion: str = "Say it plainly.", why: str = "") -> Flag:
    start = REPLY.find(text)
    assert start >= 0, text
    return Flag(
        kind,
        start,
        start + len(text),
        text,
        f"{kind} message",
        suggestion,
        why=why,
        severity=SEVERITY[kind],
    )


def objection() -> Objection:
    return Objection(
        id="o",
        theme="t",
        wordings=["Why?", "Why, though?"],
        moves=[
            Move(id="ack", name="Acknowledges", phrases=["that's fair", "fair question"]),
            Move(id="trial", name="Proposes a trial", phrases=["try it", "pilot for"], weight=3),
            Move(id="plan", name="Offers a plan", phrases=["morning plan", "daily update"]),
        ],
        hint="h",
        model_answer="m",
        probes=["p"],
    )


def score(**fields: object) -> Score:
    base: dict[str, object] = {"value": 40, "band": "needs work", "objection_id": "o"}
    return Score(reply=REPLY, **(base | fields))  # type: ignore[arg-type]


def test_flags_of_one_kind_are_one_entry_with_every_phrase_and_one_suggestion() -> None:
    told = verdict(
        score(
            flags=(
                flag("vague", "Basically", "Name the days."),
                flag("vague", "kind of", "Name the days."),
                flag("vague", "kind of", "Name the days."),
            )
        )
    )
    fixes = [*told.first, *told.rest]
    assert len(fixes) == 1
    assert fixes[0].quotes == ("Basically", "kind of")
    assert fixes[0].advice == "Name the days."


def test_the_flag_that_capped_the_score_comes_first_then_the_costliest() -> None:
    flags = (
        flag("vague", "Basically"),
        flag("defensive", "ridiculous"),
        flag("caves", "fine"),
    )
    assert [f.kind for f in verdict(score(flags=flags)).first] == ["caves"]
    capped = verdict(score(flags=flags, capped_by="defensive"))
    assert [f.kind for f in capped.first] == ["defensive"]
    assert [f.kind for f in capped.rest] == ["caves", "vague"]


def test_a_flag_kind_is_named_by_its_label_or_else_by_its_kind() -> None:
    labelled = replace(flag("caves", "fine"), label="caving")
    assert verdict(score(flags=(labelled,))).first[0].title == "caving"
    bare = Flag("my-own-kind", 0, 5, "Basic", "m", "s")  # saved before flags had labels
    assert verdict(score(flags=(bare,))).first[0].title == "my own kind"


def test_a_flag_says_why_it_earned_it_when_the_judge_knows() -> None:
    told = verdict(score(flags=(flag("defensive", "ridiculous", why="This argues back."),)))
    assert told.first[0].why == "This argues back."
    told = verdict(score(flags=(flag("defensive", "ridiculous"),)))
    assert told.first[0].why == "defensive message"


def test_the_heaviest_missed_move_comes_first_with_phrasings_that_would_make_it() -> None:
    misses = (MoveMiss("ack", "Acknowledges"), MoveMiss("trial", "Proposes a trial"))
    told = verdict(score(moves_missed=misses), objection())
    (first,) = told.first
    assert first.title == "Proposes a trial"
    assert "\u201ctry it\u201d" in first.advice and "\u201cpilot for\u201d" in first.advice
    assert [f.title for f in told.rest] == ["Acknowledges"]


def test_first_is_the_worst_flag_and_the_top_missed_move_and_nothing_more() -> None:
    told = verdict(
        score(
            flags=(flag("vague", "Basically"), flag("defensive", "ridiculous")),
            moves_missed=(MoveMiss("ack", "Acknowledges"), MoveMiss("trial", "Proposes a trial")),
        ),
        objection(),
    )
    assert [(f.kind, f.title) for f in told.first] == [
        ("defensive", "defensive"),
        ("move", "Proposes a trial"),
    ]
    assert [(f.kind, f.title) for f in told.rest] == [
        ("vague", "vague"),
        ("move", "Acknowledges"),
    ]


def test_a_move_missed_twice_is_listed_once() -> None:
    misses = (MoveMiss("ack", "Acknowledges"), MoveMiss("ack", "Acknowledges"))
    told = verdict(score(moves_missed=misses), objection())
    assert [f.title for f in (*told.first, *told.rest)] == ["Acknowledges"]


def test_what_worked_is_one_entry_per_move_and_per_kind_of_strength() -> None:
    plan = REPLY.find("morning plan")
    day = REPLY.find("Tuesday")
    told = verdict(
        score(
            moves_hit=(MoveHit("plan", "Offers a plan", plan, plan + 12, "morning plan"),),
            strengths=(
                Strength("concrete", day, day + 7, "Tuesday", "Names concrete days"),
                Strength("concrete", plan, plan + 12, "morning plan", "Names concrete days"),
                Strength("concrete", day, day + 7, "Tuesday", "Names concrete days"),
            ),
        ),
        objection(),
    )
    assert [(w.label, w.quotes) for w in told.worked] == [
        ("Offers a plan", ("morning plan",)),
        ("Names concrete days", ("Tuesday", "morning plan")),
    ]


def test_a_clean_strong_reply_has_nothing_to_fix() -> None:
    told = verdict(score(value=90, band="excellent"), objection())
    assert told.first == () and told.rest == ()


def test_a_quote_inside_another_quote_of_the_same_move_is_dropped(scorer: Scorer) -> None:
    score = scorer.score("Fair worry. Try it for six weeks?", "how-will-i-know-youre-working")
    worked = {w.label: w.quotes for w in verdict(score).worked}
    trial = next(quotes for label, quotes in worked.items() if "trial" in label.lower())
    assert trial == ("Try it for six weeks?",)
