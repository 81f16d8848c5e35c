"""Provides the reply box: a multi-line editor where Enter sends and Ctrl+J adds a line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from sparring.tui.paste import clean_paste

NEWLINE_KEYS = ("ctrl+j", "shift+enter", "alt+enter")


class ReplyBox(TextArea):
    """Type a reply; Enter sends it, Ctrl+J (or Shift+Enter where the terminal allows) breaks."""

    # Never narrower than its border, padding and a few columns of text: at no width the
    # placeholder's wrap divides by zero (ValueError from rich's chop_cells).
    DEFAULT_CSS = """
    ReplyBox {
        min-width: 12;
    }
    """

    @dataclass
    class Submitted(Message):
        """The user sent a reply."""

        reply_box: ReplyBox
        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder="Type your reply. Enter sends, Ctrl+J starts a new line, Ctrl+U clears.",
        )
        # Enter (Send) is in the footer; what is left fits a 40-column box.
        self.border_subtitle = "Ctrl+J new line · Ctrl+U clear"

    async def _on_paste(self, event: events.Paste) -> None:
        """Take a paste without its terminal sequences and control characters (an OSC
        ending in BEL, say); a paste with nothing left is ignored."""
        text = clean_paste(event)
        if text == event.text:
            return  # Textual calls TextArea's own handler next
        event.prevent_default()  # it must not see the raw text
        if text:
            await super()._on_paste(events.Paste(text))

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)
