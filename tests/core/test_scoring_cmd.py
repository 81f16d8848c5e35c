"""`sparring score`: the readable verdict, --json, and --jsonl from stdin."""

from __future__ import annotations

import io
import json
import sys

import pytest

from sparring.cli import main

OBJECTION = "how-will-i-know-youre-working"
BAD = "Honestly, that's ridiculous. Other people work remote all the time."
GOOD = (
    "That's a fair question. I'd send a morning plan and an end-of-day summary in Slack, "
    "and we could judge it on deliverables on time. Let's try it for 90 days with a "
    "check-in after 30."
)


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_readable_verdict_marks_the_offending_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--objection", OBJECTION, BAD]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Score: ")
    assert "(needs work)" in out
    assert "\u27e6that's ridiculous\u27e7" in out
    assert "defensive" in out and "try: Acknowledge the concern" in out
    assert "Proposes a trial with check-ins (missed)" in out


def test_readable_verdict_lists_moves_made(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--objection", OBJECTION, GOOD]) == 0
    out = capsys.readouterr().out
    assert "Flags: none" in out
    assert "+ Proposes a trial with check-ins: \u201ctry it for\u201d" in out


def test_free_text_objection_in_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    wording = "how would I even know you're actually working when you're at home"
    assert main(["score", "--json", "--objection", wording, GOOD]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["objection_id"] == OBJECTION
    assert result["score"] >= 75 and result["band"] in {"strong", "excellent"}


def test_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--json", "--objection", OBJECTION, BAD]) == 0
    result = json.loads(capsys.readouterr().out)
    keys = {"score", "band", "objection_id", "flags", "strengths", "moves_hit", "moves_missed"}
    assert keys <= set(result)
    flag = result["flags"][0]
    assert {"kind", "start", "end", "text", "message", "suggestion"} <= set(flag)
    assert BAD[flag["start"] : flag["end"]] == flag["text"]


@pytest.mark.parametrize("reply", ["", "   "])
def test_empty_reply_is_an_error(capsys: pytest.CaptureFixture[str], reply: str) -> None:
    assert main(["score", "--objection", OBJECTION, reply]) == 2
    assert "empty" in capsys.readouterr().err


def test_control_characters_are_not_printed_raw(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "that's ridiculous\x1b[2J\x07 I'll quit"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out


def test_jsonl_keeps_order_echoes_keys_and_reports_bad_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        json.dumps({"id": 1, "objection": "how do you know you work at home?", "reply": GOOD}),
        "this is not json",
        json.dumps({"id": 3, "objection_id": OBJECTION}),
        json.dumps({"id": 4, "reply": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 6, "objection_id": "no-such-objection", "reply": GOOD}),
        json.dumps({"id": 7, "reply": "   "}),
        json.dumps({"id": 8, "objection_id": OBJECTION, "reply": BAD, "tag": ["x"]}),
        json.dumps({"id": 9, "objection": None, "reply": "I'll quit 😀 مرحبا"}),
    ]
    _stdin(monkeypatch, ("\n".join(records) + "\n").encode())
    assert main(["score", "--jsonl"]) == 1
    out = _lines(capsys.readouterr().out)
    assert len(out) == len(records)
    assert out[0]["id"] == 1 and out[0]["objection_id"] == OBJECTION and "error" not in out[0]
    assert set(out[1]) == {"error"}
    assert out[2] == {"id": 3, "error": 'missing "reply"'}
    assert out[3]["id"] == 4 and "must be a string" in str(out[3]["error"])
    assert "object" in str(out[4]["error"])
    assert "unknown objection_id" in str(out[5]["error"])
    assert "empty" in str(out[6]["error"])
    assert out[7]["id"] == 8 and out[7]["tag"] == ["x"]
    assert [f["kind"] for f in out[7]["flags"]] == ["defensive", "defensive"]  # type: ignore[index]
    assert out[8]["objection_id"] is None
    assert [f["kind"] for f in out[8]["flags"]] == ["ultimatum"]  # type: ignore[index]


def test_jsonl_all_good_exits_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = json.dumps({"objection_id": OBJECTION, "reply": GOOD})
    _stdin(monkeypatch, (line + "\n" + line).encode())  # no newline at the very end
    assert main(["score", "--jsonl"]) == 0
    out = _lines(capsys.readouterr().out)
    assert len(out) == 2 and out[0] == out[1]


def test_jsonl_survives_bad_bytes_and_huge_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = json.dumps({"id": "big", "reply": "I need this. " * 80_000})
    _stdin(monkeypatch, b"\xff\xfe not utf-8\n" + huge.encode() + b"\n")
    assert main(["score", "--jsonl"]) == 1
    out = _lines(capsys.readouterr().out)
    assert "UTF-8" in str(out[0]["error"])
    assert out[1]["id"] == "big" and out[1]["score"] is not None


def _strict_json(line: str) -> dict[str, object]:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON: {line[:80]}")

    value: dict[str, object] = json.loads(line, parse_constant=refuse)
    return value


def test_jsonl_output_is_always_valid_json_and_the_stream_goes_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    digits = "9" * 5000  # more than Python turns into an int (4,300 digits)
    records = [
        f'{{"id": {digits}, "reply": "{GOOD}"}}',
        f'{{"id": 2, "n": NaN, "reply": "{GOOD}"}}',
        f'{{"id": 3, "n": -Infinity, "reply": "{GOOD}"}}',
        f'{{"id": 4, "n": 1e999, "reply": "{GOOD}"}}',
        '{"id": 5, "reply": 1e999}',
        f'{{"id": 6, "reply": "{GOOD}"}}',
    ]
    _stdin(monkeypatch, ("\n".join(records) + "\n").encode())
    assert main(["score", "--jsonl"]) == 1
    out = [_strict_json(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == len(records)
    assert out[0]["id"] == digits and "score" in out[0]  # echoed exactly, as a string
    assert out[1] == {"error": "not JSON: NaN is not a JSON value"}
    assert out[2] == {"error": "not JSON: -Infinity is not a JSON value"}
    assert out[3]["n"] == "1e999" and "score" in out[3]
    assert out[4] == {"id": 5, "error": '"reply" must be a string; found number'}
    assert out[5]["id"] == 6 and "score" in out[5]


def test_unknown_persona_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--persona", "nobody", "Remote Wednesdays."]) == 2
    assert "no persona" in capsys.readouterr().err
