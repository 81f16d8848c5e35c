"""Provides `sparring practice` (and bare `sparring`): the TUI, or plain mode off a terminal."""

from __future__ import annotations

import argparse
import contextlib
import gc
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sparring.commands.practice_options import (
    PRACTICE_OPTIONS as PRACTICE_OPTIONS,
)
from sparring.commands.practice_options import (
    add_practice_options,
)
from sparring.commands.practice_options import (
    add_speech_options as add_speech_options,
)
from sparring.core.text import did_you_mean, well_formed

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content
    from sparring.core.content.models import Persona
    from sparring.core.history.store import Store
    from sparring.core.session.engine import Summary
    from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker
    from sparring.tui.app import SparringApp


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "practice", parents=[common], help="practise a conversation (the default command)"
    )
    add_practice_options(parser)
    parser.set_defaults(func=run)


def run_default(args: argparse.Namespace) -> int:
    """`sparring` with no subcommand: the same as `sparring practice`."""
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Load the content, then run the TUI on a terminal, plain mode otherwise."""
    from sparring.commands import load, load_for_picker

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    plain = getattr(args, "plain", False) or getattr(args, "jsonl", False) or not interactive
    # The TUI paints its picker from the start-up snapshot while nothing has changed.
    content = load(args) if plain else load_for_picker(args)
    persona_ids = [card.id for card in content.cards()]  # cards: no models needed yet
    if not persona_ids:
        print("sparring: no personas are loaded; run `sparring validate`", file=sys.stderr)
        return 1
    persona_id = getattr(args, "persona", None)
    if persona_id is not None and persona_id not in persona_ids:
        hint = did_you_mean(persona_id, persona_ids, n=3)
        print(f"sparring: no persona {persona_id!r}{hint} (see `sparring list`)", file=sys.stderr)
        return 2
    if not _export_writable(getattr(args, "export", None)):
        return 2
    if plain:
        return run_plain(args, content, interactive=interactive)
    return run_tui(args, content)


def _export_writable(path: Path | None) -> bool:
    """Refuse an --export that could never be written before the session, not after it."""
    from sparring.core.history.export import check_target

    if path is None:
        return True
    try:
        check_target(path)
    except OSError as error:
        print(f"sparring: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return False
    return True


def open_history(args: argparse.Namespace) -> tuple[Store | None, str | None]:
    """The history store and a notice to show once (a bad file set aside, or no history).

    With `--no-save` an existing history is still opened, read-only in effect (for
    `--weakest` and "+N vs last session"), and none is created.
    """
    from sparring.core.history.store import Store, StoreError, default_path

    if getattr(args, "no_save", False) and not default_path().exists():
        return None, None
    from sparring.practice import history_trouble

    try:
        store = Store.open()
    except StoreError as error:
        trouble = history_trouble(error, default_path())
        return None, f"History is off: {trouble}. Practising without saving."
    return store, store.notice.message if store.notice else None


def run_plain(args: argparse.Namespace, content: Content, *, interactive: bool) -> int:
    """Plain mode: the same session as lines of text; every finished turn is saved at once.

    Spoken only with an explicit --speak.
    """
    from sparring.core.content.report import problems_summary
    from sparring.core.scoring.judge import Scorer
    from sparring.plain import PlainRunner
    from sparring.plain_jsonl import JsonlRunner
    from sparring.practice import Practice

    jsonl = getattr(args, "jsonl", False)
    # With --jsonl, stdout carries only events: everything said to the user goes to stderr.
    say_out = sys.stderr if jsonl else sys.stdout

    _tolerant_stdin()
    if content.problems:  # one line, so a broken file is noticed without hiding the session
        hint = "Run `sparring validate` for the list."
        print(f"sparring: {problems_summary(content.problems, hint)}", file=sys.stderr)
    store, notice = open_history(args)
    if notice:
        print(f"sparring: {notice}", file=sys.stderr)
    speaker: Pyttsx3Speaker | None = None
    practice = Practice(
        content,
        Scorer(content),
        store,
        save=not getattr(args, "no_save", False),
        seed=getattr(args, "seed", None),
        on_history_failure=lambda message: print(f"sparring: {message}", file=sys.stderr),
    )
    try:
        objection_ids: tuple[str, ...] | None = None
        if getattr(args, "weakest", False):
            plan = practice.plan_weakest()
            if not plan.objection_ids:
                print("sparring: no objections are loaded to practise", file=sys.stderr)
                return 1
            objection_ids = plan.objection_ids
            if getattr(args, "persona", None) is None and plan.persona_id is not None:
                args.persona = plan.persona_id
            print(f"Practising your weakest objections. {plan.reason}", file=say_out)
        persona = _choose_persona(args, content, interactive=interactive and not jsonl)
        if persona is None:
            return 0
        session = practice.start(persona.id, objection_ids)

        def versus(summary: Summary) -> str | None:
            comparison = practice.progress(session)
            return comparison.label if comparison else None

        speaker = make_plain_speaker(args) if getattr(args, "speak", False) else None
        voice = persona.voice

        def say(text: str) -> None:
            if speaker is not None:
                speaker.speak(text, voice)

        runner: PlainRunner | JsonlRunner
        if jsonl:
            runner = JsonlRunner(session, sys.stdout)
        else:
            runner = PlainRunner(
                session,
                sys.stdout,
                echo=not sys.stdin.isatty(),
                progress=versus,
                on_manager=None if speaker is None else say,
                on_user_action=None if speaker is None else speaker.stop,
            )
        runner.run(_lines(interactive and not jsonl))
        if speaker is not None:
            speaker.wait_idle(timeout=60)  # let the last line finish before exiting
        export = getattr(args, "export", None)
        if export is not None:
            try:
                written = practice.export(session, export)
            except OSError as error:
                print(
                    f"sparring: cannot write {export}: {error.strerror or error}", file=sys.stderr
                )
                return 1
            print(f"Exported the session to {written}", file=say_out)
    finally:
        if speaker is not None:
            speaker.close()
        if store is not None:
            store.close()
    return 130 if runner.interrupted else 0


def make_plain_speaker(args: argparse.Namespace) -> Pyttsx3Speaker:
    """The speaker for plain mode: a failure is one line on stderr, then silence."""
    from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker

    speaker = Pyttsx3Speaker(player=_player(args), on_error=_speech_error_line)
    speaker.warm_up()
    return speaker


def _speech_error_line(message: str) -> None:
    print(f"sparring: {message}", file=sys.stderr, flush=True)


def _player(args: argparse.Namespace) -> list[str] | None:
    """The --player command split like a shell would, or None for the default."""
    player = getattr(args, "player", None)
    return shlex.split(player) if player else None


def build_app(
    args: argparse.Namespace,
    content: Content,
    store: Store | None = None,
    notice: str | None = None,
) -> SparringApp:
    """The practice room as `sparring practice` makes it (the tests build it the same way).

    Speech starts on with --speak, off with --no-speak, otherwise as saved in the settings;
    the speaker (and pyttsx3) is made only once speech is on.
    """
    from sparring.commands import load
    from sparring.settings import load_settings
    from sparring.tui.app import SparringApp
    from sparring.tui.options import AppOptions

    speak = getattr(args, "speak", None)
    if speak is None:
        speak = load_settings().speak
    player = _player(args)

    def make_speaker() -> Pyttsx3Speaker:
        from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker

        return Pyttsx3Speaker(player=player)

    # No scorer given: the app builds the judge once the picker is painted.
    options = AppOptions(
        content,
        store=store,
        save=not getattr(args, "no_save", False),
        startup_notice=notice,
        weakest=getattr(args, "weakest", False),
        seed=getattr(args, "seed", None),
        persona_id=getattr(args, "persona", None),
        export_path=getattr(args, "export", None),
        speak=speak,
        speaker_factory=make_speaker,
        loader=lambda: load(args),
    )
    return SparringApp(options)


def run_tui(args: argparse.Namespace, content: Content) -> int:
    """The full-screen app, recording through the history store."""
    store, notice = open_history(args)
    try:
        with _collector_paused():
            app = build_app(args, content, store, notice)
        app.run()
    finally:
        if store is not None:
            store.close()
    return app.return_code or 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Build the app without the cyclic collector, then freeze what was made.

    Importing Textual and the app makes a great many objects that live as long as the
    process, and next to no garbage: collecting meanwhile, and in every full collection
    after, only walks them again (about 15 ms before the first paint). What exists when
    the app is built is frozen (gc.freeze) and the collector runs as usual from then on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _tolerant_stdin() -> None:
    """Bad bytes in a reply become U+FFFD rather than ending the session (or the read).

    Strict decoding would raise on the first undecodable byte and lose the rest of the
    input; `surrogateescape` (Python's default in a C locale) yields lone surrogates that
    cannot be saved. Either way a reply with one bad byte would cost the session.
    """
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:  # a stream that cannot change: `_lines` fixes each line
        with contextlib.suppress(OSError, ValueError):
            reconfigure(errors="replace")


def _lines(interactive: bool) -> Iterator[str]:
    """Replies from stdin: a prompt on a terminal, plain lines from a pipe."""
    lines = _prompted() if interactive else iter(sys.stdin)
    return (well_formed(line) for line in lines)


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
        print(
            f"No --persona given; practising with the first: {personas[0].id}.",
            file=sys.stderr if getattr(args, "jsonl", False) else sys.stdout,
        )
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
