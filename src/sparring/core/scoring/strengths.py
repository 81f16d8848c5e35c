"""Provides the general strengths of a reply: concrete terms, measures, a trial, value...

What each strength is (its label, points, phrases and patterns) is content, loaded from
`kind: strengths` files (objections/rules/strengths.yaml); this is how they are found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sparring.core.content.models import Signal
from sparring.core.scoring.analysis import Analysis
from sparring.core.scoring.matching import PhraseIndex, best_per_span
from sparring.core.scoring.rules import pieces_of
from sparring.core.scoring.score import Strength

MAX_PER_KIND = 4
# The strength a question to the manager earns even when none of its phrases is there.
QUESTION_KIND = "collaborative-question"
# Typos and word order are forgiven, a missing word is not (see fuzzy.PhraseIndex).
SIGNAL_MIN_SCORE = 80.0


class SignalFinder:
    """Finds every signal in an analysed reply; built once, reused for every reply."""

    def __init__(self, signals: Iterable[Signal]) -> None:
        self.signals = {s.kind: s for s in signals}
        signals = list(self.signals.values())
        self._index = PhraseIndex((s.kind, p) for s in signals for p in s.phrases)
        self._patterns = [
            (s.kind, re.compile(p, re.IGNORECASE)) for s in signals for p in s.patterns
        ]

    def find(self, analysis: Analysis) -> list[Strength]:
        """Strengths with spans into the reply, at most a few per kind, negations skipped."""
        found = [
            (str(m.tag), m.start, m.end, m.first)
            for m in best_per_span(self._index.find(analysis, SIGNAL_MIN_SCORE))
            if not (m.negated_inside or analysis.negated(m.first))
        ]
        for index in range(len(analysis.sentences)):
            at, sentence = analysis.sentence_text(index)
            for offset, piece in pieces_of(at, sentence):
                found += self._pattern_matches(analysis, offset, piece)
        strengths: list[Strength] = []
        taken: dict[str, list[tuple[int, int]]] = {}
        for kind, start, end, _ in sorted(found, key=lambda f: (f[1], -(f[2] - f[1]))):
            spans = taken.setdefault(str(kind), [])
            if len(spans) >= MAX_PER_KIND or any(s < end and start < e for s, e in spans):
                continue
            spans.append((start, end))
            signal = self.signals[str(kind)]
            strengths.append(
                Strength(signal.kind, start, end, analysis.text[start:end], signal.label)
            )
        asking = self.signals.get(QUESTION_KIND)
        if asking is not None and not taken.get(QUESTION_KIND):
            strengths.extend(_questions(analysis, asking))
        return sorted(strengths, key=lambda s: (s.start, s.kind))

    def points(self, kind: str) -> int:
        """What a strength of this kind is worth (0 for a kind not loaded)."""
        signal = self.signals.get(kind)
        return signal.points if signal else 0

    def _pattern_matches(
        self, analysis: Analysis, offset: int, piece: str
    ) -> list[tuple[str, int, int, int]]:
        """The built-in patterns in one piece of a sentence, negations skipped."""
        found: list[tuple[str, int, int, int]] = []
        for kind, pattern in self._patterns:
            for match in pattern.finditer(piece):
                first = analysis.token_at(offset + match.start())
                if first >= 0 and not analysis.negated(first):
                    found.append((kind, offset + match.start(), offset + match.end(), first))
        return found


_ASKING = re.compile(
    r"\b(?:what|how|would|could|can|does|is there|which|shall)\b[^?]{0,120}"
    r"\b(?:you|your|we|us)\b[^?]{0,80}\?",
    re.IGNORECASE,
)


def _questions(analysis: Analysis, signal: Signal) -> list[Strength]:
    """A question to the manager counts as collaborative unless it is a challenge."""
    for index in range(len(analysis.sentences)):
        offset, sentence = analysis.sentence_text(index)
        tail = analysis.text[offset + len(sentence) : offset + len(sentence) + 1]
        if tail != "?":
            continue
        match = _ASKING.search(sentence + "?")
        lowered = sentence.lower()
        if match and not any(w in lowered for w in _CHALLENGES):
            start = offset + match.start()
            end = offset + min(match.end(), len(sentence))
            return [Strength(signal.kind, start, end, analysis.text[start:end], signal.label)]
    return []


_CHALLENGES = ("trust me", "saying i", "serious", "why can", "why should", "why do", "why is")
