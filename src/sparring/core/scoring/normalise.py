"""Provides the first layer of the judge: shorthand and spelling variants made plain.

"tue/thu", "EOD", "wfh", "9-5", "w/", "1:1", "thirty days", curly quotes and "sooo" all
become the words the later layers read ("tuesday and thursday", "end of day", ...). The
normalised text keeps a map back to the original, so every span the judge reports is a
span of what the user typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Plain word-for-word shorthand (matched case-insensitively, whole words only).
_SHORTHAND: dict[str, str] = {
    "eod": "end of day",
    "cob": "close of business",
    "eow": "end of week",
    "wfh": "work from home",
    "wfo": "work from the office",
    "hrs": "hours",
    "hr": "hour",
    "mins": "minutes",
    "secs": "seconds",
    "wk": "week",
    "wks": "weeks",
    "mo": "month",
    "mos": "months",
    "mths": "months",
    "yr": "year",
    "yrs": "years",
    "asap": "as soon as possible",
    "b/c": "because",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "tbh": "to be honest",
    "imo": "in my opinion",
    "imho": "in my opinion",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thank you",
    "u": "you",
    "ur": "your",
    "r": "are",
    "ppl": "people",
    "abt": "about",
    "rn": "right now",
    "idk": "i don't know",
    "ofc": "of course",
    "mgr": "manager",
    "mtg": "meeting",
    "mtgs": "meetings",
    "msg": "message",
    "msgs": "messages",
    "convo": "conversation",
    "approx": "about",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "have to",
    "lemme": "let me",
    "dunno": "don't know",
    "ok": "okay",
    "k": "okay",
    "1:1": "one-to-one",
    "1-1": "one-to-one",
    "1on1": "one-to-one",
    "1-on-1": "one-to-one",
    "w/": "with",
    "w/o": "without",
}

_DAYS: dict[str, str] = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
    "monday": "monday",
    "tuesday": "tuesday",
    "wednesday": "wednesday",
    "thursday": "thursday",
    "friday": "friday",
    "saturday": "saturday",
    "sunday": "sunday",
}
# Shorthand that is also a word of its own, spelled out only after a number or a word
# that counts it: "2 hr", "per hr" are hours; "a review with hr" is the HR team.
_AFTER_A_COUNT = frozenset({"hr"})
_COUNT_BEFORE = re.compile(r"(?:\d|\b(?:an|a|per|each|every|one|half)\s)\s*$", re.I)
_LETTER_DAYS = {"m": "monday", "t": "tuesday", "w": "wednesday", "th": "thursday", "f": "friday"}
# Short day names that are also English words, or single letters: a day only inside a
# list or range of days ("tue/thu", "mon-wed", "m/w/f").
_AMBIGUOUS_DAYS = frozenset({"sat", "sun", "wed", "mon"})

_UNITS = (
    r"(?:days?|weeks?|months?|hours?|hrs?|minutes?|mins?|seconds?|times?|years?|pm|am|"
    r"o'?clock|percent|tickets?|people|x)"
)
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted([*_ONES, *_TENS], key=len, reverse=True))
_DAY_WORD = "|".join(sorted(_DAYS, key=len, reverse=True))

_PATTERN = re.compile(
    "|".join(
        [
            # Lists and ranges of days: tue/thu, mon-wed, m/w/f, tues & thurs.
            rf"(?P<days>\b(?:{_DAY_WORD})\.?(?:\s*(?:/|-|–|&|,|\+|,?\s+and\b)\s*(?:{_DAY_WORD})\b\.?)+)",
            # Single-letter days, only with slashes: m/w/f, t/th.
            r"(?P<letters>\b(?:th|[mtwf])(?:/(?:th|[mtwf]))+\b)",
            # A lone day abbreviation that is not also a word.
            r"(?P<day>\b(?:tues?|thurs?|thu|fri|weds)\b\.?)",
            # Hour ranges: 9-5, 10–4, 9am-5pm, 8:30-4:30.
            r"(?P<hours>\b(?P<h1>\d{1,2}(?::\d\d)?\s*(?:am|pm)?)\s*(?:-|–|to)\s*"
            r"(?P<h2>\d{1,2}(?::\d\d)?\s*(?:am|pm)?)(?=\W|$)(?!\s*(?:days?|weeks?|months?)))",
            # Numbers in words before a unit: "thirty days", "ninety-day", "twenty four hours".
            rf"(?P<num>\b(?P<n1>{_NUMBER_WORD})(?:[\s-](?P<n2>{_NUMBER_WORD}))?"
            rf"(?=[\s-]+{_UNITS}\b))",
            # Shorthand with a slash or a colon, then plain shorthand words.
            r"(?P<slash>(?<![\w/])(?:w/o|w/|b/c|1:1|1-on-1|1-1|1on1)(?![\w/:]))",
            r"(?P<word>\b(?:"
            + "|".join(sorted(map(re.escape, _SHORTHAND), key=len, reverse=True))
            + r")\b)",
            # Curly quotes and the like.
            r"(?P<quote>[‘’‚‛′])|(?P<dquote>[“”„‟″])",
            # A letter said three times or more: "sooo", "pleeease".
            r"(?P<repeat>(?P<letter>[a-zA-Z])(?P=letter){2,})",
        ]
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Normalised:
    """Normalised text, with each of its characters' span in the original."""

    text: str
    original: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of a normalised one."""
        if not self.text or start >= end:
            point = self.starts[start] if start < len(self.starts) else len(self.original)
            return point, point
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.starts[start], self.ends[end - 1]


def _day_list(text: str) -> str:
    names = [
        _DAYS[p.lower().rstrip(".")] for p in re.split(r"\s*(?:/|-|–|&|,?\s+and\s+|,|\+)\s*", text)
    ]
    if re.search(r"[-–]", text) and len(names) == 2:
        return f"{names[0]} to {names[1]}"
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def _replacement(match: re.Match[str]) -> str | None:
    group = match.lastgroup
    text = match.group()
    if group == "days":
        parts = [
            p.lower().rstrip(".") for p in re.split(r"\s*(?:/|-|–|&|,?\s+and\s+|,|\+)\s*", text)
        ]
        if all(p in _AMBIGUOUS_DAYS for p in parts) and not re.search("[/-]", text):
            return None  # "sat, sun" could be anything: leave it
        return _day_list(text)
    if group == "letters":
        names = [_LETTER_DAYS[p] for p in text.lower().split("/")]
        return ", ".join(names[:-1]) + f" and {names[-1]}"
    if group == "day":
        return _DAYS[text.lower().rstrip(".")]
    if group == "hours":
        return f"{match['h1']} to {match['h2']}"
    if group == "num":
        value = _ONES.get(match["n1"].lower()) or _TENS.get(match["n1"].lower(), 0)
        if match["n2"]:
            second = _ONES.get(match["n2"].lower(), 0)
            if match["n1"].lower() not in _TENS or second >= 10:
                return None
            value += second
        return str(value)
    if text.lower() in _AFTER_A_COUNT and not _COUNT_BEFORE.search(match.string[: match.start()]):
        return None
    if group in ("slash", "word"):
        return _SHORTHAND[text.lower()]
    if group == "quote":
        return "'"
    if group == "dquote":
        return '"'
    if group == "repeat":
        return text[0] * 2 if text[0].lower() in "eo" else text[0]
    return None


def normalise(text: str) -> Normalised:
    """The reply with its shorthand spelled out, and the map back to what was typed."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for match in _PATTERN.finditer(text):
        replacement = _replacement(match)
        if replacement is None:
            continue
        begin, finish = match.span()
        for index in range(at, begin):
            out.append(text[index])
            starts.append(index)
            ends.append(index + 1)
        out.append(replacement)
        starts.extend([begin] * len(replacement))
        ends.extend([finish] * len(replacement))
        at = finish
    for index in range(at, len(text)):
        out.append(text[index])
        starts.append(index)
        ends.append(index + 1)
    return Normalised("".join(out), text, tuple(starts), tuple(ends))
