"""Every built-in manager reacts in their own words to every kind of weak reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.scoring.acts import FLAG_OF_ACT
from sparring.core.session import policy

# The flag kinds the act model knows (the built-in rules cover every one).
FLAG_KINDS = tuple(FLAG_OF_ACT.values())

ROOT = Path(__file__).resolve().parents[2]


def test_there_are_nine_builtins(builtins: Content) -> None:
    assert len(builtins.personas) == 9


@pytest.mark.parametrize("kind", FLAG_KINDS)
def test_every_builtin_has_its_own_reactions_to_every_kind(builtins: Content, kind: str) -> None:
    for persona in builtins.personas.values():
        lines = persona.lines.react.get(kind, [])  # type: ignore[call-overload]
        assert len(lines) >= 2, (persona.id, kind)
        assert not set(lines) & set(policy.DEFAULT_REACTIONS[kind]), (persona.id, kind)


def test_every_builtin_can_walk_out_and_names_moves_for_its_concern(builtins: Content) -> None:
    for persona in builtins.personas.values():
        assert len(persona.lines.walk_out) >= 2, persona.id
        moves = {m.id for pick in builtins.picks(persona) for m in pick.objection.moves}
        assert persona.concern_moves, persona.id
        assert set(persona.concern_moves) <= moves, persona.id


def test_all_their_lines_are_different(builtins: Content) -> None:
    seen: dict[str, str] = {}
    for persona in builtins.personas.values():
        for lines in persona.lines.react.values():
            for line in [*lines, *persona.lines.walk_out]:
                assert seen.setdefault(line, persona.id) == persona.id, line
