"""Provides `sparring score`: judge a reply to an objection, as text, JSON or JSON lines."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING, Any, TextIO

from sparring.core.text import printable

if TYPE_CHECKING:
    from sparring.core.content.models import Persona
    from sparring.core.scoring.judge import Scorer
    from sparring.core.scoring.score import Score

_RESERVED = ("objection", "objection_id", "reply")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "score",
        parents=[common],
        help="score a reply to an objection",
        description="Score a reply to a manager's objection. The objection is an id or the "
        "manager's words; free text is matched to the closest known objection.",
    )
    parser.add_argument("reply", nargs="?", help="the reply to score (omit with --jsonl)")
    parser.add_argument(
        "--objection", metavar="TEXT_OR_ID", help="objection id, or the manager's wording"
    )
    parser.add_argument("--persona", metavar="ID", help="apply this persona's rule overrides")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON lines {"objection" or "objection_id", "reply", ...} from stdin, '
        "write one result line per input line (other keys are echoed; a number too big "
        "to echo exactly comes back as a string)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Score one reply, or every line of stdin with --jsonl."""
    from sparring.commands import load
    from sparring.core.scoring.judge import Scorer

    content = load(args)
    persona = None
    if args.persona is not None:
        persona = content.personas.get(args.persona)
        if persona is None:
            known = ", ".join(sorted(content.personas)) or "none"
            print(f"sparring score: no persona {args.persona!r} (known: {known})", file=sys.stderr)
            return 2
    scorer = Scorer(content)
    if args.jsonl:
        if args.reply is not None:
            print("sparring score: --jsonl reads replies from stdin; drop REPLY", file=sys.stderr)
            return 2
        return score_lines(scorer, sys.stdin.buffer, sys.stdout, persona)
    if args.reply is None:
        print("sparring score: give a REPLY to score, or use --jsonl", file=sys.stderr)
        return 2
    from sparring.core.scoring.judge import EmptyReply

    try:
        result = scorer.score(args.reply, args.objection, persona)
    except EmptyReply as error:
        print(f"sparring score: {error}; nothing to score", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        print(render(result, scorer, args.objection))
    return 0


def score_lines(scorer: Scorer, source: Any, out: TextIO, persona: Persona | None = None) -> int:
    """Score each JSON line of a byte stream in order; exit code 1 if any line was bad."""
    bad = False
    for raw in source:
        echo: dict[str, Any] = {}
        try:
            record = _parse(raw)
            echo = {k: v for k, v in record.items() if k not in _RESERVED}
            _check(record)
            objection = _objection(scorer, record)
            try:
                result = scorer.score(record["reply"], objection, persona)
            except Exception as error:  # one line must never stop the stream
                raise _BadLine(f"could not score: {type(error).__name__}: {error}") from error
            line = echo | result.to_json()
        except _BadLine as error:
            bad = True
            line = echo | {"error": str(error)}
        out.write(_dumps(line) + "\n")
    out.flush()
    return 1 if bad else 0


def _dumps(line: dict[str, Any]) -> str:
    """One output line, always valid JSON (never NaN or Infinity); an error object if not."""
    try:
        return json.dumps(line, allow_nan=False)
    except (ValueError, RecursionError) as error:
        return json.dumps({"error": f"the result cannot be written as JSON: {error}"})


# Python refuses to turn an int of more digits than this into text (and back), and JSON
# has no NaN or Infinity: such input is kept as its own text, or refused.
_MAX_DIGITS = 4300


class _NumberText(str):
    """A JSON number kept as its text: echoed as a string, never taken for one."""


def _number(text: str) -> int | str:
    """A JSON integer, or its text when it has too many digits to echo as a number."""
    return int(text) if len(text.lstrip("-")) <= _MAX_DIGITS else _NumberText(text)


def _decimal(text: str) -> float | str:
    """A JSON number with a fraction or exponent; its text when it is out of float range."""
    value = float(text)
    return value if math.isfinite(value) else _NumberText(text)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and not isinstance(value, _NumberText)


def _constant(name: str) -> Any:
    raise _BadLine(f"not JSON: {name} is not a JSON value")


class _BadLine(ValueError):
    """A JSON line that cannot be scored."""


def _parse(raw: bytes) -> dict[str, Any]:
    """One input line as a JSON object."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _BadLine("line is not UTF-8") from None
    if not text.strip():
        raise _BadLine("empty line; expected a JSON object")
    try:
        record = json.loads(text, parse_int=_number, parse_float=_decimal, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise _BadLine(f"not JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise _BadLine("not JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise _BadLine(f"expected a JSON object; found {_json_type(record)}")
    return record


def _check(record: dict[str, Any]) -> None:
    """A record has a usable reply and, if any, text objections."""
    from sparring.core.scoring.judge import EmptyReply

    if "reply" not in record:
        raise _BadLine('missing "reply"')
    if not _is_text(record["reply"]):
        raise _BadLine(f'"reply" must be a string; found {_json_type(record["reply"])}')
    if not record["reply"].strip():
        raise _BadLine(str(EmptyReply("the reply is empty")))
    for key in ("objection", "objection_id"):
        if record.get(key) is not None and not _is_text(record[key]):
            raise _BadLine(f'"{key}" must be a string; found {_json_type(record[key])}')


def _objection(scorer: Scorer, record: dict[str, Any]) -> str | None:
    """The objection a record names: an exact id, or free text to match."""
    objection_id = record.get("objection_id")
    if objection_id is not None:
        if objection_id not in scorer.content.objections:
            raise _BadLine(f"unknown objection_id {objection_id!r}")
        return str(objection_id)
    text = record.get("objection")
    return None if text is None else str(text)


def _json_type(value: object) -> str:
    names = {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }
    if isinstance(value, _NumberText):
        return "number"
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _safe(text: str) -> str:
    return printable(text)


def render(result: Score, scorer: Scorer, asked: str | None) -> str:
    """The readable verdict: score, band, the reply with flagged words marked, and advice."""
    lines = [f"Score: {result.value}/100 ({result.band})"]
    if result.objection_id is not None:
        objection = scorer.content.objections.get(result.objection_id)
        shown = objection.wordings[0] if objection else result.objection_id
        lines.append(f"Objection: {result.objection_id}: {_safe(shown)}")
    elif asked:
        lines.append("Objection: no known objection matched; scored on general signals and flags")
    if result.flags:
        lines += ["", "Your reply, flagged words in ⟦ ⟧:", "  " + _marked(result)]
        lines += ["", "Flags:"]
        for number, flag in enumerate(result.flags, 1):
            lines.append(f"  {number}. {flag.kind}: \u201c{_safe(flag.text)}\u201d")
            lines.append(f"     why: {flag.message}")
            lines.append(f"     try: {flag.suggestion}")
    else:
        lines += ["", "Flags: none"]
    if result.objection_id is not None:
        lines += ["", "Moves:"]
        lines += [f"  + {m.name}: \u201c{_safe(m.text)}\u201d" for m in result.moves_hit]
        lines += [f"  - {m.name} (missed)" for m in result.moves_missed]
    if result.strengths:
        lines += ["", "Strengths:"]
        for strength in result.strengths:
            label = strength.label or strength.kind
            lines.append(f"  + {label}: \u201c{_safe(strength.text)}\u201d")
    if result.explanation:
        lines += ["", "Why this score:"]
        lines += [f"  {_safe(line)}" for line in result.explanation]
    return "\n".join(lines)


def _marked(result: Score, limit: int = 2000) -> str:
    """The reply with each flag's words bracketed and numbered (overlaps merged)."""
    text = result.reply
    pieces: list[str] = []
    cursor = 0
    for number, flag in enumerate(sorted(result.flags, key=lambda f: f.start), 1):
        if flag.start < cursor or flag.start > limit:
            continue
        pieces.append(text[cursor : flag.start])
        pieces.append(f"⟦{text[flag.start : flag.end]}⟧{_superscript(number)}")
        cursor = flag.end
    tail = text[cursor:limit] + ("…" if len(text) > limit else "")
    pieces.append(tail)
    return _safe("".join(pieces)).replace("\n", "\n  ")


def _superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
