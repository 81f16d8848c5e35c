"""Provides test fixtures (user folders are made private in the root conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """The folder of test content files."""
    return DATA


@pytest.fixture(scope="session")
def builtins() -> Any:
    """The built-in content only, parsed afresh (no user folder, no parse cache)."""
    from sparring.core.content.loading import default_sources, load_sources

    sources = default_sources(user_dir=REPO / "tests" / "eval" / "no-user-dir")
    loaded = load_sources(sources, cache_file=False)
    assert not loaded.problems
    return loaded


@pytest.fixture(scope="session")
def builtin_scorer(builtins: Any) -> Any:
    """The judge over the built-in content."""
    from sparring.core.scoring.judge import Scorer

    return Scorer(builtins)
