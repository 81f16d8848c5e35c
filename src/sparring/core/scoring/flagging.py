"""Provides the judge's flags: the rules' precise spans checked against each clause's act.

Two sources meet here. The rules (objections/rules/*.yaml) find stock wordings with exact
spans; the act model reads what each clause does, on words no rule lists. A rule's hit
stands unless the model is sure its clause does something harmless (and, for a need or an
apology, unless the clause serves the manager's interest, not the user's). A harmful act
the model is sure of raises its flag on the clause even when no rule fired. The result is
one flag per problem: one per kind and clause, pointing at the clause that earned it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from sparring.core.content.kinds import FlagKinds
from sparring.core.content.models import Rule
from sparring.core.scoring import interest
from sparring.core.scoring.acts import ACT_OF_FLAG, FLAG_OF_ACT
from sparring.core.scoring.entities import CONCRETE_KINDS
from sparring.core.scoring.reading import Clause, Reading
from sparring.core.scoring.score import Flag

# The model raises a flag on its own when its act has at least this probability...
RAISE_AT: dict[str, float] = {
    "defensive": 0.65,
    "caves": 0.5,
    "ultimatum": 0.5,
    "apologetic": 0.5,
    "vague": 0.55,
    "i-need-opener": 0.5,
    "personal-first": 0.5,
    "overpromise": 0.5,
}
# ...and vetoes a rule's hit when it is this sure of a harmless act and gives the flag's
# act less than VETO_BELOW.
VETO_SURE = 0.85
VETO_BELOW = 0.03
# The model raises at most this many flags of one kind (a pasted essay is not 400 problems).
MAX_PER_KIND = 3
HARMLESS = frozenset({"acknowledge", "propose", "support", "ask", "other"})
# Kinds that only count near the start of the reply (the clause index they must be under).
OPENING_CLAUSES = {"i-need-opener": 2, "personal-first": 3}
# Kinds that lead only when no clause before them made the work case.
AFTER_THE_CASE = frozenset({"personal-first"})
WORK_CASE = frozenset({"propose", "support"})

# A promise disclaimed: "I can't promise", "won't guarantee", "no one can promise".
_DISCLAIMED = re.compile(
    r"\b(?:can\W?t|cannot|can not|won\W?t|wouldn\W?t|couldn\W?t|not going to|no one can|"
    r"nobody can|don\W?t)\s+(?:\w+\s+)?(?:promise|guarantee|swear)",
    re.I,
)

# A reply that tries to answer but leaves nothing to check is vague as a whole.
UNCHECKABLE = 1.0
UNCHECKABLE_MOVES = 0.0  # at most this many of the objection's moves made
UNCHECKABLE_HEDGE = 0.1  # and one answering clause at least this likely a hedge
UNCHECKABLE_WHY = (
    "This reply answers in general terms: no day, hour, number, update or trial the manager"
    " could check."
)
LIST_WHY = (
    "This is a list of words, not a plan: say who does what and when, in a sentence the"
    " manager could hold you to."
)
TOO_SHORT_WHY = (
    "A word or two names a topic; it does not answer the concern. Say what you would do,"
    " when, and how the manager would see it."
)
_ANSWERING = frozenset({"propose", "hedge", "support", "overpromise"})
MOCKERY_WHY = (
    "This sentence mocks the plan instead of offering it: sarcasm tells the manager their"
    " concern is silly, and nothing said around it counts as a promise."
)
REFUSAL_WHY = (
    "This sentence turns the plan down and offers nothing in its place: the manager hears a"
    " closed door, not an answer to the concern."
)
FALLBACK_MESSAGE = "This phrasing works against the request."
FALLBACK_SUGGESTION = "Say what you would do, when, and how the manager would see it working."


def _sure_harmless(clause: Clause, kind: str) -> bool:
    """Whether the model is sure, for the clause and for its whole sentence, that it does
    something harmless and not the flag's act (a kind the model has no act for: never)."""
    act = ACT_OF_FLAG.get(kind)
    return (
        act is not None
        and clause.act in HARMLESS
        and clause.confidence >= VETO_SURE
        and clause.prob(act) < VETO_BELOW
        and clause.sentence_probs.get(act, 0.0) < VETO_BELOW
    )


def combine(
    reading: Reading,
    rule_flags: Iterable[Flag],
    rules: dict[str, Rule],
    kinds: FlagKinds,
    disabled: frozenset[str] = frozenset(),
    allowed: list[tuple[int, int]] | None = None,
) -> list[Flag]:
    """The reply's flags, one per kind and clause, with act, clause span and the kind's
    facts (label, severity, why) set.

    Spans in `rule_flags` and in the result are offsets into the normalised text; the
    judge maps them back to the reply as typed.
    """
    kept: dict[tuple[str, int], Flag] = {}
    for flag in rule_flags:
        clause = reading.clause_at(flag.start)
        if clause is None:
            continue
        if _sure_harmless(clause, flag.kind):
            continue
        if (
            flag.kind in {"apologetic", "i-need-opener"}
            and interest.own_favour(clause.text) is False
        ):
            continue
        key = (flag.kind, clause.index)
        if key not in kept:
            kept[key] = _with_clause(flag, clause, kinds)
        elif flag.rule_id and flag.rule_id not in (kept[key].rule_id, *kept[key].also):
            kept[key] = replace(kept[key], also=(*kept[key].also, flag.rule_id))
    by_kind: dict[str, Rule] = {}
    for rule in sorted(rules.values(), key=lambda r: r.id):
        by_kind.setdefault(rule.kind, rule)
    for clause in reading.clauses:
        kind = FLAG_OF_ACT.get(clause.act)
        if kind is None or kind in disabled or (kind, clause.index) in kept:
            continue
        if clause.confidence < RAISE_AT[kind]:
            continue
        if clause.index >= OPENING_CLAUSES.get(kind, 10**9):
            continue
        # A personal note after the work case is a footnote, not a lead ("It also saves me
        # the commute, but that's secondary").
        if kind in AFTER_THE_CASE and any(
            c.index < clause.index and c.act in WORK_CASE for c in reading.clauses
        ):
            continue
        if sum(k == kind for k, _ in kept) >= MAX_PER_KIND:
            continue
        if allowed and any(s < clause.end and clause.start < e for s, e in allowed):
            continue
        # A clause that names a day, an hour, a channel or a measure is not vague.
        if kind == "vague" and any(
            e.kind in CONCRETE_KINDS and clause.start <= e.start < clause.end
            for e in reading.entities
        ):
            continue
        # "I can't promise nothing goes wrong" is the opposite of a promise.
        if kind == "overpromise" and _DISCLAIMED.search(clause.text):
            continue
        if kind in {"apologetic", "i-need-opener"} and interest.own_favour(clause.text) is False:
            continue
        kept[(kind, clause.index)] = _clause_flag(
            kind, clause, by_kind.get(kind), kinds, kinds.why(kind)
        )
    return sorted(kept.values(), key=lambda f: (f.start, f.kind))


def _with_clause(flag: Flag, clause: Clause, kinds: FlagKinds) -> Flag:
    facts = kinds.facts(flag.kind)
    return replace(
        flag,
        act=ACT_OF_FLAG.get(flag.kind, ""),
        clause_start=clause.start,
        clause_end=clause.end,
        why=facts.why,
        label=facts.label,
        severity=facts.severity,
    )


def uncheckable(
    reading: Reading,
    flags: list[Flag],
    moves_made: int,
    concrete: int,
    rules: dict[str, Rule],
    kinds: FlagKinds,
    disabled: frozenset[str] = frozenset(),
) -> Flag | None:
    """A vague flag for a reply that tries to answer and gives nothing checkable.

    It answers (a clause proposes, reassures or argues for the plan) but names no day,
    hour, channel, number or trial, and makes at most one of the objection's moves.
    """
    if not UNCHECKABLE or "vague" in disabled or any(f.kind == "vague" for f in flags):
        return None
    known = _known(rules, "vague")
    if reading.builds_nothing and reading.clauses and not any(c.retort for c in reading.clauses):
        first, last = reading.clauses[0], reading.clauses[-1]
        whole = replace(first, end=last.end, text=reading.analysis.text[first.start : last.end])
        why = TOO_SHORT_WHY if reading.too_short else LIST_WHY
        return _clause_flag("vague", whole, known, kinds, why)
    if concrete or moves_made > UNCHECKABLE_MOVES:
        return None
    answering = [c for c in reading.clauses if c.act in _ANSWERING and not c.fragment]
    if not answering:
        return None
    clause = max(answering, key=lambda c: (c.prob("hedge"), -c.index))
    if clause.prob("hedge") < UNCHECKABLE_HEDGE:
        return None
    return _clause_flag("vague", clause, known, kinds, UNCHECKABLE_WHY)


def mockery(
    reading: Reading,
    flags: list[Flag],
    rules: dict[str, Rule],
    kinds: FlagKinds,
    disabled: frozenset[str] = frozenset(),
) -> Flag | None:
    """A defensive flag on a retort that mocks the reply's plan ("Happy now?", "As if."), or
    on a refusal in a reply that offers nothing instead ("No updates, no trial.")."""
    if "defensive" in disabled or any(f.kind == "defensive" for f in flags):
        return None
    why = MOCKERY_WHY
    clause = next((c for c in reading.clauses if c.retort), None)
    if clause is None and not any(c.builds for c in reading.clauses):
        # Nothing offered and something refused: "No weekly updates. No trial."
        why = REFUSAL_WHY
        clause = next((c for c in reading.clauses if c.negated), None)
    if clause is None:
        return None
    return _clause_flag("defensive", clause, _known(rules, "defensive"), kinds, why)


def _known(rules: dict[str, Rule], kind: str) -> Rule | None:
    """The rule whose message and suggestion a model-raised flag of the kind borrows."""
    return min((r for r in rules.values() if r.kind == kind), key=lambda r: r.id, default=None)


def _clause_flag(kind: str, clause: Clause, known: Rule | None, kinds: FlagKinds, why: str) -> Flag:
    """A flag the model raised on a whole clause, with its kind's rule text and facts."""
    return Flag(
        kind=kind,
        start=clause.start,
        end=clause.end,
        text=clause.text,
        message=known.message if known else FALLBACK_MESSAGE,
        suggestion=known.suggestion if known else FALLBACK_SUGGESTION,
        rule_id="",
        act=clause.act,
        clause_start=clause.start,
        clause_end=clause.end,
        why=why,
        label=kinds.label(kind),
        severity=kinds.severity(kind),
    )
