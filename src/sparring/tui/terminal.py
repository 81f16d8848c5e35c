"""Provides the watch that ends the app when its terminal goes away.

Closed under `make run`, the terminal hangs up but make does not pass the hang-up on:
without this watch the app kept running on the dead tty at full CPU.
"""

from __future__ import annotations

import os
import select
import sys
import threading
from typing import Any

from textual.app import App

# How often the app checks that its terminal is still there.
TERMINAL_CHECK_SECONDS = 1.0
TERMINAL_GONE_GRACE = 3.0
_GONE = (
    getattr(select, "POLLHUP", 0) | getattr(select, "POLLERR", 0) | getattr(select, "POLLNVAL", 0)
)


def _terminal_fd() -> int | None:
    """The terminal the app draws on, or None when there is none or it has hung up (its
    window closed: the tty reports a hang-up, or stops being a tty)."""
    stream = sys.__stdout__
    try:
        fd = stream.fileno() if stream is not None else -1
        if fd < 0 or not os.isatty(fd):
            return None
        poller = select.poll()
        poller.register(fd, 0)  # hang-ups and errors are always reported
        if any(mask & _GONE for _, mask in poller.poll(0)):
            return None
    except (OSError, ValueError, AttributeError):  # AttributeError: no poll() here
        return None
    return fd


def watch_terminal(app: App[Any]) -> None:
    """Check once a second that the app's terminal is still there; leave when it is not.

    A graceful exit may block restoring a terminal that is gone, so after a grace the
    process leaves anyway (each turn was saved when it was sent). Without a terminal at
    the start (tests, pipes), nothing is watched.
    """
    if _terminal_fd() is None:
        return

    def check() -> None:
        if _terminal_fd() is None:
            timer = threading.Timer(TERMINAL_GONE_GRACE, os._exit, args=(129,))
            timer.daemon = True
            timer.start()
            app.exit(return_code=129)

    app.set_interval(TERMINAL_CHECK_SECONDS, check)
