"""Provides SpeechController: the practice room's voice, on or off, and one notice if it fails."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from sparring.core.content.models import Voice
    from sparring.speech.base import Speaker

NOT_HERE = "Speech does not work here; `sparring doctor` says why."


class SpeechController:
    """Owns the one speaker: makes it on first use, speaks, stops, repeats, reports failure once.

    `factory` makes the speaker the first time speech is on (so speech off never imports
    pyttsx3). A speaker that failed before the app started (its `error` is set) is said
    so when `start()` runs; one that fails later calls back, possibly from its thread.
    """

    def __init__(
        self,
        app: App[Any],
        speaker: Speaker | None = None,
        factory: Callable[[], Speaker] | None = None,
        *,
        on: bool | None = None,
    ) -> None:
        self._app = app
        self._factory = factory
        self.speaker = speaker
        self.on = speaker is not None if on is None else on
        self.failed = False
        self._last_line: tuple[str, Voice] | None = None
        self._speaker_has_last = False
        if speaker is not None:
            speaker.on_error = self._failed

    def start(self) -> None:
        """On mount: say once if the speaker already failed; warm the engine if speech is on.

        The engine warms once the first screen is painted: making the speaker loads the
        speech modules, which the picker does not need (a line spoken first makes it then).
        """
        if self.speaker is not None and self.speaker.error:
            self._notify_failure(self.speaker.error)
            return
        if self.on:
            self._app.call_after_refresh(self._warm_up)

    def _warm_up(self) -> None:
        if self.on and not self.failed:
            self._ensure().warm_up()

    def speak(self, text: str, voice: Voice) -> None:
        """Speak a manager line, if speech is on; remembered for F5 either way."""
        self._last_line = (text, voice)
        self._speaker_has_last = False
        if self.on:
            self._ensure().speak(text, voice)
            self._speaker_has_last = True

    def stop(self) -> None:
        """Stop the line being spoken."""
        if self.speaker is not None:
            self.speaker.stop()

    def again(self) -> None:
        """Repeat the last line (or speak it, if it came while speech was off)."""
        if self.failed:
            self._app.notify(NOT_HERE, markup=False)
            return
        if not self.on:
            self._app.notify("Speech is off; F6 turns it on.", markup=False)
            return
        speaker = self._ensure()
        if self._speaker_has_last:
            speaker.repeat()
        elif self._last_line is not None:
            speaker.speak(*self._last_line)
            self._speaker_has_last = True

    def set(self, on: bool, *, remember: bool = True) -> None:
        """Turn speech on or off (and save the choice for the next run, unless told not to)."""
        if remember:
            from sparring.settings import update_settings

            try:
                update_settings(speak=on)
            except OSError as error:
                self._app.notify(
                    f"Could not save the setting: {error}", severity="error", markup=False
                )
        if on and self.failed:  # it said why once; it stays off for this run
            self._app.notify(NOT_HERE, title="Speech", severity="warning", markup=False)
            return
        if on == self.on:
            return
        self.on = on
        if on:
            self._ensure().warm_up()
            self._app.notify(
                "Speech on. F5 says the last line again.", title="Speech", markup=False
            )
        else:
            self.stop()
            self._app.notify("Speech off.", title="Speech", markup=False)
        self._app.refresh_bindings()

    def close(self) -> None:
        """Release the engine."""
        if self.speaker is not None:
            self.speaker.close()

    def _ensure(self) -> Speaker:
        """The speaker, made on first use."""
        if self.speaker is None:
            self.speaker = (self._factory or _default_speaker)()
            self.speaker.on_error = self._failed
        return self.speaker

    def _failed(self, message: str) -> None:
        """The speaker's error callback, from any thread: say so once, go on in silence."""
        if threading.get_ident() == self._app._thread_id:
            self._notify_failure(message)
        else:
            self._app.call_from_thread(self._notify_failure, message)

    def _notify_failure(self, message: str) -> None:
        if self.failed:
            return
        self.failed = True
        self.on = False
        self._app.refresh_bindings()
        self._app.notify(message, title="Speech", severity="warning", timeout=8, markup=False)


def _default_speaker() -> Speaker:
    """The real speaker, imported here so that speech off never loads pyttsx3."""
    from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker

    return Pyttsx3Speaker()
