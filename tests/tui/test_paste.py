"""A paste holding ESC is taken whole and clean: nothing reordered, no key fired."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from tui_helpers import make_app

from sparring.tui import paste
from sparring.tui.paste import PASTE_END, PASTE_START, SafePasteParser
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.widgets.reply_box import ReplyBox

# An OSC 0 ending in BEL (Ctrl+G is the hint), a CSI colour and an OSC 52 ended by ST.
PASTED = "We could \x1b]0;pwned\x07try a \x1b[31mweekly\x1b[0m update\x1b]52;c;cm0=\x1b\\ first."
CLEAN = "We could try a weekly update first."
RAW = PASTE_START + PASTED + PASTE_END


def parse(parser: XTermParser, chunks: list[str]) -> list[object]:
    out: list[object] = []
    for chunk in chunks:
        out += list(parser.feed(chunk))
        out += list(parser.tick())
    return out


def test_textual_parser_alone_lets_an_esc_in_a_paste_break_out() -> None:
    """Why SafePasteParser exists: the stock parser turns part of the paste into keys."""
    tokens = parse(XTermParser(), [RAW])
    keys = [t.key for t in tokens if isinstance(t, events.Key)]
    assert "ctrl+g" in keys  # the BEL, pressed before the paste arrives
    assert not isinstance(tokens[0], events.Paste)


@pytest.mark.parametrize("split", ["whole", "every-char", "marker-split"])
def test_safe_parser_gives_one_clean_paste_and_no_key(split: str) -> None:
    if split == "whole":
        chunks = [RAW]
    elif split == "every-char":
        chunks = list(RAW)
    else:  # the terminal's writes cut both markers in two
        chunks = ["\x1b[20", "0~" + PASTED[:12], PASTED[12:] + "\x1b[2", "01~"]
    tokens = parse(SafePasteParser(), chunks)
    assert [type(t) for t in tokens] == [events.Paste]
    assert tokens[0].text == CLEAN  # type: ignore[attr-defined]


def test_safe_parser_passes_typing_and_a_lone_escape_through() -> None:
    parser = SafePasteParser()
    tokens = parse(parser, ["a", "b"])
    assert [t.key for t in tokens if isinstance(t, events.Key)] == ["a", "b"]
    assert parse(parser, ["\x1b"]) == []  # held: it may start a paste marker
    time.sleep(paste.HOLD + 0.25)
    later = list(parser.tick())
    time.sleep(0.25)  # then Textual's own wait to tell Escape from a sequence
    later += list(parser.tick())
    assert [t.key for t in later if isinstance(t, events.Key)] == ["escape"]


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux driver")
def test_the_app_makes_the_terminal_driver_use_the_safe_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.drivers import linux_driver

    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)
    make_app(tmp_path)
    assert linux_driver.XTermParser is SafePasteParser


async def test_a_pasted_osc_with_bel_is_cleaned_and_marks_nothing_hinted(tmp_path: Path) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        box = screen.query_one(ReplyBox)
        pasted = events.Paste(PASTED)
        pasted.set_sender(app)
        app.post_message(pasted)  # as the driver does: the app hands it to the focused box
        await pilot.pause()
        assert box.text == CLEAN
        assert not screen.session.hinted


async def test_raw_paste_bytes_through_the_parser_reach_the_reply_in_order(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, persona_id="tess-tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        await pilot.press(*"Fair. ")
        parser = SafePasteParser()
        for token in parse(parser, list(RAW)):  # as the driver would hand them on
            token.set_sender(app)  # type: ignore[attr-defined]
            app.post_message(token)  # type: ignore[arg-type]
        await pilot.pause()
        await pilot.press(*" Thanks")
        await pilot.pause()
        assert screen.query_one(ReplyBox).text == f"Fair. {CLEAN} Thanks"
        assert not screen.session.hinted
