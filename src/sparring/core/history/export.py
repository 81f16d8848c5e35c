"""Provides the one session writer (Markdown or JSON) and private file writing."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sparring.core.history.store import PRIVATE, SessionDetail
from sparring.core.scoring.score import Turn, assisted_label
from sparring.core.text import printable, well_formed

FORMAT = "sparring-session"
FORMAT_VERSION = 1

# Characters with a meaning anywhere in a Markdown line; escaped with a backslash so the
# text renders exactly as typed. Apostrophes, commas and full stops stay readable.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# Line starts that would make a heading, quote, list, rule, setext underline or fence.
_LINE_START = re.compile(r"^(\s*)(#|-|\+|=)")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md_inline(text: str) -> str:
    """Escape one line of text for Markdown, so it renders literally.

    Rows saved before content was scrubbed, or replies piped in raw, are shown too:
    a control or bidi character becomes a visible escape.
    """
    escaped = _INLINE.sub(r"\\\1", printable(text, one_line=True))
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


OUTCOME_TITLES: dict[str | None, str] = {
    "trial": "Trial agreed",
    "no-deal": "No deal",
    "ended": "Ended early",
    None: "Not finished",
}


def outcome_line(outcome: str | None, terms: str | None = None) -> str:
    """One sentence on how a session ended (with the terms of a trial)."""
    title = OUTCOME_TITLES.get(outcome, str(outcome))
    if outcome == "trial" and terms:
        return f"{title}: {terms}"
    return title


@dataclass(frozen=True)
class ObjectionRow:
    """How one planned objection went, for the table of a session just played."""

    wording: str
    theme: str | None
    status: str
    scores: tuple[int, ...]


@dataclass(frozen=True)
class Advice:
    """What to keep, start and stop doing, drawn from one reply (best or weakest)."""

    title: str
    turn: Turn
    keep: tuple[str, ...]
    start: tuple[str, ...]
    stop: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    """What a session just played adds to its record: who, the mood, objections, advice."""

    role: str
    difficulty: str
    mood: int
    objections: tuple[ObjectionRow, ...]
    flags_by_kind: tuple[tuple[str, int], ...]
    advice: tuple[Advice, ...]
    closing_line: str | None


def to_markdown(
    detail: SessionDetail, theme_titles: dict[str, str] | None = None, review: Review | None = None
) -> str:
    """A readable document: who, when, how it ended, and each exchange with its verdict.

    The one Markdown writer: for a saved session (`sparring export`, the history screen)
    and, with a `review`, for the session just played (`--export`, the summary's export).
    Every text from the user or the content files renders literally.
    """
    titles = theme_titles or {}
    s = detail.session
    persona = f"{md_inline(s.persona_name)} (`{md_code(s.persona_id)}`)"
    if review is not None:
        persona += f", {md_inline(review.role)}, {md_inline(review.difficulty)}"
    out = [
        f"# Practice with {md_inline(s.persona_name)}",
        "",
        f"- **Date:** {s.date}",
        f"- **Persona:** {persona}",
        f"- **Outcome:** {md_inline(OUTCOME_TITLES.get(s.outcome, str(s.outcome)))}",
    ]
    if s.terms:
        out.append(f"- **Terms:** {md_inline(s.terms)}")
    if s.average is not None:
        out.append(f"- **Average score:** {s.average}")
    if review is not None:
        out.append(f"- **Manager's mood at the end:** {review.mood}/100")
    out.append(f"- **Turns:** {len(detail.turns)}")
    if s.seed is not None:
        out.append(f"- **Seed:** {s.seed}")
    if s.id:
        out.append(f"- **Session id:** {s.id}")
    if review is not None:
        out += _review_markdown(review, titles)
    for turn in detail.turns:
        out += ["", *_turn_markdown(turn, titles)]
    if review is not None and review.closing_line:
        out += ["", "## The manager's last word", "", md_quote(review.closing_line)]
    return "\n".join(out) + "\n"


def _review_markdown(review: Review, titles: dict[str, str]) -> list[str]:
    out = ["", "## Score per objection", ""]
    out += ["| # | Objection | Theme | Result | Scores |", "| --- | --- | --- | --- | --- |"]
    for number, row in enumerate(review.objections, 1):
        theme = titles.get(row.theme or "", row.theme or "")
        scores = ", ".join(str(value) for value in row.scores) or "-"
        out.append(
            f"| {number} | {md_inline(row.wording)} | {md_inline(theme)} | "
            f"{md_inline(row.status)} | {scores} |"
        )
    out += ["", "## Flags", ""]
    if review.flags_by_kind:
        out += [f"- {md_inline(kind)}: {count}" for kind, count in review.flags_by_kind]
    else:
        out.append("No phrasing flags.")
    for advice in review.advice:
        score = advice.turn.score
        out += ["", f"## {advice.title} ({score.value}, {md_inline(score.band)})", ""]
        out += [md_quote(advice.turn.reply), ""]
        items = [
            f"- **{label}:** {md_inline(item)}"
            for label, group in (
                ("Keep", advice.keep),
                ("Start", advice.start),
                ("Stop", advice.stop),
            )
            for item in group
        ]
        out += items or ["- Nothing to add."]
    return out


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
    if help_used := assisted_label(turn):
        line += f" · {help_used}"
    out.append(line)
    if score.flags:
        out += ["", "**Flags:**", ""]
        for flag in score.flags:
            out.append(
                f"- *{md_inline(flag.name)}* on “{md_inline(flag.text)}”: "
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
    return printable(text, one_line=True).replace("`", "'")


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
                "assisted": t.assisted or ("hint" if t.hinted else None),
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


# What an export must never write through: following a link would rewrite (and chmod) its
# target, opening a FIFO blocks until a reader comes, and a device is not a document.
_REFUSED: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISLNK, "is a symbolic link"),
    (stat.S_ISDIR, "is a folder"),
    (stat.S_ISFIFO, "is a named pipe (FIFO)"),
    (stat.S_ISCHR, "is a device"),
    (stat.S_ISBLK, "is a device"),
    (stat.S_ISSOCK, "is a socket"),
)


def check_target(path: Path) -> None:
    """Raise OSError (with a readable `strerror`) unless `path` can be written as a file.

    A new name in an existing folder, or an existing regular file (it is replaced), is
    fine; a symbolic link, a folder, a FIFO, a device or a socket is refused. Nothing is
    opened, so this never blocks.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError as error:
        raise NotADirectoryError(error.errno, "a part of the path is not a folder") from error
    for test, what in _REFUSED:
        if mode is not None and test(mode):
            raise OSError(errno.EINVAL, f"it {what}; give a regular file or a new name")
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"there is no folder {folder}")


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600 on POSIX), replacing a regular file.

    The text goes to a temporary file (0600) in the same folder, which is then renamed
    into place: a reader never sees half a file, and a symbolic link, FIFO or device at
    `path` is refused by `check_target` rather than followed, blocked on or rewritten.
    """
    check_target(path)
    fd, temporary = tempfile.mkstemp(prefix=".sparring-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(well_formed(text))
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(temporary, PRIVATE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
