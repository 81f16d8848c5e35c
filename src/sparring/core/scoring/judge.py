"""Provides the scorer: a reply to an objection -> score, band, moves, flags, strengths."""

from __future__ import annotations

from sparring.core.content.catalog import Content
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.analysis import MAX_ANALYSED_CHARS, Analysis, analyse
from sparring.core.scoring.matching import PhraseIndex
from sparring.core.scoring.objection_match import ObjectionFinder
from sparring.core.scoring.rules import RuleBook, allowed_spans
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength, band_for
from sparring.core.scoring.strengths import SIGNAL_BY_KIND, SignalFinder

# The score is built from three parts and then lowered by flags:
#   base + moves (share of the objection's moves made, by weight) + strengths (distinct
#   kinds of general good signal, capped).
# Without an objection the general signals carry the weight the moves would have had.
BASE = 10
MOVES_POINTS = 55
STRENGTH_CAP = 35
BASE_NO_OBJECTION = 15
STRENGTH_CAP_NO_OBJECTION = 80
STRENGTH_SCALE_NO_OBJECTION = 1.6
# A move counts when its phrase is found with at least this closeness (typos, order).
MOVE_MIN_SCORE = 80.0
# What a flag costs; each further flag of the same kind costs half as much again.
SEVERITY: dict[str, int] = {
    "ultimatum": 35,
    "caves": 30,
    "defensive": 25,
    "overpromise": 20,
    "i-need-opener": 20,
    "personal-first": 20,
    "apologetic": 15,
    "vague": 15,
}
REPEAT_FACTOR = 0.5
MAX_COUNTED_PER_KIND = 3


class EmptyReply(ValueError):
    """A reply with nothing to score."""


class Scorer:
    """Scores replies against the loaded content; build it once, score many replies."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._signals = SignalFinder()
        self._rules = RuleBook(content.rules.values())
        self._moves: dict[int, tuple[Objection, PhraseIndex]] = {}
        self._allow: dict[tuple[str, ...], PhraseIndex] = {}
        self._finder = ObjectionFinder(content.objections.values())

    # --- objections ---------------------------------------------------------------------

    def resolve(self, objection: str | Objection | None) -> Objection | None:
        """An objection from an id, an Objection, or a manager's free-text wording.

        Free text goes to the objection whose wordings share the most telling words with
        it (typos and word endings forgiven, rare words weighing more); below
        resolve.THRESHOLD there is no objection.
        """
        if objection is None or isinstance(objection, Objection):
            return objection
        text = objection.strip()
        if text in self.content.objections:
            return self.content.objections[text]
        return self.closest(text)[0]

    def closest(self, text: str) -> tuple[Objection | None, float]:
        """The objection nearest to a free-text wording, and how near (0-1)."""
        return self._finder.closest(text)

    def _move_index(self, objection: Objection) -> PhraseIndex:
        """The objection's move phrases, indexed once per objection."""
        cached = self._moves.get(id(objection))
        if cached is not None and cached[0] is objection:
            return cached[1]
        index = PhraseIndex((m.id, phrase) for m in objection.moves for phrase in m.phrases)
        self._moves[id(objection)] = (objection, index)
        return index

    def _allowed(self, persona: Persona | None, analysis: Analysis) -> list[tuple[int, int]]:
        """Spans of the persona's allowed phrases in the reply."""
        if persona is None or not persona.rules.allow:
            return []
        key = tuple(persona.rules.allow)
        index = self._allow.get(key)
        if index is None:
            index = self._allow[key] = PhraseIndex(("allow", p) for p in key)
        return allowed_spans(index, analysis)

    # --- scoring ------------------------------------------------------------------------

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
        analysis = analyse(reply)
        target = self.resolve(objection)
        strengths = self._signals.find(analysis)
        disabled = frozenset(persona.rules.disable) if persona else frozenset()
        flags = self._rules.flags(analysis, strengths, disabled, self._allowed(persona, analysis))
        hits, misses = self._moves_made(analysis, target, strengths) if target else ([], [])
        value, explanation = _value(target, hits, misses, strengths, flags)
        if not analysis.tokens:
            explanation.append("no words found to score (only symbols or emoji)")
        if analysis.truncated:
            explanation.append(f"only the first {MAX_ANALYSED_CHARS:,} characters were scored")
        return Score(
            value=value,
            band=band_for(value),
            objection_id=target.id if target else None,
            reply=reply,
            moves_hit=tuple(hits),
            moves_missed=tuple(misses),
            flags=tuple(flags),
            strengths=tuple(strengths),
            explanation=tuple(explanation),
        )

    def _moves_made(
        self, analysis: Analysis, objection: Objection, strengths: list[Strength]
    ) -> tuple[list[MoveHit], list[MoveMiss]]:
        """Each move with the words that made it (best match, not negated), or a miss.

        A move named like a general signal (a trial, a measure, visibility...) is also made
        when that signal was found: the objection's phrases cannot list every wording.
        """
        best: dict[str, tuple[float, int, int]] = {}
        for match in self._move_index(objection).find(analysis, MOVE_MIN_SCORE):
            if match.negated_inside or analysis.negated(match.first):
                continue
            move_id = str(match.tag)
            previous = best.get(move_id)
            candidate = (match.score, match.start, match.end)
            if previous is None or (candidate[0], -candidate[1]) > (previous[0], -previous[1]):
                best[move_id] = candidate
        hits: list[MoveHit] = []
        misses: list[MoveMiss] = []
        # A lone word ("pilot" in "pilot light") is too thin to make a move on its own.
        signals = {s.kind: s for s in reversed(strengths) if len(s.text.split()) >= 2}
        for move in objection.moves:
            found = best.get(move.id)
            signal = signals.get(MOVE_SIGNALS.get(move.id, ""))
            if found is None and signal is not None:
                found = (0.0, signal.start, signal.end)
            if found is None:
                misses.append(MoveMiss(move.id, move.name))
            else:
                _, start, end = found
                hits.append(MoveHit(move.id, move.name, start, end, analysis.text[start:end]))
        return hits, misses


# Move ids used across the content that mean the same as a general signal kind.
MOVE_SIGNALS: dict[str, str] = {
    "trial": "trial",
    "measures": "measures",
    "visibility": "visibility",
    "evidence": "evidence",
    "framework": "framework",
}


def _value(
    target: Objection | None,
    hits: list[MoveHit],
    misses: list[MoveMiss],
    strengths: list[Strength],
    flags: list[Flag],
) -> tuple[int, list[str]]:
    """The score and the lines that explain it."""
    explanation: list[str] = []
    kinds: dict[str, Strength] = {}
    for strength in strengths:
        kinds.setdefault(strength.kind, strength)
    raw = sum(SIGNAL_BY_KIND[k].points for k in kinds)
    if target is not None:
        weights = {m.id: m.weight for m in target.moves}
        total = sum(weights.values())
        made = sum(weights[h.move_id] for h in hits)
        move_points = MOVES_POINTS * made / total if total else 0.0
        strength_points = float(min(STRENGTH_CAP, raw))
        value = BASE + move_points + strength_points
        if hits:
            names = ", ".join(h.name.lower() for h in hits)
            explanation.append(
                f"+{move_points:.0f}: made {len(hits)} of {len(target.moves)} moves ({names})"
            )
        if misses:
            names = ", ".join(m.name.lower() for m in misses)
            explanation.append(f"missed: {names}")
    else:
        strength_points = min(STRENGTH_CAP_NO_OBJECTION, raw * STRENGTH_SCALE_NO_OBJECTION)
        value = BASE_NO_OBJECTION + strength_points
        explanation.append("no objection matched: scored on general signals and flags")
    if kinds:
        labels = ", ".join(SIGNAL_BY_KIND[k].label.lower() for k in kinds)
        explanation.append(f"+{strength_points:.0f}: {labels}")
    counted: dict[str, int] = {}
    for flag in flags:
        seen = counted.get(flag.kind, 0)
        counted[flag.kind] = seen + 1
        if seen >= MAX_COUNTED_PER_KIND:
            continue
        cost = SEVERITY.get(flag.kind, 10) * (REPEAT_FACTOR**seen)
        value -= cost
        explanation.append(f"-{cost:.0f}: {flag.kind} (\u201c{_clip(flag.text)}\u201d)")
    return max(0, min(100, round(value))), explanation


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
