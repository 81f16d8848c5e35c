"""Provides the notice shown instead of the screens while the window is too small to use."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 50
MIN_HEIGHT = 12


def too_small(size: Size) -> bool:
    """Whether a window of `size` is too small for the screens (their layouts need more)."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def notice(size: Size) -> str:
    """What to do, and how big the window is now."""
    wider = size.width < MIN_WIDTH
    what = "wider" if wider and size.height >= MIN_HEIGHT else "taller"
    if wider and size.height < MIN_HEIGHT:
        what = "bigger"
    return (
        f"Make the window {what}: sparring needs at least {MIN_WIDTH} × {MIN_HEIGHT} "
        f"characters; this one is {size.width} × {size.height}. Everything comes back "
        "as it was."
    )


class TooSmallScreen(Screen[None]):
    """Covers the app while the window is too small; it takes every key, so none fires
    an action the user cannot see. The app pops it when the window is big enough."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
    }
    TooSmallScreen > Static {
        width: 100%;
        height: auto;
        text-align: center;
        color: $warning;
    }
    """

    def compose(self) -> ComposeResult:
        """The notice."""
        yield Static(notice(self.app.size), id="too-small", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the sizes in the notice current."""
        self.query_one("#too-small", Static).update(notice(event.size))

    def on_screen_resume(self) -> None:
        """Uncovered by a screen closing above it after the window grew: leave at once."""
        if not too_small(self.app.size):
            self.dismiss(None)
