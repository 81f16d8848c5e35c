"""Runs `python -m sparring` as a user would, with every user folder inside a test's tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_sparring(
    tmp_path: Path,
    *args: str,
    stdin: str = "",
    scenarios: Path,
    home: bool = False,
    encoding: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`sparring --scenarios FOLDER ARGS` in tmp_path, its data, config and cache (and HOME,
    when `home`) under tmp_path, stdin given, output captured, bounded to a minute."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    if home:
        env["HOME"] = str(tmp_path / "home")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return subprocess.run(
        [sys.executable, "-m", "sparring", "--scenarios", str(scenarios), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding=encoding,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
