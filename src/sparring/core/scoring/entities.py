"""Provides the entities concreteness is made of: days, hours, response times, cadences,
durations, check-ins, channels, measures and baselines, with their spans.

It reads normalised text (see normalise.py), so "tue/thu" arrives as "tuesday and
thursday" and "thirty days" as "30 days".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENTITY_KINDS = (
    "days",
    "hours",
    "response",
    "cadence",
    "duration",
    "checkin",
    "channel",
    "measure",
    "baseline",
    "number",
)
# The kinds that make a reply checkable (a bare number does not).
CONCRETE_KINDS = tuple(kind for kind in ENTITY_KINDS if kind != "number")

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_N = r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|few|couple of)"
_PATTERNS: dict[str, re.Pattern[str]] = {
    "days": re.compile(
        rf"\b{_DAY}(?:(?:\s*,\s*|\s+and\s+|\s+(?:to|through|or)\s+){_DAY})*"
        rf"|\b{_N}\s+(?:home\s+|remote\s+|office\s+)?days?\s+(?:a|per|each|every)\s+week\b"
        r"|\b(?:one|two|three|\d)\s+(?:home|remote)\s+days?\b"
        r"|\b\d\s*x\s+a\s+week\b",
        re.I,
    ),
    "hours": re.compile(
        r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+to\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?\b"
        r"|\b(?:from|by|at|until|till|before|after)\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|o'clock)?\b"
        r"|\b\d{1,2}(?::\d\d)?\s*(?:am|pm)\b"
        r"|\bcore\s+hours\b|\boffice\s+hours\b|\boverlap\s+hours\b|\bnormal\s+hours\b",
        re.I,
    ),
    "response": re.compile(
        rf"\b(?:within|in\s+under|under|inside|in)\s+(?:{_N}|\d+)\s*(?:minutes?|mins?|hours?)\b"
        r"|\b(?:reply|respond|answer|pick\s+up|back\s+to\s+you|reachable|on\s+a\s+call)\b"
        r"[^.?!]{0,30}\b(?:minutes?|straight\s+away|right\s+away|immediately|quickly)\b",
        re.I,
    ),
    "cadence": re.compile(
        rf"\b(?:daily|weekly|fortnightly|monthly|nightly|every\s+(?:morning|evening|day|week|"
        rf"month|afternoon|{_DAY})|each\s+(?:morning|evening|day|week|{_DAY})|"
        rf"end\s+of\s+(?:day|week)|start\s+of\s+(?:day|week)|"
        rf"(?:on|by)\s+{_DAY}s?\s+(?:morning|afternoon|evening)|twice\s+a\s+week|"
        rf"once\s+a\s+(?:day|week|month))\b",
        re.I,
    ),
    "duration": re.compile(
        r"\b\d+[\s-]*(?:days?|weeks?|months?|quarters?)\b(?!\s+(?:a|per|each)\s+week)"
        r"|\b(?:a|one)\s+(?:month|quarter|sprint)\b|\b(?:six|two|three|four)\s+weeks\b",
        re.I,
    ),
    "checkin": re.compile(
        r"\b(?:check[\s-]?ins?|review(?:\s+(?:it|point|date|meeting))?|revisit|regroup|"
        r"sit\s+down|touch\s+base|one-to-ones?|retro(?:spective)?)\b"
        r"[^.?!]{0,25}\b(?:after|at|every|in|end\s+of|on|halfway|each)\b"
        r"|\b(?:after|at)\s+(?:the\s+)?\d+[\s-]*(?:days?|weeks?|months?)\b"
        r"|\bweekly\s+(?:check[\s-]?ins?|one-to-ones?|sync)\b|\bcheck[\s-]?ins?\b",
        re.I,
    ),
    "channel": re.compile(
        r"\b(?:slack|teams|zoom|google\s+meet|meet\s+link|video(?:\s+call)?|phone|mobile|"
        r"email|e-mail|calendar|shared\s+(?:doc|board|sheet|calendar|tracker)|jira|trello|"
        r"asana|dashboard|status|channel|whatsapp|text|huddle|camera)\b",
        re.I,
    ),
    "measure": re.compile(
        r"\b(?:deadlines?|deliverables?|tickets?|turnaround|response\s+times?|output|"
        r"error\s+rates?|sla|kpis?|targets?|velocity|throughput|story\s+points|"
        r"satisfaction|csat|nps|sprint\s+(?:goals?|commitments?)|on[\s-]time|"
        r"quality|defects?|bugs?|backlog|closed|shipped|delivered|metrics?|numbers|"
        r"scorecard|results?)\b",
        re.I,
    ),
    "baseline": re.compile(
        r"\b(?:last|previous|past)\s+(?:quarter|month|year|sprint|\d+\s+(?:weeks|months))\b"
        r"|\bbaseline\b|\b(?:currently|right\s+now|today's|current)\b[^.?!]{0,30}\d"
        r"|\bbefore\s+and\s+after\b|\bcompared?\s+(?:to|with|against)\b|\bversus\b|\bvs\b",
        re.I,
    ),
    "number": re.compile(r"\b\d+(?:\.\d+)?%?", re.I),
}


@dataclass(frozen=True, slots=True)
class Entity:
    """One concrete detail found in the (normalised) reply."""

    kind: str
    start: int
    end: int
    text: str


def entities(text: str) -> list[Entity]:
    """Every entity in the text, in order of where it starts."""
    found: list[Entity] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append(Entity(kind, match.start(), match.end(), match.group()))
    found.sort(key=lambda e: (e.start, -e.end))
    return found
