"""Provides the mood meter: how warm the manager is, as a bar from 0 to 100."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


def mood_word(mood: int) -> str:
    """A word for the mood, so the meter reads without colour."""
    if mood >= 70:
        return "warm"
    if mood >= 50:
        return "open"
    if mood >= 30:
        return "wary"
    return "closed"


class MoodMeter(Widget):
    """A one-line bar: `Mood ██████░░░░ 56 open`."""

    mood: reactive[int] = reactive(50)

    def render(self) -> Text:
        """The bar, sized to the widget."""
        label = f" {self.mood:>3} {mood_word(self.mood)}"
        width = max(self.size.width - len("Mood ") - len(label) - 1, 4)
        filled = round(width * self.mood / 100)
        style = "green" if self.mood >= 60 else "yellow" if self.mood >= 35 else "red"
        bar = Text("Mood ", style="bold")
        bar.append("█" * filled, style=style)
        bar.append("░" * (width - filled), style="dim")
        bar.append(label)
        return bar
