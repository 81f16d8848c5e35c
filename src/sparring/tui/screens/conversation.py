"""Provides the conversation screen: transcript, reply box, feedback card and mood meter."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from sparring.core.history.export import outcome_line
from sparring.core.session.engine import Action, Entry, Session
from sparring.tui import messages as msg
from sparring.tui.footer import compact_footer, in_order
from sparring.tui.screens.confirm import ConfirmScreen
from sparring.tui.widgets.feedback import FeedbackCard
from sparring.tui.widgets.mood import MoodMeter
from sparring.tui.widgets.reply_box import ReplyBox
from sparring.tui.widgets.transcript import Transcript

PaletteCommand = tuple[str, str, Callable[[], object]]


class ConversationScreen(Screen[None]):
    """One session: the manager speaks, the user replies, the card judges each reply."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority: the reply box sends on Enter itself; this one shows it in the footer
        # and sends from anywhere else on the screen.
        Binding("enter", "send", "Send"),
        Binding("f1", "hint", "Hint", priority=True),
        Binding("f3", "retry", "Retry", priority=True),
        Binding("f10", "end", "End", priority=True),
        Binding("f2", "model_answer", "Model", tooltip="The model answer", priority=True),
        Binding("f4", "skip", "Skip", priority=True),
        Binding("f5", "speak_again", "Repeat", tooltip="Speak the last line again", priority=True),
        # The App runs F6; these only put it in this screen's footer ("Mute" or "Unmute").
        Binding("f6", "app.speech(False)", "Mute", priority=True),
        Binding("f6", "app.speech(True)", "Unmute", priority=True),
        Binding("ctrl+u", "clear", "Clear", show=False, priority=True),
        # The reply box has no use for them: they page the feedback card from anywhere.
        Binding("pageup", "page_card(-1)", "Card up", show=False, priority=True),
        Binding("pagedown", "page_card(1)", "Card down", show=False, priority=True),
        Binding("ctrl+g", "hint", "Hint", show=False, priority=True),
        Binding("ctrl+r", "retry", "Retry", show=False, priority=True),
        Binding("ctrl+n", "skip", "Skip", show=False, priority=True),
        Binding("ctrl+o", "model_answer", "Model answer", show=False, priority=True),
        Binding("ctrl+t", "speak_again", "Speak again", show=False, priority=True),
    ]
    # Most needed first: at 60 columns Send, Hint, Retry and End still show.
    FOOTER_KEYS = ("enter", "f1", "f3", "f10", "f2", "f4", "f5", "f6")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """Top bar, transcript and reply box on the left, feedback on the right."""
        persona = self.session.persona
        with Horizontal(id="top-bar"):
            yield Static(id="who")
            yield MoodMeter(id="mood")
        with Horizontal(id="conversation-body"):
            with Vertical(id="left"):
                yield Transcript(persona.name, id="transcript")
                yield ReplyBox(id="reply")
                yield Button("The conversation is over: see the summary", id="to-summary")
            yield FeedbackCard(id="card")
        yield compact_footer()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys, in the footer's order."""
        return in_order(super().active_bindings, self.FOOTER_KEYS)

    def on_mount(self) -> None:
        """Show the opening and the first objection, and speak them."""
        intro = Text("Answer the objection on the left.", style="bold")
        intro.append(
            "\n\nEach reply is scored at once: flagged phrasing, the moves you made and missed."
            "\n\nF1 hint \u00b7 F2 model answer \u00b7 F3 retry \u00b7 F4 skip \u00b7 "
            "F5 speak again \u00b7 F6 speech on/off \u00b7 F10 end \u00b7 Ctrl+U clear the box "
            "\u00b7 Ctrl+P all commands"
        )
        self.query_one(FeedbackCard).show_intro(intro)
        self.refresh_state()
        self.speak([e for e in self.session.transcript if e.speaker == "manager"])
        self.query_one(ReplyBox).focus()

    def refresh_state(self) -> None:
        """Bring every widget in line with the session."""
        session = self.session
        self.query_one(Transcript).sync(session.transcript)
        self.query_one(MoodMeter).mood = session.mood
        who = Text(session.persona.name, style="bold")
        number, total = session.progress
        if session.finished:
            who.append(f" \u00b7 {outcome_line(session.outcome)}", style="bold")
        else:
            who.append(f" \u00b7 objection {number}/{total}")
        who.append(" \u00b7 ")
        who.append(session.persona.role, style="dim")
        self.query_one("#who", Static).update(who)
        self.set_class(session.finished, "finished")
        reply = self.query_one(ReplyBox)
        reply.disabled = session.finished
        if session.finished:
            self.query_one("#to-summary", Button).focus()

    # --- replying ---------------------------------------------------------------------

    def on_reply_box_submitted(self, event: ReplyBox.Submitted) -> None:
        """Score the reply, show the verdict and the manager's reaction."""
        text = event.text.strip()
        if not text:
            self.notify("Type a reply first.", severity="warning", markup=False)
            return
        self.post_message(msg.StopSpeech())
        try:
            result = self.session.reply(text)
        except Action as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return
        # One repaint for the whole update, not one per widget.
        with self.app.batch_update():
            event.reply_box.clear()
            self.query_one(FeedbackCard).show_score(
                result.score,
                hinted=result.turn.assisted or False,
                strong_at=self.session.strong_at,
                objection=self.session.content.objections.get(result.turn.objection_id or ""),
            )
            self.refresh_state()
        self.speak(list(result.lines))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The summary button, shown once the session is over."""
        if event.button.id == "to-summary":
            self.post_message(msg.SessionOver(self.session))

    def speak(self, entries: list[Entry]) -> None:
        """Speak the manager's new lines, if speech is on."""
        words = " ".join(e.text for e in entries if e.speaker == "manager")
        if words:
            self.post_message(msg.Speak(words, self.session.persona.voice))

    # --- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Send and Clear only while there is a reply box to use."""
        if action in ("send", "clear"):
            return not self.session.finished
        return True

    def action_send(self) -> None:
        """Send what is in the reply box (Enter outside the box)."""
        box = self.query_one(ReplyBox)
        box.post_message(ReplyBox.Submitted(box, box.text))

    def action_page_card(self, direction: int) -> None:
        """Scroll the feedback card a page up or down."""
        card = self.query_one(FeedbackCard)
        if direction < 0:
            card.action_page_up()
        else:
            card.action_page_down()

    def action_clear(self) -> None:
        """Empty the reply box and put the cursor in it."""
        box = self.query_one(ReplyBox)
        box.clear()
        box.focus()

    def action_hint(self) -> None:
        """Show the hint for the question on the table; the turn is marked as hinted."""
        try:
            hint = self.session.hint()
        except Action as refused:
            self.notify(str(refused), markup=False)
            return
        self.query_one(FeedbackCard).show_extra("Hint (this turn is marked as hinted)", hint)

    def action_model_answer(self) -> None:
        """Show the model answer to the objection last replied to."""
        try:
            answer = self.session.model_answer()
        except Action as refused:
            self.notify(str(refused).capitalize() + ".", markup=False)
            return
        self.query_one(FeedbackCard).show_extra("Model answer", answer)

    def action_retry(self) -> None:
        """Take back the last reply and put it back in the box to edit."""
        try:
            last = self.session.retry()
        except Action as refused:
            self.notify(str(refused).capitalize() + ".", markup=False)
            return
        self.post_message(msg.StopSpeech())
        box = self.query_one(ReplyBox)
        box.disabled = False
        box.text = last.reply
        box.move_cursor(box.document.end)
        note = Text("Retry", style="bold magenta")
        note.append("\n\nYour last reply was taken back, and the manager's reaction with it.")
        note.append(" Edit it and press Enter; Ctrl+U clears the box.")
        self.query_one(FeedbackCard).show_intro(note)
        self.refresh_state()
        box.focus()

    def action_skip(self) -> None:
        """Skip the objection on the table."""
        self.post_message(msg.StopSpeech())
        try:
            reaction = self.session.skip()
        except Action as refused:
            self.notify(str(refused).capitalize() + ".", markup=False)
            return
        note = Text("Skipped", style="bold yellow")
        note.append("\n\nThe concern stays open; skipping costs a little goodwill.")
        self.query_one(FeedbackCard).show_intro(note)
        self.refresh_state()
        self.speak(reaction)

    def action_speak_again(self) -> None:
        """Repeat the manager's last line."""
        self.post_message(msg.SpeakAgain())

    def action_end(self) -> None:
        """End the session now (or, once it is over, go to the summary).

        With unsent words in the reply box, asks first: ending would lose them.
        """
        unsent = self.query_one(ReplyBox).text.strip()
        if unsent and not self.session.finished:
            question = "End the session? Your unsent reply will be lost."

            def answered(yes: bool | None) -> None:
                if yes:
                    self._end_now()

            self.app.push_screen(ConfirmScreen(question), answered)
            return
        self._end_now()

    def _end_now(self) -> None:
        self.post_message(msg.StopSpeech())
        self.session.end()
        self.post_message(msg.SessionOver(self.session))

    def palette_commands(self) -> list[PaletteCommand]:
        """What the command palette offers on this screen."""
        return [
            ("Hint", "Show a hint for this objection (F1)", self.action_hint),
            ("Model answer", "Compare with the model answer (F2)", self.action_model_answer),
            ("Retry last reply", "Take back the last reply (F3)", self.action_retry),
            ("Skip objection", "Move on to the next objection (F4)", self.action_skip),
            ("Speak again", "Repeat the manager's last line (F5)", self.action_speak_again),
            ("Clear the reply box", "Start the reply again from empty (Ctrl+U)", self.action_clear),
            ("End session", "End now and see the summary (F10)", self.action_end),
        ]
