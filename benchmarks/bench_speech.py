"""Benchmarks speech latency: from speak() to the player process running, and one synthesis."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from sparring.core.content.models import Voice
from sparring.speech import Pyttsx3Speaker
from sparring.speech.engine import Engine

LINE = "I'm not hearing how we'd catch a problem early, and my VP will ask me exactly that."
VOICE = Voice(rate=165, language="en-us")


pytestmark = pytest.mark.needs_speech


@pytest.fixture
def speaker() -> Iterator[tuple[Pyttsx3Speaker, threading.Event]]:
    """A speaker whose player is `true`; the event is set when the player has started."""
    started = threading.Event()
    made = Pyttsx3Speaker(player=["true"], on_playing=lambda _text: started.set())
    made.speak("Warm up.", VOICE)  # start the engine and the worker before timing
    assert made.wait_idle(timeout=30)
    yield made, started
    made.close()


def test_speak_to_audio_start(
    benchmark: BenchmarkFixture, speaker: tuple[Pyttsx3Speaker, threading.Event]
) -> None:
    """A manager line handed to speak() until its player process is running (target < 150 ms)."""
    made, started = speaker

    def setup() -> None:
        assert made.wait_idle(timeout=30)
        started.clear()

    def speak() -> None:
        made.speak(LINE, VOICE)
        assert started.wait(10)

    benchmark.pedantic(speak, setup=setup, rounds=40, iterations=1)
    assert made.error is None


def test_synthesize_one_line(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    """One line to a complete WAV file with the shared engine."""
    engine = Engine.shared()
    wav = tmp_path / "line.wav"
    benchmark(engine.synthesize, LINE, VOICE, wav)
    assert wav.stat().st_size > 44
