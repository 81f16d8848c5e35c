"""A reply that tries to answer but gives the manager nothing to check is vague as a whole."""

from __future__ import annotations

from typing import Any

import pytest

from sparring.core.scoring import flagging

OBJECTION = "how-will-i-know-youre-working"


def _vague(scorer: Any, reply: str) -> list[Any]:
    return [f for f in scorer.score(reply, OBJECTION).flags if f.kind == "vague"]


@pytest.mark.parametrize(
    "reply",
    [
        "I'll stay on top of everything and keep things moving, it will all be fine.",
        "Honestly I'm a hard worker and I'll make sure it all works out somehow.",
    ],
)
def test_an_answer_with_nothing_checkable_gets_one_vague_flag(
    builtin_scorer: Any, reply: str
) -> None:
    flags = _vague(builtin_scorer, reply)
    assert len(flags) == 1
    assert flags[0].why, "the flag says why"


@pytest.mark.parametrize(
    "reply",
    [
        "Fair question. I'd post a plan in Slack by 9:30 and a recap at five, and we"
        " judge it on tickets closed over a six-week trial.",
        "That's fair: a daily update on Teams, and my deadlines stay the same.",
    ],
)
def test_a_concrete_answer_gets_no_vague_flag(builtin_scorer: Any, reply: str) -> None:
    assert _vague(builtin_scorer, reply) == []


def test_the_whole_reply_flag_can_be_switched_off(
    builtin_scorer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    reply = "I'll stay on top of everything and keep things moving, it will all be fine."
    monkeypatch.setattr(flagging, "UNCHECKABLE", 0.0)
    flags = builtin_scorer.score(reply, OBJECTION).flags
    assert all(f.why != flagging.UNCHECKABLE_WHY for f in flags)
