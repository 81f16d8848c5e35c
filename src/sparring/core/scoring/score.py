"""Provides the verdict on one reply: score, band, moves, flags and strengths."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from sparring.core.content.kinds import default_label

BANDS: tuple[tuple[int, str], ...] = (
    (90, "excellent"),
    (75, "strong"),
    (50, "getting there"),
    (0, "needs work"),
)


# Flag fields `score --json` leaves out: the rule id is `rule` there, and the kind's label
# and severity are facts of the content, not of the reply.
_NOT_IN_JSON = frozenset({"rule_id", "label", "severity"})


def band_for(value: int) -> str:
    """Name the band a score falls in."""
    for floor, name in BANDS:
        if value >= floor:
            return name
    return BANDS[-1][1]


@dataclass(frozen=True)
class Flag:
    """A phrasing that hurts, where it is in the reply, and what to say instead."""

    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str
    rule_id: str = ""
    act: str = ""
    """The act of the clause that earned the flag (challenge, cave, threaten...)."""
    clause_start: int = -1
    clause_end: int = -1
    """The clause that earned the flag, as offsets into the reply."""
    why: str = ""
    """Why this clause earned it, in one sentence."""
    also: tuple[str, ...] = ()
    """Other rules that found the same problem in the same clause (one entry per problem)."""
    label: str = ""
    """How the flag's kind is named to the user, as its rules declare it."""
    severity: int = 0
    """Score points the kind's first flag costs, as its rules declare it (the feedback card
    puts the costliest first)."""

    @property
    def name(self) -> str:
        """The kind's name to show: its label, or the kind itself (a flag saved without one)."""
        return self.label or default_label(self.kind)


@dataclass(frozen=True)
class Strength:
    """A general good signal found in the reply."""

    kind: str
    start: int
    end: int
    text: str
    label: str = ""


@dataclass(frozen=True)
class MoveHit:
    """A move of the objection that the reply made, and the words that made it."""

    move_id: str
    name: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MoveMiss:
    """A move of the objection that the reply did not make."""

    move_id: str
    name: str


@dataclass(frozen=True)
class Score:
    """The verdict on one reply to one objection."""

    value: int
    band: str
    objection_id: str | None
    reply: str
    moves_hit: tuple[MoveHit, ...] = ()
    moves_missed: tuple[MoveMiss, ...] = ()
    flags: tuple[Flag, ...] = ()
    strengths: tuple[Strength, ...] = ()
    explanation: tuple[str, ...] = field(default_factory=tuple)
    objection_confidence: float | None = None
    """How sure the match of a free-text objection was (1.0 for an id, None for none)."""
    acts: tuple[tuple[int, int, str], ...] = ()
    """Each clause of the reply as (start, end, act)."""
    capped_by: str | None = None
    """The flag kind whose act capped the score, if one did."""

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of `sparring score --json` and `--jsonl`."""
        return {
            "score": self.value,
            "band": self.band,
            "objection_id": self.objection_id,
            "objection_confidence": self.objection_confidence,
            "flags": [
                {k: v for k, v in asdict(f).items() if k not in _NOT_IN_JSON} | {"rule": f.rule_id}
                for f in self.flags
            ],
            "strengths": [
                {"kind": s.kind, "start": s.start, "end": s.end, "text": s.text}
                for s in self.strengths
            ],
            "moves_hit": [asdict(m) for m in self.moves_hit],
            "moves_missed": [asdict(m) for m in self.moves_missed],
            "explanation": list(self.explanation),
            "capped_by": self.capped_by,
        }


@dataclass(frozen=True)
class Turn:
    """One finished exchange: what the manager said, the reply, and its verdict.

    A retried reply is recorded again with the same `index` and replaces the earlier one.
    """

    index: int
    objection_id: str | None
    theme: str | None
    manager_line: str
    reply: str
    score: Score
    hinted: bool = False
    probe: int = 0
    at: float = 0.0
    assisted: str | None = None
    """"hint" or "model" when the user saw the hint or a model answer before replying."""

    def __post_init__(self) -> None:
        # `hinted` is kept for older callers and rows: it says the same as `assisted`.
        if self.hinted and self.assisted is None:
            object.__setattr__(self, "assisted", "hint")
        elif self.assisted is not None and not self.hinted:
            object.__setattr__(self, "hinted", True)


OUTCOMES = ("trial", "no-deal", "ended")
# How an assisted turn is marked wherever it is shown.
ASSISTED_LABELS = {"hint": "hint used", "model": "after the model answer"}


def assisted_label(turn: Turn) -> str | None:
    """ "hint used" or "after the model answer" for an assisted turn, else None."""
    if turn.assisted:
        return ASSISTED_LABELS.get(turn.assisted, turn.assisted)
    return ASSISTED_LABELS["hint"] if turn.hinted else None


class Recorder(Protocol):
    """Keeps turns as they happen (the history store implements it)."""

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        """Open a session record and return its id."""
        ...

    def record_turn(self, session_id: int, turn: Turn) -> None:
        """Save one finished turn at once (same index again: replace it)."""
        ...

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        """Close a session with its outcome: one of OUTCOMES."""
        ...


class NullRecorder:
    """Keeps nothing: `--no-save`."""

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        """Return a dummy id."""
        return 0

    def record_turn(self, session_id: int, turn: Turn) -> None:
        """Drop the turn."""

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        """Drop the outcome."""
