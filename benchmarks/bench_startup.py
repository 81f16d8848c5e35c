"""Benchmarks launch to the first painted picker, in a real pseudo-terminal, next to a bare app.

Each round starts a fresh Python process on a pty (the real terminal driver, not headless),
and stops the clock when the picker has been painted once. A bare Textual app with one
Static is measured the same way, as the floor.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SPARRING = """
import os, sys
from sparring.core.content.loading import load_content
from sparring.core.scoring.judge import Scorer
from sparring.tui.app import SparringApp
from sparring.tui.screens.picker import PickerScreen

class Timed(SparringApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.painted)
    def painted(self):
        os.write(int(sys.argv[1]), b"painted\\n")
        self.exit()

content = load_content()
Timed(content, Scorer(content)).run()
"""

BARE = """
import os, sys
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        os.write(int(sys.argv[1]), b"painted\\n")
        self.exit()

Bare().run()
"""


def launch(script: str, tmp: Path) -> float:
    """Seconds from spawning the process to its first paint."""
    master, slave = pty.openpty()
    signal_read, signal_write = os.pipe()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TERM="xterm-256color")
    env["XDG_DATA_HOME"] = str(tmp / "data")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    env["COLUMNS"], env["LINES"] = "80", "24"
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(signal_write)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        pass_fds=(signal_write,),
        close_fds=True,
    )
    os.close(slave)
    os.close(signal_write)
    elapsed = None
    screen = bytearray()
    try:
        while elapsed is None:
            ready, _, _ = select.select([master, signal_read], [], [], 10)
            if not ready:
                raise TimeoutError("no paint within 10 s")
            if master in ready:
                try:
                    screen += os.read(master, 65536)  # drain so the app never blocks
                except OSError:  # the child closed the terminal without painting
                    raise RuntimeError(screen.decode(errors="replace")[-2000:]) from None
            if signal_read in ready and os.read(signal_read, 64):
                elapsed = time.perf_counter() - start
        while child.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        child.wait(timeout=10)
    finally:
        os.close(master)
        os.close(signal_read)
        if child.poll() is None:
            child.kill()
    assert elapsed is not None
    return elapsed


@pytest.mark.parametrize("which", ["sparring", "bare-textual"])
def test_launch_to_first_painted_picker(benchmark, tmp_path: Path, which: str) -> None:  # type: ignore[no-untyped-def]
    script = SPARRING if which == "sparring" else BARE
    launch(script, tmp_path)  # warm the file cache
    benchmark.extra_info["what"] = which
    seconds = benchmark.pedantic(launch, args=(script, tmp_path), rounds=9, iterations=1)
    assert seconds > 0
