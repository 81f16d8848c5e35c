"""Provides the act classifier: what one clause of a reply does.

A linear model (multinomial logistic regression) over hashed word and character n-grams,
in pure Python. Its weights are a data file in the package (`data/acts.model`), made by
`make train` (tools/train_acts.py) from the labelled corpus in `corpus/`, with a fixed
seed. Loading is lazy and happens once; classifying a clause costs a few hundred
multiply-adds.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sparring.core.scoring.analysis import NOT_NEGATION_AFTER

ACTS: tuple[str, ...] = (
    "acknowledge",
    "propose",
    "support",
    "ask",
    "challenge",
    "cave",
    "threaten",
    "apologise",
    "hedge",
    "need",
    "personal",
    "overpromise",
    "other",
)
# The flag kind each harmful act raises.
FLAG_OF_ACT: dict[str, str] = {
    "challenge": "defensive",
    "cave": "caves",
    "threaten": "ultimatum",
    "apologise": "apologetic",
    "hedge": "vague",
    "need": "i-need-opener",
    "personal": "personal-first",
    "overpromise": "overpromise",
}
ACT_OF_FLAG: dict[str, str] = {kind: act for act, kind in FLAG_OF_ACT.items()}
BUCKETS = 1 << 18
MODEL_FILE = "acts.model"
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
_DIGIT = re.compile(r"\d")


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)


def _idioms(words: list[str]) -> list[str]:
    """ "no problem", "not only": one word each, so the model does not read a refusal."""
    out: list[str] = []
    for word in words:
        if out and word in NOT_NEGATION_AFTER.get(out[-1], ()):
            out[-1] = f"{out[-1]}_{word}"
        else:
            out.append(word)
    return out


def features(text: str, before: str = "", after: str = "", position: int = 0) -> list[int]:
    """Hashed features of one clause, with a little of its neighbours and its place.

    Words and word pairs carry most of the signal; character n-grams inside words carry
    typos and word endings ("defensiv", "sorryyy"); the neighbours' words are marked as
    context so "As if." can make the clause before it a mocking one.
    """
    lowered = text.lower().replace("’", "'")
    words = _idioms(_WORD.findall(lowered))
    feats: list[str] = ["bias"]
    padded = ["<s>", *words, "</s>"]
    feats += ["w:" + w for w in words]
    feats += ["b:" + a + "_" + b for a, b in itertools.pairwise(padded)]
    feats += ["t:" + "_".join(padded[i : i + 3]) for i in range(len(padded) - 2)]
    for word in words:
        if len(word) > 3:
            marked = f"<{word}>"
            feats += ["c:" + marked[i : i + 4] for i in range(len(marked) - 3)]
    if lowered.rstrip().endswith("?"):
        feats.append("q")
    if _DIGIT.search(lowered):
        feats.append("digit")
    for tag, neighbour in (("p", before), ("n", after)):
        for word in _WORD.findall(neighbour.lower())[:6]:
            feats.append(f"{tag}:{word}")
    return [_bucket(f) for f in feats]


@dataclass(frozen=True)
class ActModel:
    """Weights for each act over the hashed features (only buckets seen in training)."""

    acts: tuple[str, ...]
    weights: dict[int, array[float]]  # bucket -> one weight per act
    version: str = ""

    def probabilities(self, feats: Sequence[int]) -> list[float]:
        """The softmax over acts for one clause's features."""
        totals = [0.0] * len(self.acts)
        for bucket in feats:
            row = self.weights.get(bucket)
            if row is None:
                continue
            for index, weight in enumerate(row):
                totals[index] += weight
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        whole = sum(exps)
        return [e / whole for e in exps]

    def classify(self, feats: Sequence[int]) -> tuple[str, float, dict[str, float]]:
        """The most likely act, its probability, and every act's probability."""
        probs = self.probabilities(feats)
        best = max(range(len(probs)), key=probs.__getitem__)
        return self.acts[best], probs[best], dict(zip(self.acts, probs, strict=True))

    def dumps(self) -> str:
        """The model as a small text file: a JSON header and packed int8 weights."""
        buckets = sorted(self.weights)
        flat = [w for b in buckets for w in self.weights[b]]
        scale = max((abs(w) for w in flat), default=1.0) / 127 or 1.0
        packed = array("b", [max(-127, min(127, round(w / scale))) for w in flat])
        ids = array("I", buckets)
        header = {
            "acts": list(self.acts),
            "buckets": len(buckets),
            "scale": scale,
            "version": self.version,
        }
        body = zlib.compress(ids.tobytes() + packed.tobytes(), 9)
        return json.dumps(header) + "\n" + base64.b64encode(body).decode("ascii") + "\n"

    @classmethod
    def loads(cls, text: str) -> ActModel:
        """Read a model written by `dumps`."""
        head, body = text.split("\n", 1)
        header = json.loads(head)
        raw = zlib.decompress(base64.b64decode(body.strip()))
        count = int(header["buckets"])
        ids = array("I")
        ids.frombytes(raw[: 4 * count])
        packed = array("b")
        packed.frombytes(raw[4 * count :])
        acts = tuple(header["acts"])
        width = len(acts)
        scale = float(header["scale"])
        weights = {
            bucket: array("d", (packed[i * width + k] * scale for k in range(width)))
            for i, bucket in enumerate(ids)
        }
        return cls(acts, weights, str(header.get("version", "")))


def packaged_model(name: str) -> ActModel | None:
    """A model file shipped in the package's `data/`; None when it is missing or broken."""
    try:
        text = resources.files("sparring.core.scoring").joinpath("data", name).read_text("utf-8")
        return ActModel.loads(text)
    except (OSError, ValueError, KeyError, zlib.error):
        return None


@lru_cache(maxsize=1)
def shipped_model() -> ActModel | None:
    """The act model in the package, loaded once; None when it is missing or broken."""
    model = packaged_model(MODEL_FILE)
    return model if model is not None and set(model.acts) <= set(ACTS) else None


def train(
    samples: Iterable[tuple[list[int], str]],
    *,
    epochs: int = 12,
    rate: float = 0.3,
    l2: float = 1e-5,
    seed: int = 7,
    labels: tuple[str, ...] = ACTS,
) -> ActModel:
    """Fit the model with Adagrad on softmax loss; the same samples and seed, same weights.

    `labels` are the classes (the acts by default; the shape model has two).
    """
    import random

    data = list(samples)
    rng = random.Random(seed)
    width = len(labels)
    index = {label: i for i, label in enumerate(labels)}
    weights: dict[int, list[float]] = {}
    grads: dict[int, list[float]] = {}
    for _ in range(epochs):
        rng.shuffle(data)
        for feats, act in data:
            rows = [weights.setdefault(b, [0.0] * width) for b in feats]
            totals = [0.0] * width
            for row in rows:
                for k in range(width):
                    totals[k] += row[k]
            top = max(totals)
            exps = [math.exp(t - top) for t in totals]
            whole = sum(exps)
            target = index[act]
            error = [e / whole - (1.0 if k == target else 0.0) for k, e in enumerate(exps)]
            for bucket, row in zip(feats, rows, strict=True):
                acc = grads.setdefault(bucket, [1e-8] * width)
                for k in range(width):
                    g = error[k] + l2 * row[k]
                    acc[k] += g * g
                    row[k] -= rate * g / math.sqrt(acc[k])
    kept = {b: array("d", row) for b, row in weights.items() if any(abs(w) > 1e-3 for w in row)}
    return ActModel(labels, kept)
