"""Provides the shape model: whether a reply is a sentence or a list of keywords.

A keyword list names what a manager wants to hear without a sentence saying who will do
what: "daily standup and weekly report for the team with my KPIs every friday". Its
words say nothing a sentence would not; its *shape* gives it away. So the model reads
the shape only: each function word stays itself (pronouns, auxiliaries, articles,
prepositions), every other word becomes its class (a word, a number, a day, an "-ing"
or "-ed" form), and the features are n-grams of that, plus how much of the reply binds
(function words), whether anything can be a subject and the longest run of bare words.

A reply with a subject ("I", "you'd", "they'll") is a sentence and is not asked. It is a
two-class linear model in the act model's format (`data/shape.model`), trained by
`make train` (tools/train_shape.py) on the corpus's keyword lists, with glue-word
variants, against its other replies and the case suite's terse ones; loaded lazily once.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from itertools import pairwise

from sparring.core.scoring.acts import ActModel, packaged_model
from sparring.core.scoring.interest import words

# Words that hold a sentence together (pronouns, auxiliaries, articles, prepositions,
# conjunctions). A keyword list has few of them; even terse texting has some.
FUNCTION_WORDS = frozenset(
    {"i", "we", "you", "it", "he", "she", "they", "me", "us", "him", "them", "is", "are",
     "be", "been", "would", "will", "can", "could", "should", "shall", "may", "might",
     "must", "do", "does", "did", "have", "has", "had", "was", "were", "am", "ll", "d", "m",
     "s", "re", "ve", "to", "the", "a", "an", "that", "this", "these", "those", "if", "so",
     "and", "but", "or", "because", "of", "in", "on", "at", "by", "for", "with", "from",
     "about", "as", "into", "than", "then", "when", "while", "what", "which", "who", "how",
     "let", "lets", "there", "here", "not", "no", "each", "every", "any", "some", "your",
     "our", "their", "its", "his", "her",
     # contracted as interest.words spells them, and the commonest binding prepositions
     "thats", "im", "ive", "id", "ill", "youre", "theyre", "weve", "dont", "wont",
     "cant", "isnt", "arent", "doesnt", "didnt", "wouldnt", "couldnt", "after", "before",
     "until", "over", "up", "out", "just", "all", "my",
     # prepositions that bind a telegraphic plan: "replies inside 30 min during 9-5"
     "inside", "within", "during", "per", "via", "through", "across", "between", "under"}
)  # fmt: skip
# Words that can be (or stand in for) the subject of a clause.
SUBJECTS = frozenset(
    {"i", "we", "you", "they", "he", "she", "it", "ll", "d", "m", "will", "would", "can",
     "could", "let", "lets", "is", "are", "im", "id", "ill"}
)  # fmt: skip
# A subject (or a contraction with one) makes a clause: "You'd see my status in Slack"
# is a sentence however list-like its shape, so the model is not asked.
_SUBJECT_WORDS = SUBJECTS | {
    "youd", "youll", "youre", "youve", "theyd", "theyll", "theyre", "theyve", "weve",
    "ive", "hes", "shes", "itll", "theres",
}  # fmt: skip
MODEL_FILE = "shape.model"
LABELS: tuple[str, str] = ("list", "sentence")
BUCKETS = 1 << 18
# The probability of "list" at which a reply counts as a keyword list: the highest that
# keeps what the model adds on held-out data (tools/train_shape.py --folds: 14 of the 30
# lists the rule misses, 1 good reply of about 1,500 taken for one; check batch T21).
LIST_AT = 0.95
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[,.;:!?\n+/&-]")
_DAY = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|mon|tue|tues|wed|thu|thur|thurs|fri)$"
)


def classes(text: str) -> list[str]:
    """The reply's tokens as their shape: function words kept, other words by class."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        word = token.replace("'", "").replace("’", "")
        if word in FUNCTION_WORDS:
            out.append(word)
        elif any(ch.isdigit() for ch in word):
            out.append("#")
        elif not word[0].isalnum():
            out.append("P" + ("n" if word == "\n" else word))
        elif _DAY.match(word):
            out.append("DAY")
        elif word.endswith("ing"):
            out.append("Wing")
        elif word.endswith("ed"):
            out.append("Wed")
        elif word.endswith("ly"):
            out.append("Wly")
        else:
            out.append("W")
    return out


def features(text: str) -> list[int]:
    """Hashed shape features of a whole reply (normalised text), each once."""
    shape = ["<s>", *classes(text), "</s>"]
    names = {"bias"}
    for n in (1, 2, 3, 4):
        for i in range(len(shape) - n + 1):
            names.add("g:" + " ".join(shape[i : i + n]))
    words = [c for c in shape[1:-1] if not c.startswith("P")]
    count = max(1, len(words))
    bound = sum(c in FUNCTION_WORDS for c in words)
    names.add(f"ratio:{min(5, 10 * bound // count)}")
    names.add(f"len:{min(6, count // 4)}")
    names.add(f"subject:{int(any(c in SUBJECTS for c in words))}")
    run = best = 0
    for c in words:
        run = run + 1 if c in {"W", "Wing", "Wed", "Wly", "#", "DAY"} else 0
        best = max(best, run)
    names.add(f"run:{min(6, best)}")
    names.update(f"pair:{a}>{b}" for a, b in pairwise(("<s>", *words[:2])))
    return sorted(zlib.crc32(name.encode("utf-8")) & (BUCKETS - 1) for name in names)


class ShapeModel:
    """The trained shape model: the probability that a reply is a keyword list."""

    def __init__(self, model: ActModel) -> None:
        if tuple(model.acts) != LABELS:
            raise ValueError(f"a shape model has the labels {LABELS}, not {model.acts}")
        self.model = model

    def list_probability(self, text: str) -> float:
        """How likely the (normalised) reply is a list of keywords rather than a sentence."""
        return self.model.probabilities(features(text))[0]

    def is_list(self, text: str) -> bool:
        """Whether the reply reads as a keyword list: no subject, and a list's shape."""
        return not has_subject(text) and self.list_probability(text) >= LIST_AT


def has_subject(text: str) -> bool:
    """Whether any word of the reply is a subject or a contraction with one."""
    return bool(_SUBJECT_WORDS.intersection(words(text)))


@lru_cache(maxsize=1)
def shipped_shape_model() -> ShapeModel | None:
    """The shape model in the package, loaded once; None when it is missing or broken."""
    model = packaged_model(MODEL_FILE)
    return ShapeModel(model) if model is not None and model.acts == LABELS else None
