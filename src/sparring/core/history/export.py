"""Provides a saved session written out as Markdown or JSON, and private file writing."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from sparring.core.history.store import PRIVATE, SessionDetail, make_private
from sparring.core.scoring.score import Turn

FORMAT = "sparring-session"
FORMAT_VERSION = 1

# Characters with a meaning anywhere in a Markdown line; escaped with a backslash so the
# text renders exactly as typed. Apostrophes, commas and full stops stay readable.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Line starts that would make a heading, quote, list, rule, setext underline or fence.
_LINE_START = re.compile(r"^(\s*)(#|-|\+|=)")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md_inline(text: str) -> str:
    """Escape one line of text for Markdown, so it renders literally."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", escaped))


def md_quote(text: str) -> str:
    """Text as a Markdown blockquote that keeps every line and renders literally.

    Lines are joined with hard breaks (a trailing backslash) so line breaks survive, and
    leading spaces become non-breaking so they neither vanish nor start a code block.
    """
    if not text:
        return "> *(empty)*"
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = "&nbsp;" * (len(line) - len(stripped))
        lines.append(indent + md_inline(stripped))
    # An empty line inside the quote would end the paragraph; a lone hard break keeps it.
    body = "\\\n".join(lines)
    return "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))


def to_markdown(detail: SessionDetail, theme_titles: dict[str, str] | None = None) -> str:
    """A readable document: who, when, how it ended, and each exchange with its verdict."""
    titles = theme_titles or {}
    s = detail.session
    out = [
        f"# Practice with {md_inline(s.persona_name)}",
        "",
        f"- **Date:** {s.date}",
        f"- **Persona:** {md_inline(s.persona_name)} (`{md_code(s.persona_id)}`)",
        f"- **Outcome:** {_outcome(s.outcome)}",
    ]
    if s.terms:
        out.append(f"- **Terms:** {md_inline(s.terms)}")
    if s.average is not None:
        out.append(f"- **Average score:** {s.average}")
    out.append(f"- **Turns:** {len(detail.turns)}")
    if s.seed is not None:
        out.append(f"- **Seed:** {s.seed}")
    out.append(f"- **Session id:** {s.id}")
    for turn in detail.turns:
        out += ["", *_turn_markdown(turn, titles)]
    return "\n".join(out) + "\n"


def _turn_markdown(turn: Turn, titles: dict[str, str]) -> list[str]:
    score = turn.score
    theme = titles.get(turn.theme or "", turn.theme or "")
    heading = (
        f"## {turn.index + 1}. {md_inline(theme[:1].upper() + theme[1:]) if theme else 'Turn'}"
    )
    if turn.probe:
        heading += f" (follow-up {turn.probe})"
    out = [heading, "", "**Manager:**", "", md_quote(turn.manager_line), "", "**You:**", ""]
    out += [md_quote(turn.reply), ""]
    line = f"**Score:** {score.value} ({md_inline(score.band)})"
    if turn.hinted:
        line += " · hint used"
    out.append(line)
    if score.flags:
        out += ["", "**Flags:**", ""]
        for flag in score.flags:
            out.append(
                f"- *{md_inline(flag.kind)}* on “{md_inline(flag.text)}”: "
                f"{md_inline(flag.message)} Try: {md_inline(flag.suggestion)}"
            )
    if score.moves_hit:
        out += ["", "**Moves made:**", ""]
        out += [f"- {md_inline(m.name)} (“{md_inline(m.text)}”)" for m in score.moves_hit]
    if score.moves_missed:
        out += ["", "**Moves missed:**", ""]
        out += [f"- {md_inline(m.name)}" for m in score.moves_missed]
    if score.strengths:
        out += ["", "**Strengths:**", ""]
        out += [f"- {md_inline(st.label or st.kind)}" for st in score.strengths]
    return out


def md_code(text: str) -> str:
    """Text safe inside single backticks (ids never hold them, but stay safe)."""
    return text.replace("`", "'")


def _outcome(outcome: str | None) -> str:
    return {
        "trial": "agreed to a trial",
        "no-deal": "no deal",
        "ended": "ended early",
        None: "not finished",
    }.get(outcome, md_inline(outcome or ""))


def to_json(detail: SessionDetail) -> dict[str, Any]:
    """Everything kept about a session, turns included."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "session": detail.session.to_json(),
        "turns": [
            {
                "index": t.index,
                "at": t.at,
                "time": dt.datetime.fromtimestamp(t.at).isoformat(timespec="seconds"),
                "objection_id": t.objection_id,
                "theme": t.theme,
                "probe": t.probe,
                "hinted": t.hinted,
                "manager_line": t.manager_line,
                "reply": t.reply,
                **t.score.to_json(),
                "flags": [
                    {
                        "kind": f.kind,
                        "start": f.start,
                        "end": f.end,
                        "text": f.text,
                        "message": f.message,
                        "suggestion": f.suggestion,
                        "rule": f.rule_id,
                    }
                    for f in t.score.flags
                ],
                "strengths": [
                    {
                        "kind": s.kind,
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "label": s.label,
                    }
                    for s in t.score.strengths
                ],
            }
            for t in detail.turns
        ],
    }


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600 on POSIX), replacing what was there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    make_private(path)
