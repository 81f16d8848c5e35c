"""Provides the process's one pyttsx3 engine: lazy start, one lock, WAV synthesis."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sparring.core.text import printable
from sparring.speech.chunks import speakable_chunks
from sparring.speech.voices import VoiceInfo, pick_voice

if TYPE_CHECKING:  # annotations only: the models (pydantic) load with the content
    from sparring.core.content.models import Voice

# pyttsx3 keeps one engine per driver in the process and espeak-ng can be started only
# once, so every speaker shares this engine, and this lock keeps two threads from ever
# being inside runAndWait at once (that hangs).
_LOCK = threading.RLock()
_shared: Engine | None = None


class SpeechUnavailable(Exception):
    """Speech cannot work here: `message` says why in plain words, `hint` how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        # The message often quotes a player's stderr or an engine's error: shown, never
        # sent raw (this is where every speech notice is made).
        message, hint = printable(message, one_line=True), printable(hint, one_line=True)
        super().__init__(message)
        self.message = message
        self.hint = hint


def notice(error: SpeechUnavailable) -> str:
    """The one message a user sees when speech stops: what broke, and where help is."""
    return f"Speech is off: {error.message}. `sparring doctor` says how to fix it."


def engine_hint(platform: str = sys.platform) -> str:
    """How to get a speech engine on a platform (`sys.platform` spelling)."""
    if platform == "darwin":
        return "macOS has a built-in voice (NSSpeechSynthesizer); reinstall pyttsx3 if it fails"
    if platform == "win32":
        return "Windows has built-in voices (SAPI5); check Settings > Time & language > Speech"
    return (
        "install espeak-ng: sudo apt install espeak-ng (Debian, Ubuntu), "
        "sudo dnf install espeak-ng (Fedora), sudo pacman -S espeak-ng (Arch)"
    )


def _quiet_print(*_args: object, **_kwargs: object) -> None:
    """Stands in for print() inside the espeak driver."""


class Engine:
    """The shared pyttsx3 engine; use `Engine.shared()`, never the constructor elsewhere."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._finished = threading.Event()
        self._completed = True
        self._applied: tuple[str | None, int, float] | None = None
        engine.connect("finished-utterance", self._on_finished)
        self.native_suffix = ".aiff" if getattr(engine, "driver_name", "") == "nsss" else ".wav"
        self.default_voice: str | None = engine.getProperty("voice")
        self.voices: list[VoiceInfo] = [
            VoiceInfo(str(v.id), str(v.name or v.id), tuple(str(x) for x in v.languages or ()))
            for v in engine.getProperty("voices")
        ]

    @classmethod
    def shared(cls) -> Engine:
        """The engine, started on first use; raises SpeechUnavailable if it cannot start."""
        global _shared
        with _LOCK:
            if _shared is None:
                _shared = cls(_start_pyttsx3())
            return _shared

    def _on_finished(self, name: object = None, completed: bool = True) -> None:
        self._completed = bool(completed)
        self._finished.set()

    def _apply(self, voice: Voice) -> None:
        """Set voice, rate and volume, only when they change (setting a voice costs)."""
        chosen = pick_voice(voice, self.voices)
        wanted = (chosen.id if chosen else self.default_voice, voice.rate, voice.volume)
        if wanted == self._applied:
            return
        if wanted[0] is not None:
            self._engine.setProperty("voice", wanted[0])
        self._engine.setProperty("rate", voice.rate)
        self._engine.setProperty("volume", voice.volume)
        self._applied = wanted

    def synthesize(
        self, text: str, voice: Voice | None, path: Path, *, timeout: float = 10.0
    ) -> None:
        """Write `text` spoken in `voice` to a complete WAV file at `path`.

        Long text is spoken in pieces of whole sentences (one call with too much text
        crashes espeak-ng), each within `timeout`, joined into the one file.
        """
        chunks = speakable_chunks(text) or [text]
        if len(chunks) == 1:
            self._synthesize_one(chunks[0], voice, path, timeout=timeout)
            return
        parts = [path.with_name(f"{path.stem}.part{i}{path.suffix}") for i in range(len(chunks))]
        try:
            for chunk, part in zip(chunks, parts, strict=True):
                self._synthesize_one(chunk, voice, part, timeout=timeout)
            join_wavs(parts, path)
        finally:
            for part in parts:
                part.unlink(missing_ok=True)

    def _synthesize_one(
        self, text: str, voice: Voice | None, path: Path, *, timeout: float
    ) -> None:
        """Write one piece of text to a complete WAV file at `path`."""
        # macOS's engine writes AIFF whatever the name says; it is converted afterwards.
        native = path if self.native_suffix == ".wav" else path.with_suffix(self.native_suffix)
        if voice is None:
            from sparring.core.content.models import Voice

            voice = Voice()
        with _LOCK:
            self._apply(voice)
            for _attempt in range(3):
                self._settle(timeout)
                self._finished.clear()
                self._engine.save_to_file(text, str(native))
                self._engine.runAndWait()
                # runAndWait may return before the driver is done; the callback is the signal.
                if not self._finished.wait(timeout):
                    raise SpeechUnavailable(
                        f"the speech engine did not finish a line within {timeout:g} s"
                    )
                if self._completed:
                    break
            else:
                raise SpeechUnavailable("the speech engine kept stopping before the end of a line")
        if native == path:
            wait_for_audio(path, timeout=timeout)
        else:
            wait_for_audio(native, timeout=timeout)
            aiff_to_wav(native, path, timeout=timeout)

    def _settle(self, timeout: float) -> None:
        """Let espeak-ng wind down the last line before the next one starts.

        espeak-ng still reports "playing" for a moment after a line ends; pyttsx3's
        runAndWait then calls its own stop(), which cancels the *next* line. Waiting for
        the engine to go quiet and clearing that stale stop flag prevents it.
        """
        espeak = sys.modules.get("pyttsx3.drivers._espeak")
        driver = getattr(getattr(self._engine, "proxy", None), "_driver", None)
        if espeak is None or driver is None or not hasattr(driver, "_stopping"):
            return
        deadline = time.monotonic() + timeout
        while espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.001)
        driver._stopping = False


def _start_pyttsx3() -> Any:
    """Import and start pyttsx3, turning every way it fails into SpeechUnavailable."""
    try:
        pyttsx3 = importlib.import_module("pyttsx3")
    except ImportError as error:
        raise SpeechUnavailable(
            f"the Python package pyttsx3 is missing ({error})", "pip install pyttsx3"
        ) from error
    except Exception as error:  # pyttsx3's espeak binding raises at import without espeak-ng
        raise SpeechUnavailable(f"no speech engine ({error})", engine_hint()) from error
    try:
        engine = pyttsx3.init()
    except Exception as error:  # the drivers raise RuntimeError, OSError, KeyError...
        message = f"the speech engine did not start ({error})"
        raise SpeechUnavailable(message, engine_hint()) from error
    # The espeak driver prints "Audio saved to ..." after each file; on a full-screen UI
    # that would garble the screen, so its module-level print is replaced by a no-op.
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    if driver is not None:
        driver.print = _quiet_print  # type: ignore[attr-defined]
    return engine


def audio_complete(path: Path) -> bool:
    """Whether `path` holds a whole RIFF/WAVE or AIFF file (the header's size matches)."""
    try:
        with path.open("rb") as file:
            head = file.read(12)
            size = path.stat().st_size
    except OSError:
        return False
    if len(head) < 12 or size <= 44:
        return False
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return int.from_bytes(head[4:8], "little") + 8 == size
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return int.from_bytes(head[4:8], "big") + 8 == size
    return False


def wait_for_audio(path: Path, *, timeout: float) -> None:
    """Wait until the file at `path` is complete and its size has stopped changing."""
    deadline = time.monotonic() + timeout
    last = -1
    while True:
        if audio_complete(path):
            size = path.stat().st_size
            if size == last:
                break
            last = size
        if time.monotonic() > deadline:
            raise SpeechUnavailable(f"the speech engine did not write {path.name} in time")
        time.sleep(0.002)
    if path.suffix != ".wav":
        return
    try:
        with wave.open(str(path), "rb") as wav:
            wav.getnframes()
    except (wave.Error, EOFError) as error:
        raise SpeechUnavailable(f"the speech engine wrote a broken WAV file: {error}") from error


def join_wavs(parts: list[Path], target: Path) -> None:
    """Write the frames of WAV files of one format, in order, as one WAV file."""
    try:
        with wave.open(str(target), "wb") as out:
            for index, part in enumerate(parts):
                with wave.open(str(part), "rb") as data:
                    if index == 0:
                        out.setparams(data.getparams())
                    elif data.getparams()[:3] != out.getparams()[:3]:
                        raise SpeechUnavailable("the speech engine changed format mid-line")
                    out.writeframes(data.readframes(data.getnframes()))
    except (OSError, EOFError, wave.Error) as error:
        raise SpeechUnavailable(
            f"the pieces of a long line could not be joined: {error}"
        ) from error


def aiff_to_wav(source: Path, target: Path, *, timeout: float) -> None:
    """Convert macOS's AIFF output to WAV with afconvert, which ships with macOS."""
    afconvert = shutil.which("afconvert")
    if afconvert is None:
        raise SpeechUnavailable("afconvert is missing, so speech cannot be turned into WAV")
    try:
        done = subprocess.run(
            [afconvert, "-f", "WAVE", "-d", "LEI16", str(source), str(target)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpeechUnavailable(f"afconvert failed ({error})") from error
    finally:
        source.unlink(missing_ok=True)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise SpeechUnavailable(f"afconvert failed ({reason})")
    wait_for_audio(target, timeout=timeout)
