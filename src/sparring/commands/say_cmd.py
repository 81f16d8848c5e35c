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

    from sparring.speech.engine import Engine

    if out.suffix.lower() != ".wav":
        print(f"sparring say: {out}: the file name should end in .wav", file=sys.stderr)
        return 2
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        print(f"sparring say: {folder}: no such folder", file=sys.stderr)
        return 2
    engine = Engine.shared()
    handle, temp = tempfile.mkstemp(prefix=".sparring-", suffix=".wav", dir=folder)
    os.close(handle)
    try:
        engine.synthesize(text, voice, Path(temp))
        os.replace(temp, out)
    finally:
        Path(temp).unlink(missing_ok=True)
    with wave.open(str(out), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
    print(f"wrote {out} ({seconds:.1f} s of audio)")
    return 0


def _speak(text: str, voice: Voice | None, player: list[str] | None) -> int:
    """Speak and wait for the end; Ctrl-C stops the player too."""
    from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker

    speaker = Pyttsx3Speaker(player=player)
    try:
        speaker.speak(text, voice)
        speaker.wait_idle()
    finally:
        speaker.close()
    if speaker.failure is not None:
        return _unavailable(speaker.failure)
    return 0


def _unavailable(error: SpeechUnavailable) -> int:
    """Say what is missing and where to look next."""
    print(f"sparring say: speech does not work here: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"  fix: {error.hint}", file=sys.stderr)
    print("  `sparring doctor` checks each step", file=sys.stderr)
    return 1
