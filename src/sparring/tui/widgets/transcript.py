"""Provides the transcript: manager and user lines, told apart, always shown literally."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from sparring.core.session.engine import Entry


def entry_text(entry: Entry, manager_name: str) -> Text:
    """One transcript line as a Text object: the speaker's name, then the words as typed."""
    if entry.speaker == "manager":
        line = Text(manager_name, style="bold")
        line.append(": ")
    elif entry.speaker == "user":
        line = Text("You", style="bold")
        line.append(": ")
    else:
        line = Text()
    line.append(entry.text)
    return line


class Transcript(VerticalScroll):
    """The conversation so far; follows the newest line."""

    def __init__(self, manager_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.manager_name = manager_name
        self.shown: list[Entry] = []
        self.can_focus = False

    def sync(self, entries: Sequence[Entry]) -> None:
        """Show exactly these entries: append new ones, rebuild after a retry."""
        entries = list(entries)
        if entries[: len(self.shown)] != self.shown:
            self.remove_children()
            self.shown = []
        new = entries[len(self.shown) :]
        if new:
            self.mount_all(
                Static(entry_text(e, self.manager_name), classes=f"line {e.speaker} {e.kind}")
                for e in new
            )
        self.shown = entries

    def on_mount(self) -> None:
        """Stay scrolled to the newest line while lines are added."""
        self.anchor()
