"""Provides trial terms read from the user's replies: length, schedule and check-ins."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
_CLOCK = r"(?:\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm)?|noon)"
_HOURS = re.compile(
    rf"\b(?:from\s)?(?P<a>{_CLOCK})\s?(?:to|-|until|till|through)\s?(?P<b>{_CLOCK})\b",
    re.IGNORECASE,
)
_HOURS_CONTEXT = re.compile(
    r"\b(online|available|reachable|hours|working|work|logged|on\s(?:slack|teams))\b", re.I
)
_CHANNELS = {
    "slack": "Slack",
    "teams": "Teams",
    "zoom": "Zoom",
    "phone": "phone",
    "mobile": "mobile",
    "email": "email",
    "e-mail": "email",
    "whatsapp": "WhatsApp",
    "video": "video",
}
_CHANNEL = re.compile(r"\b(" + "|".join(map(re.escape, _CHANNELS)) + r")\b", re.IGNORECASE)
# Clauses that do not offer anything: arguing, giving up, threatening.
NOT_OFFERED = frozenset({"challenge", "cave", "threaten"})


@dataclass(frozen=True)
class Terms:
    """What the user proposed so far: each part as the manager would repeat it."""

    length: str | None = None
    schedule: str | None = None
    checkin: str | None = None
    hours: str | None = None
    channels: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.length or self.schedule or self.checkin or self.hours or self.channels)

    def merged(self, later: Terms) -> Terms:
        """These terms refined by a later reply: what it names wins, channels add up."""
        channels = self.channels + tuple(c for c in later.channels if c not in self.channels)
        return replace(
            self,
            length=later.length or self.length,
            schedule=later.schedule or self.schedule,
            checkin=later.checkin or self.checkin,
            hours=later.hours or self.hours,
            channels=channels,
        )

    def agreement(self) -> str | None:
        """The terms of a deal, e.g. `a 90-day trial, remote Tuesday to Thursday`."""
        if not (self.length or self.schedule or self.checkin):
            return None
        parts = [f"a {self.length} trial" if self.length else "a trial"]
        parts += [p for p in (self.schedule, self.checkin) if p]
        return ", ".join(parts)

    def heard(self) -> str | None:
        """What one reply offered, as the manager repeats it back, or None."""
        parts = [f"a {self.length} trial"] if self.length else []
        parts += [p for p in (self.schedule, self.hours, self.checkin) if p]
        if self.channels:
            parts.append("on " + " and ".join(self.channels[:2]))
        return ", ".join(parts) or None


def offered(reply: str, acts: Sequence[tuple[int, int, str]] = ()) -> str:
    """The parts of a reply that offer something: every clause but arguing, caving, threats.

    "I won't do Fridays in the office" offers nothing, so the manager never repeats it.
    Without acts (no model), the whole reply.
    """
    if not acts:
        return reply
    return " ".join(reply[a:b] for a, b, act in acts if act not in NOT_OFFERED)


def read_terms(replies: Sequence[str]) -> Terms:
    """The terms named in the replies; later replies win, since people refine their offer."""
    terms = Terms()
    for reply in replies:
        for sentence in re.split(r"(?<=[.!?;])\s+", reply):
            found = Terms(
                length=_length(sentence),
                schedule=_schedule(sentence),
                checkin=_checkin(sentence),
                hours=_hours(sentence),
                channels=_channels(sentence),
            )
            terms = terms.merged(found)
    return terms


def extract_terms(replies: Sequence[str]) -> str | None:
    """Trial terms named in the replies, e.g. `a 90-day trial, remote Tuesday to Thursday`.

    Later replies win over earlier ones, since people refine their offer as they go.
    Returns None when no reply names any term.
    """
    return read_terms(replies).agreement()


def _hours(sentence: str) -> str | None:
    match = _HOURS.search(sentence)
    if not match or not _HOURS_CONTEXT.search(sentence):
        return None
    a, b = (re.sub(r"\s+", "", match[k].lower()).replace(".", ":") for k in ("a", "b"))
    if not (re.search(r"\d", a) or a == "noon") or a == b:
        return None
    if a.isdigit() and b.isdigit() and (int(a) > 24 or int(b) > 24):
        return None  # "10 to 15 minutes" is not hours
    tail = sentence[match.end() : match.end() + 9].lower().lstrip()
    if tail.startswith(("min", "hour", "day", "week", "month", "people", "%", "percent")):
        return None
    return f"online {a} to {b}"


def _channels(sentence: str) -> tuple[str, ...]:
    found: list[str] = []
    for match in _CHANNEL.finditer(sentence):
        name = _CHANNELS[match.group(1).lower()]
        if name not in found:
            found.append(name)
    return tuple(found)


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
