"""Provides fuzzy phrase matching on whole words, tolerant of typos and word order."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from rapidfuzz import process, utils
from rapidfuzz.distance import OSA

from sparring.core.scoring.analysis import Analysis

# Small words a phrase of three or more words may lose ("end of day summary" still
# matches "end-of-the-day summary" and "end of day summaries").
STOPWORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "at", "with", "and"})
# Words found out of the phrase's order cost this much (rules ask for a high score, so
# they need the order; moves accept it: "period of trial" still makes the trial move).
ORDER_PENALTY = 12.0
# Each word inside the window that is not the phrase's costs this much (rules then
# tolerate one extra word, moves a few: "I really need", "weekly written update").
EXTRA_WORD_PENALTY = 6.0
_CACHE_LIMIT = 50_000


def edits_allowed(length: int) -> int:
    """Typos tolerated in a word of this length: none up to 4 letters, one up to 8, then two.

    Measured with OSA (a swap of two letters is one edit), so "trail" finds "trial" but
    "truth" does not find "trust" and "risk" never finds "brisket": words are compared
    whole, never inside another word.
    """
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    return 2


def words(phrase: str) -> tuple[str, ...]:
    """A phrase's words in matching form (rapidfuzz's default processing)."""
    return tuple(utils.default_process(phrase).split())


@dataclass(frozen=True, slots=True)
class Match:
    """Where a phrase was found: token range, character span and how close it was."""

    tag: Hashable
    phrase: str
    first: int
    last: int
    start: int
    end: int
    score: float
    negated_inside: bool = False
    """A negation sits between the phrase's words ("I can't promise nothing")."""


@dataclass(frozen=True, slots=True)
class _Phrase:
    tag: Hashable
    text: str
    words: tuple[str, ...]
    anchor: str
    optional: frozenset[int]


class PhraseIndex:
    """A set of tagged phrases, indexed so one reply is matched against all at once.

    Each phrase is looked up through its rarest word (its anchor), so the cost grows with
    the words of the reply, not with the number of phrases. A phrase matches when every
    word (bar one small word in longer phrases) is found, typos allowed, inside one
    sentence within a window a little wider than the phrase, in any order.
    """

    def __init__(self, phrases: Iterable[tuple[Hashable, str]], skip: bool = True) -> None:
        compiled = [(tag, text, words(text)) for tag, text in phrases]
        compiled = [c for c in compiled if c[2]]
        # A two-word phrase also matches as one word: "fall back" finds "fallback",
        # "check in" finds "checkin".
        joined = [(tag, text, ("".join(ws),)) for tag, text, ws in compiled if len(ws) == 2]
        self._exact = frozenset(ws[0] for _, _, ws in joined)
        compiled += joined
        frequency: dict[str, int] = {}
        for _, _, ws in compiled:
            for word in set(ws):
                frequency[word] = frequency.get(word, 0) + 1
        self._phrases: list[_Phrase] = []
        self._by_anchor: dict[str, list[int]] = {}
        for tag, text, ws in compiled:
            content = [w for w in ws if w not in STOPWORDS] or list(ws)
            anchor = min(content, key=lambda w: (frequency[w], -len(w)))
            optional = frozenset(
                i
                for i, w in enumerate(ws)
                if skip and len(ws) >= 3 and w in STOPWORDS and w != anchor
            )
            self._by_anchor.setdefault(anchor, []).append(len(self._phrases))
            self._phrases.append(_Phrase(tag, text, ws, anchor, optional))
        self.vocabulary = frozenset(frequency)
        self._fuzzy_vocabulary = sorted(w for w in frequency if len(w) >= 5)
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}

    def __len__(self) -> int:
        return len(self._phrases)

    def _lookup(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words that a reply word may stand for, with a closeness 0-100."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if word in self.vocabulary:
            found[word] = 100.0
        if len(word) >= 4 and word.endswith("s") and word[:-1] in self.vocabulary:
            found.setdefault(word[:-1], 96.0)
        if len(word) >= 5 and self._fuzzy_vocabulary:
            for other, distance, _ in process.extract(
                word,
                self._fuzzy_vocabulary,
                scorer=OSA.distance,
                score_cutoff=2,
                limit=None,
            ):
                if other != word and distance <= edits_allowed(min(len(word), len(other))):
                    found.setdefault(other, 100.0 - 8.0 * distance)
        result = tuple(found.items())
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result

    def find(
        self,
        analysis: Analysis,
        min_score: float = 0.0,
        wanted: frozenset[Hashable] | None = None,
    ) -> list[Match]:
        """Every phrase found in the reply with at least `min_score` (0-100).

        One window per anchor position; `wanted` limits the search to those tags.
        """
        tokens = analysis.tokens
        positions: dict[str, list[tuple[int, float]]] = {}
        for index, token in enumerate(tokens):
            for word, closeness in self._lookup(token.norm):
                positions.setdefault(word, []).append((index, closeness))
        matches: list[Match] = []
        for anchor, spots in positions.items():
            for phrase_index in self._by_anchor.get(anchor, ()):
                phrase = self._phrases[phrase_index]
                if wanted is not None and phrase.tag not in wanted:
                    continue
                if any(
                    w not in positions
                    for i, w in enumerate(phrase.words)
                    if i not in phrase.optional
                ):
                    continue
                for spot, closeness in spots:
                    # A lone word has too many one-typo neighbours ("paper" and "pager",
                    # "wherever" and "whenever"), and a joined pair ("ideserve") too many
                    # lookalikes ("deserve"): up to 8 letters they must be found as
                    # written (or as a plural), longer ones with one typo at most.
                    if len(phrase.words) == 1 and closeness < (
                        96 if len(anchor) <= 8 or anchor in self._exact else 92
                    ):
                        continue
                    match = self._window(analysis, phrase, spot, closeness, positions)
                    if match is not None and match.score >= min_score:
                        matches.append(match)
        return matches

    def _window(
        self,
        analysis: Analysis,
        phrase: _Phrase,
        spot: int,
        closeness: float,
        positions: dict[str, list[tuple[int, float]]],
    ) -> Match | None:
        """The phrase around one anchor position, or None if its words are not close by."""
        tokens = analysis.tokens
        size = len(phrase.words)
        reach = size + (0 if size == 1 else 1 if size == 2 else 2) - 1
        sentence = tokens[spot].sentence
        used = {spot}
        order: list[int] = []
        total = closeness * len(phrase.anchor)
        weight = len(phrase.anchor)
        skipped = 0
        anchor_seen = False
        anchor_at = phrase.words.index(phrase.anchor)
        for i, word in enumerate(phrase.words):
            if word == phrase.anchor and not anchor_seen:
                anchor_seen = True
                order.append(spot)
                continue
            # The nearest free occurrence to where the phrase's order would put the word.
            expected = spot + i - anchor_at
            best: tuple[int, int, float] | None = None
            for position, near in positions.get(word, ()):
                distance = abs(position - expected)
                if (
                    position in used
                    or abs(position - spot) > reach
                    or tokens[position].sentence != sentence
                    or (best is not None and distance >= best[0])
                ):
                    continue
                best = (distance, position, near)
            if best is None:
                if i in phrase.optional and skipped == 0:
                    skipped += 1
                    continue
                return None
            used.add(best[1])
            order.append(best[1])
            total += best[2] * len(word)
            weight += len(word)
        first, last = min(used), max(used)
        if last - first > reach:
            return None
        extra = max(0, last - first + 1 - size)
        score = total / weight - 6.0 * skipped - EXTRA_WORD_PENALTY * extra
        if order != sorted(order):
            score -= ORDER_PENALTY
        negated_inside = any(analysis.negates(i) for i in range(first + 1, last) if i not in used)
        return Match(
            phrase.tag,
            phrase.text,
            first,
            last,
            tokens[first].start,
            tokens[last].end,
            score,
            negated_inside,
        )


def best_per_span(matches: Iterable[Match]) -> list[Match]:
    """Matches without overlaps: the closest first, then the longest, then the earliest."""
    chosen: list[Match] = []
    for match in sorted(matches, key=lambda m: (-m.score, -(m.last - m.first), m.start)):
        if all(match.last < other.first or match.first > other.last for other in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
