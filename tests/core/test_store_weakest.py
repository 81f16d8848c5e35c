"""Tests for the `--weakest` plan: weakest objections first, and the persona that fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.models import Move, Objection, ObjectionRef, Persona, PersonaLines
from sparring.core.history.store import Store
from sparring.core.history.trends import Weakness
from sparring.core.history.weakest import weakest_plan
from sparring.core.scoring.score import Score, Turn


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def _objection(oid: str, theme: str) -> Objection:
    moves = [Move(id=f"m{i}", name=f"Move {i}", phrases=[f"a{i}", f"b{i}"]) for i in range(3)]
    return Objection(
        id=oid,
        theme=theme,
        wordings=[f"{oid}?", f"{oid}, really?"],
        moves=moves,
        hint="hint",
        model_answer="answer",
        probes=["probe"],
    )


def _persona(pid: str, refs: list[ObjectionRef]) -> Persona:
    return Persona(
        kind="persona",
        id=pid,
        name=pid.title(),
        role="Manager",
        briefing="b",
        difficulty="medium",
        hidden_concern="c",
        opening=["Hi."],
        objections=refs,
        lines=PersonaLines(
            push_back=["no", "nope"], soften=["ok", "fine"], agree=["yes"], no_deal=["x"]
        ),
    )


@pytest.fixture
def content() -> Content:
    c = Content()
    for oid, theme in [
        ("acc-know", "accountability"),
        ("acc-slip", "accountability"),
        ("acc-prove", "accountability"),
        ("prec-everyone", "precedent"),
        ("prec-fair", "precedent"),
        ("optics-seen", "optics"),
    ]:
        c.add("objection", _objection(oid, theme))
    c.add("persona", _persona("rita", [ObjectionRef(theme="accountability")]))
    c.add(
        "persona",
        _persona(
            "paul",
            [
                ObjectionRef(theme="precedent", weight=3),
                ObjectionRef(id="acc-know"),
                ObjectionRef(id="optics-seen"),
            ],
        ),
    )
    c.add("persona", _persona("olga", [ObjectionRef(theme="optics")]))
    return c


def _row(key: str, average: float, attempts: int = 3) -> Weakness:
    return Weakness(key, average, min(attempts, 5), attempts, 0.0)


def test_picks_the_lowest_averages_and_the_persona_covering_them(content: Content) -> None:
    rows = [
        _row("acc-know", 80),
        _row("prec-everyone", 35),
        _row("acc-slip", 60),
        _row("prec-fair", 42),
        _row("optics-seen", 90),
    ]
    plan = weakest_plan(rows, content, n=3)
    assert plan.objection_ids == ("prec-everyone", "prec-fair", "acc-slip")
    # paul raises both precedent ones; rita only acc-slip.
    assert plan.persona_id == "paul"
    assert plan.from_history
    assert "\u201cprec-everyone?\u201d (35)" in plan.reason  # by its wording


def test_ignores_objections_no_longer_loaded(content: Content) -> None:
    rows = [_row("deleted-one", 5), _row("acc-prove", 50), _row("acc-slip", 55)]
    plan = weakest_plan(rows, content, n=2)
    assert plan.objection_ids == ("acc-prove", "acc-slip")
    assert plan.persona_id == "rita"


def test_fills_with_untried_objections_of_the_weak_themes_before_strong_ones(
    content: Content,
) -> None:
    rows = [_row("acc-know", 40), _row("prec-everyone", 95), _row("optics-seen", 88)]
    plan = weakest_plan(rows, content, n=4)
    assert plan.objection_ids[0] == "acc-know"
    assert set(plan.objection_ids[1:3]) == {"acc-slip", "acc-prove"}
    assert plan.objection_ids[3] == "prec-fair"  # untried beats already strong
    assert plan.persona_id == "rita"


def test_without_history_a_spread_across_themes(content: Content) -> None:
    plan = weakest_plan([], content, n=3)
    assert not plan.from_history
    assert "No history" in plan.reason
    themes = [content.objections[o].theme for o in plan.objection_ids]
    assert len(plan.objection_ids) == 3 and len(set(themes)) == 3
    assert plan.persona_id == "paul"  # the only one raising all three themes


def test_n_larger_than_the_content_returns_every_objection_once(content: Content) -> None:
    plan = weakest_plan([_row("acc-know", 10)], content, n=50)
    assert sorted(plan.objection_ids) == sorted(content.objections)


def test_reads_the_store_and_uses_recent_attempts(content: Content, tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.sqlite3") as store:
        at = 1_700_000_000.0

        def record(session: int, index: int, oid: str, value: int) -> None:
            nonlocal at
            at += 1
            score = Score(value=value, band="x", objection_id=oid, reply="r")
            theme = content.objections[oid].theme
            store.record_turn(session, Turn(index, oid, theme, "line", "r", score, at=at))

        old = store.start_session("rita", "Rita", None)
        for i in range(6):  # long ago, acc-know was terrible...
            record(old, i, "acc-know", 10)
        new = store.start_session("paul", "Paul", None)
        for i, (oid, value) in enumerate(
            [("acc-know", 90)] * 5 + [("prec-fair", 45), ("optics-seen", 70)]
        ):
            record(new, i, oid, value)  # ...but the last five attempts were strong
        plan = weakest_plan(store, content, n=2, last=5)
    assert plan.objection_ids == ("prec-fair", "optics-seen")
    assert plan.persona_id == "paul"


def test_no_persona_when_none_raises_the_picks() -> None:
    c = Content()
    c.add("objection", _objection("lonely", "misc"))
    plan = weakest_plan([], c, n=1)
    assert plan.objection_ids == ("lonely",)
    assert plan.persona_id is None
