"""Benchmarks what the reload key costs: built-ins plus a user folder, and a new scorer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from sparring.commands.new_cmd import render
from sparring.core.content.catalog import Content
from sparring.core.content.loading import load_content
from sparring.core.scoring.judge import Scorer

CUSTOM = 20


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    """Twenty scaffolded personas and one broken file, as an active author's folder."""
    folder = tmp_path / "managers"
    folder.mkdir()
    for number in range(CUSTOM):
        name, text = render("persona", f"Manager {number}")
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.yaml").write_text("kind: persona\nname: [\n", encoding="utf-8")
    return folder


def reload(folder: Path) -> tuple[Content, Scorer]:
    """What the app's worker thread does on F9."""
    content = load_content(user_dir=folder)
    return content, Scorer(content)


def test_reload_with_parse_cache(benchmark: BenchmarkFixture, user_folder: Path) -> None:
    """The usual case: one file edited, the rest come from the parse cache."""
    reload(user_folder)  # fill the cache, as start-up does
    content, _ = benchmark(reload, user_folder)
    assert len([p for p in content.personas if p.startswith("manager-")]) == CUSTOM
    assert len(content.problems) == 1
