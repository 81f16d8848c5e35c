"""Every wait on a subprocess is bounded: a hanging player is stopped, with all it started."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest

from sparring.speech import player as player_module
from sparring.speech.process import Child, ChildTimeout


def gone(pid: int) -> bool:
    """Ended: no such process, or a zombie nobody has reaped yet (it runs no more)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def wait_for_file(path: Path, timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.01)
    raise AssertionError(f"{path} was not written")


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_a_hanging_child_is_stopped_in_time_with_the_grandchild_it_started(
    tmp_path: Path,
) -> None:
    pid_file = tmp_path / "grandchild"
    hang = script(tmp_path, "hang", f"sleep 300 &\necho $! > {pid_file}\nwait\n")
    child = Child([str(hang)])
    grandchild = int(wait_for_file(pid_file))
    started = time.monotonic()
    with pytest.raises(ChildTimeout):
        child.wait(0.5)
    assert time.monotonic() - started < 3
    assert child.returncode is not None and child.returncode < 0
    deadline = time.monotonic() + 3
    while not gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gone(grandchild)
    child.close()


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_a_child_that_exits_but_leaves_its_stderr_held_does_not_stall_the_wait(
    tmp_path: Path,
) -> None:
    pid_file = tmp_path / "grandchild"
    leave = script(
        tmp_path,
        "leave",
        f"sleep 300 &\necho $! > {pid_file}\necho 'no sound device' >&2\nexit 3\n",
    )
    started = time.monotonic()
    child = Child([str(leave)])
    assert child.wait(30) == 3
    assert time.monotonic() - started < 3  # not the 300 s the grandchild holds stderr
    assert child.stderr().strip() == b"no sound device"
    grandchild = int(wait_for_file(pid_file))
    deadline = time.monotonic() + 3
    while not gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gone(grandchild)  # what it left behind is stopped too
    child.close()


@pytest.mark.needs_speech
@pytest.mark.skipif(sys.platform == "win32", reason="the players are shell scripts")
def test_say_with_a_hanging_player_returns_and_says_it_stopped_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sparring.cli import main

    monkeypatch.setattr(player_module, "PLAYER_GRACE", 0.5)
    hang = script(tmp_path, "hang-player", "sleep 300\n")
    started = time.monotonic()
    code = main(["say", "Hello there.", "--player", str(hang)])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1
    assert elapsed < 15
    assert err.count("the audio player hang-player did not finish in") == 1
    assert "; stopped it" in err


@pytest.mark.needs_speech
@pytest.mark.skipif(sys.platform == "win32", reason="the players are shell scripts")
def test_plain_speak_with_a_hanging_player_exits_promptly_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sparring.cli import main

    data = Path(__file__).resolve().parent / "data" / "practice"
    monkeypatch.setattr(player_module, "PLAYER_GRACE", 0.5)
    pid_file = tmp_path / "players"
    hang = script(tmp_path, "hang-player", f"echo $$ >> {pid_file}\nsleep 300\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("That's a fair question.\n"))
    started = time.monotonic()
    code = main(
        [
            "--scenarios",
            str(data),
            "practice",
            "--plain",
            "--persona",
            "tess-tester",
            "--seed",
            "1",
            "--no-save",
            "--speak",
            "--player",
            str(hang),
        ]
    )
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 0
    assert elapsed < 20  # it was 60 s of silence at exit
    assert err.count("did not finish in") == 1
    for pid in wait_for_file(pid_file).split():
        assert gone(int(pid)), "a player was left running"
