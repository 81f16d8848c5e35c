"""Provides `sparring say`: speak a line, or write it to a WAV file, in a persona's voice."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sparring.commands import player_argument

if TYPE_CHECKING:  # kept out of the import so `sparring --help` stays fast
    from sparring.core.content.models import Voice
    from sparring.speech.engine import SpeechUnavailable


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "say",
        parents=[common],
        help="speak a line aloud, or write it to a WAV file",
        description="Speak TEXT with the speech engine, in a persona's voice if given. "
        "Exit 1 if speech does not work here (`sparring doctor` says why).",
    )
    parser.add_argument("text", metavar="TEXT", help="what to say")
    parser.add_argument("--persona", metavar="ID", help="speak in this persona's voice")
    parser.add_argument("--out", metavar="FILE.wav", type=Path, help="write a WAV file instead")
    parser.add_argument(
        "--player",
        metavar="CMD",
        type=player_argument,
        help="play with this command; {wav} stands for the file (default: aplay -q, afplay "
        "or PowerShell)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Speak or write the line; 1 when speech is unavailable, 2 for a bad argument."""
    from sparring.speech.engine import SpeechUnavailable

    text = " ".join(str(args.text).split())
    if not text:
        print("sparring say: nothing to say (TEXT is empty)", file=sys.stderr)
        return 2
    voice: Voice | None = None
    if args.persona:
        from sparring.commands import load

        content = load(args)
        persona = content.personas.get(args.persona)
        if persona is None:
            known = ", ".join(sorted(content.personas)) or "none"
            print(f"sparring say: no persona {args.persona!r} (known: {known})", file=sys.stderr)
            return 2
        voice = persona.voice
    try:
        if args.out is not None:
            return _write(text, voice, args.out)
        return _speak(text, voice, shlex.split(args.player) if args.player else None)
    except SpeechUnavailable as error:
        return _unavailable(error)


def _write(text: str, voice: Voice | None, out: Path) -> int:
    """Synthesize into a temporary file next to `out`, then move it into place."""
    import os
    import tempfile
    import wave

    from sparring.speech.synth_child import synthesize_in_child

    if out.suffix.lower() != ".wav":
        print(f"sparring say: {out}: the file name should end in .wav", file=sys.stderr)
        return 2
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        print(f"sparring say: {folder}: no such folder", file=sys.stderr)
        return 2
    handle, temp = tempfile.mkstemp(prefix=".sparring-", suffix=".wav", dir=folder)
    os.close(handle)
    try:
        synthesize_in_child(text, voice, Path(temp))
        os.replace(temp, out)
    finally:
        Path(temp).unlink(missing_ok=True)
    with wave.open(str(out), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
    print(f"wrote {out} ({seconds:.1f} s of audio)")
    return 0


def _speak(text: str, voice: Voice | None, command: list[str] | None) -> int:
    """Synthesize in a child process (a crash there is reported), then play, both bounded;
    Ctrl-C stops the player too."""
    import tempfile

    from sparring.speech.player import (
        default_player,
        finish_player,
        player_failed,
        player_timeout,
        start_player,
    )
    from sparring.speech.synth_child import synthesize_in_child

    player = command if command is not None else default_player()
    with tempfile.TemporaryDirectory(prefix="sparring-say-") as folder:
        wav = Path(folder) / "line.wav"
        synthesize_in_child(text, voice, wav)
        process = start_player(player, wav)
        returncode, stderr = finish_player(process, player_timeout(wav))
    if returncode != 0:
        raise player_failed(player[0], returncode, stderr)
    return 0


def _unavailable(error: SpeechUnavailable) -> int:
    """Say what is missing and where to look next."""
    print(f"sparring say: speech does not work here: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"  fix: {error.hint}", file=sys.stderr)
    print("  `sparring doctor` checks each step", file=sys.stderr)
    return 1
