"""Provides bracketed paste that holds whatever was pasted: an ESC inside cannot break out.

Textual's XTermParser (textual/_xterm_parser.py, 8.x) reads an ESC inside a bracketed
paste as the start of an escape sequence: the characters after it are not added to the
paste but re-issued as key presses when the next ESC (the paste's own end marker) comes.
So `abc ESC ] 0 ; x BEL def` pasted types `^]0;x`, presses Ctrl+G (the BEL) and types
`def`, all *before* the paste event brings `abc`: the text is reordered and a key fires.

SafePasteParser takes the paste out of the stream itself, from ESC [200~ to ESC [201~,
however the terminal's writes split it, strips it (`without_controls`) and hands Textual
a paste with no ESC left in it, which it reads as one Paste event. Outside a paste every
byte passes through unchanged. `install()` makes the terminal drivers use it.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from sparring.core.text import without_controls

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
HOLD = 0.05
"""Seconds the start of what may be a paste marker (`ESC [20`) waits for the rest."""
MAX_PASTE_CHARS = 1_000_000
"""A paste whose end never comes is handed over once it is this long."""


class SafePasteParser(XTermParser):
    """XTermParser, with bracketed pastes cut out of the input and cleaned first."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._held = ""  # input kept back: a paste so far, or what may start one
        self._held_at = 0.0
        self._in_paste = False

    def feed(self, data: str) -> Iterable[Message]:
        """Parse `data`; a paste is passed on only when whole, and clean."""
        if not data:  # end of input: whatever is held goes, then the end
            yield from self._flush()
            yield from super().feed(data)
            return
        text = self._held + data
        self._held = ""
        while text:
            if self._in_paste:
                end = text.find(PASTE_END)
                if end < 0 and len(text) < MAX_PASTE_CHARS:
                    self._held = text
                    return
                body, text = (text, "") if end < 0 else (text[:end], text[end + len(PASTE_END) :])
                self._in_paste = False
                yield from super().feed(PASTE_START + without_controls(body) + PASTE_END)
                continue
            start = text.find(PASTE_START)
            if start < 0:
                keep = _partial_start(text)
                passed, self._held = text[: len(text) - keep], text[len(text) - keep :]
                self._held_at = time.monotonic()
                if passed:
                    yield from super().feed(passed)
                return
            if start:
                yield from super().feed(text[:start])
            self._in_paste = True
            text = text[start + len(PASTE_START) :]

    def tick(self) -> Iterable[Message]:
        """What was kept back in case a paste started (a lone ESC: the Escape key) is passed
        on once no more came for HOLD seconds (the driver ticks after every read, too)."""
        if self._held and not self._in_paste and time.monotonic() - self._held_at >= HOLD:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    def _flush(self) -> Iterable[Message]:
        held, self._held = self._held, ""
        if self._in_paste:
            self._in_paste = False
            yield from super().feed(PASTE_START + without_controls(held) + PASTE_END)
        elif held:
            yield from super().feed(held)


def _partial_start(text: str) -> int:
    """How many characters at the end of `text` could begin PASTE_START."""
    for size in range(min(len(PASTE_START) - 1, len(text)), 0, -1):
        if PASTE_START.startswith(text[-size:]):
            return size
    return 0


_DRIVER_MODULES = (
    ("textual.drivers.windows_driver", "textual.drivers.win32")
    if sys.platform == "win32"
    else ("textual.drivers.linux_driver", "textual.drivers.linux_inline_driver")
)


def install() -> bool:
    """Make the terminal drivers build a SafePasteParser; False if this Textual differs
    (the reply box still cleans every paste it takes, see ReplyBox._on_paste)."""
    done = False
    for name in _DRIVER_MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:  # a driver this platform cannot load
            continue
        if getattr(module, "XTermParser", None) in (XTermParser, SafePasteParser):
            module.XTermParser = SafePasteParser  # type: ignore[attr-defined]
            done = True
    return done


def clean_paste(event: events.Paste) -> str:
    """The text of a paste event, as the reply box takes it."""
    return without_controls(event.text)
