"""Tests that the pure core loads neither textual nor pyttsx3."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
