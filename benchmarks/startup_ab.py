"""Provides the start-up A/B: `sparring` to a painted picker against a bare Textual app.

Each launch is a fresh Python process on a pseudo-terminal (the real terminal driver, not
headless), started as a user starts it (`python -m sparring`: the CLI, content from the
cache, the history, the app). The clock stops when the picker's title reaches the
terminal; for the bare app (one Static), when its text does. Launches alternate
sparring / bare so both see the same machine load; the figure is the ratio of the
medians. Run `python benchmarks/startup_ab.py [pairs]` for the numbers.

Figures (7 pairs, 2 CPUs shared with other work; each run twice or three times):

- before the start-up work: sparring 0.301-0.313 s, bare 0.146-0.151 s, ratio 2.03-2.09
- subcommands, TUI and core importing pydantic, YAML and history lazily: no change (2.05),
  the content load still imported pydantic before the first paint
- the picker painted from the start-up snapshot (content/snapshot.py): ratio 1.52
- no parser for bare `sparring`, the session engine with the first session, the snapshot
  keyed by stat: 1.43-1.49
- the app built with the collector paused, then gc.freeze: sparring 0.195-0.197 s, bare
  0.148-0.150 s, ratio 1.30-1.33
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICKER_TITLE = b"pick a manager to practise with"
BARE_TEXT = b"a bare textual app"
BARE = f"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static({BARE_TEXT.decode()!r})

Bare().run()
"""
SPARRING = ("-m", "sparring")


@dataclass(frozen=True)
class Result:
    """Seconds to the first paint, per launch, and the ratio of the medians."""

    sparring: tuple[float, ...]
    bare: tuple[float, ...]

    @property
    def ratio(self) -> float:
        """Median sparring launch over median bare launch."""
        return statistics.median(self.sparring) / statistics.median(self.bare)

    def __str__(self) -> str:
        return (
            f"sparring {statistics.median(self.sparring):.3f} s, bare Textual "
            f"{statistics.median(self.bare):.3f} s (medians of {len(self.sparring)}): "
            f"ratio {self.ratio:.2f}"
        )


def launch(argv: Sequence[str], marker: bytes, home: Path, timeout: float = 20) -> float:
    """Seconds from spawning `python argv` on a pty to `marker` appearing on its screen."""
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TERM="xterm-256color", HOME=str(home))
    env.update(COLUMNS="100", LINES="30", PYTHONPYCACHEPREFIX=str(home / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm means compiled, as an installed app is
    env.pop("CI", None)
    for kind in ("DATA", "CONFIG", "CACHE"):
        env[f"XDG_{kind}_HOME"] = str(home / kind.lower())
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    screen = bytearray()
    try:
        while marker not in screen:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                raise TimeoutError(f"no paint within {timeout} s: {screen[-500:]!r}")
            try:
                screen += os.read(master, 65536)
            except OSError:  # the child closed the terminal without painting
                raise RuntimeError(screen.decode(errors="replace")[-2000:]) from None
        return time.perf_counter() - start
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        os.close(master)


def measure(pairs: int = 7, home: Path | None = None) -> Result:
    """`pairs` alternating launches of each, after one warm-up of each (cache and bytecode)."""
    with tempfile.TemporaryDirectory(prefix="sparring-startup-") as temporary:
        folder = home or Path(temporary)
        launch(SPARRING, PICKER_TITLE, folder)
        launch(("-c", BARE), BARE_TEXT, folder)
        sparring, bare = [], []
        for _ in range(pairs):
            sparring.append(launch(SPARRING, PICKER_TITLE, folder))
            bare.append(launch(("-c", BARE), BARE_TEXT, folder))
        return Result(tuple(sparring), tuple(bare))


if __name__ == "__main__":
    print(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
