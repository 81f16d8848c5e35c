"""Provides the phrasing rules at work: matches with spans, messages and suggestions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sparring.core.content.models import Rule
from sparring.core.content.safe_regex import pieces
from sparring.core.scoring.analysis import Analysis
from sparring.core.scoring.matching import Match, PhraseIndex, best_per_span
from sparring.core.scoring.score import Flag, Strength

# How far into the opening sentence an "opening" rule may match, in words (or at the
# start of any clause of it: "With the baby coming, I need ...").
OPENING_REACH = 6
# Sentences that "first_sentences" covers.
FIRST_SENTENCES = 2
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours"})
# "I know", "I think": a first person that comments rather than proposes.
_ASIDES = frozenset(
    {"know", "think", "agree", "guess", "understand", "admit", "suppose", "realise",
     "realize", "see", "hear", "get", "appreciate", "believe", "mean", "feel"}
)  # fmt: skip
_WISHES = frozenset({"need", "want", "love", "like", "wish"})
# An exception cancels a match it overlaps, shares a clause with, or ends at most this many
# words before ("you said" + "I need").
EXCEPTION_REACH = 3
MAX_FLAGS_PER_RULE = 5
# A clause this short has no subject of its own ("..., but maybe sometimes?").
FRAGMENT_WORDS = 3
# How close a strength must follow a hit for `unless_next`, in words.
NEXT_REACH = 4
# A flag needs the words nearly as written and in order; see fuzzy.ORDER_PENALTY.
RULE_MIN_SCORE = 90.0


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    first: int
    start: int
    end: int
    score: float
    negated_inside: bool = False


class RuleBook:
    """A rule set compiled once: phrase indexes, compiled patterns, exceptions."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self._phrases = PhraseIndex(
            (rule.id, phrase) for rule in self.rules.values() for phrase in rule.phrases
        )
        self._exceptions = PhraseIndex(
            ((rule.id, phrase) for rule in self.rules.values() for phrase in rule.exceptions),
            skip=False,
        )
        # Patterns passed safe_regex.check_pattern when the rule was loaded (bounded
        # backtracking per position); they run on pieces of at most safe_regex.CHUNK
        # characters of the capped analysed text, so the work per reply is bounded.
        self._patterns = [
            (rule.id, re.compile(pattern, re.IGNORECASE))
            for rule in self.rules.values()
            for pattern in rule.patterns
        ]

    def flags(
        self,
        analysis: Analysis,
        strengths: list[Strength],
        disabled: frozenset[str] = frozenset(),
        allowed: list[tuple[int, int]] | None = None,
    ) -> list[Flag]:
        """Every flag the rules raise in the reply, after scope, negation and exceptions."""
        if not analysis.tokens:
            return []
        hits = [
            _Hit(self.rules[str(m.tag)], m.first, m.start, m.end, m.score, m.negated_inside)
            for m in self._phrases.find(analysis, RULE_MIN_SCORE)
            if str(m.tag) not in disabled
        ]
        hits += self._pattern_hits(analysis, disabled)
        # Sentences that say something of substance cannot be a mere preamble.
        weighty = {analysis.tokens[h.first].sentence for h in hits} | {
            _sentence_of(analysis, s.start) for s in strengths if s.kind != "acknowledge"
        }
        opening = _opening_sentence(analysis, weighty)
        exceptions: dict[str, list[Match]] = {}
        for match in self._exceptions.find(analysis, RULE_MIN_SCORE):
            exceptions.setdefault(str(match.tag), []).append(match)
        kept: list[_Hit] = []
        for hit in hits:
            if not self._keeps(hit, analysis, opening, strengths, exceptions):
                continue
            if allowed and any(s < hit.end and hit.start < e for s, e in allowed):
                continue
            kept.append(hit)
        return self._to_flags(kept, analysis)

    def _pattern_hits(self, analysis: Analysis, disabled: frozenset[str]) -> list[_Hit]:
        hits: list[_Hit] = []
        for index in range(len(analysis.sentences)):
            at, sentence = analysis.sentence_text(index)
            for offset, piece in pieces_of(at, sentence):
                for rule_id, pattern in self._patterns:
                    if rule_id not in disabled:
                        hits += self._found(analysis, rule_id, pattern.finditer(piece), offset)
        return hits

    def _found(
        self, analysis: Analysis, rule_id: str, found: Iterable[re.Match[str]], offset: int
    ) -> list[_Hit]:
        """Pattern matches in one piece of text, as hits at offsets into the reply."""
        hits: list[_Hit] = []
        for match in found:
            if match.end() == match.start():
                continue
            start, end = offset + match.start(), offset + match.end()
            first = analysis.token_at(start)
            if first < 0:
                continue
            if analysis.tokens[first].end <= start:
                first += 1  # the match starts between words
            hits.append(_Hit(self.rules[rule_id], first, start, end, 100.0))
        return hits

    def _keeps(
        self,
        hit: _Hit,
        analysis: Analysis,
        opening: int,
        strengths: list[Strength],
        exceptions: dict[str, list[Match]],
    ) -> bool:
        """Whether a raw hit survives its rule's scope, negation, exceptions and conditions."""
        rule = hit.rule
        if hit.first >= len(analysis.tokens):
            return False
        token = analysis.tokens[hit.first]
        last = analysis.tokens[max(hit.first, analysis.token_at(hit.end - 1))]
        # Someone else's words, quoted or reported ("you said you need me here").
        if token.quoted or token.reported or last.quoted:
            return False
        if not _in_scope(rule, analysis, hit.first, opening, strengths):
            return False
        if rule.negatable and (hit.negated_inside or analysis.negated(hit.first)):
            return False
        for exception in exceptions.get(rule.id, ()):
            overlaps = exception.start < hit.end and hit.start < exception.end
            just_before = (
                exception.last < hit.first
                and hit.first - exception.last <= EXCEPTION_REACH
                and analysis.tokens[exception.last].sentence == token.sentence
            )
            same_clause = analysis.tokens[exception.first].clause == token.clause
            if overlaps or just_before or same_clause:
                return False
        if rule.first_person and not (
            _speaks_of_self(analysis, token.sentence) or _fragment(analysis, token.clause)
        ):
            return False
        if rule.unless_near and any(
            s.kind in rule.unless_near and _sentence_of(analysis, s.start) == token.sentence
            for s in strengths
        ):
            return False
        if rule.unless_next and _followed_by(analysis, hit, rule.unless_next, strengths):
            return False
        return not (
            rule.unless_after
            and any(s.kind in rule.unless_after and s.start < hit.start for s in strengths)
        )

    def _to_flags(self, hits: list[_Hit], analysis: Analysis) -> list[Flag]:
        """One flag per stretch of words and kind, the widest match winning overlaps."""
        flags: list[Flag] = []
        per_rule: dict[str, int] = {}
        for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start), -h.score)):
            if any(
                f.kind == hit.rule.kind and f.start < hit.end and hit.start < f.end for f in flags
            ):
                continue
            if per_rule.get(hit.rule.id, 0) >= MAX_FLAGS_PER_RULE:
                continue
            per_rule[hit.rule.id] = per_rule.get(hit.rule.id, 0) + 1
            flags.append(
                Flag(
                    kind=hit.rule.kind,
                    start=hit.start,
                    end=hit.end,
                    text=analysis.text[hit.start : hit.end],
                    message=hit.rule.message,
                    suggestion=hit.rule.suggestion,
                    rule_id=hit.rule.id,
                )
            )
        return flags


def allowed_spans(index: PhraseIndex, analysis: Analysis) -> list[tuple[int, int]]:
    """Where a persona's allowed phrases occur in the reply."""
    return [(m.start, m.end) for m in best_per_span(index.find(analysis, RULE_MIN_SCORE - 5))]


def pieces_of(offset: int, sentence: str) -> list[tuple[int, str]]:
    """A sentence cut into bounded pieces for patterns, with offsets into the reply."""
    return [(offset + at, piece) for at, piece in pieces(sentence)]


def _followed_by(
    analysis: Analysis, hit: _Hit, kinds: Sequence[str], strengths: list[Strength]
) -> bool:
    """Whether a strength of `kinds` starts within a few words after the hit, same clause."""
    tokens = analysis.tokens
    last = max(hit.first, analysis.token_at(hit.end - 1))
    clause = tokens[last].clause
    for strength in strengths:
        if strength.kind not in kinds or strength.start < hit.end:
            continue
        first = analysis.token_at(strength.start)
        if first - last <= NEXT_REACH and tokens[first].clause == clause:
            return True
    return False


def _fragment(analysis: Analysis, clause: int) -> bool:
    """Whether a clause is a bare fragment ("but maybe sometimes"): the speaker's own."""
    return sum(t.clause == clause for t in analysis.tokens) <= FRAGMENT_WORDS


def _speaks_of_self(analysis: Analysis, sentence: int) -> bool:
    """Whether a sentence is about the speaker: "I'd be home", not just "..., I know"."""
    first, end = analysis.sentences[sentence]
    tokens = analysis.tokens
    return any(
        tokens[i].norm in _FIRST_PERSON and not (i + 1 < end and tokens[i + 1].norm in _ASIDES)
        for i in range(first, end)
    )


def _sentence_of(analysis: Analysis, offset: int) -> int:
    index = analysis.token_at(offset)
    return analysis.tokens[max(index, 0)].sentence


def _opening_sentence(analysis: Analysis, weighty: set[int]) -> int:
    """The first sentence that says something.

    A short greeting or acknowledgement ("Hi Sam.", "That's fair.") is skipped, so
    "That's fair. I need ..." still opens with a need; a short sentence that raised a
    flag ("That's ridiculous.") or made a point ("Remote Wednesdays.") is the opening.
    """
    for index, (first, end) in enumerate(analysis.sentences[:3]):
        words = [t.norm for t in analysis.tokens[first:end]]
        preamble = len(words) <= 4 and index not in weighty and not _WISHES.intersection(words)
        if not preamble:
            return index
    return min(3, len(analysis.sentences) - 1)


def _in_scope(
    rule: Rule, analysis: Analysis, first: int, opening: int, strengths: list[Strength]
) -> bool:
    """Whether a match at token `first` lies where its rule looks."""
    if rule.scope == "anywhere":
        return True
    tokens = analysis.tokens
    sentence = tokens[first].sentence
    if rule.scope == "opening":
        begin = analysis.sentences[opening][0]
        if sentence > opening:
            return False
        if first - begin < OPENING_REACH:
            return True
        # Later in the opening sentence only at the start of a clause, and only if nothing
        # of substance came before it ("With the baby coming, I need ..." but not
        # "Remote Tuesdays would speed up the audit; I'd need the VPN token first").
        clause_start = tokens[first - 1].clause != tokens[first].clause
        return clause_start and not any(
            s.kind != "acknowledge" and s.start < tokens[first].start for s in strengths
        )
    return sentence < opening + FIRST_SENTENCES
