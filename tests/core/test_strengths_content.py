"""Strengths are content: a `kind: strengths` file, loaded and validated like rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.loading import Source, load_sources, parse_file
from sparring.core.paths import builtin_dirs
from sparring.core.scoring.judge import Scorer

# What the Python table said before the strengths moved into objections/rules/strengths.yaml.
BEFORE = {
    "concrete": ("Names concrete days, hours or channels", 10),
    "measures": ("Names numbers and measures to judge by", 8),
    "trial": ("Proposes a trial with check-ins", 10),
    "business-value": ("Leads with value for the work and the team", 10),
    "acknowledge": ("Acknowledges the concern first", 6),
    "collaborative-question": ("Asks what would make the manager comfortable", 6),
    "in-office-anchor": ("Keeps in-office anchors", 7),
    "framework": ("Offers a framework others could use", 8),
    "evidence": ("Brings evidence", 8),
    "visibility": ("Offers visibility the manager can check", 8),
    "next-step": ("Ends with a next step", 6),
}


def strength(kind: str, phrase: str, extra: str = "", label: str = "Thanks the manager") -> str:
    lines = [f"  - kind: {kind}", f'    label: "{label}"', "    points: 4"]
    lines += [f"    {line}" for line in extra.splitlines()]
    lines += [
        f'    phrases: ["{phrase}"]',
        "    examples:",
        f'      earn: ["{phrase.capitalize()}; remote Tuesdays with a Friday update."]',
        '      miss: ["Remote Tuesdays with a Friday update."]',
    ]
    return "\n".join(lines) + "\n"


def strengths_file(folder: Path, *entries: str, name: str = "mine.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("kind: strengths\nstrengths:\n" + "".join(entries), encoding="utf-8")
    return path


def with_builtins(folder: Path) -> Content:
    sources = [Source("builtin", d, required=False) for d in builtin_dirs()]
    return load_sources([*sources, Source("user", folder)], cache_file=False)


def test_the_builtin_strengths_are_the_ones_the_code_had(builtins: Content) -> None:
    assert list(builtins.strengths) == list(BEFORE)
    for kind, (label, points) in BEFORE.items():
        signal = builtins.strengths[kind]
        assert (signal.label, signal.points) == (label, points)
        assert signal.phrases or signal.patterns
        origin = builtins.origins[("strength", kind)]
        assert origin.shown.endswith("objections/rules/strengths.yaml")


def test_a_user_strength_of_a_new_kind_earns_its_label_and_points(tmp_path: Path) -> None:
    content = with_builtins(tmp_path)
    plain = Scorer(content).score("Thanks for your time; remote Tuesdays with a Friday update.")
    strengths_file(tmp_path, strength("gratitude", "thanks for your time"))
    content = with_builtins(tmp_path)
    assert content.problems == []
    score = Scorer(content).score("Thanks for your time; remote Tuesdays with a Friday update.")
    (found,) = [s for s in score.strengths if s.kind == "gratitude"]
    assert (found.label, found.text) == ("Thanks the manager", "Thanks for your time")
    assert score.value > plain.value  # it is worth points


def test_a_user_strength_with_a_builtin_kind_replaces_it(tmp_path: Path) -> None:
    strengths_file(tmp_path, strength("trial", "dry run", label="Offers a dry run"))
    content = with_builtins(tmp_path)
    assert content.problems == []
    assert content.is_custom("strength", "trial")
    assert content.replaced[("strength", "trial")].shown.endswith("strengths.yaml")
    assert list(content.strengths)[2] == "trial"  # in its built-in place
    score = Scorer(content).score("Let's do a dry run on Tuesdays with a Friday update.")
    assert ("trial", "Offers a dry run") in {(s.kind, s.label) for s in score.strengths}


def test_a_rule_may_name_a_user_strength(tmp_path: Path) -> None:
    strengths_file(tmp_path, strength("gratitude", "thanks for your time"))
    (tmp_path / "rules.yaml").write_text(
        "kind: rules\nrules:\n"
        "  - id: sorry-again\n    kind: apologetic\n    unless_near: [gratitude]\n"
        '    message: "m"\n    suggestion: "s"\n    phrases: ["so sorry"]\n'
        '    examples:\n      flag: ["So sorry, two days?"]\n'
        '      ok: ["So sorry, thanks for your time: two days?"]\n',
        encoding="utf-8",
    )
    assert with_builtins(tmp_path).problems == []


def test_two_strengths_of_one_kind_in_one_source_are_a_problem(tmp_path: Path) -> None:
    strengths_file(tmp_path, strength("gratitude", "thanks for your time"), name="a.yaml")
    strengths_file(tmp_path, strength("gratitude", "many thanks"), name="b.yaml")
    (problem,) = with_builtins(tmp_path).problems
    assert problem.path.endswith("b.yaml") and (problem.line, problem.col) == (3, 11)
    assert problem.message.startswith("duplicate strength id 'gratitude': already defined at ")


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        ("", None, None),
        ("points: 40", (5, 13), "strengths[0].points: expected a number at most 20, found the "),
        ('points: "ten"', (5, 13), "strengths[0].points: expected a whole number, found text"),
        ("colour: red", (6, 5), "strengths[0].colour: unknown key 'colour'"),
        ("patterns: ['(a+)+$']", (6, 16), "strengths[0].patterns[0]: Value error, a repeat"),
    ],
)
def test_a_bad_strength_is_reported_at_its_place(
    tmp_path: Path, extra: str, where: tuple[int, int] | None, message: str | None
) -> None:
    entry = strength("gratitude", "thanks for your time", extra)
    if extra.startswith("points"):
        entry = entry.replace("    points: 4\n", "")
    problems = parse_file(strengths_file(tmp_path, entry)).problems
    if message is None:
        assert problems == []
        return
    assert problems, extra
    assert (problems[0].line, problems[0].col) == where, problems[0]
    assert problems[0].message.startswith(message.replace("Value error, ", "")), problems[0]


def test_a_strength_needs_phrases_or_patterns_and_examples(tmp_path: Path) -> None:
    path = strengths_file(tmp_path, '  - kind: gratitude\n    label: "Thanks"\n    points: 4\n')
    assert [str(p).split(": ", 1)[1] for p in parse_file(path).problems] == [
        "strengths[0]: missing required key 'examples'; expected replies that must earn it "
        "(`earn`) and replies that must not (`miss`); `sparring validate` runs them."
    ]
    path.write_text(
        "kind: strengths\nstrengths:\n  - kind: gratitude\n    label: Thanks\n    points: 4\n"
        "    examples: {earn: [a], miss: [b]}\n",
        encoding="utf-8",
    )
    (problem,) = parse_file(path).problems
    assert problem.message == "strengths[0]: a strength needs `phrases` or `patterns`"


def test_a_file_without_kind_that_holds_strengths_is_told_so(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("strengths: []\n", encoding="utf-8")
    (problem,) = parse_file(path).problems
    assert problem.message.endswith("this looks like a strengths file: add `kind: strengths`")


def test_a_broken_strength_file_keeps_its_good_entries(tmp_path: Path) -> None:
    good = strength("gratitude", "thanks for your time")
    bad = strength("praise", "great question", "points: 99").replace("    points: 4\n", "")
    content = with_builtins(strengths_file(tmp_path, good, bad).parent)
    assert [(p.line, p.col) for p in content.problems] == [(12, 13)]
    assert "gratitude" in content.strengths and "praise" not in content.strengths
