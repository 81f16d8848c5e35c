"""Provides AppOptions: everything the practice room is given, in one object tests can fake."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content
    from sparring.core.history.store import Store
    from sparring.core.scoring.score import Recorder
    from sparring.core.session.engine import Scores
    from sparring.speech.base import Speaker


@dataclass(frozen=True)
class AppOptions:
    """The App's dependencies and start-up choices; only `content` is required."""

    content: Content
    """The personas, objections and rules loaded before the app starts."""
    scorer: Scores | None = None
    """The judge; None builds one from `content` with `make_scorer` when first needed."""
    make_scorer: Callable[[Content], Scores] | None = None
    """How to build a judge for new content (a reload); default: the real Scorer."""
    loader: Callable[[], Content] | None = None
    """How F9 reads the content again; default: built-in and user folders."""
    store: Store | None = None
    """The history, read for the history screen, --weakest and progress."""
    recorder: Recorder | None = None
    """Where turns are written; default: the store, unless `save` is off."""
    save: bool = True
    """False for --no-save: the history is read, never written."""
    seed: int | None = None
    """Replay the same session (--seed)."""
    persona_id: str | None = None
    """Go straight into a session with this persona (--persona)."""
    objection_ids: Sequence[str] | None = None
    """The objections of that session, instead of the persona's own mix."""
    weakest: bool = False
    """Start on the weakest objections (--weakest)."""
    export_path: Path | None = None
    """Write each session there as it ends (--export FILE)."""
    export_dir: Path | None = None
    """Where `e` writes dated exports; default: the documents folder, else the data folder's."""
    startup_notice: str | None = None
    """A history notice to show once (a bad file set aside, history off)."""
    speaker: Speaker | None = None
    """The speaker, if already made; otherwise `speaker_factory` makes it when speech is on."""
    speaker_factory: Callable[[], Speaker] | None = None
    """Makes the speaker on first use; default: a Pyttsx3Speaker, imported only then."""
    speak: bool | None = None
    """Whether speech starts on; default: on when a speaker is given."""
