"""Tests for loading content: every failure mode gets `path:line:col: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.core.content.loading import Source, load_content, load_sources, parse_file
from sparring.core.content.yamlsafe import MAX_FILE_BYTES

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad"


def problems_of(name: str) -> list[str]:
    return [str(p) for p in parse_file(BAD / name).problems]


def only_problem(name: str) -> str:
    problems = problems_of(name)
    assert len(problems) == 1, problems
    return problems[0]


def test_good_folder_loads_cleanly() -> None:
    content = load_sources([Source("t", DATA / "good")])
    assert content.problems == []
    assert list(content.personas) == ["test-persona"]
    assert list(content.objections) == ["test-objection"]
    assert content.theme_titles == {"testing": "Test theme"}


def test_yaml_syntax_error_points_at_line_and_column() -> None:
    message = only_problem("syntax.yaml")
    assert (
        message.startswith("tests/data/bad/syntax.yaml:6:5: YAML syntax error:") or ":6:" in message
    )
    assert "YAML syntax error" in message
    assert "expected ',' or ']'" in message


def test_empty_file_says_what_was_expected() -> None:
    message = only_problem("empty.yaml")
    assert message.endswith(
        "empty.yaml:1:1: file is empty; expected a mapping that starts with "
        "`kind: persona`, `kind: objections`, `kind: rules` or `kind: strengths`"
    )


@pytest.mark.parametrize(
    ("name", "found"), [("list.yaml", "found a list"), ("string.yaml", "found a single value")]
)
def test_top_level_must_be_a_mapping(name: str, found: str) -> None:
    message = only_problem(name)
    assert f"{name}:1:1: expected a mapping (key: value lines)" in message
    assert found in message


def test_unknown_key_names_path_and_suggests_nearest() -> None:
    problems = problems_of("unknown_key.yaml")
    assert len(problems) == 2, problems  # the misspelt key, and model_answer now missing
    message = problems[1]
    assert (
        "unknown_key.yaml:17:5: objections[0].model_anwser: unknown key 'model_anwser'" in message
    )
    assert "did you mean 'model_answer'?" in message


def test_unknown_key_also_reports_the_missing_one() -> None:
    problems = problems_of("unknown_key.yaml")
    assert "unknown_key.yaml:4:5: objections[0]: missing required key 'model_answer'" in problems[0]


def test_yaml11_no_and_sexagesimal_are_explained() -> None:
    problems = problems_of("yaml11_no.yaml")
    assert len(problems) == 2, problems
    joined = "\n".join(problems)
    assert ":5:34: objections[0].wordings[1]: expected text, found false " in joined
    assert 'YAML reads an unquoted no as false; put it in quotes: "no"' in joined
    assert (
        ":15:35: objections[0].moves[2].phrases[1]: expected text, found the number 750" in joined
    )
    assert "base-60" in joined and '"12:30"' in joined


def test_wrong_type_names_key_path_expected_and_found() -> None:
    message = only_problem("wrong_type.yaml")
    assert message.endswith(
        "wrong_type.yaml:12:18: objections[0].moves[1].phrases: "
        "expected a list, found the number 42"
    )


def test_missing_required_key() -> None:
    message = only_problem("missing_key.yaml")
    assert "missing_key.yaml:4:5: objections[0]: missing required key 'hint'" in message
    assert "expected a nudge shown when the user asks for a hint" in message


def test_duplicate_key_in_one_mapping() -> None:
    message = only_problem("duplicate_key.yaml")
    assert "duplicate_key.yaml:17:5: objections[0].hint: duplicate key 'hint'" in message
    assert "already set at line 16, col 5" in message


def test_duplicate_id_across_two_files_names_both() -> None:
    content = load_sources([Source("t", DATA / "dup_ids")])
    assert len(content.problems) == 1
    message = str(content.problems[0])
    assert "dup_ids/two.yaml:4:9: duplicate objection id 'same-id'" in message
    assert (
        "already defined at tests/data/dup_ids/one.yaml:4:9" in message
        or "dup_ids/one.yaml:4:9" in message
    )
    assert list(content.objections) == ["same-id"]


def test_persona_naming_missing_objection() -> None:
    content = load_sources(
        [Source("g", DATA / "good" / "bank.yaml"), Source("b", DATA / "bad_ref")]
    )
    messages = [str(p) for p in content.problems]
    assert len(messages) == 2, messages
    assert any(
        "bad_ref/persona.yaml:10:9: objections[0].id: "
        "no objection has the id 'test-objection-typo'; did you mean 'test-objection'?" in m
        for m in messages
    )
    assert any(
        "bad_ref/persona.yaml:12:12: objections[1].theme: no objection has the theme 'nope-theme'"
        in m
        for m in messages
    )
    assert "bad-ref-persona" not in content.personas  # nothing left to raise


def test_python_tag_is_refused_as_code() -> None:
    message = only_problem("python_tag.yaml")
    assert "python_tag.yaml:3:7: tag !!python/object/apply:os.system is not allowed" in message
    assert "data, never code" in message


def test_alias_bomb_is_refused_without_expanding() -> None:
    message = only_problem("alias_bomb.yaml")
    assert "alias_bomb.yaml:3:10: anchors" in message
    assert "anchors and aliases (&name, *name) are not allowed" in message


def test_file_over_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("kind: rules\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    message = next(str(p) for p in parse_file(big).problems)
    assert message.endswith(
        f"big.yaml:1:1: file is {big.stat().st_size:,} bytes; the limit is 1,048,576 bytes (1 MiB)"
    )


def test_non_utf8_bytes_point_at_the_byte() -> None:
    message = only_problem("not_utf8.yaml")
    assert "not_utf8.yaml:3:10: file is not UTF-8: byte 0xe9 cannot be decoded" in message


def test_missing_kind_guesses_the_file_kind(tmp_path: Path) -> None:
    path = tmp_path / "nokind.yaml"
    path.write_text("id: x\nname: X\nopening: [hi]\n", encoding="utf-8")
    message = str(parse_file(path).problems[0])
    assert "nokind.yaml:1:1: missing required key 'kind'" in message
    assert "add `kind: persona`" in message


def test_unknown_kind_suggests(tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    path.write_text("kind: persnoa\n", encoding="utf-8")
    message = str(parse_file(path).problems[0])
    assert (
        "k.yaml:1:7: kind: expected one of persona, objections, rules, strengths, "
        "found 'persnoa'" in message
    )
    assert "did you mean 'persona'?" in message


def test_all_problems_in_all_files_reported_and_good_files_still_load(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("syntax.yaml", "wrong_type.yaml", "python_tag.yaml", "empty.yaml"):
        (folder / name).write_bytes((BAD / name).read_bytes())
    for name in ("bank.yaml", "persona.yaml"):
        (folder / name).write_bytes((DATA / "good" / name).read_bytes())
    content = load_sources([Source("mixed", folder)])
    assert len({p.path for p in content.problems}) == 4
    assert "test-persona" in content.personas
    assert "test-objection" in content.objections


def test_broken_bank_keeps_its_good_objections(tmp_path: Path) -> None:
    good = (DATA / "good" / "bank.yaml").read_text(encoding="utf-8")
    broken = (
        good + (BAD / "missing_key.yaml").read_text(encoding="utf-8").split("objections:\n", 1)[1]
    )
    path = tmp_path / "partly.yaml"
    path.write_text(broken, encoding="utf-8")
    file = parse_file(path)
    assert len(file.problems) == 1
    assert [o.id for o, _ in file.objections] == ["test-objection"]


def test_user_folder_replaces_builtin_persona(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    builtin = load_content(user_dir=user)
    persona_id = next(iter(builtin.personas))
    text = (DATA / "good" / "persona.yaml").read_text(encoding="utf-8")
    text = text.replace("id: test-persona", f"id: {persona_id}").replace(
        "Tess Tester", "My Own Boss"
    )
    (user / "mine.yaml").write_text(text, encoding="utf-8")
    (user / "bank.yaml").write_bytes((DATA / "good" / "bank.yaml").read_bytes())
    content = load_content(user_dir=user)
    assert content.problems == []
    assert content.personas[persona_id].name == "My Own Boss"
    assert content.is_custom("persona", persona_id)
    assert content.replaced[("persona", persona_id)].source == "builtin"


def test_missing_scenarios_folder_is_a_problem(tmp_path: Path) -> None:
    content = load_content([tmp_path / "nope"], user_dir=tmp_path / "user")
    assert any("folder does not exist" in str(p) for p in content.problems)
    assert content.personas  # the built-ins still load
