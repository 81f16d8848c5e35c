"""Tests for the parse cache: unchanged files are reused, changed and broken ones never."""

from __future__ import annotations

import os
from pathlib import Path

from sparring.core.content.loading import Source, load_sources

DATA = Path(__file__).resolve().parent.parent / "data"


def _copy_good(folder: Path) -> None:
    folder.mkdir()
    for name in ("bank.yaml", "persona.yaml"):
        (folder / name).write_bytes((DATA / "good" / name).read_bytes())


def test_cached_load_equals_fresh_load(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    fresh = load_sources([Source("c", folder)], cache_file=False)
    first = load_sources([Source("c", folder)], cache_file=cache)
    assert cache.is_file()
    assert cache.stat().st_mode & 0o777 == 0o600
    second = load_sources([Source("c", folder)], cache_file=cache)
    assert second.personas == fresh.personas == first.personas
    assert second.objections == fresh.objections
    assert second.origins == fresh.origins


def test_changed_file_is_parsed_again(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    load_sources([Source("c", folder)], cache_file=cache)
    bank = folder / "bank.yaml"
    text = bank.read_text(encoding="utf-8").replace("hint: Show them.", "hint: 42")
    bank.write_text(text, encoding="utf-8")
    stat = bank.stat()
    os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    content = load_sources([Source("c", folder)], cache_file=cache)
    assert [p.message for p in content.problems][0].startswith(
        "objections[0].hint: expected text, found the number 42"
    )


def test_broken_files_are_never_cached(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "bad.yaml").write_bytes((DATA / "bad" / "wrong_type.yaml").read_bytes())
    cache = tmp_path / "cache.pickle"
    for _ in range(2):
        content = load_sources([Source("c", folder)], cache_file=cache)
        assert len(content.problems) == 1
    assert not cache.exists()


def test_unreadable_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    cache.write_bytes(b"not a pickle at all")
    content = load_sources([Source("c", folder)], cache_file=cache)
    assert content.problems == [] and "test-persona" in content.personas
    assert cache.read_bytes() != b"not a pickle at all"
