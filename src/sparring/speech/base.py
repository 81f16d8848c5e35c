"""Provides the Speaker protocol and the speakers that make no sound: silent and fake."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sparring.core.content.models import Voice

ErrorCallback = Callable[[str], None]


class Speaker(Protocol):
    """Speaks the manager's lines without ever blocking the caller.

    `on_error` is called once, from any thread, with a plain message when speech stops
    working; afterwards every call is a silent no-op and `error` holds the message.
    """

    on_error: ErrorCallback | None

    @property
    def error(self) -> str | None:
        """Why speech stopped working, or None while it works."""
        ...

    def speak(self, text: str, voice: Voice | None = None) -> None:
        """Start speaking `text` (cancelling any line still playing) and return at once."""
        ...

    def warm_up(self) -> None:
        """Start the engine in the background, so the first line is not slowed by it."""
        ...

    def stop(self) -> None:
        """Cancel the line being synthesized or played."""
        ...

    def repeat(self) -> None:
        """Speak the last line again."""
        ...

    def close(self) -> None:
        """Stop and release the engine and temporary files."""
        ...


class ErrorOnce:
    """Holds the first error and calls the callback for it, once, whatever the thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.message: str | None = None
        self.callback_error: Exception | None = None

    def fail(self, message: str, callback: ErrorCallback | None) -> bool:
        """Record `message` and report it; False (and no call) if already failed."""
        with self._lock:
            if self.message is not None:
                return False
            self.message = message
        if callback is not None:
            try:
                callback(message)
            except Exception as error:  # e.g. the app already closed under call_from_thread
                # Kept, not raised: on a worker thread it would print a traceback over the
                # full-screen UI, and the message itself stays readable in `message`.
                self.callback_error = error
        return True


class SilentSpeaker:
    """A speaker for when speech is off: every call does nothing."""

    def __init__(self, on_error: ErrorCallback | None = None) -> None:
        self.on_error = on_error

    @property
    def error(self) -> str | None:
        """Never failed."""
        return None

    def speak(self, text: str, voice: Voice | None = None) -> None:
        """Say nothing."""

    def warm_up(self) -> None:
        """Nothing to start."""

    def stop(self) -> None:
        """Nothing to stop."""

    def repeat(self) -> None:
        """Nothing to repeat."""

    def close(self) -> None:
        """Nothing to release."""


@dataclass(frozen=True)
class Spoken:
    """One line a FakeSpeaker was asked to speak."""

    text: str
    voice: Voice | None


class FakeSpeaker:
    """Records what it is asked to do, for tests of the screens; `fail()` simulates a fault."""

    def __init__(self, on_error: ErrorCallback | None = None) -> None:
        self.on_error = on_error
        self.spoken: list[Spoken] = []
        self.stops = 0
        self.repeats = 0
        self.warm_ups = 0
        self.closed = False
        self._error = ErrorOnce()

    @property
    def error(self) -> str | None:
        """The simulated fault, if any."""
        return self._error.message

    @property
    def lines(self) -> list[str]:
        """The texts spoken so far, in order."""
        return [s.text for s in self.spoken]

    def speak(self, text: str, voice: Voice | None = None) -> None:
        """Record the line, unless failed or closed."""
        if self._error.message is None and not self.closed:
            self.spoken.append(Spoken(text, voice))

    def warm_up(self) -> None:
        """Count the warm-up."""
        self.warm_ups += 1

    def stop(self) -> None:
        """Count the stop."""
        self.stops += 1

    def repeat(self) -> None:
        """Record the last line again."""
        self.repeats += 1
        if self.spoken:
            last = self.spoken[-1]
            self.speak(last.text, last.voice)

    def close(self) -> None:
        """Mark closed; later lines are ignored."""
        self.closed = True

    def fail(self, message: str = "speech failed (simulated)") -> None:
        """Behave as a real speaker does when speech breaks: report once, then be silent."""
        self._error.fail(message, self.on_error)
