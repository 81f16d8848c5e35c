"""`sparring validate` runs every rule's and strength's examples and reports a contradicted
one at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.cli import main
from sparring.commands.validate_cmd import check
from sparring.core.scoring.examples_check import (
    check_examples,
    check_rule_examples,
    check_strength_examples,
)

BAD = Path(__file__).resolve().parents[1] / "data" / "bad_examples" / "rules.yaml"


def test_a_rule_its_own_examples_contradict_is_reported_at_each_example() -> None:
    content = check([BAD], [])
    assert not content.problems  # the file itself is valid
    problems = [str(p) for p in check_rule_examples(content)]
    shown = str(content.origins[("rule", "grovelling")].shown)
    assert problems == [
        f"{shown}:12:11: rules[0].examples.flag[1]: rule 'grovelling' does not flag its own "
        "example \u201cPlease, I'm begging here.\u201d; expected a flag of kind apologetic "
        "(add a phrase or pattern that covers it)",
        f"{shown}:15:11: rules[0].examples.ok[1]: rule 'grovelling' flags its own ok example "
        "\u201cI beg you to look at the numbers.\u201d; expected no flag (narrow the phrase, "
        "or add an exception)",
    ]


def test_the_builtin_rules_agree_with_their_examples() -> None:
    assert check_rule_examples(check([], [])) == []


STRENGTHS = BAD.parent / "strengths.yaml"


def test_a_strength_its_own_examples_contradict_is_reported_at_each_example() -> None:
    content = check([STRENGTHS], [])
    assert not content.problems  # the file itself is valid
    shown = str(content.origins[("strength", "gratitude")].shown)
    expected = [
        f"{shown}:12:11: strengths[0].examples.earn[1]: strength 'gratitude' is not earned by "
        "its own example \u201cI'm grateful you'd consider remote Tuesdays.\u201d; expected the "
        "reply to earn it (add a phrase or pattern that covers it)",
        f"{shown}:15:11: strengths[0].examples.miss[1]: strength 'gratitude' is earned by its "
        "own miss example \u201cThank you for hearing me out; I'd propose remote Tuesdays.\u201d; "
        "expected the reply not to earn it (narrow the phrase or pattern)",
    ]
    assert [str(p) for p in check_strength_examples(content)] == expected
    assert [str(p) for p in check_examples(content)] == expected  # the rules all agree


def test_the_builtin_strengths_agree_with_their_examples() -> None:
    assert check_strength_examples(check([], [])) == []


def test_validate_reports_a_contradicted_strength_example_and_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(STRENGTHS)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].endswith(
        ":12:11: strengths[0].examples.earn[1]: strength 'gratitude' is not earned by its own "
        "example \u201cI'm grateful you'd consider remote Tuesdays.\u201d; expected the reply to "
        "earn it (add a phrase or pattern that covers it)"
    )
    assert "2 problem(s) in 1 file(s)" in out.err


def test_validate_counts_the_strengths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "10 phrasing rules, 11 strengths" in capsys.readouterr().err
