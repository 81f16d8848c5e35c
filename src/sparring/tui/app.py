"""Provides SparringApp: the practice room, handling what its screens ask for in messages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from sparring.core.content.catalog import Content
from sparring.core.content.report import problems_summary
from sparring.core.history.store import StoreError
from sparring.practice import NothingToPractise, Practice
from sparring.tui import messages as msg
from sparring.tui.content_control import ContentControl
from sparring.tui.options import AppOptions
from sparring.tui.paste import install as install_safe_paste
from sparring.tui.scorer import LazyScorer
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.too_small import TooSmallScreen, too_small
from sparring.tui.speech_control import SpeechController
from sparring.tui.terminal import watch_terminal

if TYPE_CHECKING:
    from sparring.core.session.engine import Scores, Session
    from sparring.tui.screens.history import HistoryScreen


class SparringApp(App[None]):
    """Pick a manager, practise, see the summary; the screens post, the App acts."""

    CSS_PATH = Path(__file__).with_name("sparring.tcss")
    TITLE = "sparring"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys that work on every screen but are rarely needed: the palette lists them with
        # their key, and a screen where one matters shows it in its own footer.
        Binding("f8", "problems", "Problems", show=False, priority=True),
        Binding("f9", "reload", "Reload", show=False, priority=True),
        # One key, two bindings: check_action keeps the one that matches the state, so a
        # footer showing F6 reads "Mute" while speech is on and "Unmute" while it is off.
        Binding("f6", "speech(False)", "Mute", show=False, priority=True),
        Binding("f6", "speech(True)", "Unmute", show=False, priority=True),
    ]

    def __init__(self, options: AppOptions) -> None:
        install_safe_paste()  # before the driver starts: a paste cannot fire keys
        super().__init__()
        self.options = options
        self.content = options.content
        self.scorer: Scores = options.scorer or LazyScorer(options.content, options.make_scorer)
        self.store = options.store
        # A failing store never stops a session: the recorder reports it once, here.
        self.practice = Practice(
            self.content,
            self.scorer,
            options.store,
            recorder=options.recorder,
            save=options.save,
            seed=options.seed,
            export_dir=options.export_dir,
            on_history_failure=self._history_failed,
        )
        self.recorder = self.practice.recorder
        self.export_path = options.export_path
        self.speech = SpeechController(
            self, options.speaker, options.speaker_factory, on=options.speak
        )
        self.contents = ContentControl(
            self,
            current=lambda: self.content,
            use=self._use_content,
            loader=options.loader,
            make_scorer=options.make_scorer,
        )
        self.session: Session | None = None
        self.exported: list[Path] = []

    @property
    def speech_on(self) -> bool:
        """Whether the manager's lines are spoken now."""
        return self.speech.on

    def get_default_screen(self) -> Screen[Any]:
        """The picker is the first screen, and the one every session returns to."""
        return PickerScreen(self.content)

    def on_mount(self) -> None:
        """Say what went wrong before the start; go into a session when --persona was given."""
        self.speech.start()
        if self.content.problems:
            self.notify(
                problems_summary(self.content.problems),
                title="Content",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.options.startup_notice:
            self.notify(
                self.options.startup_notice,
                title="History",
                severity="warning",
                timeout=12,
                markup=False,
            )
        if isinstance(self.scorer, LazyScorer):  # built off-screen, ready before the first reply
            self.call_after_refresh(self._build_scorer)
        persona_id = self.options.persona_id
        if self.options.weakest:
            self.practise_weakest(persona_id)
        elif persona_id is not None and persona_id in self.content.personas:
            self.start_session(persona_id, self.options.objection_ids)
        self.call_after_refresh(self._fit_window)
        watch_terminal(self)

    def on_resize(self, event: events.Resize) -> None:
        """Below a usable size, a notice covers the screens (their layouts would break)."""
        self._fit_window(event.size)

    def _fit_window(self, size: Size | None = None) -> None:
        size = size or self.size
        covered = isinstance(self.screen, TooSmallScreen)
        if too_small(size) and not covered:
            self.push_screen(TooSmallScreen())
        elif covered and not too_small(size):
            self.pop_screen()

    # --- sessions ---------------------------------------------------------------------

    def start_session(self, persona_id: str, objection_ids: Any = None) -> None:
        """Open a conversation with one persona (on the given objections, if any)."""
        # The conversation and summary screens load on first use, so the picker paints sooner.
        from sparring.tui.screens.conversation import ConversationScreen

        self.session = self.practice.start(persona_id, objection_ids)
        self.push_screen(ConversationScreen(self.session))

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

    def on_start_session(self, message: msg.StartSession) -> None:
        """The picker chose a persona."""
        self.start_session(message.persona_id, message.objection_ids)

    def on_practise_weakest(self, message: msg.PractiseWeakest) -> None:
        """A screen asked to drill the weakest objections."""
        self.practise_weakest()

    def on_session_over(self, message: msg.SessionOver) -> None:
        """Replace the conversation with its summary, and the progress since last time."""
        from sparring.tui.screens.summary import SummaryScreen

        session = message.session
        self.switch_screen(SummaryScreen(session.summary(), self.practice.progress(session)))
        if self.export_path is not None:  # --export FILE: written as the session ends
            self.export(session)

    def on_back_to_picker(self, message: msg.BackToPicker) -> None:
        """Leave the summary for the picker."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()

    def on_export_session(self, message: msg.ExportSession) -> None:
        """The summary asked to write the session as Markdown."""
        self.export()

    def export(self, session: Session | None = None) -> Path | None:
        """Write the session (default: the last one) as Markdown: to --export, or a dated file
        in the export folder (documents, else data); the notice gives the full path."""
        session = session or self.session
        if session is None:
            return None
        try:
            path = self.practice.export(session, self.export_path)
        except OSError as error:
            self._export_failed(self.export_path or self.practice.export_folder(), error)
            return None
        self.exported.append(path)
        self.notify(f"Exported to {path.absolute()}", title="Export", markup=False)
        return path

    def _export_failed(self, target: Path, error: OSError) -> None:
        """One notice for an export that could not be written; the app goes on."""
        why = error.strerror or str(error)
        self.notify(
            f"Could not export to {target.absolute()}: {why}",
            title="Export",
            severity="error",
            timeout=10,
            markup=False,
        )

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
        self.push_screen(
            HistoryScreen.from_store(
                self.store,
                dict(self.content.theme_titles),
                objection_titles=self.content.objection_titles(),
            )
        )

    def on_open_history(self, message: msg.OpenHistory) -> None:
        """A screen asked for the history."""
        self.action_history()

    def action_weakest(self) -> None:
        """Practise the objections the user does worst on."""
        self.practise_weakest()

    def on_history_screen_export_requested(self, message: HistoryScreen.ExportRequested) -> None:
        """Write a saved session as Markdown (private file) into the export folder."""
        try:
            path = self.practice.export_saved(message.session_id)
        except (sqlite3.Error, StoreError) as error:
            self.notify(f"Could not read the history: {error}", severity="error", markup=False)
            return
        except LookupError as gone:
            self.notify(str(gone), markup=False)
            return
        except OSError as error:
            self._export_failed(self.practice.export_folder(), error)
            return
        self.exported.append(path)
        shown = f"Exported session {message.session_id} to {path.absolute()}"
        self.notify(shown, title="Export", markup=False)

    def _history_failed(self, message: str) -> None:
        """Saving failed (the recorder says so once); practice goes on without it."""
        self.notify(message, title="History", severity="error", timeout=12, markup=False)

    def _build_scorer(self) -> None:
        """Build the judge in a thread once the picker is up (a reply would build it anyway)."""
        scorer = self.scorer
        if isinstance(scorer, LazyScorer):
            self.run_worker(scorer.built, thread=True, group="scorer", exit_on_error=False)

    # --- failures in workers ----------------------------------------------------------

    def on_work_failed(self, message: msg.WorkFailed) -> None:
        """One notification for a worker that raised; the app goes on."""
        error = message.error
        text = f"{message.what} ({type(error).__name__}: {error})"
        text += f"; {message.then}." if message.then else "."
        self.notify(text, title=message.title, severity="error", timeout=10, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The App's own workers (the reload) report failure like the screens' do."""
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        if event.worker.group == "scorer":
            self.post_message(
                msg.WorkFailed(
                    "Scoring",
                    "Could not build the judge",
                    event.worker.error,
                    then="replies cannot be scored until it builds",
                )
            )
        else:
            self.post_message(
                msg.WorkFailed(
                    "Reload",
                    "Could not reload the content",
                    event.worker.error,
                    then="the managers loaded before are kept",
                )
            )

    # --- content ----------------------------------------------------------------------

    def action_problems(self) -> None:
        """F8: the list of content problems, or a notice that there are none (and where)."""
        self.contents.show_problems()

    def action_show_problems(self) -> None:
        """The picker's F8, shown in its footer only while there are problems."""
        self.contents.show_problems()

    def action_reload(self) -> None:
        """F9: load the content files again, off the UI thread."""
        self.contents.reload()

    def _use_content(self, content: Content, scorer: Scores | None) -> None:
        """New content from a reload (and its judge, unless the judge before is kept)."""
        self.content = content
        if scorer is not None:
            self.scorer = scorer
            self.practice.use(content, scorer)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: Textual's own, the screen's actions, speech, reload and problems."""
        yield from super().get_system_commands(screen)
        for title, help_text, callback in getattr(screen, "palette_commands", list)():
            yield SystemCommand(title, help_text, callback)
        yield SystemCommand(
            "Mute speech" if self.speech.on else "Unmute speech",
            "Speak the manager's lines aloud, or not (F6)",
            lambda: self.action_speech(not self.speech.on),
        )
        yield SystemCommand(
            "Reload content", "Read the manager files again (F9)", self.action_reload
        )
        if self.content.problems:
            title, help_text = "Show content problems", "Each as file:line:col (F8)"
        else:
            title, help_text = "Check content problems", "None found: the folders read (F8)"
        yield SystemCommand(title, help_text, self.action_problems)

    # --- speech -----------------------------------------------------------------------

    def on_speak(self, message: msg.Speak) -> None:
        """Speak a manager line, if speech is on."""
        self.speech.speak(message.text, message.voice)

    def on_stop_speech(self, message: msg.StopSpeech) -> None:
        """Stop the line being spoken."""
        self.speech.stop()

    def on_speak_again(self, message: msg.SpeakAgain) -> None:
        """Repeat the last line."""
        self.speech.again()

    def on_toggle_speech(self, message: msg.ToggleSpeech) -> None:
        """Speech on or off, from the palette."""
        self.speech.set(not self.speech.on)

    def action_speech(self, on: bool) -> None:
        """Turn speech on or off (F6), and remember the choice for the next run."""
        self.speech.set(on)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The picker's F8 shows only with problems; of the two F6 bindings, the one that flips."""
        if isinstance(self.screen, TooSmallScreen):  # no action the user cannot see
            return action in ("quit", "help_quit")
        if action == "show_problems":
            return bool(self.content.problems)
        if action == "speech":
            return bool(parameters and parameters[0] != self.speech.on)
        return True

    def on_unmount(self) -> None:
        """Close a session left mid-way as ended (its turns are saved), release the speaker."""
        if self.session is not None and not self.session.finished:
            self.session.end()
        self.speech.close()
