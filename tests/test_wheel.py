"""Tests that the wheel ships the built-in content and works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_carries_content_and_runs_from_elsewhere(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("sparring-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    shipped = {n for n in names if n.startswith("sparring/_content/")}
    repo_files = {
        f"sparring/_content/{p.relative_to(REPO).as_posix()}"
        for folder in ("scenarios", "objections")
        for p in (REPO / folder).rglob("*.yaml")
    }
    assert repo_files and repo_files <= shipped
    assert "sparring/cli.py" in names
    # the judge's trained weights: without them it falls back to rules alone
    assert {
        "sparring/core/scoring/data/acts.model",
        "sparring/core/scoring/data/shape.model",
    } <= set(names)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-m", "sparring", "list", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(result.stdout)
    assert len(data["personas"]) == len(list((REPO / "scenarios").glob("*.yaml")))
    assert all(p["path"].startswith("..") or "_content" in p["path"] for p in data["personas"])
