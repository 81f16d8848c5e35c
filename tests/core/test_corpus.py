"""The judge's data: the training corpus is well formed, the blind split is frozen and
never leaks into training, and the shipped act model is the one the corpus trains to."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from repo_tools import load_tool

from sparring.core.scoring.acts import ACTS, FLAG_OF_ACT, shipped_model

# The flag kinds the act model knows (the built-in rules cover every one).
FLAG_KINDS = tuple(FLAG_OF_ACT.values())

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BLIND = ROOT / "tests" / "eval" / "blind"
ALIASES = {"apologize", "threat", "ultimatum"}
MIN_REPLIES = 600


def _rows(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path.name}:{number}"
                rows.append(row)
    return rows


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


CORPUS_ROWS = _rows(CORPUS)
# Held-out check batches (never trained on): held to the same form, and to not repeating
# the blind split either, or they would measure it twice.
CHECK_ROWS = _rows(CORPUS / "checks")
BLIND_ROWS = _rows(BLIND)


def test_the_corpus_is_big_enough_and_well_formed() -> None:
    assert len(CORPUS_ROWS) >= MIN_REPLIES
    assert CHECK_ROWS
    for row in CORPUS_ROWS + CHECK_ROWS:
        where = row["_where"]
        assert row["label"] in {"good", "bad", "mixed", "non-answer"}, where
        assert set(row.get("flags", [])) <= set(FLAG_KINDS), where
        assert row["reply"].strip(), where
        for sentence in row["sentences"]:
            assert sentence["act"] in ACTS or sentence["act"] in ALIASES, where
            assert sentence["text"].strip(), where


@pytest.mark.parametrize(
    "name",
    [
        "blindA.jsonl",
        "blindB.jsonl",
        "blindC.jsonl",
        "blindD.jsonl",
        "blindE.jsonl",
        "blindF.jsonl",
    ],
)
def test_the_blind_split_is_frozen(name: str) -> None:
    sums = dict(
        reversed(line.split())
        for line in (BLIND / "SHA256SUMS").read_text().splitlines()
        if line.strip()
    )
    assert hashlib.sha256((BLIND / name).read_bytes()).hexdigest() == sums[name]


def test_no_blind_reply_is_trained_on() -> None:
    blind = {_words(row["reply"]) for row in BLIND_ROWS}
    blind_sentences = {
        _words(s) for row in BLIND_ROWS for s in re.split(r"(?<=[.!?])\s+", row["reply"])
    }
    # Stock lines ("Sorry, I know this is a big ask.") are written independently by
    # different writers; a shared sentence of ten words or more is a copy.
    blind_sentences = {s for s in blind_sentences if len(s.split()) >= 10}
    leaked = [row["_where"] for row in CORPUS_ROWS + CHECK_ROWS if _words(row["reply"]) in blind]
    leaked += [
        row["_where"]
        for row in CORPUS_ROWS + CHECK_ROWS
        for s in row["sentences"]
        if _words(s["text"]) in blind_sentences
    ]
    rules = " ".join(
        _words(p.read_text(encoding="utf-8")) for p in (ROOT / "objections").rglob("*.yaml")
    )
    leaked += [s for s in blind_sentences if s in rules]
    assert leaked == []


def test_the_shipped_model_is_what_the_corpus_trains_to() -> None:
    """Its version names the checksum of the data it was trained from: change the corpus,
    the rules or the case suite and this fails until `make train` is run."""
    model = shipped_model()
    assert model is not None
    digest = load_tool("train_acts").corpus_digest()
    assert f"corpus sha256 {digest[:16]}" in model.version, "run `make train`"
    assert model.acts == ACTS
