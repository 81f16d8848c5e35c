"""Tests for the parse cache: unchanged files are reused, changed and broken ones never."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

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


def _record_spans(cache: Path) -> list[tuple[int, int]]:
    """Where each entry's record starts and ends in the cache file."""
    from sparring.core.content.cache import _HEADER

    data = cache.read_bytes()
    offset = data.index(b"\n", data.index(b"\n") + 1) + 1
    spans = []
    while offset < len(data):
        path_len, _size, _mtime, payload_len, _digest = _HEADER.unpack_from(data, offset)
        end = offset + _HEADER.size + path_len + payload_len
        spans.append((offset, end))
        offset = end
    return spans


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    from sparring.core.content import loading

    parsed: list[Path] = []
    real = loading.parse_file

    def counting(path: Path) -> loading.ParsedFile:
        parsed.append(path)
        return real(path)

    monkeypatch.setattr(loading, "parse_file", counting)
    return parsed


def test_warm_load_parses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    load_sources([Source("c", folder)], cache_file=cache)
    parsed = _counting_parses(monkeypatch)
    load_sources([Source("c", folder)], cache_file=cache)
    assert parsed == []


@pytest.mark.parametrize("where", ["header", "path", "payload-start", "payload-middle", "end"])
def test_damaged_cache_entry_is_parsed_afresh_and_quietly_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    fresh = load_sources([Source("c", folder)], cache_file=False)
    load_sources([Source("c", folder)], cache_file=cache)
    spans = _record_spans(cache)
    assert len(spans) == 2
    start, end = spans[0]
    offset = {
        "header": start + 5,
        "path": start + 45,
        "payload-start": start + 100,
        "payload-middle": (start + end) // 2,
        "end": end - 1,
    }[where]
    data = bytearray(cache.read_bytes())
    data[offset] ^= 0x55
    cache.write_bytes(bytes(data))
    parsed = _counting_parses(monkeypatch)
    content = load_sources([Source("c", folder)], cache_file=cache)
    assert content.problems == []
    assert content.personas == fresh.personas and content.objections == fresh.objections
    assert len(parsed) >= 1  # the damaged entry was parsed again
    parsed.clear()
    again = load_sources([Source("c", folder)], cache_file=cache)  # the entry was rewritten
    assert parsed == [] and again.personas == fresh.personas
    assert len(_record_spans(cache)) == 2


def test_truncated_cache_file_never_breaks_the_load(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    fresh = load_sources([Source("c", folder)], cache_file=False)
    load_sources([Source("c", folder)], cache_file=cache)
    whole = cache.read_bytes()
    for length in range(0, len(whole), max(1, len(whole) // 97)):
        cache.write_bytes(whole[:length])
        content = load_sources([Source("c", folder)], cache_file=cache)
        assert content.problems == [] and content.personas == fresh.personas, length


def test_entry_with_a_valid_digest_but_foreign_classes_is_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sparring.core.content.cache import ParseCache

    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    load_sources([Source("c", folder)], cache_file=cache)
    marker = tmp_path / "ran"
    forged = ParseCache(cache)
    assert len(forged.entries) == 2
    evil = pickle.dumps(_Evil(str(marker)))
    for name, (size, mtime, _payload) in list(forged.entries.items()):
        forged.entries[name] = (size, mtime, evil)
    forged.dirty = True
    forged.save()
    parsed = _counting_parses(monkeypatch)
    content = load_sources([Source("c", folder)], cache_file=cache)
    assert not marker.exists()
    assert content.problems == [] and "test-persona" in content.personas
    assert len(parsed) == 2


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (os.system, (f"touch {self.path}",))  # what a forged cache could try


def test_fifo_in_place_of_the_cache_never_blocks_the_load(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _copy_good(folder)
    cache = tmp_path / "cache.pickle"
    os.mkfifo(cache)
    os.mkfifo(cache.with_name(f".{cache.name}.{os.getpid()}.tmp"))  # and at the temporary name
    started = time.monotonic()
    content = load_sources([Source("c", folder)], cache_file=cache)
    assert time.monotonic() - started < 5
    assert content.problems == [] and "test-persona" in content.personas


def test_rules_and_strengths_come_back_from_the_cache_with_their_kinds_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The models live in a package (models/rules.py, models/strengths.py...): the cache
    # knows their classes there, and the code fingerprint covers those files too.
    rules = Path(__file__).resolve().parents[2] / "objections" / "rules"
    folder = tmp_path / "c"
    folder.mkdir()
    for name in ("vague.yaml", "strengths.yaml"):
        (folder / name).write_bytes((rules / name).read_bytes())
    cache = tmp_path / "cache.pickle"
    fresh = load_sources([Source("c", folder)], cache_file=False)
    load_sources([Source("c", folder)], cache_file=cache)
    parsed = _counting_parses(monkeypatch)
    warm = load_sources([Source("c", folder)], cache_file=cache)
    assert parsed == []
    assert warm.problems == []
    assert warm.rules == fresh.rules and warm.strengths == fresh.strengths
    assert warm.flag_kinds.facts("vague") == fresh.flag_kinds.facts("vague")
    assert warm.flag_kinds.severity("vague") == 12


def test_the_code_fingerprint_covers_the_model_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    from sparring.core.content import cache as cache_module

    rules_module = Path(cache_module.__file__).parent / "models" / "rules.py"
    assert rules_module.is_file()
    monkeypatch.setattr(cache_module, "_fingerprint", None)
    before = cache_module.code_fingerprint()
    read_bytes = Path.read_bytes

    def edited(path: Path) -> bytes:
        return b"# edited" if path == rules_module else read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", edited)
    monkeypatch.setattr(cache_module, "_fingerprint", None)
    assert cache_module.code_fingerprint() != before
