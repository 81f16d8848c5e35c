"""Tests for probes keyed to moves: asked for a missed move, weightiest first, never twice."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from sparring.core.content.models import Objection
from sparring.core.scoring.score import MoveHit, MoveMiss, Score
from sparring.core.session.policy import Policy

MOVES = [
    {"id": "acknowledge", "name": "Acknowledges", "phrases": ["fair point", "good question"]},
    {"id": "days", "name": "Names days", "phrases": ["on tuesdays", "on thursdays"], "weight": 2},
    {"id": "trial", "name": "Trial", "phrases": ["a trial", "a pilot"], "weight": 3},
]


def objection(probes: list[object]) -> Objection:
    return Objection.model_validate(
        {
            "id": "o",
            "theme": "t",
            "wordings": ["a?", "b?"],
            "moves": MOVES,
            "hint": "h",
            "model_answer": "m",
            "probes": probes,
        }
    )


def score(missed: list[str]) -> Score:
    hit = tuple(MoveHit(m["id"], m["name"], "x", 0, 1) for m in MOVES if m["id"] not in missed)
    miss = tuple(MoveMiss(m, m) for m in missed)
    return Score(10, "weak", "o", "reply", moves_hit=hit, moves_missed=miss)


KEYED = [
    "Anything else?",
    {"move": "acknowledge", "text": "Did you hear my worry?"},
    {"move": "days", "text": "Which days?"},
    {"move": "trial", "text": "How would we test it?"},
]


def test_plain_string_probes_still_load_as_probes_for_no_move() -> None:
    probes = objection(["Really?", "And then?"]).probes
    assert [(p.move, p.text) for p in probes] == [(None, "Really?"), (None, "And then?")]


def test_probe_naming_a_move_the_objection_lacks_is_refused() -> None:
    with pytest.raises(ValidationError, match="probe move 'nope' is not a move"):
        objection([{"move": "nope", "text": "Eh?"}])


def test_probe_asks_for_the_weightiest_missed_move_first() -> None:
    policy = Policy(random.Random(1))
    probe = policy.probe(objection(KEYED), score(["acknowledge", "days", "trial"]))
    assert probe is not None and probe.move == "trial"


def test_probe_never_asks_for_a_move_the_reply_made() -> None:
    policy = Policy(random.Random(1))
    probe = policy.probe(objection(KEYED), score(["acknowledge"]))
    assert probe is not None and probe.move == "acknowledge"


def test_probe_is_never_repeated_in_a_session() -> None:
    policy = Policy(random.Random(1))
    obj = objection(KEYED)
    asked = [policy.probe(obj, score(["days", "trial"])) for _ in range(5)]
    texts = [p.text for p in asked if p is not None]
    assert texts == ["How would we test it?", "Which days?", "Anything else?"]
    assert asked[3:] == [None, None]


def test_with_every_move_made_only_a_probe_for_no_move_is_asked() -> None:
    policy = Policy(random.Random(1))
    probe = policy.probe(objection(KEYED), score([]))
    assert probe is not None and probe.move is None
