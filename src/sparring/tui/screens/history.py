"""Provides HistoryScreen: past sessions, score per theme over time, and weak spots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from sparring.core.history.export import outcome_line
from sparring.core.history.rows import damaged_notice
from sparring.core.history.store import SessionDetail, Store
from sparring.core.history.trends import By, HistoryData, Weakness, history_data
from sparring.core.scoring.score import assisted_label
from sparring.core.text import printable
from sparring.tui import messages as msg
from sparring.tui.footer import compact_footer
from sparring.tui.widgets.theme_chart import ThemeChart, band_style

Loader = Callable[[By], HistoryData]
DetailLoader = Callable[[int], SessionDetail | None]


class HistoryScreen(Screen[None]):
    """The history: give it loaded `HistoryData`, or a loader run off the UI thread.

    A loader is called as `loader(by)` in a thread worker (`by` is "session" or "day"),
    e.g. `lambda by: trends.history_data(store, by=by)`; the store serialises its calls,
    so sharing the app's store is safe. `HistoryScreen.from_store(store)` does all that.
    Selecting a session posts `SessionSelected` and, given `detail` (e.g.
    `store.session`), shows its turns: every line as said or typed, never as markup.
    """

    DEFAULT_CSS = """
    HistoryScreen { layout: vertical; }
    HistoryScreen #history-body { height: 1fr; padding: 0 1; }
    HistoryScreen .history-heading { text-style: bold; margin-top: 1; }
    HistoryScreen #history-summary { color: $text-muted; }
    HistoryScreen #history-next { margin-top: 1; }
    HistoryScreen DataTable { height: auto; max-height: 9; }
    HistoryScreen #history-detail { display: none; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        Binding("d", "toggle_by", "Per day/session"),
        Binding("r", "reload", "Refresh"),
        Binding("e", "export", "Export session"),
        Binding("w", "app.weakest", "Weakest", tooltip="Practise your weakest objections"),
    ]

    @dataclass
    class SessionSelected(Message):
        """The user chose a session in the table (Enter or click)."""

        session_id: int

    @dataclass
    class ExportRequested(Message):
        """The user asked to export the session under the cursor (the app writes it)."""

        session_id: int

    def __init__(
        self,
        source: HistoryData | Loader,
        titles: dict[str, str] | None = None,
        detail: DetailLoader | None = None,
        *,
        objection_titles: dict[str, str] | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self._loader: Loader | None = None if isinstance(source, HistoryData) else source
        self._data: HistoryData | None = source if isinstance(source, HistoryData) else None
        self._titles = titles or {}
        # Objections by their words, never their ids ("slow-replies").
        self._objection_titles = objection_titles or {}
        self._by: By = self._data.by if self._data else "session"
        self._detail = detail

    @classmethod
    def from_store(
        cls,
        store: Store,
        titles: dict[str, str] | None = None,
        limit: int = 100,
        objection_titles: dict[str, str] | None = None,
    ) -> HistoryScreen:
        """The history of a store, loaded off the UI thread, with session details."""
        return cls(
            lambda by: history_data(store, limit=limit, by=by),
            titles,
            store.session,
            objection_titles=objection_titles,
        )

    @property
    def data(self) -> HistoryData | None:
        """What is shown, once loaded."""
        return self._data

    def compose(self) -> ComposeResult:
        # At 80x24 the summary, what to practise next, the weakest objections and the
        # latest sessions are in view; the chart and the weakest themes are a scroll away.
        with VerticalScroll(id="history-body"):
            yield Static(Text("History", style="bold"), id="history-title")
            yield Static(Text("Loading…"), id="history-summary")
            yield Static(id="history-next")
            yield Static(Text("Weakest objections"), classes="history-heading")
            yield Static(id="history-worst-objections")
            yield Static(Text("Sessions"), classes="history-heading")
            table: DataTable[Text] = DataTable(id="history-sessions", cursor_type="row")
            table.add_columns("ID", "Date", "Persona", "Outcome", "Avg", "Turns")
            yield table
            yield Static(id="history-detail")
            yield Static(Text("Score per theme over time"), classes="history-heading")
            yield ThemeChart(id="history-chart")
            yield Static(Text("Weakest themes"), classes="history-heading")
            yield Static(id="history-worst-themes")
        yield compact_footer()

    def on_mount(self) -> None:
        if self._data is not None:
            self._show(self._data)
        else:
            self._load()

    def _load(self) -> None:
        if self._loader is None:
            return
        self.query_one("#history-body").loading = True
        self._load_in_thread(self._loader, self._by)

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _load_in_thread(self, loader: Loader, by: By) -> None:
        data = loader(by)
        self.app.call_from_thread(self._show, data)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A read that raised: say so here, and once in a notification; the screen stays up."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        self.query_one("#history-body").loading = False
        if event.worker.group == "history-load":
            shown = Text("The history could not be read; r tries again.", style="red")
            self.query_one("#history-summary", Static).update(shown)
        self.post_message(msg.WorkFailed("History", "Could not read the history", error))

    def _show(self, data: HistoryData) -> None:
        self._data = data
        self.query_one("#history-body").loading = False
        summary = Text(f"{data.total} session{'s' if data.total != 1 else ''} saved")
        if data.total > len(data.sessions):
            summary.append(f", the latest {len(data.sessions)} listed")
        if data.latest is not None:
            summary.append(f" · last finished: {data.latest.current} ")
            delta = data.latest.delta
            colour = "green" if delta > 0 else ("red" if delta < 0 else "yellow")
            summary.append(f"({data.latest.label})", style=colour)
        if not data.total:
            summary = Text("No practice sessions saved yet. Finish a reply to start a history.")
        self.query_one("#history-summary", Static).update(summary)
        if notice := damaged_notice(data.damaged):
            self.notify(notice, title="History", severity="warning", markup=False)
        self._fill_table(data)
        if data.sessions:
            # Without scrolling to it: the top of the screen (what to practise next) stays in
            # view; the table is in view too at 80x24.
            self.query_one("#history-sessions", DataTable).focus(scroll_visible=False)
        unit = "session" if data.by == "session" else "day"
        self.query_one(ThemeChart).show(data.trends, self._titles, unit)
        self.query_one("#history-worst-themes", Static).update(
            _weak_text(data.worst_themes, self._titles)
        )
        self.query_one("#history-worst-objections", Static).update(
            _weak_text(data.worst_objections, self._objection_titles)
        )
        self.query_one("#history-next", Static).update(
            _next_text(data.worst_objections, self._objection_titles)
        )
        # Focusing the table scrolls to it; the top (what to practise next) shows first.
        body = self.query_one("#history-body", VerticalScroll)
        self.call_after_refresh(body.scroll_home, animate=False)

    def _fill_table(self, data: HistoryData) -> None:
        table: DataTable[Text] = self.query_one("#history-sessions", DataTable)
        table.clear()
        for s in data.sessions:
            average = Text("-" if s.average is None else str(s.average), justify="right")
            if s.average is not None:
                average.stylize(band_style(s.average))
            table.add_row(
                Text(str(s.id), justify="right"),
                Text(s.date),
                Text(printable(s.persona_name, one_line=True)),
                Text(outcome_line(s.outcome), style="" if s.outcome else "dim"),
                average,
                Text(str(s.turns), justify="right"),
                key=str(s.id),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Tell the app which session was chosen."""
        event.stop()
        if event.row_key.value is None:
            return
        session_id = int(event.row_key.value)
        self.post_message(self.SessionSelected(session_id))
        if self._detail is not None:
            self._load_detail(self._detail, session_id)

    @work(thread=True, exclusive=True, group="history-detail", exit_on_error=False)
    def _load_detail(self, loader: DetailLoader, session_id: int) -> None:
        detail = loader(session_id)
        self.app.call_from_thread(self._show_detail, session_id, detail)

    def _show_detail(self, session_id: int, detail: SessionDetail | None) -> None:
        panel = self.query_one("#history-detail", Static)
        if detail is None:
            panel.update(Text(f"Session {session_id} is no longer kept.", style="dim"))
        else:
            panel.update(session_text(detail, self._titles))
        panel.display = True
        panel.scroll_visible(top=True)

    def action_close(self) -> None:
        """Leave the history."""
        self.dismiss()

    def action_toggle_by(self) -> None:
        """Chart per day instead of per session, and back (needs a loader)."""
        if self._loader is None:
            self.notify("This view was opened with fixed data.", markup=False)
            return
        self._by = "day" if self._by == "session" else "session"
        self._load()

    def action_export(self) -> None:
        """Ask the app to export the highlighted session."""
        table: DataTable[Text] = self.query_one("#history-sessions", DataTable)
        if not table.row_count:
            self.notify("No session to export yet.", markup=False)
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if row_key.value is not None:
            self.post_message(self.ExportRequested(int(row_key.value)))

    def action_reload(self) -> None:
        """Read the history again."""
        self._load()


def _next_text(rows: list[Weakness], titles: dict[str, str]) -> Text:
    """The next thing to practise: the objection with the lowest recent average."""
    text = Text("Practise next: ", style="bold magenta")
    if not rows:
        text.append("finish a reply and your weakest objection shows here.", style="dim")
        return text
    worst = min(rows, key=lambda w: w.average)
    title = printable(titles.get(worst.key, worst.key), one_line=True)
    title = title if len(title) <= 26 else title[:25] + "\u2026"
    text.append(f"\u201c{title}\u201d", style="bold")
    text.append(f" (average {worst.average:.0f} lately)")
    text.append(" \u00b7 w to practise", style="dim")
    return text


def _weak_text(rows: list[Weakness], titles: dict[str, str]) -> Text:
    if not rows:
        return Text("Nothing scored yet.", style="dim")
    width = min(max(len(titles.get(w.key, w.key)) for w in rows), 40)
    out = Text()
    for w in rows:
        out.append(titles.get(w.key, w.key)[:width].ljust(width) + "  ")
        out.append(f"{w.average:5.1f}", style=band_style(w.average))
        out.append(f"  ({w.recent} latest of {w.attempts})\n", style="dim")
    out.rstrip()
    return out


def session_text(detail: SessionDetail, titles: dict[str, str]) -> Text:
    """A session's turns as Text pieces: manager line, reply, score, flags, moves."""
    s = detail.session
    out = Text()
    out.append(f"Session {s.id} · {s.date} · ", style="bold")
    out.append(printable(s.persona_name), style="bold")
    out.append(f" · {outcome_line(s.outcome)}")
    if s.terms:
        out.append(" · terms: ")
        out.append(printable(s.terms))
    if s.average is not None:
        out.append(" · average ")
        out.append(str(s.average), style=band_style(s.average))
    for turn in detail.turns:
        theme = titles.get(turn.theme or "", turn.theme or "")
        out.append(f"\n\n{turn.index + 1}. {theme}", style="bold")
        if turn.probe:
            out.append(f" (follow-up {turn.probe})", style="dim")
        out.append("\nManager: ", style="bold cyan")
        out.append(printable(turn.manager_line))
        out.append("\nYou: ", style="bold")
        out.append(printable(turn.reply))
        score = turn.score
        out.append("\nScore ")
        out.append(f"{score.value} ({score.band})", style=band_style(score.value))
        if help_used := assisted_label(turn):
            out.append(f" · {help_used}", style="dim")
        for flag in score.flags:
            out.append("\n  ⚑ ", style="red")
            out.append(printable(f"{flag.name} “{flag.text}”: {flag.suggestion}"))
        if score.moves_missed:
            out.append("\n  missed: ", style="dim")
            out.append(printable(", ".join(m.name for m in score.moves_missed)))
    return out
