"""Provides the analysed reply: tokens with offsets, sentences, clauses, quotes and negation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from rapidfuzz import utils

# Only this much of a reply is analysed; the rest still belongs to the reply, so spans
# stay offsets into the original text, but a 1 MB paste costs what 8 kB costs.
MAX_ANALYSED_CHARS = 8_000

_TOKEN = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? … (with closing quotes or brackets) before a space or the end,
# or at a line break.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_CLAUSE_PUNCT = re.compile(r"[,;:()\[\]—–]|\s-\s")
# Words that open a new clause: a negation before them does not reach past them
# ("if this doesn't work out I'll quit" still threatens to quit).
_CLAUSE_WORDS = frozenset(
    {"but", "however", "although", "though", "while", "whereas", "yet", "if", "unless",
     "otherwise", "because", "then"}
)  # fmt: skip
_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she"})
_MODALS = frozenset({"ll", "will", "d", "would", "m", "am", "have", "ve"})
_OPEN_QUOTES = '"“”«»„'

_NEGATORS = frozenset(
    {"no", "not", "never", "without", "nor", "neither", "cannot", "dont", "doesnt", "didnt",
     "wont", "cant", "isnt", "arent", "wouldnt", "shouldnt", "couldnt", "hardly", "instead"}
)  # fmt: skip
# "don't" is tokenised as "don" + "t"; the "t" negates after these stems.
_NT_STEMS = frozenset(
    {"don", "doesn", "didn", "won", "can", "couldn", "shouldn", "wouldn", "isn", "aren",
     "wasn", "weren", "haven", "hasn", "hadn", "ain", "mustn", "needn"}
)  # fmt: skip
# Verbs that reverse what follows: "drop the trial" negates it, "not drop the trial" does not.
_REVERSERS = frozenset(
    {"drop", "dropping", "skip", "skipping", "cancel", "cancelling", "canceling", "forget",
     "abandon", "scrap", "ditch", "stop", "stopping", "lose", "losing", "against", "avoid"}
)  # fmt: skip
# Words after "no"/"not" that make it something else than a negation.
NOT_NEGATION_AFTER = {
    "no": frozenset({"problem", "worries", "worry", "doubt", "matter", "later", "earlier"}),
    "not": frozenset({"only", "just", "least"}),
}
NEGATION_REACH = 5

_REPORTING = frozenset({"said", "say", "says", "saying", "mentioned", "told", "asked", "put"})
_SPEAKERS = frozenset({"you", "u", "he", "she", "they", "manager", "boss", "leadership", "hr"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the reply: where it is in the original text and its matching form."""

    start: int
    end: int
    norm: str
    sentence: int
    clause: int
    quoted: bool
    reported: bool


@dataclass
class Analysis:
    """A reply cut into tokens, sentences and clauses, keeping offsets into the original."""

    text: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    """Each sentence as a (first token, end token) half-open range."""
    truncated: bool = False
    starts: list[int] = field(default_factory=list)

    def token_at(self, offset: int) -> int:
        """Index of the token that starts at or before a character offset (or -1)."""
        return bisect_right(self.starts, offset) - 1

    def sentence_text(self, index: int) -> tuple[int, str]:
        """A sentence's starting offset and its original text."""
        first, end = self.sentences[index]
        if first >= end:
            return 0, ""
        start = self.tokens[first].start
        stop = self.tokens[end - 1].end
        return start, self.text[start:stop]

    def negated(self, first: int) -> bool:
        """Whether the words just before token `first`, in its clause, negate it.

        The nearest cue decides: "no trial" and "drop the trial" are negated; a reversing
        verb that is itself negated ("I do not want to drop the trial") is not; and in
        "no trial and no pilot" each "no" governs its own word.
        """
        tokens = self.tokens
        if first >= len(tokens):
            return False
        clause = tokens[first].clause
        for index in range(first - 1, max(-1, first - 1 - NEGATION_REACH), -1):
            if tokens[index].clause != clause:
                return False
            if self.negates(index):
                return True
            if tokens[index].norm in _REVERSERS:
                return not any(
                    self.negates(i)
                    for i in range(index - 1, max(-1, index - 4), -1)
                    if tokens[i].clause == clause
                )
        return False

    def negates(self, index: int) -> bool:
        """Whether token `index` is a negation word ("not", "no", the "t" of "don't")."""
        tokens = self.tokens
        word = tokens[index].norm
        if word == "t":
            return index > 0 and tokens[index - 1].norm in _NT_STEMS
        if word not in _NEGATORS:
            return False
        nxt = tokens[index + 1].norm if index + 1 < len(tokens) else ""
        return nxt not in NOT_NEGATION_AFTER.get(word, ())


def _after_speaker(tokens: list[Token]) -> bool:
    """Whether the last words are a speaker other than the user: "you", "you've", "he's"."""
    last = tokens[-1].norm
    if last in _SPEAKERS:
        return True
    return len(tokens) > 1 and last in {"re", "ve", "s", "d"} and tokens[-2].norm in _SPEAKERS


# Contractions typed without the apostrophe, split as if it were there ("cant" is
# "can" + "t", like "can't"), so phrases and negation read them the same way.
_CONTRACTIONS = {
    w: len(w) - len(tail)
    for tail, words in {
        "t": ("cant", "dont", "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent",
              "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint"),
        "m": ("im",),
        "ve": ("ive", "youve", "weve", "theyve"),
        "ll": ("ill", "youll", "theyll"),
        "re": ("youre", "theyre"),
        "s": ("thats", "whats", "lets", "hes", "shes", "its"),
        "d": ("id", "youd", "theyd"),
    }.items()
    for w in words
}  # fmt: skip


def _words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word of the text as (start, end, matching form); contractions split in two."""
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        norm = _norm(match.group())
        if not norm:
            continue
        cut = _CONTRACTIONS.get(norm)
        if cut is not None and end - start == len(norm):
            yield start, start + cut, norm[:cut]
            yield start + cut, end, norm[cut:]
        else:
            yield start, end, norm


def _norm(word: str) -> str:
    """The matching form of one word: rapidfuzz's default processing, no inner spaces."""
    return utils.default_process(word).replace(" ", "")


def analyse(text: str) -> Analysis:
    """Cut a reply into tokens, sentences and clauses; only the first part of a huge one."""
    truncated = len(text) > MAX_ANALYSED_CHARS
    visible = text[:MAX_ANALYSED_CHARS]
    breaks = [m.end() for m in _SENTENCE_END.finditer(visible)]
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    sentence = clause = 0
    sentence_first = 0
    next_break = 0
    previous_end = 0
    quoted = False
    reporting_from: int | None = None
    conditional = False
    for start, end, norm in _words(visible):
        gap = visible[previous_end:start]
        new_sentence = False
        while next_break < len(breaks) and breaks[next_break] <= start:
            next_break += 1
            new_sentence = True
        for char in gap:
            if char in _OPEN_QUOTES:
                quoted = not quoted
        if new_sentence and tokens:
            sentences.append((sentence_first, len(tokens)))
            sentence_first = len(tokens)
            sentence += 1
            clause += 1
            quoted = False
            reporting_from = None
        elif tokens and (_CLAUSE_PUNCT.search(gap) or norm in _CLAUSE_WORDS):
            clause += 1
            reporting_from = None  # reported words run to the end of their clause
        elif (
            conditional
            and norm in _MODALS
            and len(tokens) > 1
            and tokens[-1].norm in _PRONOUNS
            and tokens[-1].clause == tokens[-2].clause
        ):
            # "if this doesn't work out I'll quit": the main clause starts at "I'll".
            clause += 1
            tokens[-1] = replace(tokens[-1], clause=clause, reported=False)
            conditional = False
            reporting_from = None
        if norm in {"if", "unless"}:
            conditional = True
        elif new_sentence:
            conditional = False
        if (
            norm in _REPORTING
            and tokens
            and tokens[-1].sentence == sentence
            and _after_speaker(tokens)
        ):
            reporting_from = len(tokens) + 1
        reported = reporting_from is not None and len(tokens) >= reporting_from
        tokens.append(Token(start, end, norm, sentence, clause, quoted, reported))
        previous_end = end
    if tokens:
        sentences.append((sentence_first, len(tokens)))
    analysis = Analysis(visible, tokens, sentences, truncated)
    analysis.starts = [t.start for t in tokens]
    return analysis
