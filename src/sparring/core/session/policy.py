"""Provides the manager's policy: thresholds, how the mood moves, which line comes next."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sparring.core.content.models import Objection, Persona, Probe
from sparring.core.scoring.score import Score

# A reply at or above this score convinces the manager; harder managers want more.
STRONG_AT: dict[str, int] = {"easy": 60, "medium": 70, "hard": 80}
# The mood the manager must end in to agree to a trial.
TRIAL_MOOD: dict[str, int] = {"easy": 50, "medium": 58, "hard": 65}
# How a good reply (first) and a bad one (second) move the mood, by difficulty.
FORGIVENESS: dict[str, tuple[float, float]] = {
    "easy": (1.25, 0.75),
    "medium": (1.0, 1.0),
    "hard": (0.75, 1.35),
}
# Mood gained when a reply convinces, on top of what its score gives.
CONVINCED_BONUS = 5.0
# Every concern raised put to rest lowers the mood a trial needs by this much.
ALL_CONVINCED_RELIEF = 15
# Phrasings that cost goodwill beyond what the score already says.
FLAG_COST: dict[str, float] = {"ultimatum": 10.0, "defensive": 4.0, "caves": 3.0}
DEFAULT_MOVE_ON = "Let's leave that there for now."
FALLBACK_TERMS = "a trial"


def strong_at(persona: Persona) -> int:
    """The score a reply needs to convince this manager."""
    return STRONG_AT.get(persona.difficulty, 70)


def mood_after(mood: float, score: Score, persona: Persona) -> float:
    """The manager's mood once a reply with this score has landed."""
    up, down = FORGIVENESS.get(persona.difficulty, (1.0, 1.0))
    delta = (score.value - 50) / 3.5
    delta *= up if delta > 0 else down
    if score.value >= strong_at(persona):
        delta += CONVINCED_BONUS  # a concern put to rest counts beyond the words
    delta -= sum(FLAG_COST.get(flag.kind, 1.0) for flag in score.flags)
    return clamp(mood + delta * persona.temperament.volatility)


def clamp(value: float) -> float:
    """Keep a mood within 0 to 100."""
    return max(0.0, min(100.0, value))


class Policy:
    """Chooses the manager's lines, never the same one twice running when there is a choice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._last_lines: dict[str, str] = {}
        self._asked: set[str] = set()

    def line(self, lines: Sequence[str], kind: str) -> str:
        """A random line, not the same as the last one of its kind when there is a choice."""
        choices = [line for line in lines if line != self._last_lines.get(kind)] or list(lines)
        if not choices:
            return DEFAULT_MOVE_ON
        line = self.rng.choice(choices)
        self._last_lines[kind] = line
        return line

    def probe(self, objection: Objection, score: Score) -> Probe | None:
        """A probe for a move the reply missed, the weightiest first, never one asked before.

        With no keyed probe left for a missed move, a probe keyed to no move; None when
        every probe of the objection has been asked this session.
        """
        missed = {miss.move_id for miss in score.moves_missed}
        weight = {move.id: move.weight for move in objection.moves}
        order = {move.id: i for i, move in enumerate(objection.moves)}
        fresh = [p for p in objection.probes if _key(objection, p) not in self._asked]
        keyed = sorted(
            (p for p in fresh if p.move in missed),
            key=lambda p: (-weight[p.move or ""], order[p.move or ""]),
        )
        plain = [p for p in fresh if p.move is None]
        chosen = keyed[0] if keyed else (self.rng.choice(plain) if plain else None)
        if chosen is not None:
            self._asked.add(_key(objection, chosen))
        return chosen


def _key(objection: Objection, probe: Probe) -> str:
    return f"{objection.id}\n{probe.text}"
