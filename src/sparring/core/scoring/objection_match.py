"""Provides the match from a manager's free-text wording to the closest known objection."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from rapidfuzz import process
from rapidfuzz.distance import OSA

from sparring.core.content.models import Objection
from sparring.core.scoring.matching import STOPWORDS, edits_allowed, words

# Share of the wording's known words (weighted by how rare they are across objections)
# that one objection must hold to be taken.
THRESHOLD = 0.5
# Overlap one wording of the objection must have with the text as a whole: a single rare
# word shared ("disaster") does not make a long sentence that objection.
MIN_CLOSENESS = 0.2
# Share of the wording's words that must be known at all: "What did you have for lunch?"
# shares one or two everyday words with some objection, and that is not enough.
MIN_KNOWN = 0.34

_FILLER = frozenset(
    {"i", "you", "me", "my", "your", "we", "us", "it", "is", "are", "am", "be", "do", "does",
     "did", "would", "will", "can", "could", "should", "how", "what", "why", "when", "who",
     "if", "so", "but", "or", "not", "no", "that", "this", "just", "really", "actually",
     "m", "re", "s", "t", "ll", "d", "ve", "about", "from", "here", "there", "get", "going",
     "even", "then", "them", "they", "these", "those", "out", "up", "let", "all",
     "some", "any", "was", "were", "been", "have", "has", "had", "right", "now", "yes",
     "honestly", "look", "well", "ok", "okay", "which", "where", "whether", "than", "too"}
) | STOPWORDS  # fmt: skip
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")


def stems(text: str) -> frozenset[str]:
    """The content words of a text, common endings cut ("mentoring" -> "mentor")."""
    return frozenset(
        _SUFFIX.sub("", w) if len(w) > 4 else w for w in words(text) if w not in _FILLER
    )


class ObjectionFinder:
    """Finds the objection a free-text wording means; built once per content."""

    def __init__(self, objections: Iterable[Objection]) -> None:
        self._docs: list[tuple[Objection, frozenset[str]]] = []
        self._wordings: dict[str, list[frozenset[str]]] = {}
        self._exact: dict[tuple[str, ...], Objection] = {}
        self._topics: dict[str, frozenset[str]] = {}
        for objection in objections:
            text = " ".join([*objection.wordings, objection.id.replace("-", " ")])
            self._docs.append((objection, stems(text)))
            self._topics[objection.id] = stems(objection.id.replace("-", " "))
            self._wordings[objection.id] = [stems(w) for w in objection.wordings]
            for wording in objection.wordings:
                self._exact.setdefault(words(wording), objection)
        frequency: dict[str, int] = {}
        for _, doc in self._docs:
            for word in doc:
                frequency[word] = frequency.get(word, 0) + 1
        total = max(1, len(self._docs))
        # Rare words decide: "juniors" or "commute" say more than "team" or "home".
        self._weight = {w: math.log(1 + total / n) for w, n in frequency.items()}
        self._vocabulary = sorted(self._weight)
        # A word found in at most three objections.
        self._telling = math.log(1 + total / 3)

    def _known(self, word: str) -> str | None:
        """The vocabulary word a query word stands for, a typo or two allowed."""
        if word in self._weight:
            return word
        allowed = edits_allowed(len(word))
        if not allowed or not self._vocabulary:
            return None
        found = process.extractOne(
            word, self._vocabulary, scorer=OSA.distance, score_cutoff=allowed
        )
        return None if found is None else str(found[0])

    def closest(self, text: str) -> tuple[Objection | None, float]:
        """The objection nearest to `text` and how near (0-1); None below the threshold."""
        exact = self._exact.get(words(text[:2000]))
        if exact is not None:
            return exact, 1.0
        query = stems(text[:2000])
        if not query:
            return None, 0.0
        known = {k for k in (self._known(w) for w in query) if k is not None}
        if not known or len(known) / len(query) < MIN_KNOWN:
            return None, 0.0
        mass = sum(self._weight[w] for w in known)
        best: tuple[float, float, Objection | None] = (0.0, 0.0, None)
        for objection, doc in self._docs:
            shared = known & doc
            # One shared word is enough only when it is the objection's topic, named in
            # its id, and rare ("commute" for is-it-the-commute); "home" or "lunch" are not.
            if len(shared) < 2 and not any(
                self._weight[w] >= self._telling for w in shared & self._topics[objection.id]
            ):
                continue
            share = sum(self._weight[w] for w in shared) / mass
            # Ties go to the objection with one wording closest to the whole text.
            closeness = max(_dice(known, wording) for wording in self._wordings[objection.id])
            if (share, closeness) > best[:2]:
                best = (share, closeness, objection)
        if best[0] < THRESHOLD or best[1] < MIN_CLOSENESS:
            return None, best[0]
        return best[2], best[0]


def _dice(left: AbstractSet[str], right: AbstractSet[str]) -> float:
    """How much two word sets overlap, 0-1."""
    return 2 * len(left & right) / (len(left) + len(right)) if left or right else 0.0
