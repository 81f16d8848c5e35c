"""Provides the footer every screen uses: compact, with its keys in the order they matter.

Textual lists a screen's keys in the order it meets them, starting with the focused
widget's own (a TextArea binds F6 and Ctrl+U before the screen gets a say), and cuts off
whatever does not fit. `in_order` puts the keys a screen names first, most needed first,
so a narrow terminal loses the rare ones, never Send or End.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import ActiveBinding
from textual.widgets import Footer


def in_order(bindings: dict[str, ActiveBinding], keys: Iterable[str]) -> dict[str, ActiveBinding]:
    """The same bindings, those for `keys` first in that order, then the rest as they came."""
    ordered = {key: bindings[key] for key in keys if key in bindings}
    ordered.update((key, active) for key, active in bindings.items() if key not in ordered)
    return ordered


def compact_footer() -> Footer:
    """The footer: one space between a key and its label, one between entries."""
    return Footer(compact=True)
