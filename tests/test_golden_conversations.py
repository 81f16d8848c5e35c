"""Golden conversations: scripted replies to every built-in manager, seeded, compared as
event lists (the `practice --plain --jsonl` stream), plus what each script must show.

After a deliberate change to the judge or the manager, refresh the goldens with
`make goldens` (SPARRING_UPDATE_GOLDENS=1) and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sparring.core.content.catalog import Content
from sparring.core.scoring.judge import Scorer
from sparring.core.session.engine import Session
from sparring.plain_jsonl import JsonlRunner

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("SPARRING_UPDATE_GOLDENS") == "1"
WEAK = "I don't know, we'll figure it out somehow."
CAVE = "You're right, forget it. I'll just stay in the office."
ULTIMATUM = "If the answer is no, I'll start looking for another job."

Script = Callable[[Session, int], list[str]]


def strong(session: Session, turn: int) -> list[str]:
    assert session.current is not None
    return [session.current.model_answer]


def weak(session: Session, turn: int) -> list[str]:
    return [WEAK]


def cave(session: Session, turn: int) -> list[str]:
    return [CAVE] if turn == 0 else strong(session, turn)


def ultimatum(session: Session, turn: int) -> list[str]:
    return [ULTIMATUM] if turn == 1 else strong(session, turn)


def assisted(session: Session, turn: int) -> list[str]:
    # The hint before one reply, the previous model answer before the next.
    return ["/hint" if turn % 2 == 0 else "/model", *strong(session, turn)]


SCRIPTS: dict[str, Script] = {
    "strong": strong,
    "weak": weak,
    "cave": cave,
    "ultimatum": ultimatum,
    "assisted": assisted,
}


def play(content: Content, scorer: Scorer, persona_id: str, script: Script) -> list[dict[str, Any]]:
    """One seeded session driven by a script that reads the objection on the table."""
    session = Session(content.personas[persona_id], content, scorer, seed=7)
    out = io.StringIO()

    def lines() -> Iterator[str]:
        turn = 0
        while not session.finished and turn < 40:
            yield from script(session, turn)
            turn += 1

    JsonlRunner(session, out).run(lines())
    return [json.loads(line) for line in out.getvalue().splitlines()]


BUILTIN_IDS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(SCRIPTS))
@pytest.mark.parametrize("persona_id", BUILTIN_IDS)
def test_golden_conversation(builtins, builtin_scorer, persona_id: str, name: str) -> None:
    events = play(builtins, builtin_scorer, persona_id, SCRIPTS[name])
    path = GOLDEN / f"{persona_id}-{name}.jsonl"
    text = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in events)
    if UPDATE or not path.exists():
        assert UPDATE, f"{path.name} is missing: run `make goldens`"
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs: see `make goldens`"
    end = events[-1]
    persona = builtins.personas[persona_id]
    scores = [e for e in events if e["event"] == "score"]
    reactions = [e["reason"]["act"] for e in events if e.get("kind") == "react"]
    if name == "strong":
        assert end["outcome"] == "trial" and end["reason"] in ("convinced", "won over")
    elif name == "weak":
        assert end["outcome"] == "no-deal"
        assert "vague" in reactions
    elif name == "cave":
        assert reactions[0] == "caves"
    elif name == "ultimatum":
        assert "ultimatum" in reactions
        if persona.temperament.calls_bluff:
            assert end["reason"] != "ultimatum"
        else:
            assert (end["outcome"], end["reason"]) == ("no-deal", "ultimatum")
    elif name == "assisted":
        assert {s["assisted"] for s in scores} >= {"hint", "model"}


def test_every_builtin_is_covered() -> None:
    assert len(BUILTIN_IDS) >= 9
