"""The shape model: a run-on keyword list is not a sentence, whatever glue it has."""

from __future__ import annotations

import json
import zlib
from array import array
from pathlib import Path

import pytest
from tests.repo_tools import load_tool

from sparring.core.scoring.acts import ActModel
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.reading import read
from sparring.core.scoring.shape import (
    BUCKETS,
    LABELS,
    LIST_AT,
    ShapeModel,
    classes,
    features,
    shipped_shape_model,
)

OBJECTION = "how-will-i-know-youre-working"


def _constant(list_probability_logit: float) -> ShapeModel:
    """A shape model that gives every reply the same verdict."""
    bias = zlib.crc32(b"bias") & (BUCKETS - 1)
    row = array("d", [list_probability_logit, -list_probability_logit])
    return ShapeModel(ActModel(LABELS, {bias: row}))


def test_shape_keeps_function_words_and_classes_the_rest() -> None:
    assert classes("I'll post 3 updates on Tuesday, reviewed weekly") == [
        "ill", "W", "#", "W", "on", "DAY", "P,", "Wed", "Wly"
    ]  # fmt: skip


def test_features_are_the_same_for_the_same_text_and_each_counted_once() -> None:
    first = features("weekly update and the trial with slack")
    assert first == features("weekly update and the trial with slack")
    assert first == sorted(set(first))
    # the words themselves do not matter, only their shape
    assert first == features("monthly report and the pilot with teams")
    assert first != features("I will send a weekly update on slack")


def test_a_model_with_other_labels_is_refused() -> None:
    with pytest.raises(ValueError, match="labels"):
        ShapeModel(ActModel(("a", "b"), {}))


def test_the_reading_takes_a_list_when_the_shape_model_says_so() -> None:
    telegraphic = "Plan in Slack by 9:30 and a recap at five."
    assert read(telegraphic, shape=_constant(-8.0)).keyword_list is False
    assert read(telegraphic, shape=_constant(8.0)).keyword_list is True
    # a subject makes a sentence: the model is not asked
    sincere = "I'll post my plan in Slack by 9:30 and a recap at five."
    assert read(sincere, shape=_constant(8.0)).keyword_list is False
    assert not read(
        "You'd see my status in Slack and a shared board.", shape=_constant(8.0)
    ).keyword_list
    # the rule's lists stay lists whatever the model says
    assert read("slack status, daily standup, tickets closed", shape=_constant(-8.0)).keyword_list
    # a word or two is too short to be judged a list by shape
    assert read("Tuesdays.", shape=_constant(8.0)).keyword_list is False


def test_the_shipped_shape_model_is_what_the_corpus_trains_to() -> None:
    """Its version names the checksum of the corpus it was trained from: change the corpus
    and this fails until `make train` is run."""
    model = shipped_shape_model()
    assert model is not None
    digest = load_tool("train_shape").corpus_digest()
    assert f"corpus sha256 {digest[:16]}" in model.model.version, "run `make train`"
    assert 0.5 < LIST_AT < 1.0


# Written by the team, not taken from any labelled set: run-on lists with glue words,
# which the list rule lets through (they bind enough words), beside their sincere twins.
RUN_ON_LISTS = [
    "weekly update and the trial with slack for my deadlines and core hours",
    "morning standup with the team and a status report for you on the tracker every week",
    "thanks, a six week pilot plus the review with hr and the metrics in the dashboard",
]
SINCERE_TWINS = [
    "I'll send a weekly update in Slack, keep core hours, and we judge a trial on deadlines.",
    "I'll join the morning standup and post a status report on the tracker every Friday.",
    "Thanks. Let's run a six-week pilot, review it with HR and check the dashboard metrics.",
]


_MISSED = pytest.mark.xfail(
    strict=True,
    reason="known miss, written before the model was trained: a list that binds with"
    " 'for you', or reads as one long noun phrase, still passes for a sentence",
)


@pytest.mark.parametrize(
    "reply", [RUN_ON_LISTS[0], *(pytest.param(r, marks=_MISSED) for r in RUN_ON_LISTS[1:])]
)
def test_a_run_on_keyword_list_is_a_list(scorer: Scorer, reply: str) -> None:
    model = shipped_shape_model()
    assert model is not None
    assert model.is_list(read(reply).analysis.text)
    verdict = scorer.score(reply, OBJECTION)
    assert verdict.value < 50
    assert verdict.moves_hit == ()


@pytest.mark.parametrize("reply", SINCERE_TWINS)
def test_the_same_words_said_as_a_sentence_are_not(scorer: Scorer, reply: str) -> None:
    assert read(reply).keyword_list is False
    assert scorer.score(reply, OBJECTION).value >= 50


def _check_rows(name: str) -> list[dict[str, object]]:
    path = Path(__file__).resolve().parents[2] / "corpus" / "checks" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_on_the_held_out_check_batches_it_adds_lists_and_takes_no_good_reply() -> None:
    """checkT21/T22 were never trained on. Measured when the model shipped: of T21's 30
    run-on keyword lists the rule caught 1 and rule and model 10; of the batches' 170
    good replies, none was taken for a list."""
    rows = _check_rows("checkT21.jsonl") + _check_rows("checkT22.jsonl")
    lists = [str(r["reply"]) for r in rows if r.get("kind") == "keywords"]
    good = [str(r["reply"]) for r in rows if r.get("label") == "good"]
    assert (len(lists), len(good)) == (30, 170)
    assert sum(read(reply).keyword_list for reply in lists) >= 9
    assert [reply for reply in good if read(reply).keyword_list] == []
