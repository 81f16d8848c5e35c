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

import re
from collections.abc import Iterator

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
