"""The labelled case suite: flag kinds, good against bad replies, length is not quality.

Cases live in tests/core/cases/ as YAML:
- flags.yaml: per flag kind, replies that must carry it (`fire`) and must not (`quiet`);
- objections/*.yaml: per built-in objection (by id, or in a manager's own words), `good`
  replies (no flags) and `bad` ones (with the flags each must carry), and `length` pairs (a
  terse concrete proposal that must beat a long, fluent, weak ramble).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from sparring.core.content.catalog import Content
from sparring.core.scoring.acts import FLAG_OF_ACT
from sparring.core.scoring.judge import Scorer

# The flag kinds the act model knows (the built-in rules cover every one).
FLAG_KINDS = tuple(FLAG_OF_ACT.values())

CASES = Path(__file__).resolve().parent / "cases"
MIN_PER_KIND = 10
MIN_REPLIES = 150
MODEL_ANSWER_FLOOR = 75
# The judge reads meaning, so it is held to rates on this suite, not to every line: these
# replies were written beside the old phrase rules, and a few of them are the coach's call
# (is "I need to be honest with you" an I-need opener?). Each floor is per kind or per
# objection, so one weak spot cannot hide behind the suite's average.
FIRE_FLOOR = 0.85
ORDER_FLOOR = 0.90
MAX_BAD_SHORT = 1


@dataclass
class Bad:
    reply: str
    flags: list[str]


@dataclass
class ObjectionCases:
    objection: str
    good: list[str] = field(default_factory=list)
    bad: list[Bad] = field(default_factory=list)
    length: list[tuple[str, str]] = field(default_factory=list)


def _load_flags() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = yaml.safe_load((CASES / "flags.yaml").read_text())
    return data


def _load_objection_cases() -> list[ObjectionCases]:
    """Every case file's entries, gathered per objection (files may share an objection)."""
    cases: dict[str, ObjectionCases] = {}
    for path in sorted((CASES / "objections").glob("*.yaml")):
        entries: list[dict[str, Any]] = yaml.safe_load(path.read_text()) or []
        for entry in entries:
            case = cases.setdefault(entry["objection"], ObjectionCases(entry["objection"]))
            case.good += entry.get("good", [])
            case.bad += [Bad(b["reply"], b.get("flags", [])) for b in entry.get("bad", [])]
            case.length += [(p["terse"], p["ramble"]) for p in entry.get("length", [])]
    return list(cases.values())


FLAGS = _load_flags()
OBJECTION_CASES = _load_objection_cases()


# --- flag kinds -----------------------------------------------------------------------------


def test_every_flag_kind_has_enough_cases() -> None:
    assert set(FLAGS) == set(FLAG_KINDS)
    for kind, cases in FLAGS.items():
        assert len(cases["fire"]) >= MIN_PER_KIND, kind
        assert len(cases["quiet"]) >= MIN_PER_KIND, kind


@pytest.mark.parametrize("kind", FLAG_KINDS)
def test_flag_kind_fires(scorer: Scorer, kind: str) -> None:
    fire = FLAGS[kind]["fire"]
    missed = [r for r in fire if kind not in {f.kind for f in scorer.score(r).flags}]
    assert len(missed) <= (1 - FIRE_FLOOR) * len(fire), missed


@pytest.mark.parametrize("kind", FLAG_KINDS)
def test_flag_kind_stays_quiet(scorer: Scorer, kind: str) -> None:
    wrong = [r for r in FLAGS[kind]["quiet"] if kind in {f.kind for f in scorer.score(r).flags}]
    assert wrong == []


# --- replies to the built-in objections ------------------------------------------------------


def test_suite_is_big_and_covers_the_builtin_objections(content: Content) -> None:
    replies = sum(len(c.good) + len(c.bad) + 2 * len(c.length) for c in OBJECTION_CASES)
    assert replies >= MIN_REPLIES
    # An entry names an objection by id, or by the manager's own words (free text).
    covered = {c.objection for c in OBJECTION_CASES} & set(content.objections)
    assert covered == set(content.objections), set(content.objections) - covered
    for case in OBJECTION_CASES:
        assert case.good and case.bad, case.objection


def _pairs(case: ObjectionCases) -> list[tuple[str, str]]:
    """Every (better, worse) pair of one objection: good and terse replies against bad ones
    and rambles."""
    better = case.good + [terse for terse, _ in case.length]
    worse = [b.reply for b in case.bad] + [ramble for _, ramble in case.length]
    return [(b, w) for b in better for w in worse]


@pytest.mark.parametrize("case", OBJECTION_CASES, ids=lambda c: c.objection)
def test_good_replies_outscore_bad_ones(scorer: Scorer, case: ObjectionCases) -> None:
    value = {r: scorer.score(r, case.objection).value for pair in _pairs(case) for r in pair}
    misordered = [(b, value[b], w, value[w]) for b, w in _pairs(case) if value[b] <= value[w]]
    assert len(misordered) <= (1 - ORDER_FLOOR) * len(_pairs(case)), misordered


@pytest.mark.parametrize("case", OBJECTION_CASES, ids=lambda c: c.objection)
def test_good_replies_carry_no_flag(scorer: Scorer, case: ObjectionCases) -> None:
    flagged = {
        r: [(f.kind, f.text) for f in scorer.score(r, case.objection).flags] for r in case.good
    }
    assert {r: f for r, f in flagged.items() if f} == {}


@pytest.mark.parametrize("case", OBJECTION_CASES, ids=lambda c: c.objection)
def test_bad_replies_carry_their_flags(scorer: Scorer, case: ObjectionCases) -> None:
    short = []
    for bad in case.bad:
        result = scorer.score(bad.reply, case.objection)
        kinds = {f.kind for f in result.flags}
        # A bad reply with expected flags is never let through clean and convincing.
        assert not bad.flags or kinds or result.value < 50, (bad.reply, result.value)
        if not set(bad.flags) <= kinds:
            short.append((bad.reply, bad.flags, kinds))
    assert len(short) <= MAX_BAD_SHORT, short


@pytest.mark.parametrize("case", OBJECTION_CASES, ids=lambda c: c.objection)
def test_terse_concrete_beats_long_ramble(scorer: Scorer, case: ObjectionCases) -> None:
    for terse, ramble in case.length:
        assert len(ramble.split()) > 2 * len(terse.split()), "not a length pair"
        terse_score = scorer.score(terse, case.objection).value
        ramble_score = scorer.score(ramble, case.objection).value
        assert terse_score > ramble_score, (terse, terse_score, ramble, ramble_score)


def test_word_count_alone_would_fail_the_suite() -> None:
    # Ordering the same pairs by word count would miss far more than the 5% the suite
    # tolerates: length is no proxy for a good reply here.
    pairs = [pair for case in OBJECTION_CASES for pair in _pairs(case)]
    by_length = sum(len(better.split()) > len(worse.split()) for better, worse in pairs)
    assert by_length / len(pairs) < 0.8, "the suite would reward length"
    assert sum(len(c.length) for c in OBJECTION_CASES) >= 40


def test_model_answers_are_strong_and_unflagged(scorer: Scorer, content: Content) -> None:
    weak = {}
    for objection in content.objections.values():
        result = scorer.score(objection.model_answer, objection.id)
        if result.value < MODEL_ANSWER_FLOOR or result.flags:
            weak[objection.id] = (result.value, [(f.kind, f.text) for f in result.flags])
    assert weak == {}


def test_quality_rates_meet_the_targets(scorer: Scorer, capsys: pytest.CaptureFixture[str]) -> None:
    """The three figures the issue asks for, over the whole suite (shown with `-s`)."""
    pairs = ordered = expected = raised = goods = clean = 0
    for case in OBJECTION_CASES:
        value = {r: scorer.score(r, case.objection).value for p in _pairs(case) for r in p}
        pairs += len(_pairs(case))
        ordered += sum(value[b] > value[w] for b, w in _pairs(case))
        for bad in case.bad:
            kinds = {f.kind for f in scorer.score(bad.reply, case.objection).flags}
            expected += len(bad.flags)
            raised += len(set(bad.flags) & kinds)
        for good in case.good:
            goods += 1
            clean += not scorer.score(good, case.objection).flags
    with capsys.disabled():
        print(
            f"\nquality: {ordered}/{pairs} pairs ordered ({ordered / pairs:.1%}), "
            f"{raised}/{expected} expected flags raised ({raised / expected:.1%}), "
            f"{clean}/{goods} good replies unflagged ({clean / goods:.1%})"
        )
    assert ordered / pairs >= 0.95
    assert raised / expected >= 0.90
    assert clean / goods >= 0.90
