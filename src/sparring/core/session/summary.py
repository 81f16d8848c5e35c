"""Provides the session summary: outcome, scores per objection, flags and advice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sparring.core.content.models import Persona
from sparring.core.scoring.score import Score, Turn
from sparring.core.session.records import Entry, ObjectionState


@dataclass(frozen=True)
class Advice:
    """What to keep, start and stop doing, drawn from one reply."""

    keep: tuple[str, ...]
    start: tuple[str, ...]
    stop: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Everything the summary screen and the export show."""

    persona: Persona
    outcome: str | None
    terms: str | None
    closing_line: str | None
    mood: int
    average: int | None
    objections: tuple[ObjectionState, ...]
    turns: tuple[Turn, ...]
    flags_by_kind: tuple[tuple[str, int], ...]
    best: Turn | None
    weakest: Turn | None
    best_advice: Advice | None
    weakest_advice: Advice | None
    transcript: tuple[Entry, ...]
    seed: int


def summarise(
    persona: Persona,
    *,
    outcome: str | None,
    terms: str | None,
    finished: bool,
    mood: int,
    average: int | None,
    objections: Sequence[ObjectionState],
    turns: Sequence[Turn],
    transcript: Sequence[Entry],
    seed: int,
) -> Summary:
    """Build the summary of a session from its turns and transcript."""
    flags = Counter(flag.kind for turn in turns for flag in turn.score.flags)
    best = max(turns, key=lambda t: t.score.value, default=None)
    weakest = min(turns, key=lambda t: t.score.value, default=None)
    if weakest is best:
        weakest = None
    closing = None
    if finished and transcript and transcript[-1].speaker == "manager":
        closing = transcript[-1].text
    return Summary(
        persona=persona,
        outcome=outcome,
        terms=terms,
        closing_line=closing,
        mood=mood,
        average=average,
        objections=tuple(objections),
        turns=tuple(turns),
        flags_by_kind=tuple(flags.most_common()),
        best=best,
        weakest=weakest,
        best_advice=advice_for(best.score) if best else None,
        weakest_advice=advice_for(weakest.score) if weakest else None,
        transcript=tuple(transcript),
        seed=seed,
    )


def advice_for(score: Score) -> Advice:
    """Keep what worked, start the moves that were missing, stop the flagged phrasing."""
    keep = [f"{hit.name}: \u201c{hit.text}\u201d" for hit in score.moves_hit]
    keep += [f"{s.label or s.kind}: \u201c{s.text}\u201d" for s in score.strengths]
    start = [miss.name for miss in score.moves_missed]
    stop = [f"\u201c{flag.text}\u201d ({flag.kind}): {flag.suggestion}" for flag in score.flags]
    return Advice(tuple(keep), tuple(start), tuple(stop))
