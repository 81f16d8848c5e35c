"""Provides what the subcommands share: loading content and reporting problems."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content
    from sparring.core.content.errors import Problem


def load(args: argparse.Namespace) -> Content:
    """Load built-in, user and --scenarios content for a command."""
    from sparring.core.content.loading import load_content

    return load_content(list(getattr(args, "scenarios", []) or []))


def load_for_picker(args: argparse.Namespace) -> Content:
    """As `load`, but from the start-up snapshot while no file has changed (see snapshot.py)."""
    from sparring.core.content.snapshot import load_for_picker

    return load_for_picker(list(getattr(args, "scenarios", []) or []))


def player_argument(value: str) -> str:
    """`--player CMD` checked as argparse reads it: split like a shell would, or refused.

    Raises ArgumentTypeError (a usage error, exit 2) for a command a shell could not split,
    such as an unclosed quote. A blank command means the default player.
    """
    import shlex

    try:
        words = shlex.split(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"cannot read the command {value!r}: {error}") from None
    return value if words else ""


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> int:
    """Print one line per problem; return how many."""
    out = stream or sys.stderr
    count = 0
    for problem in problems:
        print(problem, file=out)
        count += 1
    return count


def report_crash(error: BaseException) -> int:
    """Say that something broke, keep the traceback in a file, and exit 70."""
    from sparring.core.paths import user_data_dir

    where = user_data_dir() / "crash.log"
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with where.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat()}\n")
            log.write("".join(traceback.format_exception(error)))
        kept = f"; details in {where}"
    except OSError:
        kept = ""
    print(f"sparring: unexpected error: {type(error).__name__}: {error}{kept}", file=sys.stderr)
    return 70
