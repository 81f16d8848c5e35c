"""Tests for practice sessions kept in the history: plain mode end to end, as a subprocess."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from sparring.core.history.store import Store
from sparring.core.scoring.score import Score, Turn

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "practice"
WEAK = "I just want to stay home more."
STRONG = (
    "That's a fair question. I'd send a morning plan and an end of day summary, "
    "and we could try it for 90 days with a check-in after 30."
)
# Every wording of the fixture objections, to tell which one the manager raised.
WORDINGS = {
    "fx-visibility": ("How would I know the work is getting done?", "What would I see of your"),
    "fx-meetings": ("What about our meetings?", "Meetings need you in the room."),
}


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def history_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sparring" / "history.sqlite3"


def sparring(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sparring", "--scenarios", str(DATA), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )


def history_json(tmp_path: Path) -> dict[str, Any]:
    result = sparring(tmp_path, "", "history", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Running:
    """A plain-mode session as a live subprocess, its stdout read line by line."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sparring", "--scenarios", str(DATA), "practice", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(tmp_path),
            cwd=tmp_path,
            # A shell that runs the suite in the background ignores SIGINT, and the child
            # would inherit that; Ctrl+C from a terminal arrives with the default action.
            preexec_fn=_default_sigint,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)  # end of output

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def wait_for(self, marker: str, count: int) -> None:
        """Read stdout until `marker` has appeared `count` times (60 s at most)."""
        while sum(marker in line for line in self.seen) < count:
            try:
                line = self.lines.get(timeout=60)
            except queue.Empty:
                line = None
            if line is None:
                self.process.kill()
                raise AssertionError(f"never saw {marker!r} x{count}: {''.join(self.seen)}")
            self.seen.append(line)

    def finish(self) -> str:
        """Wait for the process to exit; all it wrote to stdout."""
        self.process.wait(timeout=60)
        while (line := self.lines.get(timeout=60)) is not None:
            self.seen.append(line)
        return "".join(self.seen)


def test_a_session_killed_with_sigkill_keeps_the_turns_already_scored(tmp_path: Path) -> None:
    run = Running(tmp_path, "--plain", "--persona", "tess-tester", "--seed", "3")
    run.send(WEAK)
    run.wait_for("  Score: ", 1)
    run.send("Honestly I would rather not say.")
    run.wait_for("  Score: ", 2)
    run.process.send_signal(signal.SIGKILL)
    assert run.process.wait(timeout=20) == -signal.SIGKILL
    assert not any("=== Summary ===" in line for line in run.seen)

    data = history_json(tmp_path)
    assert data["total_sessions"] == 1
    session = data["sessions"][0]
    assert session["turns"] == 2
    assert session["outcome"] is None  # killed: never finished, but nothing lost
    assert session["persona_id"] == "tess-tester"
    with Store.open(history_path(tmp_path)) as store:
        detail = store.session(session["id"])
    assert detail is not None
    assert [t.reply for t in detail.turns] == [WEAK, "Honestly I would rather not say."]
    scores = [line.split("Score: ")[1].split("/")[0] for line in run.seen if "Score: " in line]
    assert [str(t.score.value) for t in detail.turns] == scores


def test_ctrl_c_ends_the_session_and_keeps_its_turns(tmp_path: Path) -> None:
    run = Running(tmp_path, "--plain", "--persona", "tess-tester", "--seed", "3")
    run.send(WEAK)
    run.wait_for("  Score: ", 1)
    run.process.send_signal(signal.SIGINT)
    out = run.finish()
    assert run.process.stderr is not None
    err = run.process.stderr.read()
    assert run.process.returncode == 130, err
    assert "Traceback" not in err
    assert "(interrupted)" in out and "=== Summary ===" in out
    assert "Outcome: Ended early" in out
    session = history_json(tmp_path)["sessions"][0]
    assert (session["outcome"], session["turns"]) == ("ended", 1)


def test_no_save_keeps_nothing(tmp_path: Path) -> None:
    result = sparring(tmp_path, f"{WEAK}\n/end\n", "practice", "--persona", "tess-tester")
    assert result.returncode == 0, result.stderr
    assert history_json(tmp_path)["total_sessions"] == 1
    for _ in range(2):
        result = sparring(
            tmp_path, f"{WEAK}\n{STRONG}\n", "practice", "--persona", "tess-tester", "--no-save"
        )
        assert result.returncode == 0, result.stderr
        assert "Score: " in result.stdout
    assert history_json(tmp_path)["total_sessions"] == 1


def test_no_save_without_a_history_creates_no_file(tmp_path: Path) -> None:
    result = sparring(tmp_path, f"{WEAK}\n", "practice", "--persona", "tess-tester", "--no-save")
    assert result.returncode == 0, result.stderr
    assert not history_path(tmp_path).parent.exists()


def test_the_second_session_shows_progress_vs_the_last(tmp_path: Path) -> None:
    first = sparring(tmp_path, f"{WEAK}\n/end\n", "practice", "--persona", "tess-tester")
    assert first.returncode == 0, first.stderr
    assert "vs last session" not in first.stdout
    second = sparring(tmp_path, f"{STRONG}\n/end\n", "practice", "--persona", "tess-tester")
    assert second.returncode == 0, second.stderr
    newest, older = history_json(tmp_path)["sessions"]
    delta = newest["average"] - older["average"]
    assert delta > 0  # a model answer beats a weak one
    assert f"Progress: +{delta} vs last session." in second.stdout


def test_progress_compares_with_the_last_session_against_the_same_manager(
    tmp_path: Path,
) -> None:
    first = sparring(tmp_path, f"{WEAK}\n/end\n", "practice", "--persona", "tess-tester")
    assert first.returncode == 0, first.stderr
    other = sparring(tmp_path, f"{STRONG}\n/end\n", "practice", "--persona", "hard-hank")
    assert other.returncode == 0, other.stderr
    assert "vs last session" not in other.stdout  # Hank has never been practised before
    again = sparring(tmp_path, f"{STRONG}\n/end\n", "practice", "--persona", "tess-tester")
    sessions = history_json(tmp_path)["sessions"]
    tess = [row for row in sessions if row["persona_id"] == "tess-tester"]
    delta = tess[0]["average"] - tess[1]["average"]
    assert f"Progress: +{delta} vs last session." in again.stdout


def seed_weak_spots(path: Path) -> None:
    """A finished session in which fx-meetings went worst, fx-visibility next."""
    values = {"fx-meetings": 12, "fx-visibility": 31, "fx-precedent": 88, "fx-tools": 92}
    with Store.open(path) as store:
        session = store.start_session("hard-hank", "Hank Hardline", 1)
        for index, (objection, value) in enumerate(values.items()):
            score = Score(value=value, band="b", objection_id=objection, reply="r")
            turn = Turn(index, objection, "fixture", "line", "r", score, at=1e9 + index)
            store.record_turn(session, turn)
        store.finish_session(session, "no-deal", None, 56)


def test_weakest_drills_the_objections_scored_worst(tmp_path: Path) -> None:
    seed_weak_spots(history_path(tmp_path))
    result = sparring(tmp_path, f"{WEAK}\n/skip\n/skip\n/end\n", "practice", "--weakest")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Practising your weakest objections." in out
    assert (
        "Your lowest averages lately: \u201cWhat about our meetings?\u201d (12), "
        "\u201cHow would I know the work is getting done?\u201d (31)"
    ) in out

    def first_seen(objection: str) -> int:
        found = [out.find(w) for w in WORDINGS[objection] if w in out]
        assert found, f"{objection} was never raised:\n{out}"
        return min(found)

    # The worst one comes first, then the next worst.
    assert first_seen("fx-meetings") < first_seen("fx-visibility")
    newest = history_json(tmp_path)["sessions"][0]
    with Store.open(history_path(tmp_path)) as store:
        detail = store.session(newest["id"])
    assert detail is not None
    assert detail.turns[0].objection_id == "fx-meetings"


def test_weakest_keeps_the_persona_asked_for(tmp_path: Path) -> None:
    seed_weak_spots(history_path(tmp_path))
    args = ("practice", "--weakest", "--persona", "tess-tester")
    result = sparring(tmp_path, "/end\n", *args)
    assert result.returncode == 0, result.stderr
    assert "Practising with Tess Tester" in result.stdout


def test_a_corrupt_history_is_set_aside_with_a_notice(tmp_path: Path) -> None:
    path = history_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    result = sparring(tmp_path, f"{WEAK}\n/end\n", "practice", "--persona", "tess-tester")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("could not be used") == 1
    assert str(path) in result.stderr
    assert history_json(tmp_path)["sessions"][0]["turns"] == 1
    assert list(path.parent.glob("history.sqlite3.corrupt-*"))


def test_no_history_possible_still_practises(tmp_path: Path) -> None:
    # The data folder is a file: no history can be kept at all.
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    result = sparring(tmp_path, f"{WEAK}\n/end\n", "practice", "--persona", "tess-tester")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("History is off") == 1
    assert "Score: " in result.stdout and "=== Summary ===" in result.stdout


def test_a_session_ended_before_any_reply_is_not_kept(tmp_path: Path) -> None:
    result = sparring(tmp_path, "/hint\n/end\n", "practice", "--persona", "tess-tester")
    assert result.returncode == 0, result.stderr
    assert history_json(tmp_path)["total_sessions"] == 0


@pytest.mark.parametrize("decoding", ["utf-8:strict", "utf-8:surrogateescape"])
def test_non_utf8_byte_in_piped_reply_loses_no_turn(tmp_path: Path, decoding: str) -> None:
    # Latin-1 "é" (0xe9) is not UTF-8: strict decoding used to lose the whole input,
    # surrogateescape a reply that could not be saved and every reply after it.
    replies = f"{WEAK}\nCaf\xe9 two days\n{STRONG}\n".encode("latin-1")
    command = ["practice", "--plain", "--persona", "tess-tester", "--seed", "1"]
    result = subprocess.run(
        [sys.executable, "-m", "sparring", "--scenarios", str(DATA), *command],
        input=replies,
        capture_output=True,
        env=environment(tmp_path) | {"PYTHONIOENCODING": decoding},
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    store = Store.open(history_path(tmp_path))
    try:
        detail = store.session(store.sessions(1)[0].id)
    finally:
        store.close()
    assert detail is not None
    assert [turn.reply for turn in detail.turns] == [WEAK, "Caf\ufffd two days", STRONG]
