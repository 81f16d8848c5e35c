"""Provides `sparring doctor`: whether speech works here, and what to install if not."""

from __future__ import annotations

import argparse
import shlex
import sys

from sparring.commands import player_argument


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "doctor",
        parents=[common],
        help="check that speech works here; say how to fix it if not",
        description="Check each step of speech: the pyttsx3 package, the engine, its voices, "
        "a synthesis to a WAV file, the audio player and a playback. Exit 0 if speech works.",
    )
    parser.add_argument("--voices", action="store_true", help="also list the engine's voices")
    parser.add_argument(
        "--player",
        metavar="CMD",
        type=player_argument,
        help="check this player command; {wav} stands for the file",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per check and its fix; exit 1 only if a check failed (it could not
    do that step here), naming the cause it found rather than what to install."""
    from sparring.core.text import printable
    from sparring.speech.doctor import other_platforms, run_checks

    player = shlex.split(args.player) if args.player else None
    failed: list[str] = []
    missing = False
    print("Speech check")
    for check in run_checks(player):
        status = "skipped" if check.ok is None else "ok" if check.ok else "FAILED"
        if check.ok is False:
            failed.append(check.name)
            missing = missing or check.missing
        print(
            printable(f"  {status:<8} {check.name:<16} {check.detail}", one_line=True), flush=True
        )
        if check.fix and not check.ok:
            print(printable(f"  {'':<8} {'':<16} fix: {check.fix}", one_line=True))
    if args.voices and not failed:
        _list_voices()
    if not failed:
        print("\nSpeech works.")
        return 0
    print(
        f"\nSpeech does not work here yet ({', '.join(failed)} failed); practice works without it."
    )
    if missing:
        print("What speech needs:")
        for platform, need in other_platforms():
            print(f"  {platform}: {need}")
    return 1


def _list_voices() -> None:
    """Print the voices a persona's `voice` or `language` key can name."""
    from sparring.speech.engine import Engine

    print("\nVoices (id, name, languages):")
    for voice in Engine.shared().voices:
        languages = ", ".join(voice.languages)
        print(f"  {voice.id:<28} {voice.name:<36} {languages}")
    sys.stdout.flush()
