"""Provides the speech checks behind `sparring doctor`: each step, whether it works, the fix."""

from __future__ import annotations

import importlib
import re
import sys
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
from sparring.speech.process import run_bounded

SAMPLE = "This is how the manager will sound."


@dataclass(frozen=True)
class Check:
    """One step of the diagnosis: `ok` is None when skipped because an earlier step failed.

    `missing` marks a failure that installing something fixes (then the install notes for
    each platform help); a failure with a cause found here says that cause instead.
    """

    name: str
    ok: bool | None
    detail: str
    fix: str = ""
    missing: bool = False


NO_DEVICE_FIX = (
    "connect or turn on a sound device (a container, a server or an SSH session has none "
    "unless one is passed through); `sparring say --out line.wav` still writes speech to a "
    "file, and practice works without sound"
)
NO_SERVER_FIX = (
    "start the sound server (systemctl --user start pipewire-pulse, or pulseaudio --start), "
    "or play with ALSA directly: --player 'aplay -q {wav}'"
)
# The package that brings each default player, to say what is installed already.
_PLAYER_PACKAGES = {
    "aplay": "alsa-utils (aplay)",
    "paplay": "pulseaudio-utils (paplay)",
    "pw-play": "pipewire (pw-play)",
    "afplay": "afplay",
}
_NO_SERVER = re.compile(r"connection (refused|failure)|failed to connect|no such file.*pulse", re.I)


def run_checks(player: Sequence[str] | None = None, timeout: float = 15.0) -> Iterator[Check]:
    """Check each link from the Python package to the speaker, in order."""
    try:
        module = importlib.import_module("pyttsx3")
        yield Check("pyttsx3 package", True, f"found in {Path(module.__file__ or '?').parent}")
    except ImportError as error:
        yield Check("pyttsx3 package", False, str(error), "pip install pyttsx3", missing=True)
        yield from _skipped("speech engine", "voices", "synthesis", "audio player", "playback")
        return
    except Exception as error:  # its espeak binding raises RuntimeError without espeak-ng
        yield Check("pyttsx3 package", False, str(error), engine_hint(), missing=True)
        yield from _skipped("speech engine", "voices", "synthesis", "audio player", "playback")
        return
    try:
        engine = Engine.shared()
        yield Check("speech engine", True, f"started (default voice {engine.default_voice})")
    except SpeechUnavailable as error:
        yield Check("speech engine", False, error.message, error.hint, missing=True)
        yield from _skipped("voices", "synthesis", "audio player", "playback")
        return
    if engine.voices:
        yield Check("voices", True, f"{len(engine.voices)} available (`--voices` lists them)")
    else:
        yield Check("voices", False, "the engine offers no voice", engine_hint(), missing=True)
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
            yield Check("audio player", False, error.message, error.hint, missing=True)
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
        found = playback_cause(command[0], stderr.decode("utf-8", "replace"))
        if found is not None:
            return Check("playback", False, *found)
        failed = player_failed(command[0], returncode, stderr)
        return Check("playback", False, failed.message, failed.hint)
    return Check("playback", True, "the sample played (you should have heard it)")


def _engine_installed() -> str:
    if sys.platform == "darwin":
        return "the macOS voice works"
    if sys.platform == "win32":
        return "the Windows voice (SAPI5) works"
    return "espeak-ng is installed"


def playback_cause(command: str, stderr: str) -> tuple[str, str] | None:
    """Why a player that exists failed, when it can be found out: (cause, fix).

    aplay failing with no card listed by `aplay -l` means no sound device; paplay or
    pw-play that cannot connect means no sound server. None: the player's own words say it.
    """
    name = Path(command).name
    installed = f"{_engine_installed()}, {_PLAYER_PACKAGES.get(name, name)} is installed"
    if name == "aplay":
        listed = run_bounded([command, "-l"], 5.0)
        if listed is not None and not re.search(r"^card \d+:", listed[1], re.M):
            return (
                f"{installed}, but there is no sound device: aplay -l lists none",
                NO_DEVICE_FIX,
            )
    elif name in ("paplay", "pw-play") and _NO_SERVER.search(stderr):
        return f"{installed}, but no sound server is running: {name} cannot connect", NO_SERVER_FIX
    return None


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
