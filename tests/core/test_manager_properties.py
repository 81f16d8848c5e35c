"""Properties of the manager over many seeded sessions with generated replies: no probe
asks for a move the reply it answers made, no probe repeats, and a deal holds only terms
the user proposed."""

from __future__ import annotations

import random
import re
from pathlib import Path

from sparring.core.content.catalog import Content
from sparring.core.scoring.judge import Scorer
from sparring.core.session.engine import Session

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = 80
FRAGMENTS = (
    "That's a fair worry.",
    "I'd be online 9 to 5 and on Slack.",
    "We could try it for six weeks and review it together.",
    "I'd work from home on Tuesdays and Thursdays.",
    "I'd send a short update every Friday.",
    "Honestly, I just want to avoid the commute.",
    "Sorry, I know it's a lot to ask.",
    "We'll figure it out as we go.",
    "Fine, forget it.",
    "Everyone else gets to do it, so why not me?",
    "I'll always answer within a minute, day or night.",
    "What would you need to see to feel comfortable?",
)


def generated_reply(rng: random.Random, session: Session) -> str:
    """Fragments of stock replies mixed with sentences of the objection's model answer."""
    assert session.current is not None
    model = re.split(r"(?<=[.!?])\s+", session.current.model_answer)
    pool = list(FRAGMENTS) + model
    return " ".join(rng.sample(pool, rng.randint(1, 3)))


def sessions(builtins: Content, scorer: Scorer):
    rng = random.Random(2026)
    ids = sorted(builtins.personas)
    for n in range(SESSIONS):
        persona = builtins.personas[ids[n % len(ids)]]
        session = Session(persona, builtins, scorer, seed=n)
        replies: list[str] = []
        scored = []
        while not session.finished and len(replies) < 30:
            reply = generated_reply(rng, session)
            result = session.reply(reply)
            replies.append(reply)
            scored.append(result)
        yield session, replies, scored


def test_no_probe_asks_for_a_move_the_reply_made_and_none_repeats(builtins, builtin_scorer) -> None:
    for session, _replies, results in sessions(builtins, builtin_scorer):
        asked: list[str] = []
        for result in results:
            made = {hit.move_id for hit in result.score.moves_hit}
            for entry in result.lines:
                if entry.kind != "probe":
                    continue
                if entry.reason is not None:
                    assert entry.reason[1] not in made, (session.seed, entry.text)
                asked.append(f"{entry.objection_id}\n{entry.text}")
        assert len(asked) == len(set(asked)), session.seed


def test_a_deal_holds_only_terms_the_user_proposed(builtins, builtin_scorer) -> None:
    deals = 0
    for session, replies, _results in sessions(builtins, builtin_scorer):
        if session.outcome != "trial":
            continue
        deals += 1
        said = " ".join(replies).lower()
        terms = session.terms or ""
        for day in re.findall(r"(mon|tues|wednes|thurs|fri)day", terms.lower()):
            assert f"{day}day" in said, (session.seed, terms)
        for number in re.findall(r"\b(\d+|six|four|ninety|thirty)\b", terms.lower()):
            assert number in said, (session.seed, terms)
        if "check-in" in terms:
            assert re.search(r"check|review|update", said), (session.seed, terms)
        agree = session.transcript[-1].text
        assert agree[0].isupper(), agree
        assert terms[:1].lower() + terms[1:] in agree or terms[:1].upper() + terms[1:] in agree
    assert deals >= 5  # the generated replies do win some deals, so the check has teeth
