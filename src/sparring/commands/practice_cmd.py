"""Provides `sparring practice` (and bare `sparring`): the TUI, or plain mode off a terminal."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sparring.core.content import Content
    from sparring.core.conversation import Summary
    from sparring.core.models import Persona
    from sparring.core.results import Recorder


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "practice", parents=[common], help="practise a conversation (the default command)"
    )
    parser.add_argument("--persona", metavar="ID", help="the manager to practise with")
    parser.add_argument("--seed", metavar="N", type=int, help="replay the same session")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain lines on stdout, replies from stdin (automatic off a terminal)",
    )
    parser.add_argument(
        "--export", metavar="FILE", type=Path, help="write the session as Markdown when it ends"
    )
    parser.add_argument("--no-save", action="store_true", help="keep nothing in the history")
    parser.set_defaults(func=run)


def run_default(args: argparse.Namespace) -> int:
    """`sparring` with no subcommand: the same as `sparring practice`."""
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Load the content, then run the TUI on a terminal, plain mode otherwise."""
    from sparring.commands import load

    content = load(args)
    if not content.personas:
        print("sparring: no personas are loaded; run `sparring validate`", file=sys.stderr)
        return 1
    persona_id = getattr(args, "persona", None)
    if persona_id is not None and persona_id not in content.personas:
        near = difflib.get_close_matches(persona_id, list(content.personas), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        print(f"sparring: no persona {persona_id!r}{hint} (see `sparring list`)", file=sys.stderr)
        return 2
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if getattr(args, "plain", False) or not interactive:
        return run_plain(args, content, interactive=interactive)
    return run_tui(args, content)


def make_recorder(args: argparse.Namespace) -> Recorder:
    """The history store; `--no-save` keeps nothing (the lead wires the real store in)."""
    from sparring.core.results import NullRecorder

    return NullRecorder()


def run_plain(args: argparse.Namespace, content: Content, *, interactive: bool) -> int:
    """Plain mode: the same session as lines of text."""
    from sparring.core.changes import problems_summary
    from sparring.core.conversation import Session
    from sparring.core.scoring import Scorer
    from sparring.plain import PlainRunner

    if content.problems:  # one line, so a broken file is noticed without hiding the session
        hint = "Run `sparring validate` for the list."
        print(f"sparring: {problems_summary(content.problems, hint)}", file=sys.stderr)
    persona = _choose_persona(args, content, interactive=interactive)
    if persona is None:
        return 0
    session = Session(
        persona,
        content,
        Scorer(content),
        seed=getattr(args, "seed", None),
        recorder=make_recorder(args),
    )
    runner = PlainRunner(session, sys.stdout, echo=not sys.stdin.isatty())
    summary = runner.run(_lines(interactive))
    export = getattr(args, "export", None)
    if export is not None:
        _export(summary, export)
    return 0


def run_tui(args: argparse.Namespace, content: Content) -> int:
    """The full-screen app."""
    from sparring.commands import load
    from sparring.core.scoring import Scorer
    from sparring.tui.app import SparringApp

    app = SparringApp(
        content,
        Scorer(content),
        recorder=make_recorder(args),
        seed=getattr(args, "seed", None),
        persona_id=getattr(args, "persona", None),
        export_path=getattr(args, "export", None),
        loader=lambda: load(args),
        make_scorer=Scorer,
    )
    app.run()
    return app.return_code or 0


def _lines(interactive: bool) -> Iterator[str]:
    """Replies from stdin: a prompt on a terminal, plain lines from a pipe."""
    if not interactive:
        return iter(sys.stdin)
    return _prompted()


def _prompted() -> Iterator[str]:
    while True:
        try:
            yield input("> ")
        except EOFError:
            return


def _choose_persona(
    args: argparse.Namespace, content: Content, *, interactive: bool
) -> Persona | None:
    """The --persona, or a choice by number on a terminal, or the first one."""
    personas = list(content.personas.values())
    persona_id = getattr(args, "persona", None)
    if persona_id is not None:
        return content.personas[persona_id]
    if not interactive or len(personas) == 1:
        print(f"No --persona given; practising with the first: {personas[0].id}.")
        return personas[0]
    for number, persona in enumerate(personas, 1):
        print(f"{number:>2}. {persona.name} - {persona.role} ({persona.difficulty})")
    while True:
        try:
            answer = input(f"Pick a manager (1-{len(personas)}, Enter for 1): ").strip()
        except EOFError:
            return None
        if not answer:
            return personas[0]
        if answer.isdigit() and 1 <= int(answer) <= len(personas):
            return personas[int(answer) - 1]
        if answer in content.personas:
            return content.personas[answer]
        print(f"Type a number from 1 to {len(personas)}.")


def _export(summary: Summary, path: Path) -> None:
    from sparring.core.transcript import to_markdown

    path.write_text(to_markdown(summary), encoding="utf-8")
    print(f"Exported the session to {path}")
