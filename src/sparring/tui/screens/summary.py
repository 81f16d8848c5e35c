"""Provides the summary screen: outcome, what to practise next, score per objection, flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from sparring.core.history.export import outcome_line
from sparring.core.history.trends import Comparison
from sparring.core.scoring.score import Turn
from sparring.core.scoring.verdict import verdict
from sparring.core.session.engine import Advice, Summary
from sparring.core.session.summary import STATUS_WORDS, concern_verdict
from sparring.core.text import printable
from sparring.tui import messages as msg
from sparring.tui.footer import compact_footer
from sparring.tui.widgets.feedback import BAND_STYLES

OUTCOME_STYLES = {"trial": "bold green", "no-deal": "bold red", "ended": "bold yellow"}
STATUS_STYLES = {
    "convinced": "green",
    "conceded": "red",
    "unconvinced": "red",
    "skipped": "yellow",
    "open": "yellow",
    "not reached": "dim",
}


def outcome_text(summary: Summary, versus: Comparison | None = None) -> Text:
    """The headline: outcome, then average, progress and mood, then the manager's last word."""
    text = Text(
        printable(outcome_line(summary.outcome, summary.terms), one_line=True),
        style=OUTCOME_STYLES.get(summary.outcome or "", "bold"),
    )
    average = "-" if summary.average is None else str(summary.average)
    text.append(f"\nAverage {average}")
    if versus is not None:
        colour = "green" if versus.delta > 0 else ("red" if versus.delta < 0 else "yellow")
        text.append(f" ({versus.label})", style=f"bold {colour}")
    text.append(f" \u00b7 mood at the end {summary.mood}/100")
    if summary.closing_line:
        text.append("\n")
        text.append(printable(summary.persona.name, one_line=True), style="bold")
        text.append(": ")
        text.append(printable(summary.closing_line), style="italic")
    return text


def next_text(summary: Summary) -> Text:
    """The next thing to practise: the first fix of the weakest reply, or what was skipped."""
    text = Text("Practise next: ", style="bold magenta")
    objections = {state.objection.id: state for state in summary.objections}
    weakest = min(summary.turns, key=lambda turn: turn.score.value, default=None)
    state = objections.get(weakest.objection_id or "") if weakest else None
    told = verdict(weakest.score, state.objection if state else None) if weakest else None
    if weakest is not None and told is not None and told.first:
        if state is not None:
            text.append(f"\u201c{_short(state.wording)}\u201d ")
        text.append(f"(scored {weakest.score.value})", style="dim")
        fix = told.first[0]
        if fix.kind == "move":
            text.append("\n\u2717 ", style="yellow")
            text.append(printable(fix.title, one_line=True), style="bold")
            if fix.advice:
                text.append(f": say {printable(fix.advice, one_line=True)}")
        else:
            text.append("\n! ", style="red")
            quoted = ", ".join(f"\u201c{printable(q, one_line=True)}\u201d" for q in fix.quotes)
            text.append(f"{quoted} ({printable(fix.title, one_line=True)})", style="bold")
            text.append(f": {printable(fix.advice, one_line=True)}")
        return text
    left = [s for s in summary.objections if s.status in ("skipped", "open")]
    if left:
        text.append(f"\u201c{_short(left[0].wording)}\u201d ")
        text.append(f"({left[0].status}): answer it next time", style="dim")
    elif summary.turns:
        text.append("nothing flagged; try a harder manager.")
    else:
        text.append("reply to an objection; every reply is scored.")
    return text


def _short(text: str, limit: int = 48) -> str:
    one = " ".join(printable(text, one_line=True).split())
    return one if len(one) <= limit else one[: limit - 1] + "\u2026"


def objections_table(summary: Summary) -> Table:
    """Score per objection, one line each; every cell a Text so nothing is read as markup."""
    table = Table(expand=True, show_edge=False, pad_edge=False, box=box.SIMPLE_HEAD)
    table.add_column(Text("#"), width=2, no_wrap=True)
    table.add_column(Text("Objection"), ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column(Text("Result"), width=14, no_wrap=True)
    table.add_column(Text("Scores"), width=10, no_wrap=True, overflow="ellipsis")
    by_index = {turn.index: turn for turn in summary.turns}
    for number, state in enumerate(summary.objections, 1):
        scores = ", ".join(str(by_index[i].score.value) for i in state.turns if i in by_index)
        table.add_row(
            Text(str(number)),
            Text(printable(state.wording, one_line=True)),
            Text(
                STATUS_WORDS.get(state.status, state.status),
                style=STATUS_STYLES.get(state.status, ""),
            ),
            Text(scores or "-"),
        )
    return table


def flags_text(summary: Summary) -> Text:
    """The phrasing flags tallied by kind, on one line."""
    text = Text("Phrasing flags: ", style="bold")
    if not summary.flags_by_kind:
        text.append("none, clean phrasing throughout.", style="green")
    for n, (kind, count) in enumerate(summary.flags_by_kind):
        if n:
            text.append(" \u00b7 ")
        text.append(f"{count} \u00d7 ", style="bold red")
        text.append(printable(summary.label(kind), one_line=True))
    return text


def manager_text(summary: Summary) -> Text:
    """What convinced and what lost the manager, in their words, and the hidden concern."""
    name = printable(summary.persona.name, one_line=True)
    text = Text(f"What {name} made of it", style="bold")
    for closed in summary.verdicts:
        style = "green" if closed.status == "convinced" else "red"
        text.append(f"\n{STATUS_WORDS.get(closed.status, closed.status)}: ", style=style)
        text.append(f"\u201c{printable(closed.said)}\u201d", style="italic")
    text.append("\nWhat was really on their mind: ", style="bold")
    text.append(printable(summary.persona.hidden_concern))
    text.append(f" {concern_verdict(summary)}")
    return text


def reply_text(title: str, turn: Turn, advice: Advice) -> Text:
    """A reply, its score, and what to keep, start and stop."""
    text = Text(f"{title} ", style="bold")
    text.append(f"{turn.score.value} {turn.score.band}", style=BAND_STYLES.get(turn.score.band))
    text.append("\n")
    text.append(turn.reply, style="italic")
    for label, items, style in (
        ("Keep", advice.keep, "green"),
        ("Start", advice.start, "yellow"),
        ("Stop", advice.stop, "red"),
    ):
        for item in items:
            text.append(f"\n{label}: ", style=f"bold {style}")
            text.append(item)
    return text


class SummaryScreen(Screen[None]):
    """How the session went, and what to change next time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export", tooltip="Write the session as Markdown"),
        Binding("n", "new", "New session"),
        Binding("h,f7", "app.history", "History"),
        Binding("w", "app.weakest", "Weakest"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, summary: Summary, versus: Comparison | None = None) -> None:
        super().__init__()
        self.summary = summary
        # This session's average against the last finished one ("+N vs last session").
        self.versus = versus

    def compose(self) -> ComposeResult:
        """Outcome, table, flags, then the best and weakest reply."""
        summary = self.summary
        title = Text("Summary \u2014 ", style="bold")
        title.append(summary.persona.name, style="bold")
        yield Static(title, id="summary-title")
        with VerticalScroll(id="summary-body"):
            yield Static(outcome_text(summary, self.versus), id="outcome", classes="block")
            yield Static(next_text(summary), id="next", classes="block")
            yield Static(objections_table(summary), id="objection-scores", classes="block")
            yield Static(flags_text(summary), id="flags", classes="block")
            yield Static(manager_text(summary), id="manager-view", classes="block")
            if summary.best is not None and summary.best_advice is not None:
                yield Static(
                    reply_text("Best reply", summary.best, summary.best_advice),
                    id="best",
                    classes="block",
                )
            if summary.weakest is not None and summary.weakest_advice is not None:
                yield Static(
                    reply_text("Weakest reply", summary.weakest, summary.weakest_advice),
                    id="weakest",
                    classes="block",
                )
            if not summary.turns:
                yield Static(Text("No replies were scored this time."), classes="block")
            yield Static(Text(f"Seed {summary.seed} (replay with --seed)", style="dim"))
        yield compact_footer()

    def on_mount(self) -> None:
        """Let the arrow keys scroll the summary."""
        self.query_one("#summary-body").focus()

    def action_export(self) -> None:
        """Write the session as Markdown and say where."""
        self.post_message(msg.ExportSession())

    def action_new(self) -> None:
        """Back to the picker for another session."""
        self.post_message(msg.BackToPicker())

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """What the command palette offers on this screen."""
        return [
            ("Export Markdown", "Write the session to a Markdown file (e)", self.action_export),
            ("New session", "Back to the managers (n)", self.action_new),
            (
                "History",
                "Past sessions, progress per theme, weak spots (h)",
                lambda: self.post_message(msg.OpenHistory()),
            ),
            (
                "Practise my weakest",
                "Drill what you score worst on (w)",
                lambda: self.post_message(msg.PractiseWeakest()),
            ),
        ]
