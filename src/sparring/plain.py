"""Provides plain mode: a practice session as plain lines on stdout, replies from stdin."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from typing import TextIO

from sparring.core.history.export import outcome_line
from sparring.core.scoring.score import Turn, assisted_label
from sparring.core.scoring.verdict import verdict
from sparring.core.session.engine import Action, Advice, Entry, Session, Summary
from sparring.core.session.summary import STATUS_WORDS, concern_verdict
from sparring.core.text import printable

COMMANDS = {
    "/hint": "show a hint for the question on the table",
    "/model": "show the model answer to the objection you last answered",
    "/retry": "take back your last reply and answer again",
    "/skip": "skip this objection",
    "/end": "end the session now",
    "/help": "list these commands",
}


class PlainRunner:
    """Drives a Session from lines of input, writing everything as plain text."""

    def __init__(
        self,
        session: Session,
        out: TextIO,
        *,
        echo: bool,
        on_manager: Callable[[str], None] | None = None,
        on_user_action: Callable[[], None] | None = None,
        progress: Callable[[Summary], str | None] | None = None,
    ) -> None:
        self.session = session
        self.out = out
        # Echo the reply when stdin is not a terminal, so the output reads as a transcript.
        self.echo = echo
        self.on_manager = on_manager or (lambda text: None)
        self.on_user_action = on_user_action or (lambda: None)
        # "+N vs last session", read from the history once the session is over.
        self.progress = progress or (lambda summary: None)
        self.interrupted = False

    def write(self, text: str = "") -> None:
        """One line (or more) of output, flushed so pipes see it at once.

        Content is scrubbed when loaded; this catches what stdin brings (an echoed reply,
        the terms it proposed), so nothing raw reaches the terminal.
        """
        self.out.write(printable(text) + "\n")
        self.out.flush()

    def run(self, lines: Iterator[str]) -> Summary:
        """Read replies until the session finishes or the input ends; print the summary."""
        session = self.session
        persona = session.persona
        self.write(f"Practising with {persona.name} ({persona.role}), {persona.difficulty}.")
        self.write(f"Seed {session.seed}. One reply per line; commands: {', '.join(COMMANDS)}.")
        self.write()
        self._show(session.transcript)
        try:
            self._loop(lines)
        except KeyboardInterrupt:
            # Ctrl+C: every scored turn is already saved; close the session as ended.
            self.interrupted = True
            self.write()
            self.write("(interrupted)")
            session.end()
        summary = session.summary()
        self.write()
        self._summary(summary)
        return summary

    def _loop(self, lines: Iterator[str]) -> None:
        session = self.session
        for raw in lines:
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            self.on_user_action()
            if self.echo:
                self.write(f"You: {line}")
            self._handle(line)
            if session.finished:
                return
        if not session.finished:
            self.write("(end of input)")
            session.end()

    def _handle(self, line: str) -> None:
        session = self.session
        command = line.strip().lower()
        try:
            if command == "/hint":
                self.write(f"Hint: {session.hint()}")
            elif command == "/model":
                self.write(f"Model answer: {session.model_answer()}")
            elif command == "/retry":
                session.retry()
                self.write("Your last reply is taken back. The manager asks again:")
                self._manager(session.prompt)
            elif command == "/skip":
                self._show(session.skip())
            elif command == "/end":
                session.end()
            elif command in ("/help", "/?"):
                for name, what in COMMANDS.items():
                    self.write(f"  {name:<7} {what}")
            elif command.startswith("/") and " " not in command and len(command) < 12:
                self.write(f"Unknown command {line.strip()}; try /help.")
            else:
                result = session.reply(line)
                self._feedback(result.turn)
                self._show(list(result.lines))
        except Action as refused:
            self.write(f"({refused})")

    def _show(self, entries: list[Entry]) -> None:
        for entry in entries:
            if entry.speaker == "manager":
                self._manager(entry.text)
            elif entry.speaker == "note":
                self.write(entry.text)

    def _manager(self, text: str) -> None:
        self.write(f"{self.session.persona.name}: {text}")
        self.on_manager(text)

    def _feedback(self, turn: Turn) -> None:
        """The verdict as the card gives it: score, what to fix first, the rest, what worked."""
        session = self.session
        told = verdict(turn.score, session.content.objections.get(turn.objection_id or ""))
        help_used = assisted_label(turn)
        hinted = f" ({help_used})" if help_used else ""
        self.write(f"  Score: {told.value}/100, {told.band}{hinted}. Mood: {session.mood}/100.")
        for title, fixes in (("Fix first", told.first), ("Also", told.rest)):
            if fixes:
                self.write(f"  {title}:")
            for fix in fixes:
                if fix.kind == "move":
                    say = f" - say {fix.advice}" if fix.advice else ""
                    self.write(printable(f"    - Missing: {fix.title}{say}"))
                else:
                    quoted = ", ".join(f"\u201c{q}\u201d" for q in fix.quotes)
                    self.write(printable(f"    ! {fix.title}: {quoted} - {fix.advice}"))
        if told.worked:
            self.write("  What worked:")
        for worked in told.worked:
            quoted = ", ".join(f"\u201c{q}\u201d" for q in worked.quotes)
            self.write(printable(f"    + {worked.label}: {quoted}"))
        self.write()

    def _summary(self, summary: Summary) -> None:
        self.write("=== Summary ===")
        self.write(f"Outcome: {outcome_line(summary.outcome, summary.terms)}")
        average = "-" if summary.average is None else summary.average
        self.write(f"Average score: {average}. Manager's mood: {summary.mood}/100.")
        versus = self.progress(summary)
        if versus:
            self.write(f"Progress: {versus}.")
        name = summary.persona.name
        for closed in summary.verdicts:
            status = STATUS_WORDS.get(closed.status, closed.status)
            self.write(printable(f"{name} ({status.lower()}): \u201c{closed.said}\u201d"))
        self.write(printable(f"What was really on {name}'s mind: {summary.persona.hidden_concern}"))
        self.write(f"  {concern_verdict(summary)}")
        by_index = {turn.index: turn for turn in summary.turns}
        self.write("Objections:")
        for number, state in enumerate(summary.objections, 1):
            scores = ", ".join(str(by_index[i].score.value) for i in state.turns if i in by_index)
            wording = textwrap.shorten(state.wording, 60, placeholder="...")
            self.write(
                f"  {number}. {wording} - {state.status}" + (f" ({scores})" if scores else "")
            )
        if summary.flags_by_kind:
            tally = ", ".join(f"{summary.label(k)} x{count}" for k, count in summary.flags_by_kind)
            self.write(f"Flags: {tally}")
        else:
            self.write("Flags: none")
        for title, turn, advice in (
            ("Best reply", summary.best, summary.best_advice),
            ("Weakest reply", summary.weakest, summary.weakest_advice),
        ):
            if turn is not None and advice is not None:
                self.write(f"{title} ({turn.score.value}): {turn.reply}")
                self._advice(advice)

    def _advice(self, advice: Advice) -> None:
        for label, items in (("Keep", advice.keep), ("Start", advice.start), ("Stop", advice.stop)):
            for item in items:
                self.write(f"  {label}: {item}")
