"""Provides the built-in content and its scorer to the core tests."""

from __future__ import annotations

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.loading import load_content
from sparring.core.scoring.judge import Scorer


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The built-in content, loaded without problems (no user folder)."""
    loaded = load_content(user_dir=tmp_path_factory.mktemp("user"))
    assert loaded.problems == []
    return loaded


@pytest.fixture(scope="module")
def scorer(content: Content) -> Scorer:
    """One scorer over the built-in content."""
    return Scorer(content)
