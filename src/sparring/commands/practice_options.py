"""Provides the options of a practice session, shared by `sparring practice` and bare `sparring`."""

from __future__ import annotations

import argparse
from pathlib import Path

from sparring.commands import player_argument

# The options of `sparring practice`, by dest and as typed: bare `sparring` takes them too.
PRACTICE_OPTIONS: dict[str, str] = {
    "persona": "--persona",
    "seed": "--seed",
    "plain": "--plain",
    "jsonl": "--jsonl",
    "export": "--export",
    "no_save": "--no-save",
    "weakest": "--weakest",
    "speak": "--speak/--no-speak",
    "player": "--player",
}


def add_speech_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """--speak/--no-speak and --player."""
    parser.add_argument(
        "--speak",
        action=argparse.BooleanOptionalAction,
        default=argparse.SUPPRESS,  # absent unless given: the saved setting decides
        help="speak the manager's lines aloud (default: as last chosen with F6 in the app)",
    )
    parser.add_argument(
        "--player",
        metavar="CMD",
        type=player_argument,
        default=argparse.SUPPRESS,
        help="play speech with this command; {wav} stands for the file (default: aplay -q, "
        "afplay or PowerShell)",
    )


def add_practice_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Every option of a practice session; on `sparring practice` and on bare `sparring`.

    Each is absent from the parsed namespace unless given (argparse.SUPPRESS), so one given
    before `practice` (`sparring --no-save practice`) is not reset by the subcommand's
    defaults, and the top-level parser can tell that one was given before another command.
    """
    suppress = argparse.SUPPRESS
    parser.add_argument(
        "--persona", metavar="ID", default=suppress, help="the manager to practise with"
    )
    parser.add_argument(
        "--seed", metavar="N", type=int, default=suppress, help="replay the same session"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        default=suppress,
        help="plain lines on stdout, replies from stdin (automatic off a terminal)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        default=suppress,
        help="with --plain: one JSON object per event on stdout (manager lines, scores, end)",
    )
    parser.add_argument(
        "--export",
        metavar="FILE",
        type=Path,
        default=suppress,
        help="write the session as Markdown when it ends",
    )
    parser.add_argument(
        "--no-save", action="store_true", default=suppress, help="keep nothing in the history"
    )
    parser.add_argument(
        "--weakest",
        action="store_true",
        default=suppress,
        help="drill the objections you score worst on, with the manager who raises them",
    )
    add_speech_options(parser)
