"""Tests for the one-message summaries of a reload and of content problems."""

from __future__ import annotations

from pathlib import Path

from sparring.core.content.errors import Problem
from sparring.core.content.loading import load_content
from sparring.core.content.report import problems_summary, reload_summary

DATA = Path(__file__).resolve().parent.parent / "data" / "practice"


def fixture(tmp_path: Path, *extra: Path):  # type: ignore[no-untyped-def]
    return load_content([DATA, *extra], user_dir=tmp_path / "none", builtin=False)


def test_no_problems_no_message() -> None:
    assert problems_summary([]) == ""


def test_problems_are_counted_by_file_and_name_at_most_three_files() -> None:
    problems = [Problem(f"f{i}.yaml", 1, 1, "bad") for i in range(5)] + [
        Problem("f0.yaml", 2, 1, "worse")
    ]
    assert problems_summary(problems) == (
        "6 problems in 5 files (f0.yaml, f1.yaml, f2.yaml and 2 more); "
        "the good files are loaded. Press F8 for the list."
    )
    assert problems_summary(problems[:1]).startswith("1 problem in 1 file (f0.yaml);")


def test_reload_names_new_changed_and_gone_managers(tmp_path: Path) -> None:
    old = fixture(tmp_path)
    assert (
        reload_summary(old, old)
        == f"Reloaded {len(old.personas)} managers (2 custom); nothing changed."
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "p.yaml").write_text(
        (DATA / "persona-tess.yaml").read_text(encoding="utf-8").replace("Tess", "Tessa"),
        encoding="utf-8",
    )
    new = fixture(tmp_path, extra)
    assert new.problems == []
    message = reload_summary(old, new)
    assert "changed: Tessa" in message and "new:" not in message
    assert message == "Reloaded 2 managers (2 custom); changed: Tessa Tester."
    fewer = load_content([DATA / "fixture-bank.yaml"], user_dir=tmp_path / "none", builtin=False)
    gone = reload_summary(old, fewer)
    assert gone.startswith("Reloaded 0 managers (0 custom); gone: ")


def test_reload_message_ends_with_the_problems(tmp_path: Path) -> None:
    old = fixture(tmp_path)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "broken.yaml").write_text("kind: persona\nid: [\n", encoding="utf-8")
    new = fixture(tmp_path, extra)
    first, second = reload_summary(old, new).split("\n")
    assert first.endswith("nothing changed.")
    assert second.startswith("1 problem in 1 file (") and "broken.yaml" in second


def test_a_reload_says_when_the_strengths_changed(tmp_path: Path) -> None:
    old = fixture(tmp_path)
    extra = tmp_path / "strengths.yaml"
    extra.write_text(
        "kind: strengths\nstrengths:\n  - kind: gratitude\n    label: Thanks\n    points: 4\n"
        '    phrases: ["thanks for your time"]\n'
        '    examples: {earn: ["Thanks for your time; remote Tuesdays."], miss: ["No."]}\n',
        encoding="utf-8",
    )
    new = fixture(tmp_path, extra)
    assert new.problems == []
    assert "strengths updated" in reload_summary(old, new)
