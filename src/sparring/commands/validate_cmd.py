"""Provides `sparring validate`: check content files and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sparring.commands import print_problems

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "validate",
        parents=[common],
        help="check content files; exit 1 if any problem",
        description="Check the built-in content (no PATH), or the given files and folders "
        "together with the built-in content they may refer to.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.set_defaults(func=run)


def check(paths: list[Path], scenarios: list[Path]) -> Content:
    """Load what `validate` checks: given paths on top of the built-ins, or everything."""
    from sparring.core.content.loading import (
        BUILTIN,
        Source,
        default_sources,
        load_sources,
        show_path,
    )
    from sparring.core.paths import builtin_dirs

    if paths:
        sources = [Source(BUILTIN, d, required=False) for d in builtin_dirs()]
        sources += [Source(show_path(p), p) for p in [*scenarios, *paths]]
    else:
        sources = default_sources(scenarios)
    return load_sources(sources)


def run(args: argparse.Namespace) -> int:
    """Print one line per problem and a summary."""
    from sparring.core.scoring.examples_check import check_examples

    content = check(list(args.paths), list(args.scenarios))
    content.problems.extend(check_examples(content))
    _check_voices(content)
    count = print_problems(content.problems, sys.stdout)
    if count:
        files = len({p.path for p in content.problems})
        print(f"{count} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    print(
        f"ok: {len(content.personas)} personas, {len(content.objections)} objections, "
        f"{len(content.rules)} phrasing rules, {len(content.strengths)} strengths",
        file=sys.stderr,
    )
    return 0


def _check_voices(content: Content) -> None:
    """Add a problem for each persona voice or language this machine cannot speak."""
    from sparring.speech.validation import check_voices

    problems, note = check_voices(content)
    content.problems.extend(problems)
    if note:
        print(f"note: {note}", file=sys.stderr)
