"""Normalisation spells shorthand out before any other layer reads the reply."""

from __future__ import annotations

import pytest

from sparring.core.scoring.normalise import normalise


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("home tue/thu, online 9-5", "home tuesday and thursday, online 9 to 5"),
        ("recap at eod", "recap at end of day"),
        ("a thirty day trial", "a 30 day trial"),
        # "hr" is an hour only when something counts it; otherwise it is the HR team
        ("reply within 1 hr", "reply within 1 hour"),
        ("an hr a day, 24 hr cover", "an hour a day, 24 hour cover"),
        ("a review with hr", "a review with hr"),
        ("sign-off from HR and the hr team", "sign-off from HR and the hr team"),
        ("2 hrs of focus", "2 hours of focus"),
    ],
)
def test_shorthand_is_spelled_out(typed: str, read: str) -> None:
    assert normalise(typed).text == read


def test_the_map_points_back_at_what_was_typed() -> None:
    typed = "reply within 1 hr on slack"
    norm = normalise(typed)
    start = norm.text.index("slack")
    begin, end = norm.span(start, start + 5)
    assert typed[begin:end] == "slack"
    begin, end = norm.span(norm.text.index("hour"), norm.text.index("hour") + 4)
    assert typed[begin:end] == "hr"
