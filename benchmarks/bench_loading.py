"""Benchmarks loading 1,000 content files of built-in size (target: well under a second)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from sparring.core.content.loading import Source, load_sources
from sparring.core.paths import builtin_dirs

FILES = 1000
# The built-in rules load beside the copies: the personas react to their flag kinds.
RULES = next(d for d in builtin_dirs() if (d / "rules").is_dir()) / "rules"
_ID = re.compile(r"^(\s*(?:- )?id: )([a-z0-9-]+)$", re.MULTILINE)
_CONCERN = re.compile(r"^concern_moves: \[(.*)\]$", re.MULTILINE)


@pytest.fixture(scope="module")
def thousand_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the built-in files, ids suffixed per batch so every copy stays valid."""
    originals = sorted(
        p for folder in builtin_dirs() for p in folder.rglob("*.yaml") if "rules" not in p.parts
    )
    folder = tmp_path_factory.mktemp("thousand")
    written = 0
    batch = 0
    while written < FILES:
        for original in originals:
            if written == FILES:
                break
            text = _ID.sub(lambda m, b=batch: f"{m.group(1)}{m.group(2)}-{b}", original.read_text())
            text = _CONCERN.sub(  # the move ids it names were suffixed too
                lambda m, b=batch: (
                    "concern_moves: ["
                    + ", ".join(f"{i.strip()}-{b}" for i in m.group(1).split(","))
                    + "]"
                ),
                text,
            )
            (folder / f"{batch:03d}-{original.name}").write_text(text, encoding="utf-8")
            written += 1
        batch += 1
    return folder


def test_load_1000_files_cold(benchmark: BenchmarkFixture, thousand_files: Path) -> None:
    """Every file parsed and validated from scratch (no parse cache)."""
    content = benchmark(
        load_sources, [Source("rules", RULES), Source("bench", thousand_files)], cache_file=False
    )
    assert content.problems == []
    assert len(content.objections) >= 1000


def test_load_1000_files_warm(
    benchmark: BenchmarkFixture, thousand_files: Path, tmp_path: Path
) -> None:
    """Unchanged files come from the parse cache, as on every start after the first."""
    cache = tmp_path / "content.pickle"
    load_sources([Source("rules", RULES), Source("bench", thousand_files)], cache_file=cache)
    content = benchmark(
        load_sources, [Source("rules", RULES), Source("bench", thousand_files)], cache_file=cache
    )
    assert content.problems == []
    assert len(content.objections) >= 1000
