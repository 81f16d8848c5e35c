"""Provides the general strengths of a reply: concrete terms, measures, a trial, value..."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sparring.core.scoring.analysis import Analysis
from sparring.core.scoring.matching import PhraseIndex, best_per_span
from sparring.core.scoring.rules import pieces_of
from sparring.core.scoring.score import Strength


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases written as one block, separated by semicolons."""
    return tuple(" ".join(p.split()) for p in text.split(";") if p.strip())


@dataclass(frozen=True)
class Signal:
    """One kind of strength: its label, points, fuzzy phrases and built-in patterns."""

    kind: str
    label: str
    points: int
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


SIGNALS: tuple[Signal, ...] = (
    Signal(
        "concrete",
        "Names concrete days, hours or channels",
        10,
        phrases=_phrases(
            """
            core hours; overlap hours; online from; slack status; video on; camera on; on slack;
            on teams; by phone; phone for urgent; call me; my mobile; mobile; my phone; text me;
            teams; slack; video call; shared calendar; in my calendar; within an hour; within
            the hour; within 15 minutes; within 30 minutes; same day; reply within; respond
            within; on call; reachable by; pager; hotline; zoom
            """
        ),
        patterns=(
            r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b",
            r"\b(?:tues|weds|thurs)\b",
            r"\b\d{1,2}(?::\d\d)?\s?(?:am|pm)\b",
            r"\b\d{1,2}(?::\d\d)?\s?(?:to|-|–|until|till)\s?\d{1,2}(?::\d\d)?\b",
            r"\b\d{1,2}:\d\d\b",
            r"\bwithin (?:an? |the |)(?:\d{1,3} ?|one |two |five |ten |fifteen |thirty |)"
            r"(?:minutes?|mins?|hours?)\b",
            r"\b(?:one|two|three|four|1|2|3|4) days? (?:a|per|each) week\b",
        ),
    ),
    Signal(
        "measures",
        "Names numbers and measures to judge by",
        8,
        phrases=_phrases(
            """
            deliverables on time; response time; review turnaround; turnaround time; hit my
            deadlines; meet every deadline; on time delivery; tickets closed; measure; metrics;
            kpi; targets; sprint goals; story points; meeting participation; customer
            satisfaction; error rate; output; quality scores; sla; benchmarks; measured on
            """
        ),
        patterns=(
            r"\b\d+(?:\.\d+)?\s?%",
            r"\b\d+\s?percent\b",
            r"\b\d+[\s-]?(?:days?|weeks?|months?|quarters?|hours?|minutes?|mins|tickets|reports"
            r"|calls|clients|deals)\b",
            r"\b(?:one|two|three|four|five|six|eight|ten|twelve|thirty|sixty|ninety)[ -]"
            r"(?:days?|weeks?|months?|quarters?|hours?|minutes?)\b",
        ),
    ),
    Signal(
        "trial",
        "Proposes a trial with check-ins",
        10,
        phrases=_phrases(
            """
            trial period; trial; pilot; try it for; try it out; test run; experiment; trial run;
            check in after; check-in at; checkpoint; review it after; review after; reversible;
            revisit it; revisit after; if it doesn't work; go back to; roll it back; one day a
            week to start; start small; start with one day; trial day; fall back; fallback plan;
            way back; plan b
            """
        ),
    ),
    Signal(
        "business-value",
        "Leads with value for the work and the team",
        10,
        phrases=_phrases(
            """
            fewer interruptions; focus time; focus work; deep work; faster delivery; deliver
            faster; ship faster; productivity; more productive; throughput; clients in other
            time zones; coverage; cover the early; customers; for the team; the team benefits;
            business; results; quality of the work; better output; save the company; cost;
            revenue; retention; client work; deadlines; turnaround; hit our targets; more done;
            the project; outcomes; delivery; faster; focus day; focus days; focused work; focus;
            focused; uninterrupted; quiet time; concentration
            """
        ),
    ),
    Signal(
        "acknowledge",
        "Acknowledges the concern first",
        6,
        phrases=_phrases(
            """
            that's fair; fair question; fair point; fair concern; good question; good point; i
            understand; i hear you; i get that; i get why; makes sense; that's a real concern;
            that's reasonable; you're right to; understandable; i see why; valid concern;
            reasonable concern; i see where you're coming from; totally get it; i appreciate;
            that's a good question; it's a fair; that's a valid; that's true; i agree; agreed;
            you're right that; fair enough; i see the concern; i take the point; i respect that;
            thanks for raising; worth asking; good to ask
            """
        ),
    ),
    Signal(
        "collaborative-question",
        "Asks what would make the manager comfortable",
        6,
        phrases=_phrases(
            """
            what would make you comfortable; would that work for you; how does that sound; what
            would you need to see; what would it take; does that address; what else would you
            need; would that help; what would you want; open to your; what do you think; what
            would reassure you; what would make this work; would you be open; how would you
            feel; which would you prefer; what matters most to you; your thoughts
            """
        ),
    ),
    Signal(
        "in-office-anchor",
        "Keeps in-office anchors",
        7,
        phrases=_phrases(
            """
            in the office on; in office on; in person for; planning days; planning day; client
            visits; team lunch; team lunches; come in for; on site for; onsite; leadership
            reviews; all hands; in the office for; in-person meetings; come in whenever; office
            days; anchor days; in office; in the office; in person
            """
        ),
    ),
    Signal(
        "framework",
        "Offers a framework others could use",
        8,
        phrases=_phrases(
            """
            criteria; framework; anyone who meets; same rules for everyone; same standard; fair
            process; applies to everyone; eligibility; team policy; a policy the whole team;
            clear guidelines; written guidelines; repeatable; any team member; open to anyone;
            consistent rule; the whole team could use; team agreement
            """
        ),
    ),
    Signal(
        "evidence",
        "Brings evidence",
        8,
        phrases=_phrases(
            """
            i tracked; i've tracked; i logged; i kept a log; last quarter; past reviews; my
            review; performance review; track record; already virtual; already remote; already
            on video; the data shows; last year; shipped; last month; my numbers; when i worked
            from home; the days i worked from home; during the snow; during lockdown; already
            delivered; on record
            """
        ),
        patterns=(r"\b\d+\s?(?:%|percent)\s(?:of|were|was)\b",),
    ),
    Signal(
        "visibility",
        "Offers visibility the manager can check",
        8,
        phrases=_phrases(
            """
            morning plan; end of day summary; daily update; weekly update; written update;
            status update; status report; weekly report; shared board; task board; dashboard;
            progress report; daily standup; stand-up; you can forward; forward to; share my
            calendar; weekly summary; end of day note; weekly email; recap
            """
        ),
    ),
    Signal(
        "next-step",
        "Ends with a next step",
        6,
        phrases=_phrases(
            """
            next week; next monday; on the calendar; in the calendar; one-page proposal; one
            page proposal; written proposal; send you a; put a check-in; book a check-in; set up
            a meeting; by friday; start on monday; start next; draft a proposal; bring hr a
            proposal; go to hr together; put it in writing; starting; first check-in; this week;
            talk again; pick this up; follow up; follow-up; check back; one page; one-pager; write
            it down; write it up; in writing; on thursday; on friday; tomorrow
            """
        ),
    ),
)


SIGNAL_BY_KIND: dict[str, Signal] = {s.kind: s for s in SIGNALS}
MAX_PER_KIND = 4
# Typos and word order are forgiven, a missing word is not (see fuzzy.PhraseIndex).
SIGNAL_MIN_SCORE = 80.0


class SignalFinder:
    """Finds every signal in an analysed reply; built once, reused for every reply."""

    def __init__(self, signals: tuple[Signal, ...] = SIGNALS) -> None:
        self.signals = signals
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
            signal = SIGNAL_BY_KIND[str(kind)]
            strengths.append(
                Strength(signal.kind, start, end, analysis.text[start:end], signal.label)
            )
        strengths.extend(_questions(analysis, taken))
        return sorted(strengths, key=lambda s: (s.start, s.kind))

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


def _questions(analysis: Analysis, taken: dict[str, list[tuple[int, int]]]) -> list[Strength]:
    """A question to the manager counts as collaborative unless it is a challenge."""
    if taken.get("collaborative-question"):
        return []
    signal = SIGNAL_BY_KIND["collaborative-question"]
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
