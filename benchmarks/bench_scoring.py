"""Benchmarks per-reply scoring: built-in content (target: median under 2 ms), a reply of
2,000 characters (target: p95 under 20 ms, printed with the run) and a synthetic objection
with 10,000 move phrases (target: median under 50 ms)."""

from __future__ import annotations

import itertools
import random
import statistics
import time

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from sparring.core.content.catalog import Content
from sparring.core.content.loading import load_content
from sparring.core.content.models import Move, Objection
from sparring.core.scoring.judge import Scorer

REPLIES = [
    "That's a fair question. I'd send a short morning plan and an end-of-day summary in "
    "Slack, and we could judge it on deliverables on time and review turnaround. Let's try "
    "it for 90 days with a check-in after 30.",
    "Honestly that's ridiculous, other people work remote all the time and I've earned it.",
    "Remote Wednesdays; a written update every Friday.",
    "I need some flexibility, my commute is killing me, we'll figure it out as we go.",
    "Good point. I'd keep Monday planning in person, be online 9 to 5 on Teams, and answer "
    "urgent calls within 15 minutes. What would make you comfortable with a one-day trial "
    "next week?",
    "You're right, forget I asked. I'll just keep coming in every day.",
    "I know this is a big ask, but I'd be available 24/7 and would never miss a message, "
    "otherwise I'll start looking for another job.",
    "I tracked two weeks: 70% of my meetings were already on video. Remote Tuesdays and "
    "Thursdays would give me two focus days for the audit; a trail period of 60 days with "
    "a check-in at 30 would show whether it works.",
]


@pytest.fixture(scope="module")
def builtin() -> Content:
    return load_content()


def test_score_builtin(benchmark: BenchmarkFixture, builtin: Content) -> None:
    """One reply against one built-in objection, cycling replies and objections."""
    scorer = Scorer(builtin)
    pairs = list(itertools.product(REPLIES, builtin.objections))
    for reply, objection in pairs:  # warm the per-objection indexes, as a session would
        scorer.score(reply, objection)
    cycle = itertools.cycle(pairs)

    def one() -> int:
        reply, objection = next(cycle)
        return scorer.score(reply, objection).value

    benchmark(one)


def test_score_free_text_objection(benchmark: BenchmarkFixture, builtin: Content) -> None:
    """The objection given as the manager's own words, matched to the closest one."""
    scorer = Scorer(builtin)
    cycle = itertools.cycle(REPLIES)
    wording = "how would I even know you're getting anything done at home?"
    benchmark(lambda: scorer.score(next(cycle), wording).value)


def _long_replies(count: int, size: int = 2_000, seed: int = 5) -> list[str]:
    """Replies of `size` characters, each a different shuffle of the sample sentences."""
    rng = random.Random(seed)
    sentences = [s.strip() + "." for r in REPLIES for s in r.split(".") if s.strip()]
    out = []
    for _ in range(count):
        text = ""
        while len(text) < size:
            text += rng.choice(sentences) + " "
        out.append(text[:size])
    return out


def test_score_2000_character_reply(benchmark: BenchmarkFixture, builtin: Content) -> None:
    """A rambling reply of 2,000 characters against built-in objections; prints the p95."""
    scorer = Scorer(builtin)
    objections = itertools.cycle(builtin.objections)
    replies = _long_replies(200)
    times = []
    for reply in replies:
        started = time.perf_counter()
        scorer.score(reply, next(objections))
        times.append(time.perf_counter() - started)
    times.sort()
    print(
        f"\n2,000-character reply: median {1000 * statistics.median(times):.2f} ms,"
        f" p95 {1000 * times[int(0.95 * (len(times) - 1))]:.2f} ms"
    )
    cycle = itertools.cycle(replies)
    benchmark(lambda: scorer.score(next(cycle), next(objections)).value)


def _synthetic_bank(phrases: int = 10_000, seed: int = 7) -> Objection:
    """An objection whose moves hold `phrases` phrases of 2-4 words from a 3,000-word vocabulary."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = sorted(
        {"".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(3000)}
    )
    vocabulary += ["trial", "period", "weekly", "update", "focus", "time", "office", "days"]
    moves = []
    per_move = 200
    for index in range(phrases // per_move):
        texts = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 4)))
            for _ in range(per_move)
        ]
        moves.append(Move(id=f"move-{index}", name=f"Move {index}", phrases=texts))
    return Objection(
        id="synthetic",
        theme="bench",
        wordings=["Synthetic objection?", "Another synthetic wording?"],
        moves=moves,
        hint="h",
        model_answer="m",
        probes=["p"],
    )


def _unseen_replies(count: int, seed: int = 11) -> list[str]:
    """Replies with a fresh typo in most words, so no word was looked up before."""
    rng = random.Random(seed)
    replies = []
    for index in range(count):
        words = REPLIES[index % len(REPLIES)].split()
        for position in range(len(words)):
            if len(words[position]) > 4 and rng.random() < 0.7:
                cut = rng.randrange(1, len(words[position]) - 1)
                word = words[position]
                words[position] = word[:cut] + rng.choice("xqzj") + word[cut + 1 :]
        replies.append(" ".join(words))
    return replies


def test_score_synthetic_10k_phrases(benchmark: BenchmarkFixture, builtin: Content) -> None:
    """One reply against an objection of 10,000 phrases (index built once, then reused)."""
    bank = _synthetic_bank()
    assert sum(len(m.phrases) for m in bank.moves) == 10_000
    scorer = Scorer(builtin)
    scorer.score(REPLIES[0], bank)
    cycle = itertools.cycle(REPLIES)
    benchmark(lambda: scorer.score(next(cycle), bank).value)


def test_score_synthetic_10k_phrases_unseen_words(
    benchmark: BenchmarkFixture, builtin: Content
) -> None:
    """As above, but every reply is new (typos), so the per-word lookup cache never helps."""
    bank = _synthetic_bank()
    scorer = Scorer(builtin)
    scorer.score(REPLIES[0], bank)
    cycle = iter(_unseen_replies(3000))
    benchmark.pedantic(lambda: scorer.score(next(cycle), bank).value, rounds=2500)


def test_build_scorer(benchmark: BenchmarkFixture, builtin: Content) -> None:
    """Building the scorer once per content (rule and signal indexes)."""
    benchmark(Scorer, builtin)
