"""Provides what tests and benchmarks share: private user folders, and the speech guard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker for tests that need the real speech engine."""
    config.addinivalue_line(
        "markers", "needs_speech: needs espeak-ng; skipped without it, a failure under CI"
    )


def _speech_engine_works() -> bool:
    from sparring.speech.engine import Engine, SpeechUnavailable

    try:
        Engine.shared()
    except SpeechUnavailable:
        return False
    return True


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip speech tests on a machine without espeak-ng, but never in CI, which installs it."""
    if item.get_closest_marker("needs_speech") is None or _speech_engine_works():
        return
    if os.environ.get("CI"):
        pytest.fail("espeak-ng is missing in CI; .ci/run should have installed it")
    pytest.skip("espeak-ng is not installed")


@pytest.fixture(autouse=True)
def private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep every test and benchmark away from the real user's data and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)  # exports default to ~/Documents
    return home
