"""Provides the picker: choose a manager, filtering as you type; Enter starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sparring.core.content.catalog import Card, Content
from sparring.tui import messages as msg
from sparring.tui.footer import compact_footer

if TYPE_CHECKING:
    from sparring.core.content.models import Persona

DIFFICULTY_STYLES = {"easy": "green", "medium": "yellow", "hard": "red"}


def persona_label(content: Content, persona: Persona) -> Text:
    """Two lines for the list: name and role; difficulty, themes and where it came from."""
    return card_label(content.card(persona))


def card_label(card: Card) -> Text:
    """Two lines for the list: name and role; difficulty, themes and where it came from."""
    label = Text(card.name, style="bold")
    label.append(" \u2014 ")
    label.append(card.role)
    label.append("\n  ")
    label.append(card.difficulty, style=DIFFICULTY_STYLES.get(card.difficulty, ""))
    label.append(" \u00b7 ")
    label.append(", ".join(card.themes), style="dim")
    if card.origin is not None:
        label.append(" \u00b7 ")
        label.append("custom", style="bold magenta")
        label.append(f" ({card.origin})", style="magenta")
        if card.replaces:
            label.append(f" \u00b7 {card.replaces}", style="magenta")
    return label


def card_details(card: Card) -> Text:
    """The briefing pane for the highlighted persona."""
    text = Text(card.name, style="bold")
    text.append("\n")
    text.append(card.role, style="italic")
    text.append("\n\nDifficulty: ", style="bold")
    text.append(card.difficulty, style=DIFFICULTY_STYLES.get(card.difficulty, ""))
    text.append(f"   Objections: {min(card.rounds, card.objections)} of {card.objections}")
    text.append("\n\n")
    text.append(card.briefing)
    text.append("\n\nThemes: ", style="bold")
    text.append(", ".join(card.themes))
    if card.origin is not None:
        text.append("\n\nCustom persona from ", style="magenta")
        text.append(card.origin, style="bold magenta")
        if card.replaces:
            text.append(f" ({card.replaces})", style="magenta")
    return text


def matches(card: Card, query: str) -> bool:
    """Whether every word typed appears in the persona's name, role, id, difficulty or themes."""
    haystack = " ".join(
        [card.id, card.name, card.role, card.difficulty, card.briefing, *card.themes]
    ).lower()
    return all(word in haystack for word in query.lower().split())


class PickerScreen(Screen[None]):
    """The list of managers; type to filter, arrows to move, Enter to start."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("enter", "start", "Start", priority=True),
        Binding("escape", "clear", "Clear", tooltip="Empty the filter"),
        # Letters go to the filter here, so the history keys are function keys.
        Binding("f2", "app.weakest", "Weakest"),
        Binding("f7", "app.history", "History"),
        # The App runs F8 and F9 (on every screen); these put them in the picker's footer,
        # where new or edited managers show up. F8 shows only while there are problems
        # (`show_problems`); without, the App's own F8 says there are none.
        Binding("f9", "app.reload", "Reload", priority=True),
        Binding("f8", "app.show_problems", "Problems", priority=True),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content
        self.shown_personas: list[Card] = []

    def compose(self) -> ComposeResult:
        """Title, filter, the list and the briefing pane."""
        yield Static(
            Text("sparring \u2014 pick a manager to practise with", style="bold"), id="picker-title"
        )
        yield Input(placeholder="Type to filter by name, role, difficulty or theme", id="filter")
        with Horizontal(id="picker-body"):
            yield OptionList(id="personas")
            with VerticalScroll(id="briefing"):
                yield Static(id="details")
        with Vertical(id="picker-empty"):
            yield Static(Text("No manager matches the filter."), id="no-match")
        yield compact_footer()

    def on_mount(self) -> None:
        """Fill the list and put the cursor in the filter."""
        self.refilter("")
        self.query_one("#filter", Input).focus()

    def use_content(self, content: Content) -> None:
        """Show freshly loaded content, keeping the filter and, if it is still there, the cursor."""
        kept = self.highlighted
        self.content = content
        self.refilter(self.query_one("#filter", Input).value)
        ids = [p.id for p in self.shown_personas]
        if kept is not None and kept.id in ids:
            self.query_one("#personas", OptionList).highlighted = ids.index(kept.id)
            self.show_details()

    def refilter(self, query: str) -> None:
        """Show the personas matching the filter, keeping the first highlighted."""
        # Cards, not models: content fresh from the start-up snapshot paints without them.
        self.shown_personas = [c for c in self.content.cards() if matches(c, query)]
        options = self.query_one("#personas", OptionList)
        options.clear_options()
        options.add_options(Option(card_label(c), id=c.id) for c in self.shown_personas)
        if self.has_class("empty") == bool(self.shown_personas):
            # Only when it changes: a class on the screen restyles every widget on it.
            self.set_class(not self.shown_personas, "empty")
        if self.shown_personas:
            options.highlighted = 0
        self.show_details()

    def show_details(self) -> None:
        """The briefing of the highlighted persona."""
        persona = self.highlighted
        details = self.query_one("#details", Static)
        details.update(card_details(persona) if persona else Text())

    @property
    def highlighted(self) -> Card | None:
        """The persona under the cursor."""
        index = self.query_one("#personas", OptionList).highlighted
        if index is None or index >= len(self.shown_personas):
            return None
        return self.shown_personas[index]

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self.refilter(event.value)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Follow the cursor with the briefing."""
        self.show_details()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click or Enter on the list starts a session."""
        event.stop()
        self.action_start()

    def action_move(self, step: int) -> None:
        """Arrow keys move the cursor while typing in the filter."""
        options = self.query_one("#personas", OptionList)
        if step < 0:
            options.action_cursor_up()
        else:
            options.action_cursor_down()

    def action_start(self) -> None:
        """Start a session with the highlighted persona."""
        persona = self.highlighted
        if persona is None:
            self.notify("No manager matches the filter.", severity="warning", markup=False)
            return
        if persona.id not in self.content.personas:  # its file changed as the app started
            self.notify("That manager is gone from the files.", severity="warning", markup=False)
            self.refilter(self.query_one("#filter", Input).value)
            return
        self.post_message(msg.StartSession(persona.id))

    def action_clear(self) -> None:
        """Empty the filter."""
        self.query_one("#filter", Input).value = ""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """What the command palette offers on this screen."""
        return [
            ("Start practising", "Start with the highlighted manager", self.action_start),
            (
                "Practise my weakest",
                "Drill what you score worst on (F2)",
                lambda: self.post_message(msg.PractiseWeakest()),
            ),
            (
                "History",
                "Past sessions, progress per theme, weak spots (F7)",
                lambda: self.post_message(msg.OpenHistory()),
            ),
        ]
