"""Provides the session's records: transcript entries, objection states and reply results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sparring.core.content.models import Objection
from sparring.core.scoring.score import Score, Turn

Speaker = Literal["manager", "user", "note"]
Status = Literal["convinced", "conceded", "unconvinced", "skipped", "open", "not reached"]
Reason = tuple[Literal["move", "act"], str]


@dataclass(frozen=True)
class Entry:
    """One line of the transcript: who said it, what, and why."""

    speaker: Speaker
    text: str
    kind: str
    objection_id: str | None = None
    reason: Reason | None = None
    """Why the manager said it: ("move", id) for a probe, ("act", flag kind) for a reaction."""


@dataclass
class ObjectionState:
    """How one planned objection went."""

    objection: Objection
    wording: str
    status: Status = "not reached"
    turns: list[int] = field(default_factory=list)
    probes_used: int = 0


@dataclass(frozen=True)
class ReplyResult:
    """What one reply did: the scored turn and the manager's lines that answer it."""

    turn: Turn
    lines: tuple[Entry, ...]

    @property
    def score(self) -> Score:
        """The verdict on the reply."""
        return self.turn.score
