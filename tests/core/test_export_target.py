"""Tests for where an export may be written: a regular file or a new name, nothing else."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from sparring.cli import main
from sparring.core.history.export import check_target, write_private
from sparring.core.history.store import Store
from sparring.core.scoring.score import Score, Turn


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def saved() -> int:
    with Store.open() as store:
        session = store.start_session("risk-averse", "Rita", 7)
        score = Score(62, "getting there", "how-will-i-know", "a daily update")
        store.record_turn(
            session,
            Turn(0, "how-will-i-know", "accountability", "How?", "a daily update", score, at=1.7e9),
        )
    return session


def test_export_out_a_symlink_is_refused_and_its_target_left_unchanged(
    saved: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "someone-elses.txt"
    target.write_text("keep me\n", encoding="utf-8")
    target.chmod(0o644)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert main(["export", str(saved), "--out", str(link)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert link.is_symlink()


def a_device(tmp_path: Path) -> Path:
    """A character device to aim at: a private copy of /dev/null where one can be made.

    As root, a broken export would chmod the real /dev/null for everyone; a copy made
    with mknod keeps the test harmless. Without the right to make one, /dev/null itself
    is safe to aim at (nobody else's mode can be changed).
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        copy = tmp_path / "null"
        try:
            os.mknod(copy, stat.S_IFCHR | 0o666, os.makedev(1, 3))
            copy.chmod(0o666)
            return copy
        except OSError:
            pass
    return Path("/dev/null")


def test_export_out_a_device_is_refused_and_its_mode_left_unchanged(
    saved: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = a_device(tmp_path)
    before = os.stat(device).st_mode
    assert main(["export", str(saved), "--out", str(device)]) == 1
    assert "is a device" in capsys.readouterr().err
    assert os.stat(device).st_mode == before
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_export_replaces_a_regular_file_privately_and_leaves_no_temporary_file(
    saved: int, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "session.md"
    out.parent.mkdir()
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o644)
    assert main(["export", str(saved), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Practice with Rita")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["session.md"]


@pytest.mark.parametrize("where", ["a folder", "no folder", "a file as folder"])
def test_export_to_an_impossible_path_is_one_clear_line(
    where: str, tmp_path: Path, saved: int, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = {"a folder": tmp_path, "no folder": tmp_path / "none" / "x.md"}.get(
        where, tmp_path / "file" / "x.md"
    )
    assert main(["export", str(saved), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"sparring: cannot write {out}: ") and err.count("\n") == 1


def test_export_out_a_fifo_is_refused_without_blocking(
    saved: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    codes: list[int] = []
    worker = threading.Thread(
        target=lambda: codes.append(main(["export", str(saved), "--out", str(fifo)])),
        daemon=True,  # opening the FIFO would block forever; never keep the test waiting
    )
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "export blocked on the FIFO"
    assert codes == [1]
    assert "is a named pipe (FIFO)" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_check_target_accepts_a_new_name_and_a_regular_file(tmp_path: Path) -> None:
    check_target(tmp_path / "new.md")
    write_private(tmp_path / "new.md", "text\n")
    check_target(tmp_path / "new.md")
