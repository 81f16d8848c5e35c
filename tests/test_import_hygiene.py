"""Tests that the pure core loads neither textual nor pyttsx3, and the layering contracts hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import sparring.core

PROBE = """
import importlib, pkgutil, sys
import sparring.core
names = [m.name for m in pkgutil.walk_packages(sparring.core.__path__, "sparring.core.")]
for name in names:
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "pyttsx3", "rich"))
print(len(names))
print(" ".join(bad))
"""


def test_core_imports_neither_textual_nor_pyttsx3() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    count, bad = ([*result.stdout.splitlines(), ""])[:2]
    assert int(count) >= 8  # every module of the core was imported
    assert bad == ""


def test_probe_would_notice_a_leak() -> None:
    """The probe is not vacuous: importing the TUI layer does show textual."""
    leak = PROBE.replace("import sparring.core\n", "import sparring.core\nimport textual.app\n", 1)
    result = subprocess.run(
        [sys.executable, "-c", leak], capture_output=True, text=True, check=True, timeout=60
    )
    assert "textual" in result.stdout.splitlines()[1]


def test_core_folder_is_where_the_probe_looks() -> None:
    assert Path(sparring.core.__file__).parent.name == "core"


ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: install the dev extra (make .venv/.installed)")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_layering_contracts_are_kept() -> None:
    """pyproject.toml's import-linter contracts: the flow runs one way, the core is pure."""
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_contracts_see_imports_made_inside_functions(tmp_path: Path) -> None:
    """Not vacuous: the commands import the TUI lazily, and a contract forbidding it breaks."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "sparring"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "commands without the TUI"\ntype = "forbidden"\n'
        'source_modules = ["sparring.commands"]\nforbidden_modules = ["sparring.tui"]\n',
        encoding="utf-8",
    )
    result = _lint_imports(str(config))
    assert result.returncode == 1
    assert "commands without the TUI BROKEN" in result.stdout
    assert "sparring.commands.practice_cmd -> sparring.tui.app" in result.stdout
