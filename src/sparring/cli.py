"""Provides the `sparring` command: argument parsing and dispatch to the subcommands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sparring import __version__

# Each name is a module in sparring.commands with register(subparsers).
COMMANDS: tuple[str, ...] = (
    "practice",
    "list",
    "validate",
    "schema",
    "new",
    "history",
    "export",
    "say",
    "doctor",
    "score",
)


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    _SubParsers = argparse._SubParsersAction


class _Commands(_SubParsers):
    """The subcommands; a practice option given before another command is a usage error.

    Bare `sparring` takes every option of `sparring practice`, and `sparring --no-save
    practice` works too; `sparring --no-save history` would otherwise ignore it in silence.
    """

    practice_options: dict[str, str]  # dest -> the option as typed, set by build_parser

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        command = values[0] if isinstance(values, Sequence) and values else None
        options = getattr(self, "practice_options", {})
        given = [typed for dest, typed in options.items() if hasattr(namespace, dest)]
        if given and command != "practice":
            what = "an option" if len(given) == 1 else "options"
            parser.error(
                f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} {what} of practice "
                f"(and of bare sparring), not of {command}"
            )
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> argparse.ArgumentParser:
    """The full parser; --scenarios is accepted before and after the subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--scenarios",
        metavar="DIR",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        help="add a folder of personas and objections (repeatable)",
    )
    parser = argparse.ArgumentParser(
        prog="sparring",
        description="Rehearse asking your manager for remote work.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sparring {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=_Commands)
    for name in COMMANDS:
        module = importlib.import_module(f"sparring.commands.{name}_cmd")
        module.register(sub, common)
    if "practice" in COMMANDS:  # bare `sparring --no-save` is `sparring practice --no-save`
        practice = importlib.import_module("sparring.commands.practice_cmd")
        group = parser.add_argument_group(
            "practice options", "with no COMMAND, sparring practises: these work as in practice"
        )
        practice.add_practice_options(group)
        if isinstance(sub, _Commands):
            sub.practice_options = dict(practice.PRACTICE_OPTIONS)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed arguments; bare `sparring` needs no parser (nor every subcommand's module).

    With no arguments the full parser gives no subcommand and nothing else, every option
    being absent unless given (a test keeps that so).
    """
    if not argv:
        return argparse.Namespace(command=None)
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    args = parse(sys.argv[1:] if argv is None else argv)
    if not hasattr(args, "scenarios"):
        args.scenarios = []
    try:
        if getattr(args, "func", None) is None:
            return _default(args)
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        print("sparring: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: report, do not trace back
        from sparring.commands import report_crash

        return report_crash(error)


def _default(args: argparse.Namespace) -> int:
    """`sparring` with no subcommand opens the practice room, if there is one."""
    if "practice" in COMMANDS:
        practice = importlib.import_module("sparring.commands.practice_cmd")
        code: int = practice.run_default(args)
        return code
    build_parser().print_help()
    return 0


def entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
