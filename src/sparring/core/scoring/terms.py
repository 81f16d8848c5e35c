"""Provides trial terms read from the user's replies: length, schedule and check-ins."""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBER = r"(?:\d{1,3}|one|two|three|four|five|six|eight|ten|twelve|thirty|sixty|ninety)"
_TRIAL = re.compile(
    rf"\b(?P<n>{_NUMBER})[\s-](?P<unit>day|week|month)s?\b(?:\s(?:trial|pilot))?",
    re.IGNORECASE,
)
_TRIAL_CONTEXT = re.compile(r"\b(trial|pilot|try|test|experiment)", re.IGNORECASE)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri)days?"
_DAYS = re.compile(
    rf"\b(?P<a>{_WEEKDAY})(?:\s*(?:to|through|-|and|&)\s*(?P<b>{_WEEKDAY}))?", re.IGNORECASE
)
_PER_WEEK = re.compile(rf"\b(?P<n>{_NUMBER}|a)\s(?:home\s|remote\s)?days?\s(?:a|per)\sweek\b", re.I)
_CHECKIN = re.compile(
    rf"\b(?:check[\s-]?ins?|review)\s(?P<when>(?:after|at|every)\s{_NUMBER}"
    rf"(?:\s(?:and|&)\s{_NUMBER})?(?:\s(?:days|weeks))?)",
    re.IGNORECASE,
)
_WEEKLY_CHECKIN = re.compile(
    r"\b(weekly|biweekly|monthly)\s(?:check[\s-]?ins?|1:1s?|one-on-ones?)", re.I
)
_REMOTE_CONTEXT = re.compile(r"\b(home|remote|remotely|from)\b", re.IGNORECASE)


def extract_terms(replies: Sequence[str]) -> str | None:
    """Trial terms named in the replies, e.g. `a 90-day trial, remote Tuesday to Thursday`.

    Later replies win over earlier ones, since people refine their offer as they go.
    Returns None when no reply names any term.
    """
    length = schedule = checkin = None
    for reply in replies:
        for sentence in re.split(r"(?<=[.!?;])\s+", reply):
            length = _length(sentence) or length
            schedule = _schedule(sentence) or schedule
            checkin = _checkin(sentence) or checkin
    parts = [f"a {length} trial" if length else "a trial"]
    if schedule:
        parts.append(schedule)
    if checkin:
        parts.append(checkin)
    if not (length or schedule or checkin):
        return None
    return ", ".join(parts)


def _length(sentence: str) -> str | None:
    if not _TRIAL_CONTEXT.search(sentence):
        return None
    for match in _TRIAL.finditer(sentence):
        tail = sentence[match.end() : match.end() + 12].lower()
        if tail.lstrip().startswith(("a week", "per week")):
            continue  # "two days a week" is a schedule, not a length
        return f"{match['n'].lower()}-{match['unit'].lower()}"
    return None


def _schedule(sentence: str) -> str | None:
    per_week = _PER_WEEK.search(sentence)
    if per_week:
        n = per_week["n"].lower()
        n = "one" if n == "a" else n
        return f"{n} day{'' if n in ('one', '1') else 's'} a week remote"
    days = _DAYS.search(sentence)
    if days and _REMOTE_CONTEXT.search(sentence):
        first = days["a"].capitalize().rstrip("s")
        if days["b"]:
            joiner = " and " if re.search(r"\band|&", days.group(0), re.I) else " to "
            return f"remote {first}{joiner}{days['b'].capitalize().rstrip('s')}"
        return f"remote on {first}s"
    return None


def _checkin(sentence: str) -> str | None:
    match = _CHECKIN.search(sentence)
    if match:
        when = match["when"].lower()
        if not re.search(r"days|weeks", when):
            when += " days"
        plural = "check-ins" if re.search(r"\band|&|every", when) else "a check-in"
        return f"with {plural} {when}"
    weekly = _WEEKLY_CHECKIN.search(sentence)
    if weekly:
        return f"with {weekly.group(1).lower()} check-ins"
    return None
