"""Tests for `sparring new` and the safety of file references inside a persona."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sparring.cli import main
from sparring.commands.new_cmd import slug
from sparring.core.content.loading import Source, load_content, load_sources, parse_file

DATA = Path(__file__).resolve().parent / "data"


def test_slug() -> None:
    assert slug("Skeptical CFO") == "skeptical-cfo"
    assert slug("  Ünïcode & [brackets]!! ") == "n-code-brackets"
    assert slug("!!!") == "my-manager"


def test_new_persona_validates_as_written_and_lists_as_custom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "persona", "Skeptical [bold]CFO[/]: no"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.name == "skeptical-bold-cfo-no.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./persona.schema.json\n")
    assert (written.parent / "persona.schema.json").is_file()
    content = load_content()
    assert content.problems == []
    persona = content.personas["skeptical-bold-cfo-no"]
    assert persona.name == "Skeptical [bold]CFO[/]: no"  # kept literally, quoted safely
    assert content.is_custom("persona", persona.id)
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    mine = next(p for p in listed["personas"] if p["id"] == persona.id)
    assert mine["source"] == "user" and mine["path"].endswith(written.name)


def test_new_objection_validates_and_refuses_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "objection", "Budget worries", "--dir", str(tmp_path)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == tmp_path / "budget-worries-objections.yaml"
    content = load_sources([Source("mine", tmp_path)])
    assert content.problems == []
    assert content.themes() == {"budget-worries": ["budget-worries-first"]}
    assert main(["new", "objection", "Budget worries", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_templates_explain_every_key() -> None:
    from importlib import resources

    for name in ("persona.yaml", "objections.yaml"):
        text = resources.files("sparring.templates").joinpath(name).read_text(encoding="utf-8")
        assert text.count("#") >= 12


def _persona_with(tmp_path: Path, reference: str) -> Path:
    folder = tmp_path / "managers"
    folder.mkdir(exist_ok=True)
    (folder / "bank.yaml").write_bytes((DATA / "good" / "bank.yaml").read_bytes())
    text = (DATA / "good" / "persona.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "briefing: A persona for tests.\n",
        f"briefing: A persona for tests.\nbriefing_file: {json.dumps(reference)}\n",
    )
    (folder / "persona.yaml").write_text(text, encoding="utf-8")
    return folder


def test_briefing_file_inside_the_folder_is_appended(tmp_path: Path) -> None:
    folder = _persona_with(tmp_path, "notes/tess.md")
    (folder / "notes").mkdir()
    (folder / "notes" / "tess.md").write_text("Long notes [bold]here[/].\n", encoding="utf-8")
    content = load_sources([Source("mine", folder)])
    assert content.problems == []
    assert content.personas["test-persona"].briefing.endswith("Long notes [bold]here[/].")


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("../../etc/passwd", "leads outside the content folder"),
        ("/etc/passwd", "is an absolute path"),
        ("~/secrets.txt", "is an absolute path"),
        ("C:\\Windows\\win.ini", "is an absolute path"),
        ("missing.md", "does not exist"),
    ],
)
def test_briefing_file_outside_or_missing_is_refused(
    tmp_path: Path, reference: str, expected: str
) -> None:
    folder = _persona_with(tmp_path, reference)
    content = load_sources([Source("mine", folder)])
    messages = [str(p) for p in content.problems]
    assert len(messages) == 1, messages
    assert ":6:16: briefing_file: " in messages[0] and expected in messages[0]
    assert content.personas["test-persona"].briefing == "A persona for tests."


def test_briefing_file_symlink_escaping_is_refused(tmp_path: Path) -> None:
    folder = _persona_with(tmp_path, "link.md")
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    (folder / "link.md").symlink_to(secret)
    content = load_sources([Source("mine", folder)])
    assert "leads outside the content folder" in str(content.problems[0])
    assert "top secret" not in content.personas["test-persona"].briefing


def test_validate_reports_the_unsafe_reference(tmp_path: Path) -> None:
    folder = _persona_with(tmp_path, "../../etc/passwd")
    file = parse_file(folder / "persona.yaml")
    assert file.problems == []  # the reference is checked where the folder is known
    assert main(["validate", str(folder)]) == 1
