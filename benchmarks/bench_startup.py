"""Benchmarks launch to the first painted picker against a bare Textual app (see startup_ab)."""

from __future__ import annotations

from pathlib import Path

from startup_ab import BARE, BARE_TEXT, PICKER_TITLE, SPARRING, launch


def test_both_launches_paint(tmp_path: Path) -> None:
    """The harness sees each app's first paint (so the A/B measures something)."""
    assert 0 < launch(SPARRING, PICKER_TITLE, tmp_path) < 20
    assert 0 < launch(("-c", BARE), BARE_TEXT, tmp_path) < 20
