"""Provides the manager's policy: thresholds, how the mood moves, which line comes next."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sparring.core.content.catalog import Content
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
# Which flag the manager reacts to when a reply has several: the one that hurts most.
REACT_ORDER: tuple[str, ...] = (
    "ultimatum",
    "caves",
    "defensive",
    "overpromise",
    "i-need-opener",
    "personal-first",
    "apologetic",
    "vague",
)
# What any manager says to what a reply did, for a persona that has no line of its own.
DEFAULT_REACTIONS: dict[str, tuple[str, ...]] = {
    "defensive": (
        "I'm not attacking you; I'm asking a question.",
        "There's no need to get defensive. It's a fair thing to ask.",
    ),
    "ultimatum": (
        "If that's where we are, then this conversation is over.",
        "I don't respond well to threats. We're done here.",
    ),
    "caves": (
        "Alright, if you're happy to drop it, we'll leave things as they are.",
        "Fine by me. The office it is, then.",
    ),
    "i-need-opener": (
        "I hear what you want. What's in it for the team?",
        "That's your side of it. Tell me how it works for the business.",
    ),
    "personal-first": (
        "I'm glad it would suit you, but that's not my question.",
        "That's good for you. How is it good for the work?",
    ),
    "apologetic": (
        "You don't need to apologise. Just tell me how it would work.",
        "No need to be sorry. Give me the plan.",
    ),
    "vague": (
        "Which days, exactly? And how would I know it's working?",
        "Be specific. What, when, and how would I see it?",
    ),
    "overpromise": (
        "Nobody's on 24/7. Tell me something you can actually keep.",
        "Come on, nobody can promise that. What's realistic?",
    ),
}
# Said when a bluffing ultimatum does not end the meeting.
CALL_BLUFF = ("That's your call to make. Threats won't get you a yes here, though.",)
DEFAULT_WALK_OUT = (
    "I don't think this is going anywhere today. Let's stop here.",
    "Honestly, I'm less comfortable now than when we started. Let's leave it.",
)
# Why there is no deal, in any manager's words, said after the persona's no-deal line.
NO_DEAL_BECAUSE = {
    "too few settled": "Too many of my concerns are still open.",
    "mood": "You had some answers, but how this went leaves me uneasy.",
}
# A strong reply that already names the outcome's conditions ends the talk early:
# the share of planned concerns that must be settled first.
WON_OVER_SHARE = 0.5


def reaction_kind(score: Score) -> str | None:
    """The flag the manager reacts to: the one that hurts most, or None."""
    kinds = {flag.kind for flag in score.flags}
    return next((kind for kind in REACT_ORDER if kind in kinds), None)


def fill(line: str, terms: str) -> str:
    """Put the terms into a line, capitalised where they open a sentence."""
    head, sep, tail = line.partition("{terms}")
    if not sep:
        return line
    if not head.strip() or head.rstrip().endswith((".", "!", "?", ":")):
        terms = terms[:1].upper() + terms[1:]
    return head + terms + fill(tail, terms[:1].lower() + terms[1:])


def sentence(text: str) -> str:
    """Text as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


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

    def line(self, lines: Sequence[str], kind: str, default: Sequence[str] = ()) -> str:
        """A random line, not the same as the last one of its kind when there is a choice."""
        lines = list(lines) or list(default)
        choices = [line for line in lines if line != self._last_lines.get(kind)] or lines
        if not choices:
            return DEFAULT_MOVE_ON
        line = self.rng.choice(choices)
        self._last_lines[kind] = line
        return line

    def react(self, persona: Persona, kind: str) -> str:
        """The manager's reaction to a reply that did `kind` (a flag kind)."""
        own = persona.lines.react.get(kind, [])  # type: ignore[call-overload]
        return self.line(own, f"react:{kind}", DEFAULT_REACTIONS.get(kind, ()))

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


def plan(
    content: Content,
    persona: Persona,
    rng: random.Random,
    objection_ids: Sequence[str] | None = None,
) -> list[Objection]:
    """The objections to raise: given ids, or the persona's mix, signature first."""
    if objection_ids:
        return [content.objections[i] for i in objection_ids]
    picks = content.picks(persona)
    chosen = [p.objection for p in picks if p.first]
    rest = [p for p in picks if not p.first]
    while rest and len(chosen) < persona.rounds:
        pick = rng.choices(rest, weights=[p.weight for p in rest])[0]
        chosen.append(pick.objection)
        rest.remove(pick)
    return chosen[: max(persona.rounds, 1)]
