"""Tests that a speaking Pyttsx3Speaker never holds up a Textual app's keys."""

from __future__ import annotations

import threading

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from sparring.speech import Pyttsx3Speaker

pytestmark = pytest.mark.needs_speech


class _Room(App[None]):
    """The smallest room: a reply box, and a manager line spoken when it opens."""

    def __init__(self, speaker: Pyttsx3Speaker) -> None:
        super().__init__()
        self.speaker = speaker
        self.notices: list[str] = []
        speaker.on_error = lambda message: self.call_from_thread(self.notices.append, message)

    def compose(self) -> ComposeResult:
        yield Input(id="reply")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.speaker.speak("Come in. You said you wanted to talk about working arrangements?")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.speaker.stop()


async def test_typing_goes_on_while_a_line_is_spoken() -> None:
    playing = threading.Event()
    # A player that keeps 'speaking' for 30 s, far longer than the typing below.
    player = ["sh", "-c", "exec sleep 30", "player", "{wav}"]
    speaker = Pyttsx3Speaker(player=player, on_playing=lambda _t: playing.set())
    app = _Room(speaker)
    try:
        async with app.run_test() as pilot:
            for _ in range(200):
                if playing.is_set():
                    break
                await pilot.pause(0.05)
            assert playing.is_set()
            await pilot.press(*"Two days a week")
            assert app.query_one(Input).value == "Two days a week"
            assert not speaker.wait_idle(timeout=0)  # still speaking while we typed
            await pilot.press("enter")  # sending a reply stops the speech
            assert speaker.wait_idle(timeout=5)
            assert app.notices == []
    finally:
        speaker.close()
