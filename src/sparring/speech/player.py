"""Provides playing a WAV file with a quiet, cancellable subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from sparring.speech.engine import SpeechUnavailable

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


def start_player(template: Sequence[str], wav: Path) -> subprocess.Popen[bytes]:
    """Start playing; stdout and stderr are captured so nothing reaches the terminal."""
    command = player_command(template, wav)
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            # A session of its own: no access to the terminal, no Ctrl-C from it.
            start_new_session=sys.platform != "win32",
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except OSError as error:
        raise SpeechUnavailable(
            f"the audio player {command[0]!r} could not start ({error.strerror or error})",
            player_hint(),
        ) from error


def stop_player(process: subprocess.Popen[bytes]) -> None:
    """End a player and anything it started (a wrapper script's child would otherwise keep
    the captured pipe open and delay the next line until it finished on its own)."""
    if sys.platform == "win32":
        process.terminate()
        return
    # start_player made the player the leader of its own process group; the group may
    # be gone already if the player just ended on its own.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)


def player_failed(command: str, returncode: int, stderr: bytes) -> SpeechUnavailable:
    """The error for a player that failed, with its last line of complaint as the reason."""
    name = Path(command).name
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    reason = lines[-1] if lines else f"exit status {returncode}"
    if len(reason) > 160:
        reason = reason[:157] + "..."
    if not reason.startswith(name):
        reason = f"{name}: {reason}"
    return SpeechUnavailable(f"the audio player failed ({reason})", player_hint())
