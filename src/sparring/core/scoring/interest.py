"""Provides the judge's third layer: whose interest a "want", "need" or "sorry" serves.

"I need to work from home" asks for a favour; "I want to make sure you're covered", "you
said you need me here", "the team needs a rota" and "sorry to hear that" do not. The
decision comes from the clause's grammar, read off the words around the wish: who the
subject is (the speaker, or someone else) and what the object is (the speaker's own
request, or the manager, the team and the work).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
WISHES = frozenset(
    {"need", "needs", "needed", "want", "wants", "wanted", "love", "like", "wish", "hope",
     "sorry", "apologise", "apologize", "apologies"}
)  # fmt: skip
_SELF = frozenset({"i", "me", "my", "myself", "im", "id", "ive"})
_OTHERS = frozenset(
    {"you", "your", "youre", "yours", "u", "we", "our", "us", "they", "their", "he", "she",
     "his", "her", "it", "team", "teams", "clients", "client", "customers", "company",
     "business", "project", "manager", "everyone", "people", "juniors", "office", "who",
     "nobody", "anyone", "someone", "policy", "hr", "leadership", "boss"}
)  # fmt: skip
# What a wish may be for that serves the manager, the team or the work (its object).
_SERVES = frozenset(
    {"you", "your", "yours", "team", "teams", "clients", "client", "customers", "project",
     "covered", "cover", "sure", "ensure", "confident", "comfortable", "informed", "visible",
     "reachable", "worry", "worried", "concern", "concerns", "risk", "risks", "deadline",
     "deadlines", "hear", "heard", "happened", "propose", "suggest", "offer", "show",
     "walk", "outline", "share", "understand", "know", "check", "agree", "discuss",
     "explain", "clarify", "specific", "clear", "answer", "address", "help", "job"}
)  # fmt: skip
# What a wish may be for that is the speaker's own favour (its object).
_OWN = frozenset(
    {"home", "remote", "remotely", "wfh", "flexibility", "flexible", "this", "it", "break",
     "ask", "asking", "bother", "bothering", "bring", "raise", "raising", "trouble",
     "burden", "request", "favour", "favor", "commute", "kids", "sleep", "time", "days",
     "away", "office", "permission", "approval", "yes"}
)  # fmt: skip
_HELPERS = frozenset({"d", "would", "really", "just", "do", "so", "am", "m", "truly", "very"})


def words(text: str) -> list[str]:
    """The clause's words, lowercased, apostrophes dropped ("I'd" -> "id")."""
    return _WORD.findall(text.lower().replace("'", "").replace("’", ""))


def own_favour(text: str) -> bool | None:
    """Whether the clause's wish frames the speaker's own favour or apology for asking.

    None when the clause has no wish at all; True when its subject is the speaker and its
    object the speaker's request; False when the subject is someone else or the wish is
    for the manager, the team or the work.
    """
    tokens = words(text)
    if re.search(r"\b(?:sorry|apologies)\s*,\s*$", text, re.I):
        return True  # "..., sorry, but could I": the apology leads into the request
    verdicts: list[bool] = []
    for index, word in enumerate(tokens):
        if word not in WISHES:
            continue
        if word == "like" and not (index and tokens[index - 1] in {"d", "would", "id"}):
            continue  # "like" is a wish only as "I'd like"
        if word == "hope" and not (index and tokens[index - 1] in _SELF | {"i"}):
            continue
        verdicts.append(_own(tokens, index))
    if not verdicts:
        return None
    return any(verdicts)


def _subject(tokens: list[str], index: int) -> str | None:
    """The nearest pronoun or noun before the wish, skipping helpers like "would really"."""
    for back in range(index - 1, max(-1, index - 5), -1):
        word = tokens[back]
        if word in _HELPERS:
            continue
        if word in {"said", "say", "says", "told", "mentioned"}:
            return "other"  # reported words: "you said you need me here"
        if word in _SELF or word in {"id", "im"}:
            return "self"
        if word in _OTHERS:
            return "other"
        return None
    return None


def _own(tokens: list[str], index: int) -> bool:
    word = tokens[index]
    before = tokens[max(0, index - 6) : index]
    if any(w in {"said", "say", "says", "told", "mentioned"} for w in before):
        return False
    subject = _subject(tokens, index)
    after = tokens[index + 1 : index + 7]
    if word in {"sorry", "apologies", "apologise", "apologize"}:
        return _own_apology(tokens, index, subject)
    if subject == "other":
        return False
    # "I hope you don't mind me bringing this up", "I don't want to be a pain": the wish is
    # about the asking itself, whoever else the clause names.
    if any(w in _ASKING for w in after[:6]):
        return True
    if any(w in _SERVES for w in after[:5]):
        return False
    # "I want that too", "I want that as much as you do": the manager's aim, shared.
    if after[:1] == ["that"] and ("too" in after[:3] or after[1:3] == ["as", "much"]):
        return False
    # No subject of the speaker's own ("the team needs...", "what the role needs"): not
    # the speaker's favour, unless the wish opens the clause ("Need Fridays at home.").
    return not (subject is None and index > 0)


_EMPATHY = frozenset({"hear", "see", "learn", "read", "that", "you", "your", "about"})


def _own_apology(tokens: list[str], index: int, subject: str | None) -> bool:
    """Whether a "sorry" apologises for asking, not for someone's trouble or a slip.

    "sorry to ask", "sorry for bothering you", "sorry to bring this up": the speaker's own
    apology for the request. "sorry to hear that", "sorry about the audit", "sorry you had
    to deal with it": empathy. A bare "sorry" opening the clause ("I'm so sorry, I know
    it's a lot") apologises; one that ends it ("let me be more specific, sorry") corrects.
    """
    if subject == "other":
        return False
    after = tokens[index + 1 : index + 5]
    if not after:
        return index <= 3 and len(tokens) <= 4
    head = after[0]
    second = after[1] if len(after) > 1 else ""
    if head == "to" and second == "be":
        return not _corrects(after)
    if head == "to":
        # "sorry to hear/see/learn that": empathy; "sorry to put you on the spot", "sorry to
        # ask", "sorry to bother you": the speaker's own apology for asking.
        return second not in _PERCEIVE
    if head == "for":
        # "sorry for being difficult", "sorry for asking": a gerund is the speaker's own doing;
        # "sorry for your loss", "sorry for the delay": someone's trouble or a slip.
        return second.endswith("ing") or any(w in _OWN for w in after[1:3])
    if head in {"about", "that"}:
        return any(w in _OWN for w in after[1:4]) and not any(w in _SERVES for w in after[1:4])
    if _corrects(after):
        return False  # "sorry, let me be more specific", "sorry, to be clear", "sorry, I mean"
    if head in {"if", "but"} or head in _SELF or head == "just":
        return True  # "sorry if this is a lot", "sorry, but", "sorry, I just thought"
    if head in _EMPATHY:
        return False
    return index <= 3


# Words after a "sorry" that correct what the speaker said, not apologise for asking.
_CORRECTION = (
    ("let", "me"),
    ("to", "be", "clear"),
    ("to", "be", "clearer"),
    ("to", "be", "precise"),
    ("to", "be", "specific"),
    ("to", "be", "exact"),
    ("to", "be", "more"),
    ("i", "mean"),
    ("i", "meant"),
    ("i", "should"),
    ("scratch",),
    ("correction",),
    ("typo",),
    ("wait",),
    ("rather",),
)


def _corrects(after: list[str]) -> bool:
    return any(tuple(after[: len(cue)]) == cue for cue in _CORRECTION)


_ASKING = frozenset(
    {
        "mind",
        "bother",
        "bothering",
        "pain",
        "nuisance",
        "bringing",
        "asking",
        "trouble",
        "burden",
        "favour",
        "favor",
        "imposing",
        "impose",
    }
)
_PERCEIVE = frozenset({"hear", "see", "learn", "read", "find", "say", "hearing", "seeing"})
