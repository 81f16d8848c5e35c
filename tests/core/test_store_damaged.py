"""Tests for a damaged history: a bad row is skipped and reported, never the whole history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sparring.cli import main
from sparring.core.history.store import Store, StoreError, default_path
from sparring.core.history.trends import history_data, versus_last
from sparring.core.scoring.score import Flag, Score, Turn


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def _turn(index: int, reply: str, value: int) -> Turn:
    flag = Flag("vague", 0, 4, "some", "Vague.", "Name the days.", "vague-words")
    score = Score(value, "needs work", "how-will-i-know", reply, flags=(flag,))
    return Turn(index, "how-will-i-know", "accountability", "How?", reply, score, at=1.7e9 + index)


def _saved(sessions: int = 1) -> list[int]:
    ids = []
    with Store.open() as store:
        for _ in range(sessions):
            session = store.start_session("risk-averse", "Rita", 7)
            store.record_turn(session, _turn(0, "first reply", 62))
            store.record_turn(session, _turn(1, "second reply", 35))
            store.finish_session(session, "no-deal", None, 49)
            ids.append(session)
    return ids


def _damage(sql: str) -> None:
    db = sqlite3.connect(default_path())
    db.execute(sql)
    db.commit()
    db.close()


DAMAGE = [
    "UPDATE turns SET flags = 'not json' WHERE idx = 1",
    "UPDATE turns SET strengths = '{}' WHERE idx = 1",
    """UPDATE turns SET moves_hit = '[{"move_id": 1, "name": "x"}]' WHERE idx = 1""",
    'UPDATE turns SET moves_missed = \'[{"move_id": "x"}]\' WHERE idx = 1',
    "UPDATE turns SET explanation = '[1]' WHERE idx = 1",
    "UPDATE turns SET at = 'soon' WHERE idx = 1",
    "UPDATE turns SET at = 1e300 WHERE idx = 1",
    "UPDATE turns SET score = 'high' WHERE idx = 1",
    "UPDATE turns SET reply = X'00' WHERE idx = 1",  # a blob where text was written
    # 100,000 nested lists: json.loads recurses too deep
    "UPDATE turns SET flags = replace(hex(zeroblob(50000)), '00', '[') WHERE idx = 1",
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_one_damaged_turn_row_is_skipped_and_reported_in_history_and_export(
    damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (session,) = _saved()
    _damage(damage)
    for by in ("session", "day"):
        assert main(["history", "--by", by]) == 0
        err = capsys.readouterr().err
        assert err.count("1 damaged row skipped") == 1, err
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"][0]["id"] == session
    assert main(["export", str(session), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert [t["reply"] for t in json.loads(captured.out)["turns"]] == ["first reply"]
    assert captured.err.count("1 damaged row skipped") == 1
    assert main(["export", str(session)]) == 0
    assert "first reply" in capsys.readouterr().out


def test_a_damaged_row_in_an_earlier_session_does_not_stop_the_next_summary() -> None:
    earlier, latest = _saved(2)
    _damage(f"UPDATE turns SET flags = 'not json' WHERE session_id = {earlier}")
    with Store.open() as store:
        comparison = versus_last(store, latest)  # "+N vs last session" on the summary
        assert comparison is not None and comparison.previous_id == earlier
        detail = store.session(earlier)
        assert detail is not None and detail.turns == ()
        assert len(store.damaged) == 2


def test_a_damaged_session_row_is_left_out_and_its_export_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad, good = _saved(2)
    _damage(f"UPDATE sessions SET started_at = 'yesterday' WHERE id = {bad}")
    with Store.open() as store:
        data = history_data(store)
    assert [s.id for s in data.sessions] == [good] and data.damaged == 1
    assert main(["export", str(bad)]) == 1
    assert f"session {bad} is damaged" in capsys.readouterr().err


def test_a_history_without_its_turns_table_is_set_aside_with_a_clear_notice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _saved()
    _damage("DROP TABLE turns")
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert "the turns table is missing" in captured.err
    assert "history.sqlite3.damaged-" in captured.err
    assert "No practice sessions saved yet" in captured.out


def test_a_table_dropped_while_the_history_is_open_is_a_store_error() -> None:
    _saved()
    with Store.open() as store:
        _damage("DROP TABLE turns")
        with pytest.raises(StoreError, match="no such table"):
            history_data(store)
