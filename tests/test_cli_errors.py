"""Tests for small command-line mistakes: one clear line and exit 1 or 2, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from sparring.cli import main
from sparring.core.history.store import Store
from sparring.core.paths import user_content_dir
from sparring.core.scoring.score import Score, Turn

CASES = {
    "practice --export into no folder": (
        ["practice", "--plain", "--persona", "risk-averse", "--export", "{tmp}/none/x.md"],
        2,
        "cannot write {tmp}/none/x.md: there is no folder {tmp}/none",
    ),
    "practice --export a folder": (
        ["practice", "--plain", "--persona", "risk-averse", "--export", "{tmp}"],
        2,
        "cannot write {tmp}: it is a folder",
    ),
    "new --dir a file": (
        ["new", "persona", "x", "--dir", "{tmp}/file"],
        2,
        "{tmp}/file is not a folder",
    ),
    "new with a name that is not UTF-8": (
        ["new", "persona", "caf\udce9"],
        2,
        'the name "caf\ufffd" holds a byte that is not UTF-8',
    ),
    "export an id beyond SQLite's integers": (
        ["export", "99999999999999999999"],
        1,
        "no session 99999999999999999999",
    ),
    "practice --player with an unclosed quote": (
        ["--player", "aplay 'x"],
        2,
        'argument --player: cannot read the command "aplay \'x": No closing quotation',
    ),
    "say --player with an unclosed quote": (
        ["say", "hello", "--player", "aplay 'x"],
        2,
        "No closing quotation",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_small_cli_mistakes_get_a_clear_message_and_exit_1_or_2_not_70(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, expected, message = CASES[case]
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with Store.open() as store:  # a history, so `export` looks the id up
        session = store.start_session("risk-averse", "Rita", 1)
        score = Score(50, "getting there", None, "r")
        store.record_turn(session, Turn(0, None, None, "q", "r", score, at=1.7e9))
    try:
        code = main([arg.format(tmp=tmp_path) for arg in argv])
    except SystemExit as usage:  # argparse's usage errors
        code = usage.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == expected, err
    assert message.format(tmp=tmp_path) in err
    assert "unexpected error" not in err and "Traceback" not in err
    assert not (user_content_dir() / "caf.yaml").exists()  # nothing half-written
