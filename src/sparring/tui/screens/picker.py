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

from sparring.core.content.catalog import Content
from sparring.tui import messages as msg
from sparring.tui.footer import compact_footer

if TYPE_CHECKING:
    from sparring.core.content.models import Persona

DIFFICULTY_STYLES = {"easy": "green", "medium": "yellow", "hard": "red"}


def persona_label(content: Content, persona: Persona) -> Text:
    """Two lines for the list: name and role; difficulty, themes and where it came from."""
    label = Text(persona.name, style="bold")
    label.append(" \u2014 ")
    label.append(persona.role)
    label.append("\n  ")
    label.append(persona.difficulty, style=DIFFICULTY_STYLES.get(persona.difficulty, ""))
    label.append(" \u00b7 ")
    label.append(", ".join(content.persona_themes(persona)), style="dim")
    origin = content.origin("persona", persona.id)
    if origin is not None and origin.custom:
        label.append(" \u00b7 ")
        label.append("custom", style="bold magenta")
        label.append(f" ({origin.shown})", style="magenta")
        replaces = replaces_text(content, persona)
        if replaces:
            label.append(f" \u00b7 {replaces}", style="magenta")
    return label


def replaces_text(content: Content, persona: Persona) -> str:
    """Say "replaces built-in" (or which file) when a custom persona reuses an existing id."""
    earlier = content.replaced.get(("persona", persona.id))
    if earlier is None:
        return ""
    return "replaces built-in" if not earlier.custom else f"replaces {earlier.shown}"


def persona_details(content: Content, persona: Persona) -> Text:
    """The briefing pane for the highlighted persona."""
    text = Text(persona.name, style="bold")
    text.append("\n")
    text.append(persona.role, style="italic")
    text.append("\n\nDifficulty: ", style="bold")
    text.append(persona.difficulty, style=DIFFICULTY_STYLES.get(persona.difficulty, ""))
    picks = len(content.picks(persona))
    text.append(f"   Objections: {min(persona.rounds, picks)} of {picks}")
    text.append("\n\n")
    text.append(persona.briefing)
    text.append("\n\nThemes: ", style="bold")
    text.append(", ".join(content.persona_themes(persona)))
    origin = content.origin("persona", persona.id)
    if origin is not None and origin.custom:
        text.append("\n\nCustom persona from ", style="magenta")
        text.append(origin.shown, style="bold magenta")
        replaces = replaces_text(content, persona)
        if replaces:
            text.append(f" ({replaces})", style="magenta")
    return text


def matches(content: Content, persona: Persona, query: str) -> bool:
    """Whether every word typed appears in the persona's name, role, id, difficulty or themes."""
    haystack = " ".join(
        [
            persona.id,
            persona.name,
            persona.role,
            persona.difficulty,
            persona.briefing,
            *content.persona_themes(persona),
        ]
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
        # where new or edited managers show up. F8 shows only while there are problems.
        Binding("f9", "app.reload", "Reload", priority=True),
        Binding("f8", "app.problems", "Problems", priority=True),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content
        self.shown_personas: list[Persona] = []

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
        personas = self.content.personas.values()
        self.shown_personas = [p for p in personas if matches(self.content, p, query)]
        options = self.query_one("#personas", OptionList)
        options.clear_options()
        options.add_options(
            Option(persona_label(self.content, p), id=p.id) for p in self.shown_personas
        )
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
        details.update(persona_details(self.content, persona) if persona else Text())

    @property
    def highlighted(self) -> Persona | None:
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
