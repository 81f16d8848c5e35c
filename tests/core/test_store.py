"""Tests for the history store: recording, queries, migrations, faults and privacy."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sparring.core.history import schema
from sparring.core.history import store as store_module
from sparring.core.history.store import SCHEMA_V1, SCHEMA_VERSION, Store, StoreError, default_path
from sparring.core.history.trends import history_data, sparkline, theme_trends, versus_last, worst
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Recorder, Score, Strength, Turn

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def make_turn(index: int, value: int, reply: str = "That's fair.", **kw: object) -> Turn:
    objection = str(kw.pop("objection", "how-will-i-know"))
    theme = str(kw.pop("theme", "accountability"))
    score = Score(
        value=value,
        band="strong" if value >= 75 else "needs work",
        objection_id=objection,
        reply=reply,
        moves_hit=(MoveHit("ack", "Acknowledges", 0, 11, "That's fair"),),
        moves_missed=(MoveMiss("trial", "Proposes a trial"),),
        flags=(Flag("vague", 0, 4, "some", "Vague.", "Name the days.", "vague-some"),),
        strengths=(Strength("ack", 0, 4, "That", "acknowledges"),),
        explanation=("one", "two"),
    )
    return Turn(
        index=index,
        objection_id=objection,
        theme=theme,
        manager_line=str(kw.pop("line", "How will I know you're working?")),
        reply=reply,
        score=score,
        hinted=bool(kw.pop("hinted", False)),
        probe=int(str(kw.pop("probe", 0))),
        at=float(str(kw.pop("at", 1_700_000_000.0 + index))),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "h" / "history.sqlite3")
    yield opened  # type: ignore[misc]
    opened.close()


def test_default_path_is_in_the_user_data_folder(tmp_path: Path) -> None:
    assert default_path() == tmp_path / "data" / "sparring" / "history.sqlite3"
    with Store.open() as opened:
        assert opened.path == default_path()
        assert opened.notice is None
    assert default_path().is_file()


def test_store_is_a_recorder(store: Store) -> None:
    recorder: Recorder = store
    assert recorder.start_session("rita", "Rita", 7) > 0


def test_turn_is_visible_to_another_connection_right_after_record(store: Store) -> None:
    session = store.start_session("rita", "Rita Okafor", 42)
    store.record_turn(session, make_turn(0, 61, reply="first"))
    other = sqlite3.connect(store.path)
    try:
        rows = other.execute("SELECT idx, reply, score FROM turns WHERE session_id = ?", (session,))
        assert rows.fetchall() == [(0, "first", 61)]
        store.record_turn(session, make_turn(1, 80, reply="second"))
        count = other.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session,))
        assert count.fetchone()[0] == 2
    finally:
        other.close()


def test_turns_round_trip_exactly(store: Store) -> None:
    session = store.start_session("rita", "Rita", None)
    reply = "[@click=app.quit]x[/] and [bold]x[/]\n# not a heading\n\u00e9\u4e2d \\"
    turn = make_turn(0, 55, reply=reply, hinted=True, probe=1)
    store.record_turn(session, turn)
    detail = store.session(session)
    assert detail is not None
    assert detail.turns == (turn,)
    assert detail.session.outcome is None
    assert detail.session.turns == 1
    assert detail.session.average == 55


def test_retry_replaces_the_turn_with_the_same_index(store: Store) -> None:
    session = store.start_session("rita", "Rita", None)
    store.record_turn(session, make_turn(0, 30, reply="weak"))
    store.record_turn(session, make_turn(1, 40, reply="meh"))
    store.record_turn(session, make_turn(1, 90, reply="retried"))
    detail = store.session(session)
    assert detail is not None
    assert [(t.index, t.reply, t.score.value) for t in detail.turns] == [
        (0, "weak", 30),
        (1, "retried", 90),
    ]


def test_finish_session_and_list_newest_first(store: Store) -> None:
    first = store.start_session("rita", "Rita", 1)
    store.record_turn(first, make_turn(0, 50))
    store.record_turn(first, make_turn(1, 70))
    store.finish_session(first, "no-deal", None, 58)
    second = store.start_session("paul", "Paul", 2)
    store.record_turn(second, make_turn(0, 81))
    store.record_turn(second, make_turn(1, 90))  # never finished: average from the turns
    rows = store.sessions()
    assert [r.id for r in rows] == [second, first]
    assert (rows[0].outcome, rows[0].average, rows[0].turns) == (None, 86, 2)
    assert (rows[1].outcome, rows[1].average, rows[1].turns) == ("no-deal", 58, 2)
    assert rows[1].finished_at is not None
    assert [r.id for r in store.sessions(persona_id="rita")] == [first]
    assert len(store.sessions(limit=1)) == 1
    assert store.session_count() == 2
    assert store.session(9999) is None


def test_finish_session_rejects_unknown_outcome(store: Store) -> None:
    session = store.start_session("rita", "Rita", None)
    with pytest.raises(ValueError, match="outcome"):
        store.finish_session(session, "won", None, 50)


def test_versus_last_compares_with_previous_finished_session(store: Store) -> None:
    a = store.start_session("rita", "Rita", None)
    store.finish_session(a, "no-deal", None, 60)
    b = store.start_session("paul", "Paul", None)
    store.finish_session(b, "trial", "Tue-Thu", 52)
    store.start_session("rita", "Rita", None)  # abandoned, no turns: not a comparison
    c = store.start_session("rita", "Rita", None)
    store.finish_session(c, "trial", None, 70)
    result = versus_last(store, c)
    assert result is not None
    assert (result.current, result.previous, result.delta) == (70, 52, 18)
    assert result.label == "+18 vs last session"
    same = versus_last(store, c, same_persona=True)
    assert same is not None and same.previous_id == a and same.label == "+10 vs last session"
    assert versus_last(store, a) is None
    worse = versus_last(store, b)
    assert worse is not None and worse.label == "-8 vs last session"


def test_trends_per_session_and_day_and_worst(store: Store) -> None:
    day = 86_400.0
    base = 1_700_000_000.0
    for n, (acc, prec) in enumerate([(40, 90), (60, 80), (80, 70)]):
        session = store.start_session("rita", "Rita", None)
        at = base + n * day
        store.record_turn(session, make_turn(0, acc, at=at, theme="accountability"))
        store.record_turn(session, make_turn(1, acc + 10, at=at + 1, theme="accountability"))
        store.record_turn(
            session, make_turn(2, prec, at=at + 2, theme="precedent", objection="everyone-asks")
        )
        store.finish_session(session, "trial", None, acc)
    by_session = theme_trends(store)
    assert [p.average for p in by_session["accountability"]] == [45.0, 65.0, 85.0]
    assert [p.turns for p in by_session["accountability"]] == [2, 2, 2]
    assert [p.average for p in by_session["precedent"]] == [90.0, 80.0, 70.0]
    assert [p.average for p in theme_trends(store, points=2)["precedent"]] == [80.0, 70.0]
    by_day = theme_trends(store, by="day")
    assert len(by_day["accountability"]) == 3
    assert by_day["accountability"][0].key.count("-") == 2  # YYYY-mm-dd
    themes = worst(store, "theme", last=4)
    assert [(w.key, w.average, w.recent, w.attempts) for w in themes] == [
        ("accountability", 75.0, 4, 6),
        ("precedent", 80.0, 3, 3),
    ]
    objections = worst(store, "objection_id", last=2, limit=1)
    assert [(w.key, w.average) for w in objections] == [("everyone-asks", 75.0)]
    data = history_data(store, limit=2)
    assert data.total == 3 and len(data.sessions) == 2
    assert data.to_json()["worst_themes"][0]["key"] == "accountability"


def test_sparkline_uses_a_fixed_scale() -> None:
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([]) == ""
    assert sparkline([-5, 150]) == "▁█"


def _build_v1(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V1)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO sessions (started_at, persona_id, persona_name, seed, outcome, average) "
        "VALUES (1700000000, 'rita', 'Rita', 3, 'trial', 77)"
    )
    db.execute(
        "INSERT INTO turns (session_id, idx, at, objection_id, theme, manager_line, reply, "
        "score, band, hinted, flags) VALUES (1, 0, 1700000001, 'o', 't', 'Why?', 'Because.', "
        "77, 'strong', 1, '[]')"
    )
    db.commit()
    db.close()


def test_migration_from_v1_keeps_data_and_adds_v2(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _build_v1(path)
    with Store.open(path) as opened:
        assert opened.notice is None
        detail = opened.session(1)
        assert detail is not None
        assert detail.session.average == 77
        assert (detail.turns[0].reply, detail.turns[0].probe, detail.turns[0].hinted) == (
            "Because.",
            0,
            True,
        )
        opened.record_turn(1, make_turn(1, 60, probe=2))
        after = opened.session(1)
        assert after is not None and after.turns[1].probe == 2
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"turns_theme", "turns_objection", "sessions_started"} <= indexes
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def _assert_moved(store: Store, path: Path, label: str, original: bytes | None) -> Path:
    notice = store.notice
    assert notice is not None
    assert notice.new_path == path
    assert notice.moved_to.name.startswith(f"history.sqlite3.{label}-")
    assert str(notice.moved_to) in notice.message and str(path) in notice.message
    if original is not None:
        assert notice.moved_to.read_bytes() == original
    # The new history works.
    session = store.start_session("rita", "Rita", None)
    store.record_turn(session, make_turn(0, 50))
    assert store.session_count() == 1
    return notice.moved_to


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database, just some bytes\n" * 200
    path.write_bytes(garbage)
    with Store.open(path) as opened:
        _assert_moved(opened, path, "corrupt", garbage)
        assert "corrupt" in opened.notice.reason  # type: ignore[union-attr]


def test_moving_aside_takes_the_wal_and_shm_along(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    for suffix, data in (("", b"db"), ("-wal", b"wal"), ("-shm", b"shm")):
        Path(f"{path}{suffix}").write_bytes(data)
    first = schema.move_aside(path, "corrupt")
    path.write_bytes(b"again")  # a second failure in the same second gets its own name
    second = schema.move_aside(path, "corrupt")
    assert first != second and second.name.startswith(first.name)
    assert [Path(f"{first}{s}").read_bytes() for s in ("", "-wal", "-shm")] == [
        b"db",
        b"wal",
        b"shm",
    ]
    assert second.read_bytes() == b"again"
    assert not path.exists() and not Path(f"{path}-wal").exists()


def test_damaged_page_inside_a_valid_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as opened:
        for n in range(200):
            session = opened.start_session("rita", "Rita", n)
            opened.record_turn(session, make_turn(0, 50, reply="x" * 300))
    size = path.stat().st_size
    assert size > 16 * 4096
    with path.open("r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xff" * 4096)
    damaged = path.read_bytes()
    with Store.open(path) as opened:
        _assert_moved(opened, path, "corrupt", damaged)


def test_newer_schema_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with Store.open(path) as opened:
        opened.start_session("rita", "Rita", None)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with Store.open(path) as opened:
        moved = _assert_moved(opened, path, "newer-v99", None)
        assert "newer" in opened.notice.reason  # type: ignore[union-attr]
    kept = sqlite3.connect(moved)
    assert kept.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    kept.close()


def test_foreign_sqlite_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x TEXT)")
    db.commit()
    db.close()
    with Store.open(path) as opened:
        _assert_moved(opened, path, "foreign", None)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "history.sqlite3"
        with Store.open(path) as opened:
            session = opened.start_session("rita", "Rita", None)
            opened.record_turn(session, make_turn(0, 50))
            for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
                mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
                assert mode == 0o600, (name, oct(mode))
        path.chmod(0o644)  # a file made loose by hand is tightened on open
        Store.open(path).close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sparring.core.scoring.score import Score, Turn
    from sparring.core.history.store import Store

    path, name, go = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    store = Store.open(path)
    while time.time() < go:
        time.sleep(0.001)
    for n in range(40):
        session = store.start_session(name, name, n)
        for i in range(3):
            score = Score(value=50 + i, band="getting there", objection_id="o", reply="r")
            store.record_turn(session, Turn(i, "o", "t", "line", f"{name} {n} {i}", score))
        store.finish_session(session, "ended", None, 51)
    store.close()
    """
)


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    import time

    path = tmp_path / "history.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    go = str(time.time() + 1.0)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, go],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    with Store.open(path) as opened:
        assert opened.notice is None
        rows = opened.sessions(limit=None)
        assert len(rows) == 80
        assert {r.persona_id for r in rows} == {"alpha", "beta"}
        assert all(r.turns == 3 and r.outcome == "ended" for r in rows)


def test_a_held_write_lock_makes_the_other_writer_wait_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    path = tmp_path / "history.sqlite3"
    Store.open(path).close()
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
    release.start()
    with Store.open(path) as opened:
        session = opened.start_session("rita", "Rita", None)  # waits for the lock
        assert session == 1
    release.join()
    blocker.close()
    assert store_module.BUSY_TIMEOUT_S >= 5


def test_a_full_disk_is_an_error_not_a_corrupt_file(store: Store) -> None:
    session = store.start_session("rita", "Rita", None)
    pages = store.query("PRAGMA page_count")[0][0]
    store.query(f"PRAGMA max_page_count = {pages + 1}")  # SQLITE_FULL on the next growth
    with pytest.raises(StoreError, match="could not save"):
        for index in range(50):
            store.record_turn(session, make_turn(index, 50, reply="x" * 4000))
    assert store.path.exists()
    assert store.notice is None


def test_a_file_locked_too_long_is_reported_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    _build_v1(path)
    before = path.read_bytes()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.1)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            Store.open(path)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_a_reply_with_an_undecodable_byte_is_saved_with_a_replacement_character(
    store: Store,
) -> None:
    session = store.start_session("p\udce9", "Dana \udce9", 1)
    store.record_turn(session, make_turn(0, 60, reply="Caf\udce9 two days", line="Why\udce9?"))
    detail = store.session(session)
    assert detail is not None
    assert detail.turns[0].reply == "Caf\ufffd two days"
    assert detail.turns[0].manager_line == "Why\ufffd?"
    assert detail.session.persona_name == "Dana \ufffd"


def test_how_a_turn_was_helped_round_trips(store: Store) -> None:
    import dataclasses

    session = store.start_session("rita", "Rita", None)
    for index, assisted in enumerate((None, "hint", "model")):
        turn = dataclasses.replace(make_turn(index, 55), hinted=False, assisted=assisted)
        store.record_turn(session, turn)
    detail = store.session(session)
    assert detail is not None
    assert [t.assisted for t in detail.turns] == [None, "hint", "model"]
