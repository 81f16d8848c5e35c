"""Text a user types or a YAML file says is shown exactly as written, and fires nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static
from tui_helpers import FakeSpeaker, card_text, fixture_content, make_app, screen_text

from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.score import Flag, MoveMiss, Score
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.feedback import FeedbackCard
from sparring.tui.widgets.reply_box import ReplyBox
from sparring.tui.widgets.transcript import Transcript

TRICKY = [
    "[bold]x[/]",
    "[@click=app.quit]x[/]",
    "[ @click=app.quit]x[/]",
    "[link=http://x]y[/link]",
    "[/",
    "x\\",
    "[Hello World]",
]


class FlagEverything:
    """A scorer that flags the whole reply, with a message and suggestion quoting it."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        flag = Flag("defensive", 0, len(reply), reply, f"msg {reply}", f"say {reply}")
        misses = tuple(MoveMiss(m.id, m.name) for m in objection.moves)
        return Score(20, "needs work", objection.id, reply, (), misses, (flag,))


def shown_in(widget: Static) -> str:
    """The text a Static displays, after Textual has turned its content into a visual."""
    visual = widget.visual
    assert isinstance(visual, Content)
    return visual.plain


def still_running(app: object) -> bool:
    return getattr(app, "return_code", None) is None and not getattr(app, "_exit", False)


@pytest.mark.parametrize("text", TRICKY)
async def test_typed_reply_is_shown_literally_everywhere(tmp_path: Path, text: str) -> None:
    speaker = FakeSpeaker()
    app = make_app(tmp_path, scorer=FlagEverything(), speaker=speaker, persona_id="tess-tester")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await pilot.press(*text)  # typed key by key
        assert screen.query_one(ReplyBox).text == text
        await pilot.press("enter")
        await pilot.pause()
        assert [e.text for e in screen.session.transcript if e.speaker == "user"] == [text]
        shown = screen_text(app)
        assert f"You: {text}" in shown  # the transcript
        card = card_text(app)
        assert card.startswith("20/100 needs work\nNeeds 70 to convince\n")
        assert f"\u201c{text}\u201d (defensive)" in card  # the flag
        assert f"Try: say {text}" in card  # its suggestion
        assert f"msg {text}" in card  # and why
        # Clicking every line of the transcript and the card fires no action.
        for widget in [*screen.query_one(Transcript).children, screen.query_one(FeedbackCard)]:
            await pilot.click(widget)
            await pilot.pause()
        assert still_running(app) and app.screen is screen
        # A notification with the text (a speaker error from its own thread).
        await asyncio.to_thread(speaker.on_error, f"speech: {text}")
        await pilot.pause(0.1)
        assert f"speech: {text}" in screen_text(app)
        # The summary.
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = screen_text(app)
        assert text in summary
        assert "1 \u00d7 defensive" in summary
        await pilot.click("#weakest")  # a reply scored 20 is never held up as the best
        await pilot.pause()
        assert still_running(app)


def tricky_persona_folder(tmp_path: Path, text: str) -> Path:
    """A --scenarios folder whose persona and objection say `text` everywhere they can."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    q = json.dumps  # a JSON string is a valid double-quoted YAML scalar
    (folder / "tricky.yaml").write_text(
        f"""kind: persona
id: tricky
name: {q("N " + text)}
role: {q("R " + text)}
briefing: {q("B " + text)}
difficulty: easy
hidden_concern: {q(text)}
opening: [{q("O " + text)}]
objections:
  - id: tricky-objection
rounds: 1
lines:
  push_back: [{q("P " + text)}, {q("P2 " + text)}]
  soften: [{q("S " + text)}, {q("S2 " + text)}]
  move_on: [{q("M " + text)}]
  agree: [{q("A " + text + " {terms}")}]
  no_deal: [{q("D " + text)}]
temperament:
  patience: 1
""",
        encoding="utf-8",
    )
    (folder / "tricky-bank.yaml").write_text(
        f"""kind: objections
theme: tricky
objections:
  - id: tricky-objection
    wordings: [{q("W " + text)}, {q("W " + text)}]
    moves:
      - id: one
        name: {q("Move " + text)}
        phrases: ["alpha beta", "gamma delta"]
      - id: two
        name: Second move
        phrases: ["epsilon zeta", "eta theta"]
      - id: three
        name: Third move
        phrases: ["iota kappa", "lambda mu"]
    hint: {q("H " + text)}
    model_answer: {q("MA " + text)}
    probes: [{q("Q " + text)}]
""",
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("text", TRICKY)
async def test_yaml_text_is_shown_literally_everywhere(tmp_path: Path, text: str) -> None:
    content = fixture_content(tricky_persona_folder(tmp_path, text))
    app = make_app(tmp_path, content)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"tricky")
        await pilot.pause()
        picker = screen_text(app)
        for shown in (f"N {text}", f"R {text}", f"B {text}"):
            assert shown in picker
        assert "custom" in picker
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        conversation = screen_text(app)
        assert f"N {text}: O {text}" in conversation
        assert f"N {text}: W {text}" in conversation
        await pilot.press("f1")
        await pilot.pause()
        assert f"H {text}" in screen_text(app)
        screen.query_one(
            ReplyBox
        ).text = "the weather is nice today"  # no move, no flag: a push-back
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert f"N {text}: P {text}" in shown or f"N {text}: P2 {text}" in shown
        assert f"N {text}: Q {text}" in shown
        assert f"Move {text}" in shown
        await pilot.press("f2")
        await pilot.pause()
        assert f"MA {text}" in screen_text(app)
        for widget in screen.query_one(Transcript).children:
            await pilot.click(widget)
        assert still_running(app) and app.screen is screen
        screen.query_one(ReplyBox).text = "still nothing"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.finished
        assert f"N {text}: D {text}" in screen_text(app)
        await pilot.press("enter")  # the summary button has focus
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = screen_text(app)
        assert f"N {text}" in summary and f"W {text}" in summary and f"D {text}" in summary
        await pilot.press("e")
        await pilot.pause()
        assert "Exported to" in screen_text(app)
        assert len(app.exported) == 1 and app.exported[0].read_text(encoding="utf-8")
        assert still_running(app)
