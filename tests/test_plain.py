"""Tests for plain mode: a whole session through `sparring practice` with piped stdin."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from cli_run import run_sparring

from sparring.core.content.loading import Source, load_sources
from sparring.core.history.export import md_quote
from sparring.core.scoring.judge import Scorer
from sparring.core.session.engine import Session

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "practice"
MODEL_VISIBILITY = (
    "That's a fair question. I'd send a morning plan and an end of day summary, "
    "and we could try it for 90 days with a check-in after 30."
)


def sparring(
    tmp_path: Path, stdin: str, *args: str, scenarios: Path = DATA
) -> subprocess.CompletedProcess[str]:
    return run_sparring(tmp_path, *args, stdin=stdin, scenarios=scenarios)


def test_a_whole_session_with_commands(tmp_path: Path) -> None:
    lines = [
        "/hint",
        MODEL_VISIBILITY,
        "I just want to stay home more.",
        "/retry",
        "/model",
        "/skip",
        "/nonsense",
        "Honestly I'd rather not say.",
    ]
    result = sparring(
        tmp_path,
        "\n".join(lines) + "\n",
        "practice",
        "--plain",
        "--persona",
        "tess-tester",
        "--seed",
        "5",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Practising with Tess Tester" in out
    assert "Hint: Name an update she can read and offer a trial." in out
    assert f"You: {MODEL_VISIBILITY}" in out
    assert "Score: " in out and "+ Acknowledges the concern" in out
    assert "Your last reply is taken back." in out
    assert "Model answer: " in out
    assert "(skipped)" in out
    assert "Unknown command /nonsense" in out
    # The input ran out before the last objection was settled: the summary still comes.
    assert "(end of input)" in out
    assert "=== Summary ===" in out
    assert "Outcome: Ended early" in out
    assert "skipped" in out.split("=== Summary ===")[1]


def test_same_seed_same_transcript_and_eof_ends_cleanly(tmp_path: Path) -> None:
    # --no-save: with a history, the second run would add "+N vs last session".
    args = ("practice", "--plain", "--persona", "tess-tester", "--seed", "11", "--no-save")
    one = sparring(tmp_path, "WEAK\n", *args)
    two = sparring(tmp_path, "WEAK\n", *args)
    assert one.returncode == 0 and one.stdout == two.stdout
    other = sparring(tmp_path, "WEAK\n", "practice", "--plain", "--persona", "tess-tester")
    assert other.returncode == 0
    assert "=== Summary ===" in other.stdout


def test_strong_replies_earn_a_trial_and_export_markdown(tmp_path: Path) -> None:
    # The seed fixes the plan; the engine tells which objections come, in which order.
    content = load_sources([Source("test", DATA)], cache_file=False)
    session = Session(content.personas["tess-tester"], content, Scorer(content), seed=2)
    replies = [state.objection.model_answer for state in session.objections]
    export = tmp_path / "session.md"
    result = sparring(
        tmp_path,
        "\n".join(replies) + "\n",
        "practice",
        "--persona",
        "tess-tester",
        "--seed",
        "2",
        "--export",
        str(export),
    )
    assert result.returncode == 0, result.stderr
    assert "Outcome: Trial agreed: a 90-day trial" in result.stdout
    assert "(end of input)" not in result.stdout
    text = export.read_text(encoding="utf-8")
    assert text.startswith("# Practice with Tess Tester")
    assert "**Outcome:** Trial agreed" in text
    assert "## Score per objection" in text and "## Best reply" in text
    for reply in replies:
        assert md_quote(reply) in text
    if os.name == "posix":  # the session may hold private words: only its owner reads it
        assert stat.S_IMODE(export.stat().st_mode) == 0o600


def test_without_persona_off_a_terminal_the_first_is_used_and_said(tmp_path: Path) -> None:
    result = sparring(tmp_path, "", "practice")
    assert result.returncode == 0, result.stderr
    assert "No --persona given; practising with the first:" in result.stdout
    assert "=== Summary ===" in result.stdout


def test_bare_sparring_off_a_terminal_is_plain_mode(tmp_path: Path) -> None:
    result = sparring(tmp_path, "/end\n")
    assert result.returncode == 0, result.stderr
    assert "Outcome: Ended early" in result.stdout


def test_unknown_persona_is_a_clear_error(tmp_path: Path) -> None:
    result = sparring(tmp_path, "", "practice", "--persona", "tess-testr")
    assert result.returncode == 2
    assert "no persona 'tess-testr'; did you mean 'tess-tester'?" in result.stderr
    assert "Traceback" not in result.stderr


TRICKY = [
    "[bold]x[/]",
    "[@click=app.quit]x[/]",
    "[ @click=app.quit]x[/]",
    "[link=http://x]y[/link]",
    "[/",
    "x\\",
    "[Hello World]",
]


@pytest.mark.parametrize("text", TRICKY)
def test_replies_are_echoed_literally(tmp_path: Path, text: str) -> None:
    result = sparring(tmp_path, text + "\n/end\n", "practice", "--persona", "tess-tester")
    assert result.returncode == 0, result.stderr
    assert f"You: {text}\n" in result.stdout


def test_jsonl_stdout_holds_only_events_and_ends_with_the_outcome(tmp_path: Path) -> None:
    stdin = f"/hint\n{MODEL_VISIBILITY}\n/model\nWe'll see, I guess.\n/nonsense\n/end\n"
    args = (
        "practice",
        "--plain",
        "--jsonl",
        "--persona",
        "tess-tester",
        "--seed",
        "3",
        "--no-save",
    )
    result = sparring(tmp_path, stdin, *args)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[:2] == ["manager", "manager"] and kinds[-1] == "end"
    assert {"hint", "model_answer", "score", "error"} <= set(kinds)
    scores = [e for e in events if e["event"] == "score"]
    assert [s["assisted"] for s in scores] == ["hint", "model"]
    for event in events:
        if event["event"] == "manager":
            assert set(event) == {"event", "kind", "text", "objection_id", "reason"}
            assert event["reason"] is None or set(event["reason"]) <= {"move", "act"}
    assert events[-1]["outcome"] == "ended" and events[-1]["reason"] == "ended by the user"
    # Same seed, same input: the same stream, so a session can be replayed.
    again = sparring(tmp_path, stdin, *args)
    assert again.stdout == result.stdout


def test_practice_export_to_a_fifo_is_refused_before_the_session_without_blocking(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # sparring() gives up after 60 s; opening the FIFO used to block forever.
    result = sparring(
        tmp_path, "A reply.\n", "practice", "--persona", "tess-tester", "--export", str(fifo)
    )
    assert result.returncode == 2
    refusal = "it is a named pipe (FIFO); give a regular file or a new name"
    assert result.stderr == f"sparring: cannot write {fifo}: {refusal}\n"
    assert "Practising" not in result.stdout
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
