"""Pilot tests of speech in the real practice room: what is spoken, stopped, repeated, saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui_helpers import WEAK_REPLY, fixture_content, make_app

from sparring.cli import build_parser
from sparring.commands.practice_cmd import build_app
from sparring.core.content.loading import load_content
from sparring.core.content.models import Voice
from sparring.core.scoring.judge import Scorer
from sparring.settings import load_settings, settings_path
from sparring.speech import FakeSpeaker
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox


def manager_words(screen: ConversationScreen, start: int = 0) -> str:
    """The manager's lines from transcript entry `start` on, as the screen speaks them."""
    entries = screen.session.transcript[start:]
    return " ".join(e.text for e in entries if e.speaker == "manager")


async def send(pilot: Any, text: str) -> None:
    """Type-and-Enter, as a user would."""
    pilot.app.screen.query_one(ReplyBox).text = text
    await pilot.press("enter")
    await pilot.pause()


def footer_label(app: SparringApp) -> str:
    """What the footer shows for F6: the change it makes ("Mute" while speech is on)."""
    return app.screen.active_bindings["f6"].binding.description


async def test_manager_lines_are_spoken_in_order_in_the_personas_voice(tmp_path: Path) -> None:
    content = load_content([], user_dir=tmp_path / "user", builtin=True)
    persona = content.personas["accountability-hawk"]
    assert persona.voice != Voice()  # a persona with voice settings of its own
    speaker = FakeSpeaker()
    app = SparringApp(
        AppOptions(content, Scorer(content), speaker=speaker, seed=3, persona_id=persona.id)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        expected = [manager_words(screen)]
        assert speaker.lines == expected

        current = screen.session.current
        assert current is not None
        before = len(screen.session.transcript)
        await send(pilot, current.model_answer)
        expected.append(manager_words(screen, before))
        assert speaker.stops == 1  # sending stopped the opening line first

        before = len(screen.session.transcript)
        await pilot.press("f4")
        await pilot.pause()
        expected.append(manager_words(screen, before))
        assert speaker.stops == 2

        assert speaker.lines == expected
        assert all(s.voice == persona.voice for s in speaker.spoken)

        await pilot.press("f5")  # speak again
        assert speaker.repeats == 1
        assert speaker.lines == [*expected, expected[-1]]

        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert speaker.stops == 3
    assert speaker.closed


async def test_retry_stops_the_reaction_being_spoken(tmp_path: Path) -> None:
    speaker = FakeSpeaker()
    app = make_app(tmp_path, speaker=speaker, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        stops = speaker.stops
        await pilot.press("f3")
        await pilot.pause()
        assert speaker.stops == stops + 1


async def test_f6_toggles_speech_and_remembers_it(tmp_path: Path) -> None:
    made: list[FakeSpeaker] = []

    def factory() -> FakeSpeaker:
        made.append(FakeSpeaker())
        return made[-1]

    content = fixture_content()
    app = SparringApp(
        AppOptions(
            content,
            Scorer(content),
            seed=4,
            persona_id="tess-tester",
            speak=False,
            speaker_factory=factory,
        )
    )
    assert not settings_path().exists()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert made == []  # speech off: no speaker is even made
        assert footer_label(app) == "Unmute"

        await pilot.press("f6")
        await pilot.pause()
        assert app.speech_on
        assert footer_label(app) == "Mute"
        assert load_settings().speak is True
        assert json.loads(settings_path().read_text(encoding="utf-8"))["speak"] is True
        (speaker,) = made
        assert speaker.lines == []  # nothing said until asked

        await pilot.press("f5")  # the line shown while speech was off
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert speaker.lines == [manager_words(screen)]

        before = len(screen.session.transcript)
        await send(pilot, WEAK_REPLY)
        assert speaker.lines[-1] == manager_words(screen, before)

        await pilot.press("f6")
        await pilot.pause()
        assert not app.speech_on
        assert footer_label(app) == "Unmute"
        assert load_settings().speak is False
        spoken, stops = len(speaker.lines), speaker.stops
        await pilot.press("f4")
        await pilot.pause()
        assert len(speaker.lines) == spoken  # off: nothing more is spoken
        assert speaker.stops == stops + 1
    assert made == [speaker]


def test_the_saved_setting_is_the_default_and_the_flags_override_it(tmp_path: Path) -> None:
    content = fixture_content()

    def speech_on(*argv: str) -> bool:
        args = build_parser().parse_args(list(argv))
        return build_app(args, content).speech_on

    assert speech_on("practice") is False  # nothing saved yet
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('{"speak": true}', encoding="utf-8")
    assert speech_on("practice") is True
    assert speech_on() is True  # bare `sparring`
    assert speech_on("practice", "--no-speak") is False
    assert speech_on("--no-speak") is False
    settings_path().write_text('{"speak": false}', encoding="utf-8")
    assert speech_on("practice", "--speak") is True
    assert speech_on("--speak") is True


async def test_a_failing_speaker_is_one_notification_and_practice_goes_on(tmp_path: Path) -> None:
    speaker = FakeSpeaker()
    app = make_app(tmp_path, speaker=speaker, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        speaker.fail("Speech is off: the audio player failed (aplay: no card)")
        speaker.fail("a second fault")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["Speech is off: the audio player failed (aplay: no card)"]
        assert footer_label(app) == "Unmute"
        await send(pilot, WEAK_REPLY)
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.session.turns
        assert [n.message for n in app._notifications] == messages
