"""Tests for reading trial terms out of the user's replies."""

from __future__ import annotations

import pytest

from sparring.core.scoring.terms import extract_terms


@pytest.mark.parametrize(
    ("replies", "terms"),
    [
        (
            ["Let's try it for 90 days with a check-in after 30."],
            "a 90-day trial, with a check-in after 30 days",
        ),
        (
            ["I'd work from home Tuesday to Thursday.", "A three month pilot."],
            "a three-month trial, remote Tuesday to Thursday",
        ),
        (
            ["Two days a week remote, with weekly check-ins."],
            "a trial, two days a week remote, with weekly check-ins",
        ),
        (
            ["A 6-week trial, review at 2 and 4 weeks."],
            "a 6-week trial, with check-ins at 2 and 4 weeks",
        ),
        (["One day a week from home to start."], "a trial, one day a week remote"),
    ],
)
def test_terms_named_in_replies(replies: list[str], terms: str) -> None:
    assert extract_terms(replies) == terms


def test_later_replies_refine_the_offer() -> None:
    assert extract_terms(["a 30-day trial", "make it a 90-day trial"]) == "a 90-day trial"


@pytest.mark.parametrize(
    "replies",
    [
        ["I need more flexibility."],
        ["I've been here 90 days."],
        ["Thursday works for the meeting."],
        [],
    ],
)
def test_no_terms_when_none_are_named(replies: list[str]) -> None:
    assert extract_terms(replies) is None
