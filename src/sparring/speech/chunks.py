"""Provides splitting long text into pieces the speech engine can take one at a time.

espeak-ng (1.51, through pyttsx3) crashes the process with a segmentation fault when one
call is given about 20,800 bytes of UTF-8 or more (6,950 CJK characters, 20,900 ASCII
ones). Text is cut at sentence ends into pieces of at most MAX_CHUNK_BYTES, a tenth of
that, and a sentence longer than that is cut at a space or comma, or anywhere.
"""

from __future__ import annotations

import re

MAX_CHUNK_BYTES = 2000

# A sentence ends after . ! ? … (and their CJK forms) and closing quotes or brackets,
# or at a line break.
_SENTENCE = re.compile(r"[^.!?…。！？\n]*(?:[.!?…。！？]+[\"'”’)\]」』]*|\n+|$)")
_SOFT_BREAK = re.compile(r"[\s,;:、，；：]")


def _size(text: str) -> int:
    return len(text.encode("utf-8", "replace"))


def _sentences(text: str) -> list[str]:
    return [s for s in (m.group().strip() for m in _SENTENCE.finditer(text)) if s]


def _hard_split(sentence: str, limit: int) -> list[str]:
    """Cut one over-long sentence: at the last space or comma that fits, else anywhere."""
    pieces: list[str] = []
    rest = sentence
    while _size(rest) > limit:
        # The longest prefix that fits in `limit` bytes.
        end = len(rest.encode("utf-8", "replace")[:limit].decode("utf-8", "ignore"))
        cut = max((m.end() for m in _SOFT_BREAK.finditer(rest, 0, end)), default=0)
        if cut < end // 2:  # no break in the second half: cut at the limit itself
            cut = end
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return [p for p in pieces if p]


def speakable_chunks(text: str, limit: int = MAX_CHUNK_BYTES) -> list[str]:
    """`text` as pieces of at most `limit` UTF-8 bytes, whole sentences where they fit.

    Short text comes back as one piece, unchanged apart from outer spaces.
    """
    text = text.strip()
    if _size(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    current = ""
    for sentence in _sentences(text):
        for piece in _hard_split(sentence, limit) if _size(sentence) > limit else [sentence]:
            joined = f"{current} {piece}" if current else piece
            if _size(joined) <= limit:
                current = joined
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks
