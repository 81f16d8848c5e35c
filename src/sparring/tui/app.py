"""Provides SparringApp: the practice room, with content, scorer, recorder and speaker injected."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import get_current_worker

from sparring.core.content.catalog import Content
from sparring.core.content.models import Persona, Voice
from sparring.core.content.report import problems_summary, reload_summary
from sparring.core.history.store import StoreError
from sparring.core.scoring.score import Recorder
from sparring.core.session.engine import Scores, Session
from sparring.practice import NothingToPractise, Practice
from sparring.tui.palette import SessionCommands
from sparring.tui.screens.picker import PickerScreen

if TYPE_CHECKING:
    from sparring.core.history.store import Store
    from sparring.tui.screens.history import HistoryScreen


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
    from sparring.core.scoring.judge import Scorer

    return Scorer(content)


class SparringApp(App[None]):
    """Pick a manager, practise, see the summary."""

    CSS_PATH = Path(__file__).with_name("sparring.tcss")
    TITLE = "sparring"
    COMMANDS = App.COMMANDS | {SessionCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "problems", "Problems", priority=True),
        Binding("f9", "reload", "Reload", priority=True),
        # One key, two bindings: check_action shows the one that matches the state, so the
        # footer reads "Speech: on" or "Speech: off".
        Binding("f6", "speech(False)", "Speech: on", priority=True),
        Binding("f6", "speech(True)", "Speech: off", priority=True),
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
        objection_ids: Sequence[str] | None = None,
        store: Store | None = None,
        save: bool = True,
        startup_notice: str | None = None,
        weakest: bool = False,
        speak: bool | None = None,
        speaker_factory: Callable[[], SpeakerLike] | None = None,
        loader: Callable[[], Content] | None = None,
        make_scorer: Callable[[Content], Scores] | None = None,
    ) -> None:
        """`speak` is whether speech starts on (default: on when a speaker is given);
        `speaker_factory` makes the speaker the first time speech is turned on (default:
        a Pyttsx3Speaker, imported only then)."""
        super().__init__()
        self.content = content
        self.scorer = scorer
        # The history: read for the history screen, --weakest and progress; written to
        # through `recorder` unless --no-save. A failing store never stops a session.
        self.store = store
        self.practice = Practice(
            content,
            scorer,
            store,
            recorder=recorder,
            save=save,
            seed=seed,
            export_dir=export_dir,
            on_history_failure=self._history_failed,
        )
        self.recorder = self.practice.recorder
        self.startup_notice = startup_notice
        self.weakest = weakest
        self.loader = loader
        self.make_scorer = make_scorer
        self.speaker = speaker
        self.seed = seed
        self.persona_id = persona_id
        self.export_path = export_path
        self.export_dir = export_dir or Path.cwd()
        self.session: Session | None = None
        # A session built from given objections (e.g. the weakest), for --persona's session.
        self.objection_ids = list(objection_ids) if objection_ids else None
        self.exported: list[Path] = []
        self.speech_failed = False
        self.speech_on = speaker is not None if speak is None else speak
        self._speaker_factory = speaker_factory
        self._last_line: tuple[str, Voice] | None = None
        self._speaker_has_last = False
        if speaker is not None and hasattr(speaker, "on_error"):
            speaker.on_error = self._speech_failed

    def get_default_screen(self) -> Screen[Any]:
        """The picker is the first screen, and the one every session returns to."""
        return PickerScreen(self.content)

    def on_mount(self) -> None:
        """Say if content had problems; go straight into a session when --persona was given."""
        if self.speech_on:
            self._warm_up(self._ensure_speaker())
        if self.content.problems:
            self.notify(
                problems_summary(self.content.problems),
                title="Content",
                severity="warning",
                timeout=10,
                markup=False,
            )
        # A speaker that failed before the app started says so now, once.
        already = getattr(self.speaker, "error", None)
        message = already() if callable(already) else None
        if isinstance(message, str) and message:
            self._notify_speech_failure(message)
        if self.startup_notice:
            self.notify(
                self.startup_notice, title="History", severity="warning", timeout=12, markup=False
            )
        if self.weakest:
            self.practise_weakest(self.persona_id)
        elif self.persona_id is not None and self.persona_id in self.content.personas:
            self.start_session(self.persona_id, self.objection_ids)

    def start_session(self, persona_id: str, objection_ids: Sequence[str] | None = None) -> None:
        """Open a conversation with one persona (on the given objections, if any)."""
        # The conversation and summary screens load on first use, so the picker paints sooner.
        from sparring.tui.screens.conversation import ConversationScreen

        self.session = self.practice.start(persona_id, objection_ids)
        self.push_screen(ConversationScreen(self.session))

    def show_summary(self, session: Session) -> None:
        """Replace the conversation with its summary, and the progress since last time."""
        from sparring.tui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(session.summary(), self.practice.progress(session)))
        if self.export_path is not None:  # --export FILE: written as the session ends
            self.export(session)

    # --- history ----------------------------------------------------------------------

    def action_history(self) -> None:
        """Open the history: sessions, score per theme over time, weak spots."""
        from sparring.tui.screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            return
        if self.store is None:
            self.notify(
                "No history to show: nothing has been saved yet, or it cannot be opened.",
                markup=False,
            )
            return
        self.push_screen(HistoryScreen.from_store(self.store, dict(self.content.theme_titles)))

    def action_weakest(self) -> None:
        """Practise the objections the user does worst on."""
        self.practise_weakest()

    def practise_weakest(self, persona_id: str | None = None) -> None:
        """A session on the weakest objections, with the persona the plan names (or given)."""
        from sparring.tui.screens.conversation import ConversationScreen

        try:
            self.session, plan = self.practice.start_weakest(persona_id)
        except NothingToPractise as nothing:
            self.notify(str(nothing), severity="warning", markup=False)
            return
        self.notify(plan.reason, title="Practise my weakest", timeout=8, markup=False)
        self.push_screen(ConversationScreen(self.session))

    def on_history_screen_export_requested(self, message: HistoryScreen.ExportRequested) -> None:
        """Write a saved session as Markdown (private file) into the export folder."""
        if self.store is None:
            return
        try:
            path = self.practice.export_saved(message.session_id)
        except (sqlite3.Error, StoreError) as error:
            self.notify(f"Could not read the history: {error}", severity="error", markup=False)
            return
        except LookupError as gone:
            self.notify(str(gone), markup=False)
            return
        except OSError as error:
            self.notify(f"Could not export: {error}", severity="error", markup=False)
            return
        self.exported.append(path)
        self.notify(f"Exported session {message.session_id} to {path}", markup=False)

    def _history_failed(self, message: str) -> None:
        """Saving failed (the recorder says so once); practice goes on without it."""
        self.notify(message, title="History", severity="error", timeout=12, markup=False)

    def back_to_picker(self) -> None:
        """Leave the summary for the picker."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()

    def export(self, session: Session | None = None) -> Path | None:
        """Write the session (default: the last one) as Markdown: to --export, or a dated file."""
        session = session or self.session
        if session is None:
            return None
        try:
            path = self.practice.export(session, self.export_path)
        except OSError as error:
            self.notify(f"Could not export: {error}", severity="error", markup=False)
            return None
        self.exported.append(path)
        self.notify(f"Exported to {path}", title="Export", markup=False)
        return path

    def action_problems(self) -> None:
        """The list of content problems."""
        if not self.content.problems:
            self.notify("No problems in the content files.", markup=False)
            return
        from sparring.tui.screens.problems import ProblemsScreen

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
        from sparring.core.content.loading import load_content

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
        self.practice.use(content, scorer)
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.use_content(content)
        from sparring.tui.screens.problems import ProblemsScreen

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
        self._last_line = (text, persona.voice)
        self._speaker_has_last = False
        if self.speech_on:
            self._ensure_speaker().speak(text, persona.voice)
            self._speaker_has_last = True

    def stop_speech(self) -> None:
        """Stop any line being spoken (on send, skip and end)."""
        if self.speaker is not None:
            self.speaker.stop()

    def speak_again(self) -> None:
        """Repeat the last line."""
        if self.speech_failed:
            self.notify("Speech does not work here; `sparring doctor` says why.", markup=False)
            return
        if not self.speech_on:
            self.notify("Speech is off; F6 turns it on.", markup=False)
            return
        speaker = self._ensure_speaker()
        if self._speaker_has_last:
            speaker.repeat()
        elif self._last_line is not None:  # the line came while speech was off
            speaker.speak(*self._last_line)
            self._speaker_has_last = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F8 shows only while there are problems; F6 shows the state speech is in."""
        if action == "problems":
            return bool(self.content.problems)
        if action == "speech":
            return bool(parameters and parameters[0] != self.speech_on)
        return True

    def action_speech(self, on: bool) -> None:
        """Turn speech on or off (F6), and remember the choice for the next run."""
        self.set_speech(on)

    def set_speech(self, on: bool, *, remember: bool = True) -> None:
        """Turn speech on or off; stops the line being spoken when turned off."""
        from sparring.settings import update_settings

        if remember:
            try:
                update_settings(speak=on)
            except OSError as error:
                self.notify(f"Could not save the setting: {error}", severity="error", markup=False)
        if on and self.speech_failed:
            # The speaker already said why once; it stays off for this run.
            self.notify(
                "Speech does not work here; `sparring doctor` says why.",
                title="Speech",
                severity="warning",
                markup=False,
            )
            return
        if on == self.speech_on:
            return
        self.speech_on = on
        if on:
            self._warm_up(self._ensure_speaker())
            self.notify("Speech on. F5 says the last line again.", title="Speech", markup=False)
        else:
            self.stop_speech()
            self.notify("Speech off.", title="Speech", markup=False)
        self.refresh_bindings()

    def _ensure_speaker(self) -> SpeakerLike:
        """The speaker, made on first use so pyttsx3 is imported only when speech is on."""
        if self.speaker is None:
            factory = self._speaker_factory or _default_speaker
            self.speaker = factory()
            if hasattr(self.speaker, "on_error"):
                self.speaker.on_error = self._speech_failed
        return self.speaker

    @staticmethod
    def _warm_up(speaker: SpeakerLike) -> None:
        """Start the engine in the background, so the first line is not slowed by it."""
        warm_up = getattr(speaker, "warm_up", None)
        if callable(warm_up):
            warm_up()

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
        self.speech_on = False
        self.refresh_bindings()
        self.notify(message, title="Speech", severity="warning", timeout=8, markup=False)

    def on_unmount(self) -> None:
        """Close a session left mid-way as ended (its turns are saved), release the speaker."""
        if self.session is not None and not self.session.finished:
            self.session.end()
        if self.speaker is not None:
            self.speaker.close()


def _default_speaker() -> SpeakerLike:
    """The real speaker, imported here so that speech off never loads pyttsx3."""
    from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker

    return Pyttsx3Speaker()
