"""Provides the session summary: outcome, scores per objection, flags and advice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sparring.core.content.models import Persona, flag_label
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
    end_reason: str | None = None
    """Why it ended: convinced, won over, too few settled, mood, ultimatum, ended by the user."""
    verdicts: tuple[Verdict, ...] = ()
    """What the manager said when each concern closed, in their own words."""
    concern_addressed: bool | None = None
    """Whether a reply spoke to the persona's hidden concern (None: no reply)."""


@dataclass(frozen=True)
class Verdict:
    """How one concern closed: convinced or lost, and the manager's words at that moment."""

    wording: str
    status: str
    said: str


# A reply under this score is never quoted as one to keep.
KEEP_FROM = 50


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
    end_reason: str | None = None,
) -> Summary:
    """Build the summary of a session from its turns and transcript."""
    flags = Counter(flag.kind for turn in turns for flag in turn.score.flags)
    # The best reply is the user's own: never one made with help, never a weak one.
    own = [t for t in turns if t.assisted is None and t.score.value >= KEEP_FROM]
    best = max(own, key=lambda t: t.score.value, default=None)
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
        end_reason=end_reason,
        verdicts=verdicts(objections, transcript),
        concern_addressed=concern_addressed(persona, turns),
    )


def verdicts(
    objections: Sequence[ObjectionState], transcript: Sequence[Entry]
) -> tuple[Verdict, ...]:
    """For each closed concern, the manager's line that closed it (or, lost, the reaction)."""
    out = []
    for state in objections:
        if state.status not in ("convinced", "conceded", "unconvinced", "open"):
            continue
        said = [
            e
            for e in transcript
            if e.speaker == "manager"
            and e.objection_id == state.objection.id
            and e.kind in ("soften", "react", "move_on", "close", "push_back")
        ]
        # Convinced: the softening line. Lost: what the reply did wrong, else the shrug.
        wanted = (
            [("soften",)] if state.status == "convinced" else [("react",), ("close",), ("move_on",)]
        )
        words = None
        for kinds in wanted:
            words = words or next((e.text for e in reversed(said) if e.kind in kinds), None)
        if words is None and said:
            words = said[-1].text
        if words:
            out.append(Verdict(state.wording, state.status, words))
    return tuple(out)


_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "her",
        "his",
        "if",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "he",
        "him",
        "nothing",
        "something",
        "going",
        "wrong",
    ]
)


def concern_addressed(persona: Persona, turns: Sequence[Turn]) -> bool | None:
    """Whether any reply spoke to the hidden concern.

    By the persona's `concern_moves` when it names them (a reply made one of those moves);
    otherwise by the concern's own words: two of its content words in one reply.
    """
    if not turns:
        return None
    if persona.concern_moves:
        wanted = set(persona.concern_moves)
        return any(hit.move_id in wanted for t in turns for hit in t.score.moves_hit)
    stems = {w[:5] for w in re.findall(r"[a-z]{4,}", persona.hidden_concern.lower())} - {
        w[:5] for w in _STOP
    }
    for turn in turns:
        words = {w[:5] for w in re.findall(r"[a-z]{4,}", turn.reply.lower())}
        if len(stems & words) >= 2:
            return True
    return False


def advice_for(score: Score) -> Advice:
    """Keep what worked, start the moves that were missing, stop the flagged phrasing."""
    keep: list[str] = []
    if score.value >= KEEP_FROM:  # never hold up a weak reply's words as ones to keep
        keep = [f"{hit.name}: \u201c{hit.text}\u201d" for hit in score.moves_hit]
        keep += [f"{s.label or s.kind}: \u201c{s.text}\u201d" for s in score.strengths]
    start = [miss.name for miss in score.moves_missed]
    stop = [
        f"\u201c{flag.text}\u201d ({flag_label(flag.kind)}): {flag.suggestion}"
        for flag in score.flags
    ]
    return Advice(tuple(keep), tuple(start), tuple(stop))


def concern_verdict(summary: Summary) -> str:
    """Whether the replies spoke to the manager's hidden concern, as one sentence."""
    if summary.concern_addressed is None:
        return "No reply was scored, so it never came up."
    if summary.concern_addressed:
        return "Your replies spoke to it."
    return "None of your replies spoke to it: that is the thing to answer next time."


STATUS_WORDS = {
    "convinced": "Convinced",
    "conceded": "You gave it up",
    "unconvinced": "Not convinced",
    "open": "Still open",
    "skipped": "Skipped",
    "not reached": "Not reached",
}
