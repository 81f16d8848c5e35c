"""Provides the verdict as the feedback card tells it: what to fix first, then what worked.

A `Score` lists every flag and every move; a user reading it at 80 columns needs the
number, the one or two things that would raise it most, and then the rest. `verdict`
orders and merges: one entry per flag kind (all its phrases together, the worst kind
first: the one that capped the score, then the costliest), one per missed move (the
heaviest first, with phrasings that would make it), one per move made and per kind of
strength.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sparring.core.content.models import Objection
from sparring.core.scoring.score import Flag, Score

EXAMPLES_PER_MOVE = 2


@dataclass(frozen=True)
class Fix:
    """One thing to change: a flag kind with its phrases, or a missed move."""

    kind: str
    """The flag kind ("defensive"), or "move" for a missed move."""
    title: str
    """What to show as the entry's name: the flag kind, or the move's name."""
    quotes: tuple[str, ...]
    """The phrases of the reply that earned the flag (none for a move)."""
    advice: str
    """A flag's suggestion; for a move, phrasings that would make it (may be empty)."""
    why: str = ""
    """Why it hurts (a flag's reason; empty for a move)."""


@dataclass(frozen=True)
class Worked:
    """One thing that worked: a move made or a kind of strength, with the words that did it."""

    label: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """The card's content, in the order it is read."""

    value: int
    band: str
    capped_by: str | None
    first: tuple[Fix, ...]
    """The one or two things to fix first: the worst flag, the most important missed move."""
    rest: tuple[Fix, ...]
    """Every other flag kind and missed move, worst first."""
    worked: tuple[Worked, ...]


def verdict(score: Score, objection: Objection | None = None) -> Verdict:
    """Order and merge the score's findings as the card shows them."""
    flags = _flag_fixes(score)
    moves = _move_fixes(score, objection)
    first = tuple(fixes[0] for fixes in (flags, moves) if fixes)
    rest = tuple(flags[1:] + moves[1:])
    return Verdict(
        value=score.value,
        band=score.band,
        capped_by=score.capped_by,
        first=first,
        rest=rest,
        worked=_worked(score),
    )


def _flag_fixes(score: Score) -> list[Fix]:
    by_kind: dict[str, list[Flag]] = {}
    for flag in sorted(score.flags, key=lambda f: f.start):
        by_kind.setdefault(flag.kind, []).append(flag)

    def worst_first(kind: str) -> tuple[bool, int]:
        return (kind != score.capped_by, -by_kind[kind][0].severity)

    fixes = []
    for kind in sorted(by_kind, key=worst_first):
        group = by_kind[kind]
        lead = group[0]
        fixes.append(
            Fix(
                kind=kind,
                title=lead.name,
                quotes=_unique(f.text for f in group),
                advice=lead.suggestion,
                why=lead.why or lead.message,
            )
        )
    return fixes


def _move_fixes(score: Score, objection: Objection | None) -> list[Fix]:
    moves = {m.id: (index, m) for index, m in enumerate(objection.moves)} if objection else {}
    seen: set[str] = set()
    missed = []
    for miss in score.moves_missed:
        if miss.move_id not in seen:
            seen.add(miss.move_id)
            missed.append(miss)

    def heaviest_first(move_id: str) -> tuple[float, int]:
        if move_id not in moves:
            return (0.0, len(moves))
        index, move = moves[move_id]
        return (-move.weight, index)

    fixes = []
    for miss in sorted(missed, key=lambda m: heaviest_first(m.move_id)):
        examples = (
            moves[miss.move_id][1].phrases[:EXAMPLES_PER_MOVE] if miss.move_id in moves else []
        )
        advice = " or ".join(f"\u201c{phrase}\u201d" for phrase in examples)
        fixes.append(Fix("move", miss.name, (), advice))
    return fixes


def _worked(score: Score) -> tuple[Worked, ...]:
    entries: dict[str, list[str]] = {}
    for hit in score.moves_hit:
        entries.setdefault(hit.name, []).append(hit.text)
    for strength in score.strengths:
        entries.setdefault(strength.label or strength.kind, []).append(strength.text)
    return tuple(Worked(label, _outermost(_unique(quotes))) for label, quotes in entries.items())


def _outermost(quotes: tuple[str, ...]) -> tuple[str, ...]:
    """The quotes without those that sit inside another ("Try it for" in "Try it for six
    weeks?"): a move and a strength of the same name, found in the same words, are quoted
    once."""
    keys = [_key(q) for q in quotes]
    return tuple(
        quote
        for quote, key in zip(quotes, keys, strict=True)
        if not any(key != other and key in other for other in keys)
    )


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts in order, each once (case and spacing aside)."""
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(_key(text), text)
    return tuple(seen.values())


def _key(text: str) -> str:
    """A quote as compared: case and spacing aside."""
    return " ".join(text.lower().split())
