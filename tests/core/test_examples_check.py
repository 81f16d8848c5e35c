"""`sparring validate` runs every rule's examples and reports a contradicted one at its place."""

from __future__ import annotations

from pathlib import Path

from sparring.commands.validate_cmd import check
from sparring.core.scoring.examples_check import check_rule_examples

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
