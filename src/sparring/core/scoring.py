"""Provides the scorer: a reply to an objection -> score, band, moves, flags, strengths.

BASELINE: move matching only. The scoring issue replaces the internals; the public
API (Scorer, Scorer.resolve, Scorer.score, EmptyReply) stays.
"""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from sparring.core.content import Content
from sparring.core.models import Objection, Persona
from sparring.core.results import MoveHit, MoveMiss, Score, band_for


class EmptyReply(ValueError):
    """A reply with nothing to score."""


class Scorer:
    """Scores replies against the loaded content."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def resolve(self, objection: str | Objection | None) -> Objection | None:
        """An objection from an id, an Objection, or a manager's free-text wording."""
        if objection is None or isinstance(objection, Objection):
            return objection
        if objection in self.content.objections:
            return self.content.objections[objection]
        best: tuple[float, Objection | None] = (0.0, None)
        for candidate in self.content.objections.values():
            for wording in candidate.wordings:
                ratio = fuzz.token_set_ratio(objection, wording, processor=utils.default_process)
                if ratio > best[0]:
                    best = (ratio, candidate)
        return best[1] if best[0] >= 60 else None

    def score(
        self,
        reply: str,
        objection: str | Objection | None = None,
        persona: Persona | None = None,
    ) -> Score:
        """Judge one reply."""
        if not reply.strip():
            raise EmptyReply("the reply is empty")
        target = self.resolve(objection)
        hits: list[MoveHit] = []
        misses: list[MoveMiss] = []
        if target is not None:
            for move in target.moves:
                found = None
                for phrase in move.phrases:
                    match = fuzz.partial_ratio_alignment(
                        phrase, reply, processor=utils.default_process
                    )
                    if match is not None and match.score >= 85:
                        found = match
                        break
                if found is None:
                    misses.append(MoveMiss(move.id, move.name))
                else:
                    start, end = found.dest_start, found.dest_end
                    hits.append(MoveHit(move.id, move.name, start, end, reply[start:end]))
            total = len(target.moves)
            value = round(100 * len(hits) / total) if total else 0
        else:
            value = 0
        return Score(
            value=value,
            band=band_for(value),
            objection_id=target.id if target else None,
            reply=reply,
            moves_hit=tuple(hits),
            moves_missed=tuple(misses),
        )
