"""Benchmarks Enter in the reply box to the feedback card painted, in a running app.

The app runs headless in its own thread (as it would on its own loop); each round
presses Enter through the Pilot on the app's loop and waits until it is idle again,
that is, until the scored reply, the manager's reaction and the card are on screen.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from sparring.core.content.loading import load_content
from sparring.core.scoring.judge import Scorer
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.widgets.feedback import FeedbackCard
from sparring.tui.widgets.reply_box import ReplyBox

REPLY = (
    "I know it's a big ask, but I'd send a morning plan and an end-of-day summary in Slack, "
    "keep my status current, and we could try it for 90 days with a check-in after 30."
)


def test_enter_to_feedback_card(benchmark, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    content = load_content()
    persona_id = next(iter(content.personas))
    app = SparringApp(AppOptions(content, Scorer(content), seed=1, persona_id=persona_id))
    ready, stop = threading.Event(), threading.Event()
    pilots: list[Pilot[Any]] = []

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            pilots.append(pilot)
            ready.set()
            while not stop.is_set():
                await asyncio.sleep(0.005)

    thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
    thread.start()
    assert ready.wait(30)
    pilot = pilots[0]
    screen = app.screen
    assert isinstance(screen, ConversationScreen)
    box, card = screen.query_one(ReplyBox), screen.query_one(FeedbackCard)

    async def prepare() -> None:
        if screen.session.can_retry:
            await pilot.press("f3")
        box.text = REPLY
        card.remove_class("scored")

    async def press_enter() -> None:
        await pilot.press("enter")

    def setup() -> None:
        app.call_from_thread(prepare)

    def send() -> None:
        app.call_from_thread(press_enter)
        assert card.has_class("scored")

    try:
        benchmark.pedantic(send, setup=setup, rounds=30, iterations=1, warmup_rounds=2)
    finally:
        stop.set()
        thread.join(30)
