"""Pilot tests driving whole sessions through the practice room."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from textual.widgets import Input, OptionList
from tui_helpers import DATA, WEAK_REPLY, FakeRecorder, FakeSpeaker, make_app, screen_text

from sparring.core.content.loading import load_content
from sparring.core.history.export import md_quote
from sparring.core.session import policy
from sparring.speech import FakeSpeaker as SpeechFake
from sparring.tui.screens.confirm import ConfirmScreen
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.problems import ProblemsScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.feedback import FeedbackCard
from sparring.tui.widgets.mood import MoodMeter
from sparring.tui.widgets.reply_box import ReplyBox


async def send(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put a reply in the box and press Enter, as a user would after typing it."""
    box = pilot.app.screen.query_one(ReplyBox)
    box.text = text
    await pilot.press("enter")
    await pilot.pause()


async def test_a_whole_session(tmp_path: Path) -> None:
    recorder, speaker = FakeRecorder(), FakeSpeaker()
    app = make_app(tmp_path, recorder=recorder, speaker=speaker)
    async with app.run_test(size=(80, 24)) as pilot:
        # Pick: filter as you type, Enter starts.
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"tess")
        assert app.screen.query_one(Input).value == "tess"
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        session = screen.session
        assert session.persona.id == "tess-tester"
        assert ("speak", " ".join(e.text for e in session.transcript)) in speaker.calls

        # Hint: shown, and the next turn is marked as hinted.
        first = session.current
        assert first is not None
        await pilot.press("f1")
        assert str(screen.query_one("#card-extra").content).endswith(first.hint)

        # A strong reply: scored, convinced, the manager softens and moves on.
        mood = session.mood
        await send(pilot, first.model_answer)
        assert ("stop", None) in speaker.calls
        assert recorder.turns[-1].hinted
        assert session.objections[0].status == "convinced"
        assert session.mood > mood
        assert screen.query_one(MoodMeter).mood == session.mood
        assert screen.query_one(FeedbackCard).has_class("scored")
        text = screen_text(app)
        assert f"{recorder.turns[-1].score.value}/100" in text
        assert screen.query_one(ReplyBox).text == ""

        # A weak reply: a probe on the same concern.
        second = session.current
        await send(pilot, WEAK_REPLY)
        assert session.current == second
        assert session.transcript[-1].kind == "probe"
        assert "needs work" in screen_text(app) or "getting there" in screen_text(app)

        # Model answer, after replying.
        await pilot.press("f2")
        assert second is not None
        assert str(screen.query_one("#card-extra").content).endswith(second.model_answer)

        # Retry: the reaction is rewound and the reply comes back to edit.
        before = len(session.transcript)
        await pilot.press("f3")
        assert len(session.transcript) == before - 3
        assert screen.query_one(ReplyBox).text == WEAK_REPLY
        assert session.transcript[-1].kind == "objection"

        # Skip: the objection is left open and the next comes.
        await pilot.press("f4")
        assert session.objections[1].status == "skipped"

        # Speak again.
        await pilot.press("f5")
        assert speaker.calls[-1] == ("repeat", None)

        # End: the retried reply is still in the box, so F10 asks first; then the summary.
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert session.outcome == "ended"
        assert recorder.finished == [("ended", None, session.average())]
        summary_text = screen_text(app)
        assert "Ended early" in summary_text
        assert "Convinced" in summary_text and "Skipped" in summary_text
        await pilot.press("e")
        await pilot.pause()
        exported = list(tmp_path.glob("sparring-tess-tester-*.md"))
        assert len(exported) == 1
        markdown = exported[0].read_text(encoding="utf-8")
        assert "# Practice with Tess Tester" in markdown
        assert "Ended early" in markdown
        assert os.name != "posix" or stat.S_IMODE(exported[0].stat().st_mode) == 0o600

        # New session goes back to the picker.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_strong_replies_reach_a_trial_and_the_summary_button(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        session = screen.session
        while not session.finished:
            assert session.current is not None
            await send(pilot, session.current.model_answer)
        assert session.outcome == "trial"
        assert "Fine. Let's do a 90-day trial" in session.transcript[-1].text
        assert screen.has_class("finished")
        focused = app.focused
        assert focused is not None and focused.id == "to-summary"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "Trial agreed" in text
        assert app.screen.query("#best")  # below the fold at 80x24; the body scrolls


async def test_weak_replies_end_the_meeting_early_without_a_deal(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="hard-hank")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        while not screen.session.finished:
            await send(pilot, WEAK_REPLY)
        assert (screen.session.outcome, screen.session.end_reason) == ("no-deal", "mood")
        closing = screen.session.transcript[-1].text
        assert closing in policy.DEFAULT_WALK_OUT
        assert closing[:15] in screen_text(app)  # the line may wrap after that
        assert "no-deal" not in screen_text(app)  # the outcome in words, never its id


async def test_empty_reply_is_refused_and_newline_key_breaks_the_line(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await pilot.press("enter")
        assert screen.session.turns == {}
        await pilot.press(*"one", "ctrl+j", *"two")
        assert screen.query_one(ReplyBox).text == "one\ntwo"
        await pilot.press("enter")
        await pilot.pause()
        replies = [e.text for e in screen.session.transcript if e.speaker == "user"]
        assert replies == ["one\ntwo"]


async def test_command_palette_offers_the_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"skip objection")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert screen.session.objections[0].status == "skipped"


async def test_resizing_keeps_everything_usable(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        for size in ((60, 20), (140, 45), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            box = screen.query_one(ReplyBox)
            assert box.region.height >= 3 and box.region.width >= 20
            assert screen.query_one(FeedbackCard).region.width >= 20
        await send(pilot, WEAK_REPLY)
        assert len(screen.session.turns) == 1


async def test_export_flag_writes_the_file_when_the_session_ends(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    app.export_path = tmp_path / "out" / "session.md"
    app.export_path.parent.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    text = app.export_path.read_text(encoding="utf-8")
    assert md_quote(WEAK_REPLY) in text
    assert "Ended early" in text


async def test_content_problems_are_notified_and_listed(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.yaml").write_text("kind: persona\nid: [Bad\n", encoding="utf-8")
    content = load_content([broken, DATA], user_dir=tmp_path / "none", builtin=False)
    assert content.problems
    app = make_app(tmp_path, content)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "1 problem in 1 file" in screen_text(app)
        assert "Press F8 for the list" in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "bad.yaml" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert len(app.screen.shown_personas) == 2  # the good files still load


async def test_speech_failure_is_said_once_and_practice_goes_on(tmp_path: Path) -> None:
    speaker = SpeechFake()
    speaker.fail("Speech is off: espeak-ng is missing.")  # before the app starts
    app = make_app(tmp_path, speaker=speaker, persona_id="tess-tester")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "espeak-ng is missing" in screen_text(app)
        assert not app.speech_on
        assert speaker.on_error is not None
        speaker.on_error("a second failure")
        await pilot.pause()
        assert "a second failure" not in screen_text(app)
        await send(pilot, WEAK_REPLY)
        assert len(app.screen.session.turns) == 1  # type: ignore[attr-defined]


async def test_a_session_on_given_objections(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester", objection_ids=["fx-tools", "fx-precedent"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert [s.objection.id for s in screen.session.objections] == ["fx-tools", "fx-precedent"]


async def test_retry_after_the_last_reply_reopens_the_conversation(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="hard-hank")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        while not screen.session.finished:
            await send(pilot, WEAK_REPLY)
        assert screen.has_class("finished")
        await pilot.press("f3")
        await pilot.pause()
        assert not screen.session.finished
        assert not screen.has_class("finished")
        box = screen.query_one(ReplyBox)
        assert app.focused is box and box.text == WEAK_REPLY


async def test_quitting_mid_session_records_it_as_ended(tmp_path: Path) -> None:
    recorder = FakeRecorder()
    app = make_app(tmp_path, recorder=recorder, persona_id="tess-tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, WEAK_REPLY)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert [t.reply for t in recorder.turns] == [WEAK_REPLY]
    assert recorder.finished and recorder.finished[0][0] == "ended"
