"""Provides the problems modal: every content problem as `file:line:col: message`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ProblemsScreen(ModalScreen[None]):
    """A list of problems found in the content files; Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, problems: Sequence[str], title: str = "Problems in the content") -> None:
        super().__init__()
        self.problems = list(problems)
        self.title_text = title

    def compose(self) -> ComposeResult:
        """The title, the problems, and a close button."""
        with Vertical(id="problems-box"):
            yield Static(Text(self.title_text, style="bold red"), id="problems-title")
            with VerticalScroll(id="problems-list"):
                for problem in self.problems:
                    yield Static(Text(problem), classes="problem")
            yield Button("Close (Esc)", id="close-problems")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close."""
        self.dismiss(None)
