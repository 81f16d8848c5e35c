"""Tests for `sparring list`, `validate` and `schema` through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparring.cli import main

DATA = Path(__file__).resolve().parent / "data"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m sparring` in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "sparring", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=os.environ.copy(),
    )


def test_list_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["objections"] >= 1
    for persona in data["personas"]:
        assert {"id", "name", "difficulty", "source", "objections"} <= set(persona)
        assert persona["source"] == "builtin"
        assert persona["objections"] >= 1


def test_scenarios_flag_before_or_after_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    good = str(DATA / "good")
    for argv in (["--scenarios", good, "list", "--json"], ["list", "--json", "--scenarios", good]):
        assert main(argv) == 0
        data = json.loads(capsys.readouterr().out)
        mine = [p for p in data["personas"] if p["id"] == "test-persona"]
        assert mine and mine[0]["source"].endswith("tests/data/good")


def test_list_table_marks_custom(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scenarios", str(DATA / "good"), "list"]) == 0
    out = capsys.readouterr().out
    assert "test-persona" in out and "custom: " in out
    assert "Objection themes" in out


def test_validate_builtin_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("ok: ")


def test_validate_bad_files_exit_1_with_one_line_each() -> None:
    result = run_cli("validate", str(DATA / "bad"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 14
    for line in lines:
        path, line_no, col, message = line.split(":", 3)
        assert path.endswith(".yaml") and line_no.isdigit() and col.isdigit() and message.strip()
    assert "Traceback" not in result.stderr
    assert "14 problem(s) in 12 file(s)" in result.stderr


def test_validate_good_path() -> None:
    result = run_cli("validate", str(DATA / "good"))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_schema_covers_all_file_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    kinds = [s["properties"]["kind"]["const"] for s in schema["oneOf"]]
    assert kinds == ["persona", "objections", "rules", "strengths"]


def test_schema_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    written = capsys.readouterr().out.split()
    assert len(written) == 4
    persona = json.loads((tmp_path / "persona.schema.json").read_text(encoding="utf-8"))
    assert "briefing" in persona["properties"]
    assert "Persona" not in json.dumps(persona["properties"]["name"])  # described, not bare


def test_internal_error_is_reported_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sparring.commands.list_cmd as list_cmd

    def boom(_content: object) -> dict[str, object]:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(list_cmd, "summary", boom)
    assert main(["list"]) == 70
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: kaboom" in err
    assert "Traceback" not in err
