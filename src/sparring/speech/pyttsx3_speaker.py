"""Provides Pyttsx3Speaker: lines synthesized to WAV on one worker thread, played quietly."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sparring.speech.base import ErrorCallback, ErrorOnce
from sparring.speech.engine import Engine, SpeechUnavailable, notice
from sparring.speech.player import (
    default_player,
    finish_player,
    player_failed,
    player_timeout,
    start_player,
    stop_player,
)
from sparring.speech.process import Child

if TYPE_CHECKING:  # annotations only: the models (pydantic) load with the content
    from sparring.core.content.models import Voice


@dataclass(frozen=True)
class _Line:
    text: str
    voice: Voice | None
    generation: int


class Pyttsx3Speaker:
    """Speaks with pyttsx3; cheap to build (nothing starts before the first line).

    `player` is the playing command with `{wav}` for the file (default: aplay -q,
    afplay or PowerShell). `on_playing(text)` is called from the worker thread when a
    line's audio starts. `on_error` is called once, from the worker thread. Each line
    is a WAV file in a folder of its own made under `temp_parent` (default: the system's
    temporary folder), removed once played; the folder goes when the worker ends.
    """

    def __init__(
        self,
        *,
        on_error: ErrorCallback | None = None,
        player: Sequence[str] | None = None,
        on_playing: Callable[[str], None] | None = None,
        timeout: float = 10.0,
        temp_parent: Path | None = None,
    ) -> None:
        self.on_error = on_error
        self.on_playing = on_playing
        self._player = list(player) if player is not None else None
        self._timeout = timeout
        self._temp_parent = temp_parent
        self._error = ErrorOnce()
        self._cond = threading.Condition()
        self._pending: _Line | None = None
        self._last: _Line | None = None
        self._generation = 0
        self._busy = False
        self._closed = False
        self._process: Child | None = None
        self._thread: threading.Thread | None = None
        self._count = 0
        self.failure: SpeechUnavailable | None = None
        """What stopped speech, with a fix in its `hint`; None while speech works."""

    @property
    def error(self) -> str | None:
        """Why speech stopped working, or None."""
        return self._error.message

    def speak(self, text: str, voice: Voice | None = None) -> None:
        """Queue `text` in place of anything pending or playing; returns at once."""
        text = text.strip()
        if not text:
            return
        with self._cond:
            if self._closed or self._error.message is not None:
                return
            self._generation += 1
            self._pending = self._last = _Line(text, voice, self._generation)
            self._kill_locked()
            self._start_locked()
            self._cond.notify_all()

    def warm_up(self) -> None:
        """Start the worker and the engine now, so the first line is not slowed by them."""
        with self._cond:
            if not self._closed and self._error.message is None:
                self._start_locked()

    def _start_locked(self) -> None:
        """Start the worker once; called with the condition held."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="sparring-speech", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Drop the pending line and end playback now."""
        with self._cond:
            self._generation += 1
            self._pending = None
            self._kill_locked()
            self._cond.notify_all()

    def repeat(self) -> None:
        """Speak the last line again, if there was one."""
        with self._cond:
            last = self._last
        if last is not None:
            self.speak(last.text, last.voice)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is pending or playing; False if `timeout` ran out first."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._pending is None and not self._busy, timeout=timeout
            )

    def close(self) -> None:
        """Stop, let the worker end, and remove its temporary files."""
        with self._cond:
            self._closed = True
            self._generation += 1
            self._pending = None
            self._kill_locked()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=self._timeout + 1)

    def _kill_locked(self) -> None:
        """End the player; called with the condition held."""
        if self._process is not None:
            stop_player(self._process)

    def _fail(self, message: str) -> None:
        with self._cond:
            self._pending = None
            self._kill_locked()
        self._error.fail(message, self.on_error)

    def _work(self) -> None:
        """The worker: owns the engine, takes the newest line, synthesizes, plays."""
        folder: Path | None = None
        try:
            folder = Path(tempfile.mkdtemp(prefix="sparring-speech-", dir=self._temp_parent))
            engine = Engine.shared()
            player = self._player if self._player is not None else default_player()
            while True:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
                    self._cond.wait_for(lambda: self._pending is not None or self._closed)
                    if self._closed:
                        return
                    line = self._pending
                    assert line is not None
                    self._pending = None
                    self._busy = True
                self._say(engine, player, line, folder)
        except SpeechUnavailable as error:
            self.failure = error
            self._fail(notice(error))
        except Exception as error:  # a fault here must end speech, never the app
            self.failure = SpeechUnavailable(f"{type(error).__name__}: {error}")
            self._fail(notice(self.failure))
        finally:
            with self._cond:
                self._busy = False
                self._pending = None
                self._cond.notify_all()
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def _current(self, line: _Line) -> bool:
        with self._cond:
            return line.generation == self._generation and not self._closed

    def _say(self, engine: Engine, player: list[str], line: _Line, folder: Path) -> None:
        """Synthesize one line to a fresh file and play it unless a newer call cancelled it."""
        self._count += 1
        wav = folder / f"line-{self._count}.wav"
        try:
            engine.synthesize(line.text, line.voice, wav, timeout=self._timeout)
            if not self._current(line):
                return
            process = start_player(player, wav)
            with self._cond:
                self._process = process
                stale = line.generation != self._generation or self._closed
                if stale:  # cancelled while the player was starting
                    stop_player(process)
            if self.on_playing is not None and not stale:
                self.on_playing(line.text)
            try:
                returncode, stderr = finish_player(process, player_timeout(wav))
            finally:
                with self._cond:
                    self._process = None
            if returncode != 0 and self._current(line):
                raise player_failed(player[0], returncode, stderr)
        finally:
            wav.unlink(missing_ok=True)
