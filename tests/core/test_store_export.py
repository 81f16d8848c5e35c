"""Tests for `sparring export` and `sparring history`: formats, literal text, privacy."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sparring.cli import main
from sparring.core.history.export import md_quote, to_json, to_markdown
from sparring.core.history.store import Store, default_path
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Strength, Turn

TRICKY = "[@click=app.quit]x[/] and [bold]x[/]\n# not a heading\n- not a list\n\n```\n1. x \\"


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def _turn(index: int, reply: str, value: int, **kw: object) -> Turn:
    score = Score(
        value=value,
        band="strong" if value >= 75 else "needs work",
        objection_id="how-will-i-know",
        reply=reply,
        moves_hit=(MoveHit("visibility", "Offers visibility", 4, 15, "daily update"),),
        moves_missed=(MoveMiss("trial", "Proposes a trial with check-ins"),),
        flags=(
            Flag(
                "vague",
                0,
                4,
                "some",
                "Vague requests let the manager imagine the worst.",
                "Name the days.",
                "vague-words",
            ),
        ),
        strengths=(Strength("acknowledges", 0, 11, "That's fair", "Acknowledges"),),
        explanation=("+20 visibility",),
    )
    return Turn(
        index=index,
        objection_id="how-will-i-know",
        theme="accountability",
        manager_line=str(kw.get("line", "How will I know you're working?")),
        reply=reply,
        score=score,
        hinted=bool(kw.get("hinted", False)),
        probe=int(str(kw.get("probe", 0))),
        at=1_700_000_000.0 + index,
    )


@pytest.fixture
def saved() -> int:
    with Store.open() as store:
        session = store.start_session("risk-averse", "Rita [b]Okafor[/b]", 7)
        store.record_turn(session, _turn(0, "That's fair, some days I'd send a daily update.", 62))
        store.record_turn(session, _turn(1, TRICKY, 35, hinted=True, probe=1))
        store.finish_session(session, "trial", "Tuesday to Thursday, 90 days", 49)
    return session


def _quoted_texts(markdown: str) -> list[str]:
    """The text of each blockquote as a Markdown reader shows it."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    texts, depth, current = [], 0, ""
    for token in tokens:
        if token.type == "blockquote_open":
            depth, current = depth + 1, ""
        elif token.type == "blockquote_close":
            depth -= 1
            texts.append(current.replace("\xa0", " "))
        elif depth and token.type == "inline":
            for child in token.children or []:
                if child.type == "text":
                    current += child.content
                elif child.type in ("hardbreak", "softbreak"):
                    current += "\n"
                else:
                    current += f"<{child.type}>"
    return texts


def test_markdown_reads_as_a_document_and_quotes_replies_exactly(saved: int) -> None:
    with Store.open() as store:
        detail = store.session(saved)
    assert detail is not None
    text = to_markdown(detail, {"accountability": "Accountability and trust"})
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Practice with Rita \\[b\\]Okafor\\[/b\\]",
        "## 1. Accountability and trust",
        "## 2. Accountability and trust (follow-up 1)",
    ]
    assert "- **Outcome:** Trial agreed" in text
    assert "- **Terms:** Tuesday to Thursday, 90 days" in text
    assert "**Score:** 35 (needs work) · hint used" in text
    assert "Name the days." in text and "Proposes a trial with check-ins" in text
    quotes = _quoted_texts(text)
    # Manager line, reply; manager line, reply: each exactly as said or typed.
    assert quotes == [
        "How will I know you're working?",
        "That's fair, some days I'd send a daily update.",
        "How will I know you're working?",
        TRICKY,
    ]
    # The tricky reply made no heading, list or code block of its own.
    types = {t.type for t in MarkdownIt("commonmark").parse(text)}
    assert "fence" not in types and "ordered_list_open" not in types


@pytest.mark.parametrize(
    "reply",
    ["# h", "> q", "---", "===", "+ p", "2) two", "<script>x</script>", "a\n\n\nb", "    code", ""],
)
def test_md_quote_renders_literally(reply: str) -> None:
    assert _quoted_texts(md_quote(reply)) == [reply or "<em_open>(empty)<em_close>"]


def test_json_export_is_complete(saved: int) -> None:
    with Store.open() as store:
        detail = store.session(saved)
    assert detail is not None
    data = to_json(detail)
    assert data["format"] == "sparring-session" and data["version"] == 1
    assert data["session"]["persona_name"] == "Rita [b]Okafor[/b]"
    assert data["session"]["outcome"] == "trial" and data["session"]["seed"] == 7
    second = data["turns"][1]
    assert second["reply"] == TRICKY
    assert (second["score"], second["band"], second["hinted"], second["probe"]) == (
        35,
        "needs work",
        True,
        1,
    )
    assert second["flags"][0]["suggestion"] == "Name the days."
    assert second["flags"][0]["rule"] == "vague-words"
    assert second["moves_hit"][0]["move_id"] == "visibility"
    assert second["moves_missed"][0]["name"] == "Proposes a trial with check-ins"
    assert second["strengths"][0]["label"] == "Acknowledges"
    assert second["explanation"] == ["+20 visibility"]
    json.dumps(data)  # serialisable as is


def test_export_command_writes_private_files(
    saved: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md_file, json_file = tmp_path / "s.md", tmp_path / "s.json"
    assert main(["export", str(saved), "--format", "md", "--out", str(md_file)]) == 0
    assert main(["export", str(saved), "--format", "json", "--out", str(json_file)]) == 0
    assert md_file.read_text(encoding="utf-8").startswith("# Practice with Rita")
    assert json.loads(json_file.read_text(encoding="utf-8"))["turns"][1]["reply"] == TRICKY
    if os.name == "posix":
        for path in (md_file, json_file):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["export", str(saved), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["session"]["id"] == saved


@pytest.mark.parametrize("bad", ["999", "abc"])
def test_export_unknown_id_is_a_clear_error(
    saved: int, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", bad]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert bad in captured.err and "session" in captured.err


def test_export_with_nothing_saved(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "1"]) == 1
    assert "nothing saved" in capsys.readouterr().err
    assert not default_path().exists()


def test_history_json_and_table(saved: int, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open() as store:
        older = store.start_session("risk-averse", "Rita", None)
        store.record_turn(older, _turn(0, "x", 80))
    assert main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_sessions"] == 2
    assert [s["id"] for s in data["sessions"]] == [older, saved]
    assert data["sessions"][1]["average"] == 49 and data["sessions"][1]["turns"] == 2
    assert data["sessions"][0]["outcome"] is None
    assert [p["average"] for p in data["themes"]["accountability"]] == [48.5, 80.0]
    assert data["worst_objections"][0]["key"] == "how-will-i-know"
    assert main(["history", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Sessions (newest first, 1 of 2)" in out
    assert "unfinished" in out
    assert "accountability  ▄▇ " in out and "latest 80, +32 since first" in out
    assert "Last finished session: 49" not in out  # nothing finished before it
    assert "how-will-i-know   59.0  (3 latest of 3 attempts)" in out


def test_history_with_nothing_saved_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert "No practice sessions saved yet" in capsys.readouterr().out
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"] == []
    assert not default_path().exists()


def test_history_reports_a_moved_corrupt_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 100)
    assert main(["history", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["total_sessions"] == 0
    assert "history.sqlite3.corrupt-" in captured.err and str(path) in captured.err
