"""The facts about a flag kind live on its rules: label, severity, mood_cost and why.

One rule of a kind declares them per source; the other rules of the kind, and a user's
rules of a built-in kind, inherit them; a later source may change one and keeps the rest;
a kind no rule describes gets the defaults.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.kinds import FlagKinds, KindFacts
from sparring.core.content.loading import Source, load_sources, parse_file
from sparring.core.content.models import Persona
from sparring.core.paths import builtin_dirs
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.score import Flag, Score
from sparring.core.scoring.verdict import verdict
from sparring.core.session import policy

# What the Python tables said before the facts moved into the rule files.
BEFORE = {
    "ultimatum": ("ultimatum", 35, 10.0),
    "caves": ("caving", 30, 3.0),
    "defensive": ("defensive", 25, 4.0),
    "overpromise": ("overpromise", 20, 1.0),
    "i-need-opener": ('"I need" opener', 15, 1.0),
    "personal-first": ("personal reasons first", 15, 1.0),
    "apologetic": ("apologetic", 12, 1.0),
    "vague": ("vague", 12, 1.0),
}
REACT_ORDER_BEFORE = [
    "ultimatum",
    "caves",
    "defensive",
    "overpromise",
    "i-need-opener",
    "personal-first",
    "apologetic",
    "vague",
]


def rule(rule_id: str, kind: str, phrase: str, facts: str = "") -> str:
    """One rule entry of a `kind: rules` file; `facts` are extra lines of keys."""
    lines = [f"  - id: {rule_id}", f"    kind: {kind}"]
    lines += [f"    {line}" for line in facts.splitlines()]
    lines += [
        '    message: "This hurts."',
        '    suggestion: "Say it plainly."',
        f'    phrases: ["{phrase}"]',
        "    examples:",
        f'      flag: ["Honestly, {phrase}."]',
        '      ok: ["Remote Tuesdays with a Friday update."]',
    ]
    return "\n".join(lines) + "\n"


def rules_file(folder: Path, name: str, *entries: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("kind: rules\nrules:\n" + "".join(entries), encoding="utf-8")
    return path


def with_builtins(*folders: Path) -> Content:
    sources = [Source("builtin", d, required=False) for d in builtin_dirs()]
    sources += [Source(f"user{i}", folder) for i, folder in enumerate(folders)]
    return load_sources(sources, cache_file=False)


def test_the_builtin_rules_give_the_facts_the_code_had(builtins: Content) -> None:
    kinds = builtins.flag_kinds
    assert sorted(kinds) == sorted(BEFORE)
    for kind, (label, severity, mood_cost) in BEFORE.items():
        facts = kinds.facts(kind)
        assert (facts.label, facts.severity, facts.mood_cost) == (label, severity, mood_cost)
        assert facts.why.startswith("This sentence "), kind


def test_the_manager_reacts_to_the_costliest_kind_first(builtins: Content) -> None:
    assert builtins.flag_kinds.worst(BEFORE) == REACT_ORDER_BEFORE


def test_the_judge_stamps_each_flag_with_its_kinds_facts(builtin_scorer: Scorer) -> None:
    score = builtin_scorer.score("If the answer is no, then I'll just quit.")
    (flag,) = [f for f in score.flags if f.kind == "ultimatum"]
    assert (flag.label, flag.severity) == ("ultimatum", 35)
    assert flag.why == "This sentence turns the talk into a threat, and a threat invites a no."


def test_a_user_rule_of_a_builtin_kind_inherits_the_facts(tmp_path: Path) -> None:
    user = tmp_path / "user"
    rules_file(user, "mine.yaml", rule("whenever-suits", "vague", "more or less whenever"))
    content = with_builtins(user)
    assert content.problems == []
    assert content.flag_kinds.facts("vague") == KindFacts(
        "vague",
        "vague",
        12,
        1.0,
        "This sentence stays vague where the manager needs something to check.",
    )
    score = Scorer(content).score("Honestly, more or less whenever.")
    (flag,) = [f for f in score.flags if "whenever-suits" in (f.rule_id, *f.also)]
    assert (flag.label, flag.severity) == ("vague", 12)


def test_a_later_source_changes_the_facts_it_gives_and_inherits_the_rest(
    tmp_path: Path,
) -> None:
    user = tmp_path / "user"
    rules_file(user, "mine.yaml", rule("snark", "defensive", "oh please", "severity: 40"))
    content = with_builtins(user)
    assert content.problems == []
    assert content.flag_kinds.facts("defensive") == KindFacts(
        "defensive", "defensive", 40, 4.0, content.flag_kinds.why("defensive")
    )
    assert content.flag_kinds.why("defensive")


def test_replacing_the_rule_that_gives_a_kinds_facts_keeps_them(tmp_path: Path) -> None:
    user = tmp_path / "user"
    rules_file(user, "caves.yaml", rule("caves", "caves", "never mind then"))
    content = with_builtins(user)
    assert content.problems == []
    assert content.is_custom("rule", "caves")
    assert content.flag_kinds.label("caves") == "caving"
    assert content.flag_kinds.severity("caves") == 30


def test_two_rules_of_a_kind_giving_facts_in_one_source_is_a_problem(tmp_path: Path) -> None:
    user = tmp_path / "user"
    path = rules_file(
        user,
        "mine.yaml",
        rule("jargon", "jargon", "circle back", "severity: 14"),
        rule("more-jargon", "jargon", "synergy", "label: buzzwords"),
    )
    content = with_builtins(user)
    shown = content.origins[("rule", "jargon")].shown
    assert [str(p) for p in content.problems] == [
        f"{shown}:14:12: rules[1].label: the facts of flag kind 'jargon' (label, severity, "
        f"mood_cost, why) are already given by rule 'jargon' at {shown}:5:15; expected them "
        "on one rule of the kind only (the other rules of the kind inherit them): remove "
        "them here, or move them to that rule"
    ]
    assert path.name in shown
    assert content.flag_kinds.facts("jargon") == KindFacts("jargon", "jargon", 14)
    assert "more-jargon" in content.rules  # the rule itself still works


def test_a_second_file_of_one_source_cannot_give_a_kinds_facts_again(tmp_path: Path) -> None:
    user = tmp_path / "user"
    rules_file(user, "a.yaml", rule("jargon", "jargon", "circle back", "severity: 14"))
    rules_file(user, "b.yaml", rule("more-jargon", "jargon", "synergy", "severity: 16"))
    content = with_builtins(user)
    (problem,) = content.problems
    assert problem.path.endswith("b.yaml") and (problem.line, problem.col) == (5, 15)
    assert "already given by rule 'jargon'" in problem.message
    assert content.flag_kinds.severity("jargon") == 14


def test_a_new_kind_no_rule_describes_gets_the_defaults(tmp_path: Path) -> None:
    user = tmp_path / "user"
    rules_file(user, "mine.yaml", rule("buzzwords", "jargon-heavy", "circle back"))
    content = with_builtins(user)
    assert content.problems == []
    assert content.flag_kinds.facts("jargon-heavy") == KindFacts(
        "jargon-heavy", "jargon heavy", 10, 1.0, ""
    )
    score = Scorer(content).score("Let's circle back on remote Tuesdays with a Friday update.")
    (flag,) = [f for f in score.flags if f.kind == "jargon-heavy"]
    assert (flag.label, flag.severity, flag.why) == ("jargon heavy", 10, "")
    (fix,) = [f for f in verdict(score).first if f.kind == "jargon-heavy"]
    assert fix.title == "jargon heavy"
    assert fix.why == "This hurts."  # no `why` for the kind: the rule's message says it


def test_a_new_kind_with_facts_costs_them_and_gets_a_personas_reaction(
    tmp_path: Path, builtins: Content
) -> None:
    user = tmp_path / "user"
    facts = 'label: "jargon"\nseverity: 18\nmood_cost: 2.5\nwhy: "Buzzwords."'
    rules_file(user, "mine.yaml", rule("buzzwords", "jargon", "circle back", facts))
    content = with_builtins(user)
    assert content.problems == []
    kinds = content.flag_kinds
    assert kinds.facts("jargon") == KindFacts("jargon", "jargon", 18, 2.5, "Buzzwords.")
    score = Scorer(content).score("Let's circle back on remote Tuesdays with a Friday update.")
    assert "jargon" in {f.kind for f in score.flags}
    persona = next(iter(builtins.personas.values()))
    # No line for the new kind anywhere: the manager does not react to it.
    only_jargon = Score(40, "needs work", None, "x", flags=(jargon_flag(),))
    assert policy.reaction_kind(only_jargon, kinds, persona) is None
    own = persona.model_copy(
        update={"lines": persona.lines.model_copy(update={"react": {"jargon": ["Plain words."]}})}
    )
    assert policy.reaction_kind(only_jargon, kinds, own) == "jargon"
    # The costlier built-in kind still comes first.
    both = Score(40, "needs work", None, "x", flags=(jargon_flag(), jargon_flag("defensive")))
    assert policy.reaction_kind(both, kinds, own) == "defensive"


def jargon_flag(kind: str = "jargon") -> Flag:
    return Flag(kind, 0, 1, "x", "m", "s")


def test_a_flags_mood_cost_comes_from_its_kind(builtins: Content) -> None:
    persona: Persona = next(iter(builtins.personas.values()))
    volatility = persona.temperament.volatility
    score = Score(50, "getting there", None, "x", flags=(jargon_flag("ultimatum"),))
    known = policy.mood_after(60.0, score, persona, builtins.flag_kinds)
    unknown = policy.mood_after(60.0, score, persona, FlagKinds())
    assert unknown - known == pytest.approx((10.0 - 1.0) * volatility)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ('severity: "high"', "rules[0].severity: expected a whole number, found text 'high'"),
        ("severity: 150", "rules[0].severity: expected a number at most 100, found the number 150"),
        ("severity: true", "rules[0].severity: expected a whole number, found true"),
        (
            "mood_cost: -1",
            "rules[0].mood_cost: expected a number at least 0.0, found the number -1",
        ),
        ('mood_cost: "lots"', "rules[0].mood_cost: expected a number, found text 'lots'"),
        ('label: ""', "rules[0].label: expected text, found an empty string"),
        ("label: " + "x" * 81, "rules[0].label: expected at most 80 characters, found 81"),
        ("why: [a, b]", "rules[0].why: expected text, found a list"),
        ("severty: 12", "rules[0].severty: unknown key 'severty'; did you mean 'severity'?"),
    ],
)
def test_a_bad_fact_is_reported_at_its_place(tmp_path: Path, facts: str, message: str) -> None:
    path = rules_file(tmp_path, "bad.yaml", rule("jargon", "jargon", "circle back", facts))
    problems = parse_file(path).problems
    assert problems, facts
    assert problems[0].line == 5, problems[0]
    assert problems[0].message.startswith(message), problems[0].message


def test_a_reaction_to_a_kind_no_rule_raises_is_reported(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    good = Path(__file__).resolve().parents[1] / "data" / "good"
    (user / "bank.yaml").write_text((good / "bank.yaml").read_text(encoding="utf-8"))
    persona = (good / "persona.yaml").read_text(encoding="utf-8")
    persona += '  react:\n    defensve: ["Easy now."]\n    vague: ["Which days?"]\n'
    (user / "persona.yaml").write_text(persona, encoding="utf-8")
    content = with_builtins(user)
    (problem,) = content.problems
    assert problem.path.endswith("persona.yaml") and (problem.line, problem.col) == (19, 5)
    assert problem.message.startswith(
        "lines.react.defensve: no phrasing rule raises the flag kind 'defensve'; expected one "
        "of: apologetic, caves, defensive, i-need-opener,"
    )
    assert problem.message.endswith("; did you mean 'defensive'?")


def test_a_rule_naming_a_strength_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    user = tmp_path / "user"
    entry = rule("vague-ish", "vague", "sort of whenever", "unless_near: [concrete, tiral]")
    rules_file(user, "mine.yaml", entry)
    content = with_builtins(user)
    (problem,) = content.problems
    assert (problem.line, problem.col) == (5, 29)
    assert problem.message.startswith(
        "rules[0].unless_near[1]: no strength has the kind 'tiral'; expected one of: "
        "acknowledge, business-value,"
    )
    assert problem.message.endswith("; did you mean 'trial'?")
