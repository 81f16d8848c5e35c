"""Tests for bare `sparring` taking the options of `sparring practice` (plain mode, piped)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_run import run_sparring

from sparring.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "practice"
REPLY = "I just want to stay home more.\n"


def sparring(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_sparring(tmp_path, *args, stdin=stdin, scenarios=DATA, home=True)


def sessions_saved(tmp_path: Path) -> int:
    result = sparring(tmp_path, "", "history", "--json")
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["total_sessions"])


def test_bare_sparring_no_save_keeps_nothing_like_practice_no_save(tmp_path: Path) -> None:
    # No history yet: nothing is created.
    first = sparring(tmp_path, REPLY, "--no-save", "--persona", "tess-tester", "--seed", "3")
    assert first.returncode == 0, first.stderr
    assert "Score: " in first.stdout and "=== Summary ===" in first.stdout
    assert not (tmp_path / "data" / "sparring").exists()
    # With a history: a saved session, then two unsaved ones (before and after `practice`).
    saved = sparring(tmp_path, REPLY, "--persona", "tess-tester")
    assert saved.returncode == 0, saved.stderr
    assert sessions_saved(tmp_path) == 1
    for args in (("--no-save", "--persona", "tess-tester"), ("--no-save", "practice")):
        unsaved = sparring(tmp_path, REPLY, *args)
        assert unsaved.returncode == 0, unsaved.stderr
        assert "Score: " in unsaved.stdout
    assert sessions_saved(tmp_path) == 1


def test_sparring_help_lists_the_practice_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "practice options:" in shown
    for option in ("--no-save", "--persona ID", "--seed N", "--weakest", "--export FILE"):
        assert option in shown, option
    assert "keep nothing in the history" in shown


def test_a_practice_option_before_another_command_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--no-save", "history"])
    assert done.value.code == 2
    assert "--no-save is an option of practice (and of bare sparring), not of history" in (
        capsys.readouterr().err
    )
