"""Tests for content files that used to crash the load or hide the built-ins.

Each broken file must give `file:line:col: what is wrong, what was expected`, and the
built-in personas and objections must stay listed beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.loading import BUILTIN, USER, Source, load_sources, parse_file
from sparring.core.paths import builtin_dirs

BUILTIN_SOURCES = [Source(BUILTIN, d, required=False) for d in builtin_dirs()]


@pytest.fixture(scope="module")
def builtin() -> Content:
    """The built-in content on its own."""
    content = load_sources(BUILTIN_SOURCES, cache_file=False)
    assert content.problems == []
    return content


def load_beside_builtin(folder: Path, cache: Path | bool = False) -> Content:
    """The built-ins, then `folder` as the user's folder."""
    return load_sources([*BUILTIN_SOURCES, Source(USER, folder)], cache_file=cache)


def assert_builtins_listed(content: Content, builtin: Content) -> None:
    assert set(builtin.personas) <= set(content.personas)
    assert set(builtin.objections) <= set(content.objections)
    for persona_id in builtin.personas:
        assert content.picks(content.personas[persona_id]), persona_id


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [
        ("kind: {a: 1}\n", "1:7", "found a mapping"),
        ("kind: [persona]\n", "1:7", "found a list"),
        ("kind:\n  - a\n  - b\n", "2:3", "found a list"),
        ("kind: persona\nid: {a: 1}\n", "2:5", "id: expected text, found a mapping"),
        ("kind: objections\ntheme: [a]\nobjections: []\n", "2:8", "expected text, found a list"),
    ],
)
def test_kind_or_id_as_mapping_or_list_is_a_problem_at_its_line_and_col(
    tmp_path: Path, builtin: Content, text: str, where: str, found: str
) -> None:
    path = write(tmp_path / "user", "k.yaml", text)
    problems = [str(p) for p in parse_file(path).problems]
    assert any(f"k.yaml:{where}: " in p and found in p for p in problems), problems
    content = load_beside_builtin(tmp_path / "user")
    assert [p for p in content.problems if p.path.endswith("k.yaml")]
    assert_builtins_listed(content, builtin)


def _flow(depth: int) -> str:
    return "kind: persona\nid: deep\nx: " + "[" * depth + "]" * depth + "\n"


def _block(depth: int) -> str:
    lines = ["kind: persona", "id: deep", "x:"]
    lines += [" " * level + "k:" for level in range(1, depth)]
    return "\n".join([*lines, " " * depth + "v", ""])


DEEP = {
    "flow-450": (_flow(450), "3:67"),
    "flow-999": (_flow(999), "3:67"),
    "flow-1200": (_flow(1200), "3:1003"),  # libyaml stops at 1000 levels, where it stopped
    "block-600": (_block(600), "67:65"),
    "mapping-700": ("kind: persona\nx: " + "{a: " * 700 + "1" + "}" * 700 + "\n", "2:256"),
}
# The pure-Python loader (used when PyYAML lacks libyaml) recurses in its composer; its
# scanner is slow on very deep flow nesting, so only the shallower cases run with it.
DEEP_CASES = [(name, "libyaml") for name in DEEP] + [
    (name, "pure-python") for name in ("flow-450", "block-600", "mapping-700")
]


@pytest.mark.parametrize(
    ("case", "loader"), DEEP_CASES, ids=[f"{case}-{loader}" for case, loader in DEEP_CASES]
)
def test_deep_nesting_is_refused_at_its_line_and_col_before_recursion_fails(
    tmp_path: Path,
    builtin: Content,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    loader: str,
) -> None:
    import yaml

    from sparring.core.content import yamlsafe

    text, where = DEEP[case]
    if loader == "pure-python":
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
        where = "3:67" if where == "3:1003" else where
    path = write(tmp_path / "user", "deep.yaml", text)
    problems = [str(p) for p in parse_file(path).problems]
    assert len(problems) == 1, problems
    assert f"deep.yaml:{where}: values are nested more than 64 levels deep" in problems[0]
    monkeypatch.undo()
    assert_builtins_listed(load_beside_builtin(tmp_path / "user"), builtin)


RULE_FILE = """\
kind: rules
rules:
  - id: big-repeat
    kind: vague
    message: "Too vague."
    suggestion: "Name the days."
    patterns:
      - "some days"
      - "{pattern}"
    examples: {{flag: ["x"], ok: ["y"]}}
"""


@pytest.mark.parametrize(
    "pattern", ["x{4294967295}", "x{1,4294967295}", "x{99999999999999999999}", "x{4294967296,}"]
)
def test_huge_repeat_count_is_a_problem_at_the_pattern_not_an_overflow(
    tmp_path: Path, builtin: Content, pattern: str
) -> None:
    path = write(tmp_path / "user", "rule.yaml", RULE_FILE.format(pattern=pattern))
    problems = [str(p) for p in parse_file(path).problems]
    assert len(problems) == 1, problems
    assert "rule.yaml:9:9: rules[0].patterns[1]: pattern has a repeat count over" in problems[0]
    assert "expected a small count" in problems[0]
    assert_builtins_listed(load_beside_builtin(tmp_path / "user"), builtin)
