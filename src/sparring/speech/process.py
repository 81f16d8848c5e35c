"""Provides Child: a subprocess every wait on is bounded, stopped with all it started.

A child runs as the leader of a process group of its own (`start_new_session`), so it
cannot read the terminal or get its Ctrl-C, and stopping the group also ends anything
it started (a wrapper script's `sleep`, a player's helper). Its stderr goes to a
temporary file, never a pipe: a grandchild that keeps a pipe open would make a read
wait until it ended. The group is ended while the leader is still unreaped, so its id
cannot have been reused by then.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from typing import IO

MAX_STDERR_BYTES = 16 * 1024
_POSIX = sys.platform != "win32"


class ChildTimeout(Exception):
    """The child did not end within its time and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"did not finish in {seconds:g} s")
        self.seconds = seconds


class Child:
    """One started subprocess; `wait` is always bounded, `stop` may come from any thread."""

    def __init__(
        self, argv: Sequence[str], *, env: dict[str, str] | None = None, stdout: bool = False
    ) -> None:
        self.argv = list(argv)
        # Closed by close(), once the child has been waited for.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._stdout: IO[bytes] | None = tempfile.TemporaryFile() if stdout else None  # noqa: SIM115
        self._lock = threading.Lock()
        self.returncode: int | None = None
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=self._stdout or subprocess.DEVNULL,
                stderr=self._stderr,
                env=env,
                start_new_session=_POSIX,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except BaseException:
            self.close()
            raise

    @property
    def pid(self) -> int:
        """The child's process id (and, on POSIX, its group's)."""
        return self.process.pid

    def _exited(self) -> bool:
        """Whether the leader has ended, without reaping it (its group id stays reserved)."""
        if self.returncode is not None:
            return True
        if not _POSIX:
            return self.process.poll() is not None
        try:
            info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # reaped already
            return True
        return info is not None

    def stop(self) -> None:
        """End the child and everything in its group (SIGTERM); safe to call at any time."""
        with self._lock:
            if self.returncode is not None:
                return  # reaped: its group id may belong to someone else now
            self._signal(signal.SIGTERM)

    def _signal(self, number: int) -> None:
        if not _POSIX:
            with contextlib.suppress(OSError):
                self.process.kill() if number == signal.SIGKILL else self.process.terminate()
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, number)

    def wait(self, timeout: float) -> int:
        """The exit status (negative: the signal that ended it) within `timeout` seconds.

        On time-out the group is stopped (then killed) and ChildTimeout raised. When the
        leader ends, whatever it left running in its group is stopped too.
        """
        deadline = time.monotonic() + timeout
        pause = 0.002
        while not self._exited():
            if time.monotonic() >= deadline:
                self._end_group()
                raise ChildTimeout(timeout)
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        return self._reap()

    def end(self) -> None:
        """Stop the child and its group now and reap it (after Ctrl-C, say); idempotent."""
        if self.returncode is None:
            self._end_group()

    def _end_group(self) -> None:
        """Stop the group, wait a moment, kill what is left, reap the leader."""
        with self._lock:
            if self.returncode is None:
                self._signal(signal.SIGTERM)
        deadline = time.monotonic() + 1.0
        while not self._exited() and time.monotonic() < deadline:
            time.sleep(0.01)
        with self._lock:
            if self.returncode is None:
                self._signal(signal.SIGKILL)
        self._reap()

    def _reap(self) -> int:
        with self._lock:
            if self.returncode is None:
                # Leftovers (a grandchild holding on) go with the group, before the
                # leader is reaped and its id released.
                if _POSIX:
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(self.pid, signal.SIGTERM)
                try:
                    self.returncode = self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is prompt
                    self._signal(signal.SIGKILL)
                    self.returncode = self.process.wait(timeout=5)
            return self.returncode

    def stderr(self) -> bytes:
        """The last MAX_STDERR_BYTES the child wrote to stderr (read from a file: bounded)."""
        return _tail(self._stderr)

    def stdout(self) -> bytes:
        """The last MAX_STDERR_BYTES of stdout, when started with `stdout=True`."""
        return _tail(self._stdout) if self._stdout is not None else b""

    def close(self) -> None:
        """Release the output files (the child must have been waited for)."""
        self._stderr.close()
        if self._stdout is not None:
            self._stdout.close()


def _tail(file: IO[bytes]) -> bytes:
    try:
        size = file.seek(0, os.SEEK_END)
        file.seek(max(0, size - MAX_STDERR_BYTES))
        return file.read(MAX_STDERR_BYTES)
    except (OSError, ValueError):
        return b""


def run_bounded(argv: Sequence[str], timeout: float) -> tuple[int, str, str] | None:
    """Run a short command to the end: (status, stdout, stderr); None if it could not
    start or did not finish in `timeout` seconds (then it was stopped)."""
    try:
        child = Child(argv, stdout=True)
    except OSError:
        return None
    try:
        code = child.wait(timeout)
        out, err = child.stdout(), child.stderr()
    except ChildTimeout:
        return None
    finally:
        child.end()
        child.close()
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def signal_name(returncode: int) -> str:
    """`SIGSEGV` for -11: how a child that a signal ended is named in messages."""
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"
