"""End-to-end, as a new user: scaffold a persona, edit, validate, list and practise it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sparring(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh user folder under `home`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    env["XDG_DATA_HOME"] = str(home / "data")
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    return subprocess.run(
        [sys.executable, "-m", "sparring", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=60,
    )


def test_scaffold_validate_list_practise(tmp_path: Path) -> None:
    made = sparring(tmp_path, "new", "persona", "Skeptical CFO")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path == tmp_path / "data" / "sparring" / "managers" / "skeptical-cfo.yaml"
    assert "sparring validate" in made.stderr

    # The one edit a new user makes first: who this manager is.
    text = path.read_text(encoding="utf-8")
    role = 'role: "Their title and where they sit, e.g. Finance Director, reports to the CFO"'
    assert role in text
    path.write_text(text.replace(role, 'role: "Chief Financial Officer"'), encoding="utf-8")

    checked = sparring(tmp_path, "validate", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "problem" not in checked.stdout + checked.stderr

    listed = sparring(tmp_path, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    mine = [p for p in json.loads(listed.stdout)["personas"] if p["id"] == "skeptical-cfo"]
    assert len(mine) == 1
    assert mine[0]["source"] == "user" and mine[0]["role"] == "Chief Financial Officer"
    assert mine[0]["path"].endswith("skeptical-cfo.yaml") and mine[0]["replaces"] is None
    plain_list = sparring(tmp_path, "list")
    assert "skeptical-cfo" in plain_list.stdout

    replies = (
        "I understand you need to see the work. I'll share a weekly report of what shipped.\n"
        "Let's try two days for six weeks and review it together at the end.\n"
    )
    practised = sparring(
        tmp_path, "practice", "--plain", "--persona", "skeptical-cfo", "--seed", "1", stdin=replies
    )
    assert practised.returncode == 0, practised.stderr
    out = practised.stdout
    assert out.startswith("Practising with Skeptical CFO (Chief Financial Officer), medium.")
    assert out.count("\nYou: ") == 2
    assert out.count("Score: ") == 2
    assert "(end of input)" in out and "=== Summary ===" in out
    assert "Traceback" not in practised.stderr

    # The same seed replays the same session.
    again = sparring(
        tmp_path, "practice", "--plain", "--persona", "skeptical-cfo", "--seed", "1", stdin=replies
    )
    # ... and, the first one being saved, says how it compares.
    assert "Progress: ±0 vs last session." in again.stdout
    kept = [line for line in again.stdout.splitlines(keepends=True) if "Progress:" not in line]
    assert "".join(kept) == out


def test_a_broken_edit_is_reported_with_its_place_and_the_builtins_stay(tmp_path: Path) -> None:
    path = Path(sparring(tmp_path, "new", "persona", "Skeptical CFO").stdout.strip())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("role:"))
    lines[number] = "role: Chief Financial Officer: Europe\n"
    path.write_text("".join(lines), encoding="utf-8")
    checked = sparring(tmp_path, "validate", str(path))
    assert checked.returncode != 0
    shown = path.relative_to(tmp_path).as_posix()  # paths below the working folder are relative
    expected = f"{shown}:{number + 1}:30: YAML syntax error: mapping values are not allowed"
    assert expected in checked.stdout + checked.stderr
    listed = json.loads(sparring(tmp_path, "list", "--json").stdout)
    ids = {p["id"] for p in listed["personas"]}
    assert "skeptical-cfo" not in ids
    assert ids and all(p["source"] == "builtin" for p in listed["personas"])


def test_plain_mode_says_once_that_a_file_is_broken(tmp_path: Path) -> None:
    sparring(tmp_path, "new", "persona", "Skeptical CFO")
    folder = tmp_path / "data" / "sparring" / "managers"
    (folder / "broken.yaml").write_text("kind: persona\nname: [\n", encoding="utf-8")
    done = sparring(
        tmp_path, "practice", "--plain", "--persona", "skeptical-cfo", "--seed", "1", stdin="/end\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "sparring: 1 problem in 1 file (data/sparring/managers/broken.yaml); the good files "
        "are loaded. Run `sparring validate` for the list.\n"
    )
    assert done.stdout.startswith("Practising with Skeptical CFO")
