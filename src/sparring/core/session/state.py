"""Provides the part of a session that a retry rewinds, and what the engine needs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.score import Score
from sparring.core.scoring.terms import Terms
from sparring.core.session.records import Entry, ObjectionState


class Scores(Protocol):
    """What the engine needs from the scorer."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        """Judge one reply to one objection."""
        ...


@dataclass
class State:
    """The part of a session that a retry rewinds."""

    transcript: list[Entry]
    plan_index: int
    mood: float
    prompt: str
    prompt_probe: int
    assisted: str | None
    finished: bool
    outcome: str | None
    terms: str | None
    statuses: list[ObjectionState]
    last_objection_id: str | None = None
    heard: Terms = dataclasses.field(default_factory=Terms)
    """Everything the user offered so far (days, hours, channels, trial, check-ins)."""
    heard_under: str | None = None
    """The objection under which a schedule was first offered, to refer back to it."""
    recalled: bool = False
    end_reason: str | None = None


class Action(Exception):
    """An action that is not possible right now; the message says why."""


def snapshot(state: State) -> State:
    """A copy deep enough to rewind: lists copied, the frozen models shared."""
    statuses = [dataclasses.replace(s, turns=list(s.turns)) for s in state.statuses]
    return dataclasses.replace(state, transcript=list(state.transcript), statuses=statuses)
