"""The judge on the frozen blind split: the figures may not fall below what was measured.

The floors are the figures measured when the shipped model was trained (see the closing
note of the judge issue), less two points for the noise of a retrain. They guard against
a change that quietly undoes the judge; they are not targets to tune toward, and the
blind replies are never read while the judge changes (`make eval` prints figures only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from repo_tools import load_tool

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "tests" / "eval" / "blind"
FLOORS = {
    "flags_raised_pct": 86.1,  # measured 88.1 on 660 replies (2026-12-07, sixth session)
    "keyword_free_raised_pct": 81.1,  # 83.1
    "good_clean_pct": 93.7,  # 95.7
    "pairs_ordered_pct": 97.0,  # 99.0
    "non_answers_under_50_pct": 96.1,  # 98.7 (76 of 77); the floor allows two more misses
}
CEILINGS = {"good_under_50_pct": 7.0}  # measured 5.0


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    evaluate = load_tool("evaluate")
    return evaluate.measure(evaluate.read_lines(sorted(BLIND.glob("blind*.jsonl"))))


def test_the_whole_blind_split_is_measured(figures: dict[str, Any]) -> None:
    assert figures["replies"] == 660
    assert figures["non_answers"] >= 77


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_blind_figure_holds_its_floor(figures: dict[str, Any], name: str) -> None:
    assert figures[name] >= FLOORS[name], f"{name} fell to {figures[name]}"


@pytest.mark.parametrize("name", sorted(CEILINGS))
def test_a_blind_figure_stays_under_its_ceiling(figures: dict[str, Any], name: str) -> None:
    assert figures[name] <= CEILINGS[name], f"{name} rose to {figures[name]}"
