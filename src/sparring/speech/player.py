"""Provides playing a WAV file with a quiet, cancellable subprocess."""

from __future__ import annotations

import shutil
import sys
import wave
from collections.abc import Sequence
from pathlib import Path

from sparring.speech.engine import SpeechUnavailable
from sparring.speech.process import Child, ChildTimeout, signal_name

# Tried in order on Linux and the BSDs; the first one found plays.
_UNIX_PLAYERS: tuple[tuple[str, ...], ...] = (
    ("aplay", "-q", "{wav}"),
    ("paplay", "{wav}"),
    ("pw-play", "{wav}"),
)
_WINDOWS_PLAYER = (
    "powershell",
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "(New-Object Media.SoundPlayer '{wav_ps}').PlaySync()",
)


def player_hint(platform: str = sys.platform) -> str:
    """How to get an audio player on a platform (`sys.platform` spelling)."""
    if platform == "darwin":
        return "afplay is part of macOS; check the sound output in System Settings"
    if platform == "win32":
        return "PowerShell plays the sound; check that powershell.exe is on PATH"
    return (
        "install alsa-utils for aplay: sudo apt install alsa-utils (Debian, Ubuntu), "
        "sudo dnf install alsa-utils (Fedora), sudo pacman -S alsa-utils (Arch); "
        "and check that a sound device works (aplay -l)"
    )


def playing_hint(platform: str = sys.platform) -> str:
    """What to check when a player that is installed fails to play."""
    if platform == "linux" or platform.startswith(("freebsd", "openbsd", "netbsd")):
        return (
            "check that a sound device works (aplay -l lists them; `sparring doctor` looks), "
            "or play with another command: --player 'paplay {wav}'"
        )
    return player_hint(platform)


def default_player() -> list[str]:
    """The command that plays `{wav}` here; raises SpeechUnavailable when there is none."""
    if sys.platform == "darwin":
        candidates: Sequence[Sequence[str]] = [("afplay", "{wav}")]
    elif sys.platform == "win32":
        candidates = [_WINDOWS_PLAYER]
    else:
        candidates = _UNIX_PLAYERS
    for command in candidates:
        found = shutil.which(command[0])
        if found:
            return [found, *command[1:]]
    names = ", ".join(c[0] for c in candidates)
    raise SpeechUnavailable(f"no audio player found (looked for {names})", player_hint())


def player_command(template: Sequence[str], wav: Path) -> list[str]:
    """The player command for one file; the path is appended when no `{wav}` is given."""
    quoted_ps = str(wav).replace("'", "''")
    if not any("{wav" in part for part in template):
        return [*template, str(wav)]
    return [part.replace("{wav_ps}", quoted_ps).replace("{wav}", str(wav)) for part in template]


PLAYER_GRACE = 5.0
"""Seconds a player may take beyond the length of the sound before it is stopped."""


def player_timeout(wav: Path) -> float:
    """How long playing `wav` may take: its length and PLAYER_GRACE (the grace if unreadable)."""
    try:
        with wave.open(str(wav), "rb") as data:
            seconds = data.getnframes() / max(1, data.getframerate())
    except (OSError, EOFError, wave.Error):
        seconds = 0.0
    return round(seconds + PLAYER_GRACE, 1)


def start_player(template: Sequence[str], wav: Path) -> Child:
    """Start playing, in a process group of its own; nothing reaches the terminal."""
    command = player_command(template, wav)
    try:
        return Child(command)
    except OSError as error:
        raise SpeechUnavailable(
            f"the audio player {command[0]!r} could not start ({error.strerror or error})",
            player_hint(),
        ) from error


def stop_player(player: Child) -> None:
    """End a player and anything it started (a wrapper script's child would otherwise play
    on, or keep the next line waiting)."""
    player.stop()


def finish_player(player: Child, timeout: float) -> tuple[int, bytes]:
    """Wait for the player, at most `timeout` seconds; its exit status and stderr.

    A player that is still playing then is stopped with everything it started, and that
    is the error (said once by the speaker): it would hold every later line up too.
    """
    try:
        return player.wait(timeout), player.stderr()
    except ChildTimeout:
        name = Path(player.argv[0]).name
        raise SpeechUnavailable(
            f"the audio player {name} did not finish in {timeout:g} s; stopped it",
            "check that the player exits when the sound ends (`--player` sets another)",
        ) from None
    finally:
        player.end()  # nothing left running, whatever ended the wait (Ctrl-C too)
        player.close()


def player_failed(command: str, returncode: int, stderr: bytes) -> SpeechUnavailable:
    """The error for a player that failed, with its last line of complaint as the reason."""
    name = Path(command).name
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    ended = f"ended by {signal_name(returncode)}"
    reason = lines[-1] if lines else ended if returncode < 0 else f"exit status {returncode}"
    if len(reason) > 160:
        reason = reason[:157] + "..."
    if not reason.startswith(name):
        reason = f"{name}: {reason}"
    return SpeechUnavailable(f"the audio player failed ({reason})", playing_hint())
