"""Provides the scorer: a reply to an objection -> score, band, moves, flags, strengths.

The judge reads the reply in layers (reading.py: normalise, clauses, acts, interest,
entities), decides the flags (flagging.py: the rules' spans checked against the acts, and
harmful acts the rules missed), finds the moves (moves.py: phrases, windows, acts and
entities), and puts one number on it:

    score = BASE + moves (weighted share of the objection's moves made)
                 + concreteness (kinds of concrete detail in sincere clauses, capped)
                 - flags (each kind's cost, halved for each repeat)

and then the worst act caps it: a plan does not buy back an ultimatum, a cave or a jab.
Without an objection, concreteness and the general strengths carry the weight the moves
would have had, on the same scale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sparring.core.content.catalog import Content
from sparring.core.content.kinds import FlagKinds
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring import flagging
from sparring.core.scoring.acts import ActModel
from sparring.core.scoring.analysis import MAX_ANALYSED_CHARS
from sparring.core.scoring.entities import CONCRETE_KINDS
from sparring.core.scoring.matching import PhraseIndex
from sparring.core.scoring.moves import MoveFinder
from sparring.core.scoring.objection_match import ObjectionFinder
from sparring.core.scoring.reading import Reading, read
from sparring.core.scoring.rules import RuleBook, allowed_spans
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength, band_for
from sparring.core.scoring.strengths import SignalFinder

BASE = 25
MOVES_POINTS = 50
# Moves count on a concave curve: half the moves is already two thirds of the points.
MOVES_CURVE = 0.6
CONCRETE_POINTS = 6  # per kind of concrete detail
CONCRETE_CAP = 24
STRENGTH_CAP = 10
# What a flag costs is its kind's `severity` (declared on its rule in the YAML); each
# further flag of the same kind costs this much of the one before.
REPEAT_FACTOR = 0.5
MAX_COUNTED_PER_KIND = 3
# The highest score a reply can get while it carries this kind of flag.
CAP: dict[str, int] = {
    "ultimatum": 30,
    "caves": 35,
    "defensive": 45,
    "overpromise": 55,
    "i-need-opener": 68,
    "personal-first": 66,
    "apologetic": 68,
    "vague": 64,
}
# A reply that builds nothing (a keyword list, a negated or mocked plan) stays under this.
NOTHING_BUILT_CAP = 30
# Move ids across the content that mean the same as a general signal kind.
MOVE_SIGNALS: dict[str, str] = {
    "trial": "trial",
    "measures": "measures",
    "visibility": "visibility",
    "evidence": "evidence",
    "framework": "framework",
}


class EmptyReply(ValueError):
    """A reply with nothing to score."""


class Scorer:
    """Scores replies against the loaded content; build it once, score many replies."""

    def __init__(self, content: Content, model: ActModel | None = None) -> None:
        self.content = content
        self.model = model
        self._signals = SignalFinder(content.strengths.values())
        self._rules = RuleBook(content.rules.values())
        self._moves: dict[int, tuple[Objection, MoveFinder]] = {}
        self._allow: dict[tuple[str, ...], PhraseIndex] = {}
        self._finder = ObjectionFinder(content.objections.values())

    # --- objections ---------------------------------------------------------------------

    def resolve(self, objection: str | Objection | None) -> Objection | None:
        """An objection from an id, an Objection, or a manager's free-text wording."""
        return self._resolve(objection)[0]

    def _resolve(self, objection: str | Objection | None) -> tuple[Objection | None, float | None]:
        if objection is None:
            return None, None
        if isinstance(objection, Objection):
            return objection, 1.0
        text = objection.strip()
        if text in self.content.objections:
            return self.content.objections[text], 1.0
        found, closeness = self.closest(text)
        return found, round(closeness, 3)

    def closest(self, text: str) -> tuple[Objection | None, float]:
        """The objection nearest to a free-text wording, and how near (0-1)."""
        return self._finder.closest(text)

    def _move_finder(self, objection: Objection) -> MoveFinder:
        cached = self._moves.get(id(objection))
        if cached is not None and cached[0] is objection:
            return cached[1]
        finder = MoveFinder(objection)
        self._moves[id(objection)] = (objection, finder)
        return finder

    def _allowed(self, persona: Persona | None, reading: Reading) -> list[tuple[int, int]]:
        if persona is None or not persona.rules.allow:
            return []
        key = tuple(persona.rules.allow)
        index = self._allow.get(key)
        if index is None:
            index = self._allow[key] = PhraseIndex(("allow", p) for p in key)
        return allowed_spans(index, reading.analysis)

    # --- scoring ------------------------------------------------------------------------

    def read(self, reply: str) -> Reading:
        """The judge's reading of a reply (clauses, acts, entities), for tools and tests."""
        return read(reply, self.model)

    def score(
        self,
        reply: str,
        objection: str | Objection | None = None,
        persona: Persona | None = None,
    ) -> Score:
        """Judge one reply; raise EmptyReply when there is nothing to judge."""
        if not isinstance(reply, str):
            raise TypeError("the reply must be text")
        if not reply.strip():
            raise EmptyReply("the reply is empty")
        reading = read(reply, self.model)
        analysis = reading.analysis
        target, confidence = self._resolve(objection)
        strengths = self._signals.find(analysis)
        disabled = frozenset(persona.rules.disable) if persona else frozenset()
        allowed = self._allowed(persona, reading)
        rule_flags = self._rules.flags(analysis, strengths, disabled, allowed)
        kinds = self.content.flag_kinds
        flags = flagging.combine(reading, rule_flags, self.content.rules, kinds, disabled, allowed)
        mocking = flagging.mockery(reading, flags, self.content.rules, kinds, disabled)
        if mocking is not None:
            flags = sorted([*flags, mocking], key=lambda f: (f.start, f.kind))
        hits, misses = self._moves_made(reading, target) if target else ([], [])
        if target is not None:
            extra = flagging.uncheckable(
                reading,
                flags,
                len(hits),
                len(_concrete_kinds(reading)),
                self.content.rules,
                kinds,
                disabled,
            )
            if extra is not None:
                flags = sorted([*flags, extra], key=lambda f: (f.start, f.kind))
        sincere = [s for s in strengths if _sincere(reading, s.start)]
        value, explanation, capped = _value(
            reading, target, hits, misses, sincere, flags, kinds, self._signals, confidence
        )
        if not analysis.tokens:
            explanation.append("no words found to score (only symbols or emoji)")
        if analysis.truncated:
            explanation.append(f"only the first {MAX_ANALYSED_CHARS:,} characters were scored")
        if target is not None and confidence is not None and confidence < 1.0:
            explanation.append(f"matched the objection with confidence {confidence:.2f}")
        return Score(
            value=value,
            band=band_for(value),
            objection_id=target.id if target else None,
            reply=reply,
            moves_hit=tuple(_map_hit(reading, h) for h in hits),
            moves_missed=tuple(misses),
            flags=tuple(_map_flag(reading, f) for f in flags),
            strengths=_unique(_map_strength(reading, s) for s in sincere),
            explanation=tuple(explanation),
            objection_confidence=confidence if target is not None else None,
            acts=tuple((*reading.span(c.start, c.end), c.act) for c in reading.clauses),
            capped_by=capped,
        )

    def _moves_made(
        self, reading: Reading, objection: Objection
    ) -> tuple[list[MoveHit], list[MoveMiss]]:
        found = self._move_finder(objection).find(reading)
        hits: list[MoveHit] = []
        misses: list[MoveMiss] = []
        for move in objection.moves:
            seen = found.get(move.id)
            if seen is None:
                misses.append(MoveMiss(move.id, move.name))
            else:
                text = reading.analysis.text[seen.start : seen.end]
                hits.append(MoveHit(move.id, move.name, seen.start, seen.end, text))
        return hits, misses


def _sincere(reading: Reading, start: int) -> bool:
    clause = reading.clause_at(start)
    return clause is not None and clause.builds and not reading.builds_nothing


def _concrete_kinds(reading: Reading) -> list[str]:
    kinds: list[str] = []
    for entity in reading.entities:
        clause = reading.clause_at(entity.start)
        if clause is None or not clause.builds or reading.builds_nothing:
            continue
        if entity.kind in CONCRETE_KINDS and entity.kind not in kinds:
            kinds.append(entity.kind)
    return kinds


# What any good answer does, whichever the objection: the moves a reply is judged on when
# no loaded objection matches, or only loosely.
GENERAL_MOVES = (
    "acknowledges the concern",
    "proposes a plan",
    "offers something to check it by",
)
_CHECKABLE = frozenset({"trial", "measures", "visibility", "evidence", "framework"})


def _general_moves(reading: Reading, strengths: list[Strength]) -> list[str]:
    """Which of GENERAL_MOVES the reply's sincere clauses make."""
    if reading.builds_nothing:
        return []
    building = [c for c in reading.clauses if c.builds]
    made: list[str] = []
    if any(c.act == "acknowledge" for c in building):
        made.append(GENERAL_MOVES[0])
    # Days are what the user asks for; an hour, a channel, a measure is what the manager gets.
    concrete_in = {
        id(c)
        for e in reading.entities
        if e.kind in CONCRETE_KINDS
        and e.kind != "days"
        and (c := reading.clause_at(e.start)) is not None
    }
    if any(c.act == "propose" for c in building):
        made.append(GENERAL_MOVES[1])
    if (
        any(s.kind in _CHECKABLE for s in strengths)
        or any(c.act == "ask" for c in building)
        or any(id(c) in concrete_in for c in building)
    ):
        made.append(GENERAL_MOVES[2])
    return made


def _value(
    reading: Reading,
    target: Objection | None,
    hits: list[MoveHit],
    misses: list[MoveMiss],
    strengths: list[Strength],
    flags: list[Flag],
    kinds: FlagKinds,
    signals: SignalFinder,
    confidence: float | None = 1.0,
) -> tuple[int, list[str], str | None]:
    """The score, the lines that explain it, and the flag kind that capped it."""
    explanation: list[str] = []
    concrete = _concrete_kinds(reading)
    concrete_points = min(CONCRETE_CAP, CONCRETE_POINTS * len(concrete))
    earned: dict[str, Strength] = {}
    for strength in strengths:
        earned.setdefault(strength.kind, strength)
    strength_points = min(STRENGTH_CAP, sum(signals.points(k) for k in earned) / 2)
    if target is not None:
        weights = {m.id: m.weight for m in target.moves}
        total = sum(weights.values())
        made = sum(weights[h.move_id] for h in hits)
        move_points = MOVES_POINTS * (made / total) ** MOVES_CURVE if total else 0.0
        value = BASE + move_points + concrete_points + strength_points
        if hits:
            names = ", ".join(h.name.lower() for h in hits)
            explanation.append(f"made {len(hits)} of {len(target.moves)} moves ({names})")
        if misses:
            explanation.append("missed: " + ", ".join(m.name.lower() for m in misses))
    general = _general_moves(reading, strengths)
    general_value = (
        BASE
        + MOVES_POINTS * (len(general) / len(GENERAL_MOVES)) ** MOVES_CURVE
        + concrete_points
        + strength_points
    )
    if target is None:
        value = general_value
        explanation.append("no objection matched: scored on what any good answer does")
    if target is not None and (confidence or 0.0) < 1.0 and general_value > value:
        # A loose match may name the wrong objection's moves: what any good answer does
        # counts as much, so the score means the same whether or not the match is right.
        value = general_value
        explanation.append("the objection matched loosely: scored on what any good answer does")
    if general and (target is None or value == general_value):
        explanation.append(
            f"made {len(general)} of {len(GENERAL_MOVES)} general moves ("
            + ", ".join(general)
            + ")"
        )
    if concrete:
        explanation.append("concrete: " + ", ".join(concrete))
    counted: dict[str, int] = {}
    for flag in flags:
        seen = counted.get(flag.kind, 0)
        counted[flag.kind] = seen + 1
        if seen >= MAX_COUNTED_PER_KIND:
            continue
        value -= kinds.severity(flag.kind) * (REPEAT_FACTOR**seen)
        explanation.append(f"{flag.kind}: \u201c{_clip(flag.text)}\u201d")
    capped: str | None = None
    worst = sorted(counted, key=lambda k: CAP.get(k, 100))
    if worst and value > CAP.get(worst[0], 100):
        value = CAP[worst[0]]
        capped = worst[0]
        explanation.append(f"capped at {CAP[worst[0]]} by {worst[0]}")
    nothing_built = not any(c.builds for c in reading.clauses) or reading.builds_nothing
    if nothing_built:
        value = min(value, NOTHING_BUILT_CAP)
        explanation.append(
            "too short to answer the concern"
            if reading.too_short
            else "no sincere sentence that builds a plan (a list, a refusal, mockery)"
        )
    return max(0, min(100, round(value))), explanation, capped


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _map_flag(reading: Reading, flag: Flag) -> Flag:
    start, end = reading.span(flag.start, flag.end)
    cstart, cend = (
        reading.span(flag.clause_start, flag.clause_end) if flag.clause_end > 0 else (start, end)
    )
    return replace(
        flag,
        start=start,
        end=end,
        text=reading.reply[start:end],
        clause_start=cstart,
        clause_end=cend,
    )


def _map_hit(reading: Reading, hit: MoveHit) -> MoveHit:
    start, end = reading.span(hit.start, hit.end)
    return replace(hit, start=start, end=end, text=reading.reply[start:end])


def _unique(strengths: Iterable[Strength]) -> tuple[Strength, ...]:
    """One entry per strength and typed span: "Tue/Thu" is two days but one thing typed."""
    seen: dict[tuple[str, int, int], Strength] = {}
    for strength in strengths:
        seen.setdefault((strength.kind, strength.start, strength.end), strength)
    return tuple(seen.values())


def _map_strength(reading: Reading, strength: Strength) -> Strength:
    start, end = reading.span(strength.start, strength.end)
    return replace(strength, start=start, end=end, text=reading.reply[start:end])
