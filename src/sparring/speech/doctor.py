"""Provides the speech checks behind `sparring doctor`: each step, whether it works, the fix."""

from __future__ import annotations

import importlib
import tempfile
import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sparring.speech.engine import Engine, SpeechUnavailable, engine_hint
from sparring.speech.player import (
    default_player,
    finish_player,
    player_failed,
    player_hint,
    player_timeout,
    start_player,
)

SAMPLE = "This is how the manager will sound."


@dataclass(frozen=True)
class Check:
    """One step of the diagnosis: `ok` is None when skipped because an earlier step failed."""

    name: str
    ok: bool | None
    detail: str
    fix: str = ""


def run_checks(player: Sequence[str] | None = None, timeout: float = 15.0) -> Iterator[Check]:
    """Check each link from the Python package to the speaker, in order."""
    try:
        module = importlib.import_module("pyttsx3")
        yield Check("pyttsx3 package", True, f"found in {Path(module.__file__ or '?').parent}")
    except ImportError as error:
        yield Check("pyttsx3 package", False, str(error), "pip install pyttsx3")
        yield from _skipped("speech engine", "voices", "synthesis", "audio player", "playback")
        return
    except Exception as error:  # its espeak binding raises RuntimeError without espeak-ng
        yield Check("pyttsx3 package", False, str(error), engine_hint())
        yield from _skipped("speech engine", "voices", "synthesis", "audio player", "playback")
        return
    try:
        engine = Engine.shared()
        yield Check("speech engine", True, f"started (default voice {engine.default_voice})")
    except SpeechUnavailable as error:
        yield Check("speech engine", False, error.message, error.hint)
        yield from _skipped("voices", "synthesis", "audio player", "playback")
        return
    if engine.voices:
        yield Check("voices", True, f"{len(engine.voices)} available (`--voices` lists them)")
    else:
        yield Check("voices", False, "the engine offers no voice", engine_hint())
    with tempfile.TemporaryDirectory(prefix="sparring-doctor-") as folder:
        wav = Path(folder) / "check.wav"
        try:
            engine.synthesize(SAMPLE, None, wav, timeout=timeout)
            with wave.open(str(wav), "rb") as data:
                seconds = data.getnframes() / data.getframerate()
                rate = data.getframerate()
            yield Check("synthesis", True, f"{seconds:.1f} s of audio at {rate} Hz")
        except SpeechUnavailable as error:
            yield Check("synthesis", False, error.message, error.hint or engine_hint())
            yield from _skipped("audio player", "playback")
            return
        try:
            command = list(player) if player is not None else default_player()
            yield Check("audio player", True, " ".join(command))
        except SpeechUnavailable as error:
            yield Check("audio player", False, error.message, error.hint)
            yield from _skipped("playback")
            return
        yield _play(command, wav, timeout)


def _play(command: list[str], wav: Path, timeout: float) -> Check:
    """Play the sample with output captured, so the check itself stays quiet."""
    try:
        player = start_player(command, wav)
    except SpeechUnavailable as error:
        return Check("playback", False, error.message, error.hint)
    try:
        returncode, stderr = finish_player(player, min(timeout, player_timeout(wav)))
    except SpeechUnavailable as error:
        return Check("playback", False, error.message, error.hint)
    if returncode != 0:
        failed = player_failed(command[0], returncode, stderr)
        return Check("playback", False, failed.message, failed.hint)
    return Check("playback", True, "the sample played (you should have heard it)")


def _skipped(*names: str) -> Iterator[Check]:
    for name in names:
        yield Check(name, None, "not checked (an earlier step failed)")


def other_platforms() -> list[tuple[str, str]]:
    """What speech needs on each platform, for the summary."""
    return [
        ("Linux", f"{engine_hint('linux')}; {player_hint('linux')}"),
        ("macOS", f"{engine_hint('darwin')}; {player_hint('darwin')}"),
        ("Windows", f"{engine_hint('win32')}; {player_hint('win32')}"),
    ]
