"""The one scrubber: nothing from a file or a subprocess reaches a terminal raw."""

from __future__ import annotations

import pytest

from sparring.core.text import controls, is_clean, json_safe, printable

ATTACKS = [
    "\x1b]0;pwned\x07",  # OSC 0: sets the terminal title
    "\x1b]52;c;ZWNobyBoaQ==\x07",  # OSC 52: writes the clipboard
    "\x1b[2J\x1b[H",  # CSI: clears the screen
    "\x9b31m",  # C1 CSI
    "abc\u202etxt.exe",  # bidi override
    "\u2066isolate\u2069",
    "zero\u200bwidth",
    "back\rspace\x08",
    "\x00nul",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_control_or_bidi_character_survives(attack: str) -> None:
    shown = printable(attack)
    assert is_clean(shown)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in shown)
    assert "\x1b" not in shown and "\u202e" not in shown


def test_escapes_are_visible_not_dropped() -> None:
    assert printable("a\x1bb") == "a\\x1bb"
    assert printable("x\u202ey") == "x\\u202ey"


def test_newlines_and_tabs_stay_unless_one_line() -> None:
    assert printable("a\nb\tc") == "a\nb\tc"
    assert printable("a\nb\tc", one_line=True) == "a\\nb\\tc"


def test_undecodable_bytes_become_replacement_characters() -> None:
    text = b"Caf\xe9".decode("utf-8", "surrogateescape")
    assert printable(text) == "Caf\ufffd"
    printable(text).encode("utf-8")  # never raises


def test_ordinary_text_is_untouched() -> None:
    text = "Tuesdays & Thursdays — 9–5, on Slack. Café, naïve, 日本語, emoji 🙂"
    assert printable(text) == text
    assert is_clean(text)


def test_controls_reports_offsets() -> None:
    assert list(controls("ab\x1bc\u202e")) == [(2, "\\x1b"), (4, "\\u202e")]


def test_json_safe_escapes_what_printable_shows_and_keeps_the_data() -> None:
    import json

    data = {"a": "x\u202ey\x9b\U000e0041", "b": "ok\n"}
    dumped = json_safe(json.dumps(data, ensure_ascii=False, indent=1))
    assert is_clean(dumped)
    assert "\\u202e" in dumped and "\\udb40\\udc41" in dumped
    assert json.loads(dumped) == data
