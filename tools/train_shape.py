"""Trains the shape model (is a reply a keyword list?) and writes the shipped weights.

Usage: python tools/train_shape.py [--check] [--folds]

Every `corpus/*.jsonl` reply is a sample: "list" when its kind is `keywords`, else
"sentence"; so is each good, terse or quiet reply of the case suite (tests/core/cases).
Each list also gives glue-word variants ("slack, weekly update, trial" ->
"slack and weekly update with the trial"), lowercased or stripped of punctuation at
random, and some good replies give a stripped variant as sentences, so that neither a
glue word nor missing punctuation decides. Fixed seed; writes
src/sparring/core/scoring/data/shape.model. `--folds` first reports leave-one-batch-out
figures (lists caught, good and other replies taken for lists, at several thresholds)
on top of the judge's list rule. `--check` trains and fails if the result differs from
the shipped file.

Never add the blind split (tests/eval/blind) or the dev replies to the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from train_acts import case_replies, files_digest, write_or_check  # noqa: E402

from sparring.core.scoring.acts import ActModel, train  # noqa: E402
from sparring.core.scoring.normalise import normalise  # noqa: E402
from sparring.core.scoring.shape import (  # noqa: E402
    LABELS,
    LIST_AT,
    MODEL_FILE,
    features,
    has_subject,
)

CORPUS = ROOT / "corpus"
OUT = ROOT / "src" / "sparring" / "core" / "scoring" / "data" / MODEL_FILE
SEED = 7
EPOCHS = 8
VARIANTS = 3
_GLUE = ("and", "with", "for", "plus", "and my", "on the", "by", "and the", "with my",
         "for the", "every", "on")  # fmt: skip
_ITEM_BREAK = re.compile(r"\s*(?:[,;/|\n\u2022*+]|\s-\s|->|\u2192)\s*")
_PUNCT = re.compile(r"[.,!?;:]")


def corpus_rows() -> list[dict[str, Any]]:
    """Every corpus reply, with the batch it came from."""
    rows: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["_batch"] = path.stem
                rows.append(row)
    return rows


def corpus_digest() -> str:
    """A checksum of what the shape model is trained from: the corpus, the case suite and
    the settings."""
    return files_digest(f"{SEED} {EPOCHS} {VARIANTS} {_GLUE}").hexdigest()


def _glued(text: str, rng: random.Random) -> str:
    """A keyword list run on with glue words, as people type one without punctuation."""
    items = [item for item in _ITEM_BREAK.split(text) if item.strip()]
    if len(items) >= 2:
        parts = [items[0]]
        for item in items[1:]:
            if rng.random() < 0.7:
                parts.append(rng.choice(_GLUE))
            parts.append(item)
        text = " ".join(parts)
    else:
        text = re.sub(r"[^\w\s]", " ", text)
    if rng.random() < 0.6:
        text = text.lower()
    if rng.random() < 0.5:
        text = _PUNCT.sub("", text)
    return " ".join(text.split())


def _stripped(text: str, rng: random.Random) -> str:
    """A sentence typed in lowercase with no punctuation: still a sentence."""
    text = text.lower() if rng.random() < 0.7 else text
    return " ".join(_PUNCT.sub(" ", text).split())


def samples(rows: list[dict[str, Any]], seed: int = SEED) -> list[tuple[list[int], str]]:
    """The training samples of these rows, variants included, the same for the same seed."""
    rng = random.Random(seed)
    out: list[tuple[list[int], str]] = []
    for row in rows:
        reply = row["reply"]
        is_list = row.get("kind") == "keywords"
        out.append((features(normalise(reply).text), LABELS[0 if is_list else 1]))
        if is_list:
            for _ in range(VARIANTS):
                out.append((features(normalise(_glued(reply, rng)).text), LABELS[0]))
        elif row.get("label") == "good" and rng.random() < 0.5:
            out.append((features(normalise(_stripped(reply, rng)).text), LABELS[1]))
    return out


def fit(rows: list[dict[str, Any]]) -> ActModel:
    """The shape model trained on these rows and the case suite's sentences."""
    cases = [(features(normalise(r).text), LABELS[1]) for r in case_replies()]
    return train(samples(rows) + cases, epochs=EPOCHS, seed=SEED, labels=LABELS)


def folds(rows: list[dict[str, Any]]) -> None:
    """Leave one batch out: what the model adds to the judge's list rule, held out."""
    from sparring.core.scoring.reading import _keyword_list, read

    thresholds = (0.5, 0.7, 0.8, 0.9, 0.95)
    counts: Counter[tuple[float, str]] = Counter()
    lists = by_rule = 0
    for batch in sorted({r["_batch"] for r in rows}):
        model = fit([r for r in rows if r["_batch"] != batch])
        for row in (r for r in rows if r["_batch"] == batch):
            text = normalise(row["reply"]).text
            rule = _keyword_list(read(row["reply"]).clauses)
            p = model.probabilities(features(text))[0]
            is_list = row.get("kind") == "keywords"
            lists += is_list
            by_rule += is_list and rule
            for t in thresholds:
                if rule or p < t or has_subject(text):
                    continue
                what = "list" if is_list else "good" if row.get("label") == "good" else "other"
                counts[t, what] += 1
    print(f"held-out keyword lists: {lists}, caught by the rule alone: {by_rule}")
    for t in thresholds:
        mark = " (shipped)" if t == LIST_AT else ""
        print(
            f"  at {t}{mark}: the model adds {counts[t, 'list']} lists;"
            f" takes {counts[t, 'good']} good and {counts[t, 'other']} other replies for lists"
        )


def main(argv: list[str] | None = None) -> int:
    """Train, report and write (or check) the shipped shape model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped file differs")
    parser.add_argument("--folds", action="store_true", help="leave-one-batch-out figures")
    args = parser.parse_args(argv)
    rows = corpus_rows()
    lists = sum(r.get("kind") == "keywords" for r in rows)
    print(f"{len(rows)} corpus replies, {lists} keyword lists")
    if args.folds:
        folds(rows)
    model = fit(rows)
    model = ActModel(
        model.acts,
        model.weights,
        version=f"seed {SEED}, epochs {EPOCHS}, {len(rows)} replies, {lists} lists,"
        f" corpus sha256 {corpus_digest()[:16]}",
    )
    return write_or_check(OUT, model.dumps(), args.check, "shape model")


if __name__ == "__main__":
    raise SystemExit(main())
