"""The app leaves when its terminal goes away, even when no SIGHUP reaches it.

Under `make run`, closing the terminal hangs up the tty but make does not pass the hangup
on: the app used to keep running on the dead tty at full CPU. Here the app runs in a real
pseudo-terminal with SIGHUP ignored (as make leaves it), the terminal is closed, and the
app must exit on its own within a few seconds.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _read_for(fd: int, seconds: float) -> bytes:
    """What the app paints in `seconds` (it must paint something first)."""
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end and len(out) < 2000:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def test_the_app_exits_when_its_terminal_is_closed(tmp_path: Path) -> None:
    import pty

    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
    )
    argv = [sys.executable, "-m", "sparring", "practice", "--persona", "accountability-hawk"]
    argv += ["--seed", "4", "--no-save", "--no-speak"]
    pid, master = pty.fork()
    if pid == 0:  # the child: ignore the hangup, as under make, and run the app
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.chdir(tmp_path)
        os.execve(sys.executable, argv, env)
    try:
        painted = _read_for(master, 30)
        assert painted, "the app painted nothing"
        os.close(master)  # the terminal window closes
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the app was still running 15 s after its terminal closed")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
