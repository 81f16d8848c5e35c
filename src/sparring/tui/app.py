"""Provides SparringApp: the practice room, with content, scorer, recorder and speaker injected."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol

from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from sparring.core.changes import problems_summary, reload_summary
from sparring.core.content import Content
from sparring.core.conversation import Scores, Session, Summary
from sparring.core.models import Persona, Voice
from sparring.core.results import NullRecorder, Recorder
from sparring.core.transcript import to_markdown
from sparring.tui.palette import SessionCommands
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.problems import ProblemsScreen
from sparring.tui.screens.summary import SummaryScreen


class SpeakerLike(Protocol):
    """What the app needs from a speaker (the speech module provides the real one)."""

    def speak(self, text: str, voice: Voice) -> None:
        """Start speaking, without blocking."""
        ...

    def stop(self) -> None:
        """Stop speaking now."""
        ...

    def repeat(self) -> None:
        """Speak the last line again."""
        ...

    def close(self) -> None:
        """Release the engine."""
        ...


def _default_scorer(content: Content) -> Scores:
    from sparring.core.scoring import Scorer

    return Scorer(content)


class SparringApp(App[None]):
    """Pick a manager, practise, see the summary."""

    CSS_PATH = "sparring.tcss"
    TITLE = "sparring"
    COMMANDS = App.COMMANDS | {SessionCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "problems", "Problems", priority=True),
        Binding("f9", "reload", "Reload", priority=True),
    ]

    def __init__(
        self,
        content: Content,
        scorer: Scores,
        recorder: Recorder | None = None,
        speaker: SpeakerLike | None = None,
        *,
        seed: int | None = None,
        persona_id: str | None = None,
        export_path: Path | None = None,
        export_dir: Path | None = None,
        loader: Callable[[], Content] | None = None,
        make_scorer: Callable[[Content], Scores] | None = None,
    ) -> None:
        super().__init__()
        self.content = content
        self.scorer = scorer
        self.loader = loader
        self.make_scorer = make_scorer
        self.recorder: Recorder = recorder or NullRecorder()
        self.speaker = speaker
        self.seed = seed
        self.persona_id = persona_id
        self.export_path = export_path
        self.export_dir = export_dir or Path.cwd()
        self.session: Session | None = None
        self.exported: list[Path] = []
        self.speech_failed = False
        if speaker is not None and hasattr(speaker, "on_error"):
            speaker.on_error = self._speech_failed

    def on_mount(self) -> None:
        """The picker, or straight into a session when --persona was given."""
        self.push_screen(PickerScreen(self.content))
        if self.content.problems:
            self.notify(
                problems_summary(self.content.problems),
                title="Content",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.persona_id is not None and self.persona_id in self.content.personas:
            self.start_session(self.persona_id)

    def start_session(self, persona_id: str) -> None:
        """Open a conversation with one persona."""
        persona = self.content.personas[persona_id]
        self.session = Session(
            persona, self.content, self.scorer, seed=self.seed, recorder=self.recorder
        )
        self.push_screen(ConversationScreen(self.session))

    def show_summary(self, session: Session) -> None:
        """Replace the conversation with its summary."""
        self.switch_screen(SummaryScreen(session.summary()))

    def back_to_picker(self) -> None:
        """Leave the summary for the picker."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, PickerScreen):
            self.pop_screen()

    def export(self, summary: Summary) -> Path | None:
        """Write the session as Markdown: to --export, or a dated file in the export folder."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.export_path or self.export_dir / f"sparring-{summary.persona.id}-{stamp}.md"
        try:
            path.write_text(to_markdown(summary), encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not export: {error}", severity="error", markup=False)
            return None
        self.exported.append(path)
        self.notify(f"Exported to {path}", title="Export", markup=False)
        return path

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F8 shows in the footer only while there are problems to list."""
        if action == "problems":
            return bool(self.content.problems)
        return True

    def action_problems(self) -> None:
        """The list of content problems."""
        if not self.content.problems:
            self.notify("No problems in the content files.", markup=False)
            return
        if isinstance(self.screen, ProblemsScreen):
            self.screen.dismiss(None)
        self.push_screen(ProblemsScreen([str(p) for p in self.content.problems]))

    # --- reloading content ------------------------------------------------------------

    def action_reload(self) -> None:
        """Load the content files again, off the UI thread; a newer reload replaces this one."""
        self.run_worker(self._reload_in_thread, thread=True, exclusive=True, group="reload")

    def _reload_in_thread(self) -> None:
        """Load and build the scorer in a worker thread, then hand both to the UI thread."""
        try:
            content = self._load()
            scorer = (self.make_scorer or _default_scorer)(content)
        except Exception as error:  # a bug in loading must not end the session; it is reported
            self.call_from_thread(self._reload_failed, error)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.apply_content, content, scorer)

    def _load(self) -> Content:
        if self.loader is not None:
            return self.loader()
        from sparring.core.loading import load_content

        return load_content()

    def _reload_failed(self, error: Exception) -> None:
        self.notify(
            f"Could not reload the content ({type(error).__name__}: {error}); "
            "the managers loaded before are kept.",
            title="Reload",
            severity="error",
            timeout=10,
            markup=False,
        )

    def apply_content(self, content: Content, scorer: Scores) -> None:
        """Use new content: new sessions and the picker see it; a session in progress keeps its own.

        An empty load (every file broken, no built-ins found) keeps the previous managers, so
        a reload can never leave the user with nothing to practise against.
        """
        old = self.content
        if not content.personas:
            self.notify(
                "No manager loaded, so the managers loaded before are kept.\n"
                + problems_summary(content.problems),
                title="Reload",
                severity="error",
                timeout=10,
                markup=False,
            )
            self.content = dataclasses.replace(old, problems=content.problems)
            self.refresh_bindings()
            return
        self.content, self.scorer = content, scorer
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.use_content(content)
        if isinstance(self.screen, ProblemsScreen):
            # An open list is replaced by the new one, or closed when all is fixed.
            if content.problems:
                self.action_problems()
            else:
                self.screen.dismiss(None)
        self.refresh_bindings()
        self.notify(
            reload_summary(old, content),
            title="Reload",
            severity="warning" if content.problems else "information",
            timeout=10 if content.problems else 5,
            markup=False,
        )

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """What the command palette offers on every screen."""
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Reload content", "Read the manager files again (F9)", self.action_reload)
        ]
        if self.content.problems:
            commands.append(
                ("Show content problems", "Each as file:line:col (F8)", self.action_problems)
            )
        return commands

    # --- speech -----------------------------------------------------------------------

    def speak(self, text: str, persona: Persona) -> None:
        """Speak a manager line in the persona's voice, if speech is on."""
        if self.speaker is not None:
            self.speaker.speak(text, persona.voice)

    def stop_speech(self) -> None:
        """Stop any line being spoken (on send, skip and end)."""
        if self.speaker is not None:
            self.speaker.stop()

    def speak_again(self) -> None:
        """Repeat the last line."""
        if self.speaker is None:
            self.notify("Speech is off.", markup=False)
            return
        self.speaker.repeat()

    def _speech_failed(self, message: Any) -> None:
        """Called by the speaker, possibly from its thread: say so once, go on in silence."""
        if threading.get_ident() == self._thread_id:
            self._notify_speech_failure(str(message))
        else:
            self.call_from_thread(self._notify_speech_failure, str(message))

    def _notify_speech_failure(self, message: str) -> None:
        if self.speech_failed:
            return
        self.speech_failed = True
        self.notify(message, title="Speech", severity="warning", timeout=8, markup=False)

    def on_unmount(self) -> None:
        """Release the speaker."""
        if self.speaker is not None:
            self.speaker.close()
