"""Provides the judge's reading of a reply: normalised text, clauses, acts and entities.

The layers run in order: normalise (shorthand spelled out), analyse (words, sentences,
clauses, quotes, negation), cut into clauses, classify each clause's act with the trained
model, correct need/sorry acts by whose interest they serve, and extract entities. Every
later layer (flags, moves, the score) reads this one object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sparring.core.scoring import interest
from sparring.core.scoring.acts import ACTS, ActModel, features, shipped_model
from sparring.core.scoring.analysis import MAX_ANALYSED_CHARS, Analysis, analyse
from sparring.core.scoring.entities import Entity, entities
from sparring.core.scoring.normalise import Normalised, normalise
from sparring.core.scoring.shape import FUNCTION_WORDS as _FUNCTION_WORDS
from sparring.core.scoring.shape import SUBJECTS as _SUBJECTS
from sparring.core.scoring.shape import ShapeModel, shipped_shape_model

# A clause is cut further at these words or marks, when both sides have this many words.
_SPLIT = re.compile(r"\s*;\s*|\s+(?:but|although|though|however|otherwise|or else)\s+", re.I)
MIN_PIECE_WORDS = 3
# Acts that build nothing: a clause doing one of these makes no moves.
NEGATIVE_ACTS = frozenset(
    {"challenge", "cave", "threaten", "hedge", "apologise", "need", "personal"}
)
# A clause whose harmful acts together have this probability builds nothing.
BLOCK_AT = 0.5
LIST_RATIO = 0.15
LIST_MIN_WORDS = 4
_DAY_PAIR = re.compile(
    r"\b((?:mon|tues|wednes|thurs|fri|satur|sun)days?)\s*(?:and|&|/)\s*(?=\w)", re.I
)
# A mocking echo: "As if.", "Yeah, right.", "Sure, because that always works."
_MOCK = re.compile(
    r"^\s*(?:as\s+if|yeah,?\s+right|sure,?\s+because|like\s+that\s+(?:would|will|ever)|"
    r"oh\s+(?:sure|great|wonderful)|because\s+that\s+always|right,\s+because)\b",
    re.I,
)

# A retort that mocks everything said before it, wherever it sits in the reply: "That's
# what you want to hear, right?", "Happy now?", "... said nobody.", a lone "Please.".
_MOCK_TAIL = re.compile(
    r"\b(?:happy now|satisfied now|said no\s?(?:one|body)|what you want(?:ed)? to hear|"
    r"while we(?:\s?a)?re at it|give me a break|blah,?\s+blah|yada,?\s+yada|"
    r"when pigs fly|i live to serve|good little \w+|your wish is my command|"
    r"yes,? (?:sir|boss|ma am)|sure thing,? boss|tick(?:s|ed)? (?:all )?(?:your|the) boxes)\b|"
    r"^\W*(?:as\s+if|yeah,?\s+right|yeah,?\s+yeah)\b|whatever makes you happy|"
    r"^\W*(?:please|lovely|seriously|whatever|sure sure|yeah yeah)\W*$",
    re.I,
)
# A clause that takes back the offer before it: "I could ..., but I shouldn't have to."
_WITHDRAWS = re.compile(
    r"\b(?:shouldnt have to|not going to|wont|dont want to|refuse|dont see why)\b"
)
_OFFERS_MAYBE = re.compile(r"\b(?:could|might)\b", re.I)
WITHDRAW_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of the reply: its span in the normalised text, its act and how sure."""

    index: int
    sentence: int
    start: int
    end: int
    text: str
    act: str
    confidence: float
    probs: dict[str, float]
    negated: bool = False
    mocked: bool = False
    retort: bool = False
    """The clause is the mockery itself ("As if.", "Happy now?"), not only mocked by it."""
    fragment: bool = False
    sentence_probs: dict[str, float] = field(default_factory=dict)
    """The model's probabilities for the clause's whole sentence."""

    def prob(self, act: str) -> float:
        """The model's probability of one act for this clause."""
        return self.probs.get(act, 0.0)

    @property
    def builds(self) -> bool:
        """Whether this clause can make a move: a real, sincere, positive sentence."""
        harmful = sum(p for act, p in self.probs.items() if act in NEGATIVE_ACTS)
        return not (self.mocked or self.fragment or self.negated or harmful >= BLOCK_AT)


@dataclass
class Reading:
    """Everything the judge read in one reply."""

    reply: str
    norm: Normalised
    analysis: Analysis
    clauses: list[Clause]
    entities: list[Entity] = field(default_factory=list)
    keyword_list: bool = False
    too_short: bool = False
    """Fewer than LIST_MIN_WORDS words in all: "Slack." names a channel, it offers nothing."""

    @property
    def builds_nothing(self) -> bool:
        """Whether the reply as a whole can make no move: a keyword list or a word or two."""
        return self.keyword_list or self.too_short

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A normalised span as a span of the reply as typed."""
        return self.norm.span(start, end)

    def clause_at(self, offset: int) -> Clause | None:
        """The clause holding a normalised offset."""
        for clause in self.clauses:
            if clause.start <= offset < clause.end:
                return clause
        return None


_BREAK_MARKS = " \t\n;:,\u2013\u2014-"


def _pieces(text: str, start: int) -> list[tuple[int, int]]:
    """A sentence cut at strong clause breaks into (start, end) spans, short bits kept whole."""
    spans: list[tuple[int, int]] = []
    at = 0
    for match in _SPLIT.finditer(text):
        left = text[at : match.start()]
        right = text[match.end() :]
        if len(left.split()) >= MIN_PIECE_WORDS and len(right.split()) >= MIN_PIECE_WORDS:
            spans.append((start + at, start + match.start()))
            at = match.start()
    spans.append((start + at, start + len(text)))
    return spans


def _is_fragment(text: str) -> bool:
    """A clause with no sentence in it: words strung together with almost nothing to bind
    them ("fair question weekly update hit my deadlines 90 day trial")."""
    tokens = interest.words(text)
    if len(tokens) < LIST_MIN_WORDS:
        return False  # "Tuesdays." answers a question; see _short_list for bullet lists
    bound = sum(t in _FUNCTION_WORDS for t in tokens)
    if bound / len(tokens) < LIST_RATIO:
        return True
    # "weekly update, deadlines, trial period, status in slack": short pieces, no subject.
    # "Tue/Thu" reads as "tuesday and thursday": one piece, the days, not two list items.
    joined = _DAY_PAIR.sub(r"\1 ", text)
    pieces = [
        interest.words(p)
        for p in re.split(r"[,;/|\n\u2022\u00b7*\u2013\u2014]|\s-\s|\band\b|\+", joined)
    ]
    pieces = [p for p in pieces if p]
    # Telegraphic is not a list: "a 60-day trial, reviewed at 30 days, judged on deadlines"
    # binds most of its pieces with a word; "slack, weekly update, trial" binds none.
    bound_pieces = sum(bool(_FUNCTION_WORDS.intersection(p)) for p in pieces)
    return (
        len(pieces) >= 3
        and all(len(p) <= 4 and not _SUBJECTS.intersection(p) for p in pieces)
        and bound_pieces * 2 < len(pieces)
    )


def _listlike(clause: Clause) -> bool:
    """A clause that names things without saying anything: a fragment, or a word or three
    with no subject ("Fair point.", "Weekly update.", "Hit my deadlines.")."""
    tokens = interest.words(clause.text)
    return (
        clause.fragment
        or not tokens
        or (len(tokens) < LIST_MIN_WORDS and not _SUBJECTS.intersection(tokens))
    )


def _keyword_list(clauses: list[Clause]) -> bool:
    """Nothing but listlike clauses, and at least one fragment or three short ones: a list
    ("Good question! Slack updates, output metrics, trial period.")."""
    if not clauses or not all(_listlike(c) for c in clauses):
        return False
    short = [c for c in clauses if not c.fragment and c.text.strip()]
    return any(c.fragment for c in clauses) or len(short) >= 3


_REFUSAL = re.compile(
    r"\b(?:won t|will not|refuse to|no need for|not going to|don t need|can t|"
    r"cannot|wouldn t|not doing|never|don t expect|no way|forget (?:the|about)|"
    r"not happening|count me out|pass on|hard pass|nope|no thanks|no chance|not a chance|"
    r"not willing|when pigs fly|over my dead body|not about to|zero chance|"
    r"(?:isn t|is not|not) going to happen|i m not (?!"
    r"asking|saying|suggesting|expecting|trying|going|planning|looking|leaving|talking|"
    r"proposing|pretending)\w+ing)\b"
)
# A cue in a condition refuses nothing: "if you ever can't reach me, we revisit it".
_CONDITION = re.compile(r"\b(?:if|when|whenever|unless)(?:\s+\S+){0,3}\s*$")
# "won't miss", "never let it slip": a negated failure is a promise.
_PROMISE = re.compile(
    r"\b(?:won t|can t|never|not|no way)\s+(?:i (?:d|ll|would|will)\s+)?"
    r"(?:miss|slip|drop|lose|go dark|let|fall|be late|ignore)\b"
)


def _negated(analysis: Analysis, start: int, end: int) -> bool:
    """A clause that refuses what it names: "I won't do a weekly update", "no need for"."""
    first = analysis.token_at(start)
    if first < 0 or first >= len(analysis.tokens):
        return False
    if analysis.tokens[first].end <= start:
        first += 1
    # What follows a colon is what the clause offers instead ("No need for a new process:
    # I'll dial in at 9:15"): a refusal before it does not refuse the whole clause.
    colon = analysis.text.rfind(": ", start, end)
    if colon >= 0 and len(analysis.text[colon:end].split()) > MIN_PIECE_WORDS:
        while first < len(analysis.tokens) and analysis.tokens[first].start < colon:
            first += 1
    words = []
    for token in analysis.tokens[first:]:
        if token.start >= end:
            break
        words.append(token.norm)
    text = " ".join(words)
    refusals = [m for m in _REFUSAL.finditer(text) if not _CONDITION.search(text[: m.start()])]
    return bool(refusals) and not _PROMISE.search(text)


def read(reply: str, model: ActModel | None = None, shape: ShapeModel | None = None) -> Reading:
    """Read one reply through every layer (the shipped models unless others are given)."""
    norm = normalise(reply[: MAX_ANALYSED_CHARS + 64])
    analysis = analyse(norm.text)
    analysis.truncated = analysis.truncated or len(reply) > MAX_ANALYSED_CHARS
    model = model if model is not None else shipped_model()
    spans: list[tuple[int, int, int]] = []
    for index in range(len(analysis.sentences)):
        offset, sentence = analysis.sentence_text(index)
        tail = analysis.text[offset + len(sentence) : offset + len(sentence) + 1]
        if tail in "?!.":
            sentence += tail
        for start, end in _pieces(sentence, offset):
            spans.append((index, start, end))
    texts = [analysis.text[s:e] for _, s, e in spans]
    whole: dict[int, dict[str, float]] = {}
    if model is not None:
        for sentence_index in {i for i, _, _ in spans}:
            pieces = [t for (i, _, _), t in zip(spans, texts, strict=True) if i == sentence_index]
            if len(pieces) > 1:
                whole[sentence_index] = model.classify(features("".join(pieces)))[2]
    clauses: list[Clause] = []
    for number, (sentence_index, start, end) in enumerate(spans):
        text = texts[number]
        before = texts[number - 1] if number else ""
        after = texts[number + 1] if number + 1 < len(texts) else ""
        if model is not None:
            # The break that cut the clause off ("; at home I...") is not part of what it says.
            bare = text.lstrip(_BREAK_MARKS) or text
            act, confidence, probs = model.classify(features(bare, before, after, number))
        else:
            act, confidence, probs = "other", 1.0, dict.fromkeys(ACTS, 0.0) | {"other": 1.0}
        act, confidence = _corrected(text, act, confidence, probs)
        sentence_probs = whole.get(sentence_index, probs)
        clauses.append(
            Clause(
                index=number,
                sentence=sentence_index,
                start=start,
                end=end,
                text=text,
                act=act,
                confidence=confidence,
                probs=probs,
                negated=_negated(analysis, start, end),
                mocked=bool(_MOCK.search(after)) or bool(_MOCK.search(text)),
                fragment=_is_fragment(text),
                sentence_probs=sentence_probs,
            )
        )
    clauses = _insincere(analysis, clauses)
    # The rule sees lists with little glue; the shape model the run-on ones ("daily standup
    # and weekly report for the team with my KPIs on the dashboard every friday").
    too_short = len(interest.words(analysis.text)) < LIST_MIN_WORDS
    shape = shape if shape is not None else shipped_shape_model()
    keyword_list = _keyword_list(clauses) or (
        shape is not None and not too_short and shape.is_list(analysis.text)
    )
    found = entities(analysis.text)
    return Reading(reply, norm, analysis, clauses, found, keyword_list, too_short)


def _insincere(analysis: Analysis, clauses: list[Clause]) -> list[Clause]:
    """Clauses a retort mocks ("Happy now?") or the next clause takes back ("but I shouldn't
    have to")."""
    tails = [bool(_MOCK_TAIL.search(c.text.strip())) for c in clauses]
    # A retort mocks the whole reply: what came before it, and what goes on after it
    # ("... A six-week trial? Please. You know I do the work.").
    mocking = any(tails)
    out: list[Clause] = []
    for i, clause in enumerate(clauses):
        after = clauses[i + 1] if i + 1 < len(clauses) else None
        retort = tails[i] or bool(_MOCK.search(clause.text))
        mocked = clause.mocked or mocking
        withdrawn = False
        if after is not None and _OFFERS_MAYBE.search(clause.text):
            said = interest.words(after.text)
            joined = " ".join(said)
            withdrawn = bool(
                len(said) <= WITHDRAW_MAX_WORDS
                and _WITHDRAWS.search(joined)
                and (after.negated or "have to" in joined)
            )
        if mocked != clause.mocked or withdrawn or retort:
            clause = replace(
                clause, mocked=mocked, negated=clause.negated or withdrawn, retort=retort
            )
        out.append(clause)
    return out


def _corrected(
    text: str, act: str, confidence: float, probs: dict[str, float]
) -> tuple[str, float]:
    """A need or apology act that serves someone else is not one: take the next best act."""
    if act not in {"need", "apologise"}:
        return act, confidence
    if interest.own_favour(text) is not False:
        return act, confidence
    ranked = sorted((p, a) for a, p in probs.items() if a not in {"need", "apologise", "personal"})
    best_p, best_a = ranked[-1]
    return best_a, best_p
