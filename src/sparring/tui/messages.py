"""Provides the messages screens post to ask for what the App does: the TUI's one-way edge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from sparring.core.content.models import Voice
    from sparring.core.session.engine import Session

# Screens never import the App: they post one of these and the App handles it
# (`on_<name>` in snake case, e.g. `on_start_session`). Each bubbles from the screen up.


@dataclass
class StartSession(Message):
    """Open a conversation with a persona (on the given objections, if any)."""

    persona_id: str
    objection_ids: Sequence[str] | None = None


class PractiseWeakest(Message):
    """Open a session on the objections the user does worst on."""


class OpenHistory(Message):
    """Show the history screen."""


@dataclass
class SessionOver(Message):
    """The conversation is done: show its summary (and export with --export)."""

    session: Session


class ExportSession(Message):
    """Write the last session as Markdown and say where."""


class BackToPicker(Message):
    """Leave the summary for the picker."""


@dataclass
class Speak(Message):
    """Speak a manager line in this voice, if speech is on."""

    text: str
    voice: Voice


class StopSpeech(Message):
    """Stop the line being spoken (on send, skip, retry and end)."""


class SpeakAgain(Message):
    """Say the last line again (F5)."""


class ToggleSpeech(Message):
    """Turn speech on if off, off if on (F6), and remember the choice."""


@dataclass
class WorkFailed(Message):
    """A worker (a thread doing I/O for a screen) raised: the App says so in one notification."""

    title: str
    """The notification's title, e.g. "History"."""
    what: str
    """What could not be done, e.g. "Could not read the history"."""
    error: BaseException
    then: str = ""
    """What happens instead, e.g. "the managers loaded before are kept"."""
