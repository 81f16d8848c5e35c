"""Every phrasing rule fires on its own `flag` examples and stays quiet on its `ok` ones."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.loading import load_content
from sparring.core.content.models import Rule, RuleSet
from sparring.core.content.safe_regex import UnsafePattern, check_pattern, pieces
from sparring.core.scoring.acts import FLAG_OF_ACT
from sparring.core.scoring.judge import Scorer

# The flag kinds the act model knows (the built-in rules cover every one).
FLAG_KINDS = tuple(FLAG_OF_ACT.values())

MIN_EXAMPLES = 5


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Content:
    content = load_content(user_dir=tmp_path_factory.mktemp("user"))
    assert content.problems == []
    return content


@pytest.fixture(scope="module")
def scorer(builtin: Content) -> Scorer:
    return Scorer(builtin)


def _rules() -> list[Rule]:
    content = load_content(user_dir=Path("/nonexistent-user-folder"))
    return sorted(content.rules.values(), key=lambda r: r.id)


RULES = _rules()


def test_every_flag_kind_has_a_rule() -> None:
    assert {r.kind for r in RULES} == set(FLAG_KINDS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_enough_examples(rule: Rule) -> None:
    assert len(rule.examples.flag) >= MIN_EXAMPLES, f"{rule.id}: too few `flag` examples"
    assert len(rule.examples.ok) >= MIN_EXAMPLES, f"{rule.id}: too few `ok` examples"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_flags_its_flag_examples(rule: Rule, scorer: Scorer, builtin: Content) -> None:
    objection = next(iter(builtin.objections))
    for example in rule.examples.flag:
        for target in (None, objection):
            flags = scorer.score(example, target).flags
            assert any(rule.id in (f.rule_id, *f.also) for f in flags), (rule.id, example, target)
            flag = next(f for f in flags if rule.id in (f.rule_id, *f.also))
            assert flag.text == example[flag.start : flag.end]
            if flag.rule_id == rule.id:
                assert flag.message == rule.message and flag.suggestion == rule.suggestion
            # else: another rule found the same problem first; one entry per problem


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_passes_its_ok_examples(rule: Rule, scorer: Scorer) -> None:
    for example in rule.examples.ok:
        flags = scorer.score(example).flags
        assert not any(f.rule_id == rule.id for f in flags), (rule.id, example, flags)


def test_a_rule_with_too_few_examples_is_caught(scorer: Scorer) -> None:
    # The count check above is not vacuous: a real rule with four examples fails it.
    thin = RULES[0].model_copy(
        update={"examples": RULES[0].examples.model_copy(update={"flag": ["I need it"] * 4})}
    )
    with pytest.raises(AssertionError):
        test_rule_has_enough_examples(thin)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a+)+$",
        r"(a|aa)*b",
        r"(\w+\s?)*x",
        r"a*a*a*b",
        r"\w+\s+\w+",
        r"(x)\1",
        r"[a-z]{0,50}[a-z]{0,50}q",
        "(" * 400,
    ],
)
def test_hostile_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(UnsafePattern):
        check_pattern(pattern)


def test_hostile_pattern_in_a_rule_file_is_a_validation_error() -> None:
    with pytest.raises(ValueError, match=r"backtrack|repeat"):
        RuleSet.model_validate(
            {
                "kind": "rules",
                "rules": [
                    {
                        "id": "evil",
                        "kind": "vague",
                        "message": "m",
                        "suggestion": "s",
                        "patterns": ["(a+)+$"],
                        "examples": {"flag": ["a"], "ok": ["b"]},
                    }
                ],
            }
        )


def test_worst_allowed_pattern_on_a_huge_reply_stays_bounded() -> None:
    # The costliest shape check_pattern lets through, on text made to backtrack it.
    pattern = r"a*[ab]{0,4}c"
    check_pattern(pattern)
    rule = Rule(
        id="worst",
        kind="vague",
        message="m",
        suggestion="s",
        patterns=[pattern],
        examples={"flag": ["ac"], "ok": ["b"]},  # type: ignore[arg-type]
    )
    scorer = Scorer(Content(rules={"worst": rule}))
    started = time.perf_counter()
    result = scorer.score("a" * 1_000_000)
    elapsed = time.perf_counter() - started
    assert result.flags == ()
    assert elapsed < 1.0  # a bound on hanging, not a speed target (see benchmarks/)


def test_pieces_cover_text_in_bounded_chunks() -> None:
    text = "word " * 1000
    cut = pieces(text, 200)
    assert all(len(piece) <= 200 for _, piece in cut)
    assert "".join(piece for _, piece in cut) == text
    assert all(text[at : at + len(piece)] == piece for at, piece in cut)
