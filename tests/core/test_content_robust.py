"""Tests for content files that used to crash the load or hide the built-ins.

Each broken file must give `file:line:col: what is wrong, what was expected`, and the
built-in personas and objections must stay listed beside it.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
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


GOOD = Path(__file__).resolve().parent.parent / "data" / "good"


def _persona_with_briefing(folder: Path, reference: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = (GOOD / "persona.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "briefing: A persona for tests.\n",
        f"briefing: A persona for tests.\nbriefing_file: {json.dumps(reference)}\n",
    )
    (folder / "bank.yaml").write_bytes((GOOD / "bank.yaml").read_bytes())
    (folder / "persona.yaml").write_text(text, encoding="utf-8")
    return folder


def _loop(folder: Path) -> str:
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    return "loop-a"


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "notes.fifo")
    return "notes.fifo"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_loop, "'loop-a' cannot be followed: it is a symlink loop; expected a text file"),
        (lambda _f: "n" * 256 + ".md", "the name is too long for the file system"),
        (lambda _f: "notes/" + "n" * 256, "the name is too long for the file system"),
        (_fifo, "'notes.fifo' is not a regular file; expected a text file"),
        # Scrubbed as it is read (shown as the text \x00), then a file that does not exist.
        (lambda _f: "a\x00b.md", "'a\\\\x00b.md' does not exist"),
    ],
    ids=["symlink-loop", "256-char-name", "256-char-name-in-folder", "fifo", "nul"],
)
def test_briefing_file_loop_long_name_or_fifo_is_a_problem_not_a_crash_or_hang(
    tmp_path: Path, builtin: Content, make: Callable[[Path], str], expected: str
) -> None:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "notes").mkdir()
    _persona_with_briefing(folder, make(folder))
    started = time.monotonic()
    content = load_beside_builtin(folder)
    assert time.monotonic() - started < 5
    messages = [str(p) for p in content.problems]
    control = [m for m in messages if "control or bidi character" in m]
    assert len(messages) == 1 + len(control), messages  # a NUL is also named where it is
    assert all("persona.yaml:6:18: briefing_file: " in m for m in control)
    assert "persona.yaml:6:16: briefing_file: " in messages[0] and expected in messages[0]
    assert content.personas["test-persona"].briefing == "A persona for tests."
    assert_builtins_listed(content, builtin)


def _override(folder: Path, refs: str, name: str = "risk.yaml") -> Path:
    """The built-in risk-averse persona with its objection references replaced."""
    text = next(
        d / "risk-averse.yaml" for d in builtin_dirs() if (d / "risk-averse.yaml").is_file()
    )
    # Its concern moves belong to the objections it names, so they go with them.
    source = re.sub(r"(?m)^concern_moves: .*\n", "", text.read_text(encoding="utf-8"))
    start, end = source.index("objections:\n"), source.index("rounds:")
    return write(folder, name, source[:start] + "objections:\n" + refs + source[end:])


@pytest.mark.parametrize(
    "refs",
    [
        "  - id: no-such-objection\n",
        "  - id: slipping-deadlines\n  - id: no-such-objection\n",
        "  - theme: no-such-theme\n",
    ],
    ids=["only-bad-ref", "one-good-one-bad", "bad-theme"],
)
def test_broken_override_of_a_builtin_persona_keeps_the_builtin_listed_and_usable(
    tmp_path: Path, builtin: Content, refs: str
) -> None:
    _override(tmp_path / "user", refs)
    content = load_beside_builtin(tmp_path / "user")
    messages = [str(p) for p in content.problems]
    bad_ref = re.compile(r"risk\.yaml:(19|20):(9|12): objections\[\d\]\.(id|theme): no objection")
    assert any(bad_ref.search(m) for m in messages), messages
    assert any(
        "risk.yaml:2:5: persona 'risk-averse' is not used while its objections have problems" in m
        for m in messages
    ), messages
    assert content.personas["risk-averse"] == builtin.personas["risk-averse"]
    origin = content.origins[("persona", "risk-averse")]
    assert origin.source == BUILTIN and not content.is_custom("persona", "risk-averse")
    assert ("persona", "risk-averse") not in content.replaced
    assert content.picks(content.personas["risk-averse"])
    assert_builtins_listed(content, builtin)


def test_broken_override_of_an_override_falls_back_one_step(
    tmp_path: Path, builtin: Content
) -> None:
    _override(tmp_path / "user", "  - id: slipping-deadlines\n")
    _override(tmp_path / "extra", "  - id: no-such-objection\n")
    content = load_sources(
        [*BUILTIN_SOURCES, Source(USER, tmp_path / "user"), Source("extra", tmp_path / "extra")],
        cache_file=False,
    )
    persona = content.personas["risk-averse"]
    assert [ref.id for ref in persona.objections] == ["slipping-deadlines"]
    assert content.origins[("persona", "risk-averse")].source == USER
    assert content.replaced[("persona", "risk-averse")].source == BUILTIN


def test_good_override_still_replaces_the_builtin(tmp_path: Path, builtin: Content) -> None:
    _override(tmp_path / "user", "  - id: slipping-deadlines\n")
    content = load_beside_builtin(tmp_path / "user")
    assert content.problems == []
    assert [ref.id for ref in content.personas["risk-averse"].objections] == ["slipping-deadlines"]
    assert content.is_custom("persona", "risk-averse")


CONTROL_CASES = {
    "bel-in-quotes": ('kind: persona\nid: x\nname: "a\x07b"\n', "3:9", "\\x07"),
    "esc-after-emoji": ("kind: persona\nname: 😀😀 \x1b[31m\n", "2:10", "\\x1b"),
    "crlf-lines": ("kind: persona\r\nid: x\r\n\r\nrole: \x0c\r\n", "4:7", "\\x0c"),
    "bom-then-c1": ("\ufeffkind: persona\nid: é\x9b\n", "2:6", "\\x9b"),
    "del-in-key": ("kind: persona\n  \nna\x7fme: x\n", "3:3", "\\x7f"),
    "nul": ("kind: persona\nid: a\x00\n", "2:6", "\\x00"),
    "noncharacter": ("kind: persona\nid: \uffff\n", "2:5", "\\uffff"),
}


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
@pytest.mark.parametrize("case", list(CONTROL_CASES))
def test_raw_control_character_is_reported_at_its_own_line_and_col_with_its_escape(
    tmp_path: Path, builtin: Content, monkeypatch: pytest.MonkeyPatch, case: str, loader: str
) -> None:
    import yaml

    from sparring.core.content import yamlsafe

    if loader == "pure-python":
        monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    text, where, escape = CONTROL_CASES[case]
    path = tmp_path / "user" / "ctl.yaml"
    path.parent.mkdir()
    path.write_bytes(text.encode("utf-8"))
    problems = [str(p) for p in parse_file(path).problems]
    assert len(problems) == 1, problems
    assert f"ctl.yaml:{where}: character {escape} is " in problems[0], problems
    assert "not allowed in a YAML file; expected printable text" in problems[0]
    assert "position" not in problems[0] and "<unicode string>" not in problems[0]
    monkeypatch.undo()
    assert_builtins_listed(load_beside_builtin(tmp_path / "user"), builtin)


def test_reader_error_offset_is_turned_into_line_and_col() -> None:
    """The fallback for a reader error the check before parsing did not catch."""
    import yaml

    from sparring.core.content.yamlsafe import _reader_error

    text = "kind: persona\nname: 😀 \x07\n"
    error = yaml.reader.ReaderError("<unicode string>", 25, 7, "?", "control characters")
    made = _reader_error(text, error)
    assert (made.position.line, made.position.col) == (2, 9)
    assert "character \\x07 is a control character" in made.message


@pytest.mark.parametrize("theme_line", ["theme: 5", "theme: [quality]", "theme: Quality!", ""])
def test_bank_with_a_broken_theme_never_takes_builtin_objections_out_of_their_theme(
    tmp_path: Path, builtin: Content, theme_line: str
) -> None:
    bank = next(d / "quality.yaml" for d in builtin_dirs() if (d / "quality.yaml").is_file())
    text = bank.read_text(encoding="utf-8").replace("theme: quality", theme_line, 1)
    write(tmp_path / "user", "q.yaml", text)
    content = load_beside_builtin(tmp_path / "user")
    assert all(p.path.endswith("q.yaml") for p in content.problems), content.problems
    assert content.themes()["quality"] == builtin.themes()["quality"]
    for objection_id in builtin.themes()["quality"]:
        assert content.objections[objection_id] == builtin.objections[objection_id]
    assert_builtins_listed(content, builtin)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("[z-a]", "bad character range z-a at character 2 of the pattern"),
        ("x{2,1}", "min repeat greater than max repeat at character 3 of the pattern"),
    ],
)
def test_pattern_that_does_not_compile_names_its_character_not_a_stream_position(
    tmp_path: Path, pattern: str, expected: str
) -> None:
    path = write(tmp_path / "user", "rule.yaml", RULE_FILE.format(pattern=pattern))
    problems = [str(p) for p in parse_file(path).problems]
    assert len(problems) == 1, problems
    assert (
        f"rule.yaml:9:9: rules[0].patterns[1]: pattern does not compile: {expected}"
        in (problems[0])
    )
    assert "position" not in problems[0]


def test_content_file_that_is_a_fifo_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "persona.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    problems = [str(p) for p in parse_file(fifo).problems]
    assert time.monotonic() - started < 5
    assert len(problems) == 1 and problems[0].endswith(
        "persona.yaml:1:1: not a regular file; expected a YAML text file"
    ), problems
