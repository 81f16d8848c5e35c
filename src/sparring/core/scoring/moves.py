"""Provides the judge's fourth layer: which of the objection's moves a reply makes.

A move is made by a sincere clause (not negated, mocked, a keyword list or a harmful act)
that does what the move's name says. Three ways to see it, strongest first:
- the move's phrases, fuzzy and in order (matching.PhraseIndex);
- the phrases again over 6-word windows and whole clauses with rapidfuzz's
  token_set_ratio, which forgives word order and extra words;
- the move's *kind* read off the clause: its act (an acknowledgement, a question) or the
  entities concreteness is made of (a trial needs a length or a check-in next to a trial
  word; core hours need hours; visibility needs a cadence or a place to look).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from sparring.core.content.models import Objection
from sparring.core.scoring.entities import Entity
from sparring.core.scoring.matching import PhraseIndex
from sparring.core.scoring.reading import Clause, Reading

MOVE_MIN_SCORE = 80.0
WINDOW_WORDS = 6
WINDOW_MIN_SCORE = 86.0
# A phrase of one word is too thin for a window match ("slack" in "some slack").
WINDOW_MIN_PHRASE_WORDS = 2


@dataclass(frozen=True, slots=True)
class Found:
    """A move made: its id, the normalised span that made it, and how it was seen."""

    move_id: str
    start: int
    end: int
    how: str  # phrase | window | act | entity


def _affirmed(reading: Reading, clause: Clause, pattern: str) -> bool:
    """Whether the pattern occurs in the clause without a negation governing it."""
    analysis = reading.analysis
    for match in re.finditer(pattern, clause.text, re.I):
        first = analysis.token_at(clause.start + match.start())
        if first < 0:
            continue
        if analysis.tokens[first].end <= clause.start + match.start():
            first += 1
        if first < len(analysis.tokens) and not analysis.negated(first):
            return True
    return False


_TRIAL_WORDS = r"\b(?:trial|pilot|try|trying|test|experiment|run\s+it|start\s+with|for\s+now)\b"
# Reports as such; the wider set adds ways a report travels or is kept, and "email" or
# "message", which on their own are a way to reach someone.
_WRITTEN = r"update|summary|summaries|recap|report|plan|notes|status|digest|round-?up|write-?up"
_WRITTEN_REPORT = rf"\b(?:{_WRITTEN})\b"
_REPORT_WORDS = rf"\b(?:{_WRITTEN}|note|board|list|log|standup|stand-up|email|message|post)\b"
_OFFICE_WORDS = (
    r"\b(?:office|in\s+person|on\s+site|onsite|in\s+the\s+building|desk|in-person|here)\b"
)


def _kinds(clause: Clause, ents: list[Entity]) -> set[str]:
    return {e.kind for e in ents if clause.start <= e.start < clause.end}


def _entity_rule(move_id: str, name: str) -> Callable[[Reading, Clause, set[str]], bool] | None:
    """How a move of this id (or, failing that, this name) shows in a clause."""
    key = move_id.lower()
    label = name.lower()
    if key in {"trial", "time-boxed", "reversible", "checkins"} or "trial" in label:
        return lambda r, c, k: bool(
            ("duration" in k and _affirmed(r, c, _TRIAL_WORDS))
            or ("checkin" in k and ("duration" in k or _affirmed(r, c, _TRIAL_WORDS)))
            # The bare word only when the clause proposes ("the pilot light went out").
            or (c.act == "propose" and _affirmed(r, c, r"\b(?:trial|pilot)\b"))
        )
    if key == "hours" or "hours" in label:
        return lambda r, c, k: "hours" in k
    if key in {"specifics"} or "days" in label:
        return lambda r, c, k: "days" in k or "hours" in k
    if key == "channels" or "reach" in label or "channel" in label:
        return lambda r, c, k: (
            "channel" in k and ("response" in k or "hours" in k or "cadence" in k)
        )
    if key == "visibility" or "visib" in label or "report" in label:
        return lambda r, c, k: bool(
            # "a weekly update", and "a Friday update" (a day is a cadence for a report)
            (("cadence" in k or "days" in k) and _affirmed(r, c, _REPORT_WORDS))
            # "my plan in Slack by 9:30", "a recap at 5pm": a report with a time or a place
            or (("hours" in k or "channel" in k) and _affirmed(r, c, _WRITTEN_REPORT))
            or _affirmed(r, c, r"\bshared\s+(?:board|calendar|tracker|doc|sheet)\b|\bstatus\b")
        )
    if key == "measures" or "measure" in label:
        # A trial's length is not a measure of output.
        return lambda r, c, k: (
            "measure" in k
            and ("number" in k or "baseline" in k or _affirmed(r, c, r"\b(?:judge|measure|track)"))
        )
    if key == "evidence" or "baseline" in label or "evidence" in label:
        return lambda r, c, k: (
            "baseline" in k
            or (
                "number" in k
                and bool(_affirmed(r, c, r"\b(?:last|was|were|have\s+been|already|since)\b"))
            )
        )
    if key == "in-office" or "office" in label or "in person" in label:
        return lambda r, c, k: "days" in k and bool(_affirmed(r, c, _OFFICE_WORDS))
    if key in {"next-step", "in-writing"} or "follow-up" in label or "next step" in label:
        return lambda r, c, k: bool(
            _affirmed(
                r, c, r"\b(?:book|schedule|set\s+up|put|send|write|draft|email|follow\s+up)\b"
            )
            and ("days" in k or "hours" in k or _affirmed(r, c, r"\b(?:tomorrow|next\s+week|by)\b"))
        )
    return None


def _negated_window(reading: Reading, start: int, end: int, phrase: str) -> bool:
    """Whether the phrase's first word found in the window is negated ("drop the trial")."""
    analysis = reading.analysis
    wanted = set(phrase.split())
    first = max(0, analysis.token_at(start))
    for index in range(first, len(analysis.tokens)):
        token = analysis.tokens[index]
        if token.start >= end:
            break
        if token.start >= start and token.norm in wanted:
            return analysis.negated(index)
    return False


class MoveFinder:
    """The moves of one objection, indexed once."""

    def __init__(self, objection: Objection) -> None:
        self.objection = objection
        self.index = PhraseIndex((m.id, p) for m in objection.moves for p in m.phrases)
        self._phrases = [
            (m.id, utils.default_process(p))
            for m in objection.moves
            for p in m.phrases
            if len(p.split()) >= WINDOW_MIN_PHRASE_WORDS
        ]
        self._rules = {m.id: _entity_rule(m.id, m.name) for m in objection.moves}

    def find(self, reading: Reading) -> dict[str, Found]:
        """The first way each move was seen in the reply (phrase, window, act, entity)."""
        found: dict[str, Found] = {}
        building = [c for c in reading.clauses if c.builds]
        if reading.builds_nothing or not building:
            return found

        def sincere(start: int) -> Clause | None:
            clause = reading.clause_at(start)
            return clause if clause is not None and clause.builds else None

        analysis = reading.analysis
        for match in self.index.find(analysis, MOVE_MIN_SCORE):
            if match.negated_inside or analysis.negated(match.first):
                continue
            if sincere(match.start) is None:
                continue
            tag = str(match.tag)
            if tag not in found:
                found[tag] = Found(tag, match.start, match.end, "phrase")
        for clause in building:
            self._windows(reading, clause, found)
            kinds = _kinds(clause, reading.entities)
            for move in self.objection.moves:
                if move.id in found:
                    continue
                if move.id in {"acknowledge", "ask"} and clause.act == move.id:
                    found[move.id] = Found(move.id, clause.start, clause.end, "act")
                else:
                    rule = self._rules.get(move.id)
                    if rule is not None and rule(reading, clause, kinds):
                        found[move.id] = Found(move.id, clause.start, clause.end, "entity")
        return found

    def _windows(self, reading: Reading, clause: Clause, found: dict[str, Found]) -> None:
        """Phrases found in 6-word windows of a clause, any order, a few words between."""
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", clause.text)]
        if not words or not self._phrases:
            return
        windows: list[tuple[int, int]] = []
        step = max(1, WINDOW_WORDS // 2)
        for first in range(0, max(1, len(words) - WINDOW_WORDS + 1), step):
            last = min(len(words), first + WINDOW_WORDS) - 1
            windows.append((words[first][0], words[last][1]))
        if len(words) > WINDOW_WORDS and words[-1][1] != windows[-1][1]:
            windows.append((words[max(0, len(words) - WINDOW_WORDS)][0], words[-1][1]))
        texts = [utils.default_process(clause.text[s:e]) for s, e in windows]
        for move_id, phrase in self._phrases:
            if move_id in found:
                continue
            best = process.extractOne(
                phrase, texts, scorer=fuzz.token_set_ratio, score_cutoff=WINDOW_MIN_SCORE
            )
            if best is not None:
                start, end = windows[best[2]]
                start, end = clause.start + start, clause.start + end
                if _negated_window(reading, start, end, phrase):
                    continue
                found[move_id] = Found(move_id, start, end, "window")
