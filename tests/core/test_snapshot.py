"""Tests for the start-up snapshot: the picker paints from it only while nothing changed."""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.loading import load_content
from sparring.core.content.snapshot import DeferredContent, Snapshot, load_for_picker

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    """A user folder with a good persona and bank (no built-ins: the tests stay fast)."""
    folder = tmp_path / "managers"
    folder.mkdir()
    for name in ("bank.yaml", "persona.yaml"):
        (folder / name).write_bytes((DATA / "good" / name).read_bytes())
    return folder


def _load(user_dir: Path, snapshot: Path) -> Content:
    return load_for_picker(user_dir=user_dir, builtin=False, snapshot_file=snapshot)


def _fresh(user_dir: Path) -> Content:
    return load_content(user_dir=user_dir, builtin=False)


def _touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_a_load_writes_the_snapshot_and_the_next_one_paints_from_it(
    user_dir: Path, tmp_path: Path
) -> None:
    snapshot = tmp_path / "picker.json"
    first = _load(user_dir, snapshot)
    assert not isinstance(first, DeferredContent)
    assert snapshot.stat().st_mode & 0o777 == 0o600
    second = _load(user_dir, snapshot)
    assert isinstance(second, DeferredContent)
    assert not second.loaded
    assert second.cards() == first.cards() == _fresh(user_dir).cards()
    assert second.problems == first.problems
    assert not second.loaded  # cards and problems need no models
    fresh = _fresh(user_dir)
    assert second.personas == fresh.personas  # the first other field loads them all
    assert second.loaded
    assert (second.objections, second.rules) == (fresh.objections, fresh.rules)
    assert (second.origins, second.theme_titles) == (fresh.origins, fresh.theme_titles)
    assert second.cards() == fresh.cards()


def test_the_card_is_what_the_picker_showed_from_the_models(user_dir: Path) -> None:
    content = _fresh(user_dir)
    (card,) = content.cards()
    persona = content.personas["test-persona"]
    assert (card.id, card.name, card.role, card.difficulty) == (
        persona.id,
        persona.name,
        persona.role,
        persona.difficulty,
    )
    assert card.objections == len(content.picks(persona))
    assert card.themes == tuple(content.persona_themes(persona))
    assert card.origin == content.origins[("persona", "test-persona")].shown  # custom
    assert card.replaces == ""


@pytest.mark.parametrize("change", ["edited", "added", "removed", "folder gone"])
def test_any_change_to_the_files_means_an_ordinary_load(
    user_dir: Path, tmp_path: Path, change: str
) -> None:
    snapshot = tmp_path / "picker.json"
    _load(user_dir, snapshot)
    if change == "edited":
        persona = user_dir / "persona.yaml"
        persona.write_text(
            persona.read_text(encoding="utf-8").replace("Tess Tester", "Tess Changed"),
            encoding="utf-8",
        )
        _touch(persona)
    elif change == "added":
        (user_dir / "more.yaml").write_text("kind: rules\nrules: []\n", encoding="utf-8")
    elif change == "removed":
        (user_dir / "persona.yaml").unlink()
    else:
        for path in user_dir.iterdir():
            path.unlink()
        user_dir.rmdir()
    again = _load(user_dir, snapshot)
    assert not isinstance(again, DeferredContent)
    assert again.cards() == _fresh(user_dir).cards()
    assert isinstance(_load(user_dir, snapshot), DeferredContent)  # and it is written again


def test_problems_come_from_the_snapshot_exactly(user_dir: Path, tmp_path: Path) -> None:
    (user_dir / "wrong_type.yaml").write_bytes((DATA / "bad" / "wrong_type.yaml").read_bytes())
    snapshot = tmp_path / "picker.json"
    first = _load(user_dir, snapshot)
    assert first.problems
    second = _load(user_dir, snapshot)
    assert isinstance(second, DeferredContent)
    assert second.problems == first.problems == _fresh(user_dir).problems


def test_a_briefing_file_that_appears_later_is_noticed(user_dir: Path, tmp_path: Path) -> None:
    persona = user_dir / "persona.yaml"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace(
            "briefing: A persona for tests.\n",
            "briefing: A persona for tests.\nbriefing_file: notes.md\n",
        ),
        encoding="utf-8",
    )
    snapshot = tmp_path / "picker.json"
    missing = _load(user_dir, snapshot)
    assert any("briefing_file" in p.message for p in missing.problems)
    assert isinstance(_load(user_dir, snapshot), DeferredContent)
    (user_dir / "notes.md").write_text("Likes numbers.", encoding="utf-8")
    found = _load(user_dir, snapshot)
    assert not isinstance(found, DeferredContent)
    assert not found.problems
    assert found.cards()[0].briefing.endswith("Likes numbers.")
    (user_dir / "notes.md").write_text("Likes numbers and charts.", encoding="utf-8")
    changed = _load(user_dir, snapshot)
    assert not isinstance(changed, DeferredContent)
    assert changed.cards()[0].briefing.endswith("Likes numbers and charts.")


def test_another_working_folder_means_an_ordinary_load(
    user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths are shown relative to the working folder, so the snapshot depends on it."""
    snapshot = tmp_path / "picker.json"
    monkeypatch.chdir(tmp_path)
    _load(user_dir, snapshot)
    monkeypatch.chdir(user_dir)
    again = _load(user_dir, snapshot)
    assert not isinstance(again, DeferredContent)
    assert again.cards()[0].origin == "persona.yaml"


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"[]", b'{"key": {}, "cards": [], "problems": []}', b"\xff\xfe"],
)
def test_a_damaged_or_foreign_snapshot_means_an_ordinary_load(
    user_dir: Path, tmp_path: Path, damage: bytes
) -> None:
    snapshot = tmp_path / "picker.json"
    snapshot.write_bytes(damage)
    content = _load(user_dir, snapshot)
    assert not isinstance(content, DeferredContent)
    assert content.cards() == _fresh(user_dir).cards()
    assert isinstance(_load(user_dir, snapshot), DeferredContent)  # rewritten


@pytest.mark.parametrize("field", [0, 5, 7, 8])
def test_a_snapshot_with_a_wrong_type_is_ignored(
    user_dir: Path, tmp_path: Path, field: int
) -> None:
    snapshot = tmp_path / "picker.json"
    _load(user_dir, snapshot)
    data = json.loads(snapshot.read_text(encoding="ascii"))
    data["cards"][0][field] = {"not": "right"}
    snapshot.write_text(json.dumps(data), encoding="ascii")
    assert not isinstance(_load(user_dir, snapshot), DeferredContent)


def test_text_in_the_snapshot_is_shown_never_obeyed(user_dir: Path, tmp_path: Path) -> None:
    """A snapshot edited by hand cannot put control sequences on the terminal."""
    snapshot = tmp_path / "picker.json"
    _load(user_dir, snapshot)
    data = json.loads(snapshot.read_text(encoding="ascii"))
    data["cards"][0][1] = "Tess \x1b]0;owned\x07\u202eTester"
    data["problems"] = [["x.yaml\x1b[2J", 1, 1, "bad \x9b text"]]
    snapshot.write_text(json.dumps(data), encoding="ascii")
    content = _load(user_dir, snapshot)
    assert isinstance(content, DeferredContent)
    name = content.cards()[0].name
    assert "\x1b" not in name and "\u202e" not in name and "\x07" not in name
    assert "\\x1b" in name
    (problem,) = content.problems
    assert "\x1b" not in problem.path and "\x9b" not in problem.message


def test_the_snapshot_is_never_written_through_a_symlink(user_dir: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    snapshot = tmp_path / "picker.json"
    snapshot.symlink_to(victim)
    _load(user_dir, snapshot)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not snapshot.is_symlink() and snapshot.is_file()


def test_a_fifo_at_the_snapshot_does_not_block(user_dir: Path, tmp_path: Path) -> None:
    snapshot = tmp_path / "picker.json"
    os.mkfifo(snapshot)
    start = time.monotonic()
    content = _load(user_dir, snapshot)
    assert time.monotonic() - start < 5
    assert content.cards() == _fresh(user_dir).cards()


def _deferred(loads: list[int], delay: float = 0.0) -> DeferredContent:
    full = Content(problems=[])

    def load() -> Content:
        loads.append(1)
        time.sleep(delay)
        return full

    return DeferredContent.of(Snapshot({}, (), ()), load)


def test_threads_asking_at_once_load_once_and_all_see_the_models() -> None:
    loads: list[int] = []
    content = _deferred(loads, delay=0.05)
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(content.rules)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == [1]
    assert seen == [{}] * 4


def test_deferred_content_is_still_content() -> None:
    loads: list[int] = []
    content = _deferred(loads)
    assert isinstance(content, Content)
    replaced = dataclasses.replace(content, problems=[])  # as a reload that found nothing does
    assert loads == [1]
    assert replaced.personas == {} and replaced.cards() == []
    with pytest.raises(AttributeError):
        content.no_such_field  # noqa: B018
