"""The one scrubber: text from a file, a user or a subprocess, made safe to show.

Everything that reaches a terminal, a screen or an export passes through
`printable`. Control characters (C0 except newline and tab, DEL, C1),
the bidi embedding, override and isolate marks and other invisible format
characters that can reorder or hide text are shown visibly as escapes
(``\\x1b``, ``\\u202e``), so nothing a persona file or an audio player prints
can set a terminal title, write the clipboard, move the cursor or make text
read backwards. `controls` finds them, for validators that report a line and
column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

# C0 controls except \t and \n, DEL and C1; bidi embeddings/overrides (U+202A-E),
# isolates (U+2066-9), the Arabic letter mark, zero-width and other format marks
# that hide or reorder text, line/paragraph separators and the BOM mid-text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_UNSAFE_ONE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")
# Lone surrogates (from surrogateescape decoding of bad bytes) cannot be encoded.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """Return `text` with every unsafe character shown visibly.

    Newlines and tabs stay unless `one_line` (a title, a table cell, a
    notification line). Undecodable bytes (lone surrogates) become U+FFFD.
    """
    if not isinstance(text, str):
        text = str(text)
    text = _SURROGATE.sub("\ufffd", text)
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    return pattern.sub(_escape, text)


def well_formed(text: str) -> str:
    """`text` with lone surrogates (bad bytes decoded with surrogateescape) as U+FFFD.

    For text that is kept rather than shown (a reply saved to the history): everything
    else stays as typed, but the result can always be encoded as UTF-8.
    """
    return _SURROGATE.sub("\ufffd", text)


def controls(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, visible escape) for each unsafe character in `text`."""
    for match in _UNSAFE.finditer(text):
        yield match.start(), _escape(match)
    for match in _SURROGATE.finditer(text):
        yield match.start(), "\\ufffd"


def is_clean(text: str) -> bool:
    """True when `text` would be shown unchanged by `printable`."""
    return _UNSAFE.search(text) is None and _SURROGATE.search(text) is None


def did_you_mean(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> str:
    """`; did you mean 'x'?` (or `'x' or 'y'`) for the closest choices, or an empty string.

    The one "did you mean" of the app: every unknown id, key, theme or voice uses it.
    """
    near = difflib.get_close_matches(str(word), list(choices), n=n, cutoff=cutoff)
    if not near:
        return ""
    return "; did you mean " + " or ".join(repr(x) for x in near) + "?"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON spells a character past the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_safe(dumped: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every unsafe character
    written as a `\\u` escape: the same data when parsed, nothing raw on a terminal."""
    return _UNSAFE.sub(_json_escape, _SURROGATE.sub("\ufffd", dumped))


# Whole terminal sequences, so no part of one is left behind as text: CSI (ESC [ or
# C1 CSI, to its final byte), OSC (to BEL or ST, or the end), DCS/SOS/PM/APC (to ST, or
# the end), then any other two-character escape.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c|$)"
    r"|\x1b[ -~]?",
    re.DOTALL,
)


def without_controls(text: str) -> str:
    """Text as a user meant to type it: terminal sequences and control, bidi and invisible
    format characters removed (not shown); line ends become newlines, tabs stay.

    For pasted text, which a terminal hands over raw: an OSC ending in BEL would
    otherwise reach the reply, and the BEL is Ctrl+G.
    """
    text = _SEQUENCE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", _SURROGATE.sub("\ufffd", text))
