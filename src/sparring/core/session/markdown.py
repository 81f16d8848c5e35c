"""Provides the Markdown export of a practice session: transcript, scores, flags, advice."""

from __future__ import annotations

import re
from datetime import datetime

from sparring.core.scoring.score import Turn
from sparring.core.session.summary import Advice, Summary

OUTCOME_TITLES = {
    "trial": "Trial agreed",
    "no-deal": "No deal",
    "ended": "Ended early",
    None: "Not finished",
}
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Markdown-escape text so that what was typed reads back as typed."""
    return _SPECIAL.sub(r"\\\1", text)


def outcome_line(summary: Summary) -> str:
    """One sentence on how the session ended."""
    title = OUTCOME_TITLES.get(summary.outcome, str(summary.outcome))
    if summary.outcome == "trial" and summary.terms:
        return f"{title}: {summary.terms}"
    return title


def to_markdown(summary: Summary, when: datetime | None = None) -> str:
    """The whole session as a Markdown document."""
    persona = summary.persona
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
    out = [
        f"# Practice with {escape(persona.name)}",
        "",
        f"*{escape(persona.role)}* - {persona.difficulty} - {stamp} - seed {summary.seed}",
        "",
        f"**Outcome:** {escape(outcome_line(summary))}  ",
        f"**Average score:** {_avg(summary.average)}  ",
        f"**Manager's mood at the end:** {summary.mood}/100",
        "",
        "## Score per objection",
        "",
        "| # | Objection | Theme | Result | Scores |",
        "| --- | --- | --- | --- | --- |",
    ]
    by_index = {turn.index: turn for turn in summary.turns}
    for number, state in enumerate(summary.objections, 1):
        scores = ", ".join(str(by_index[i].score.value) for i in state.turns if i in by_index)
        out.append(
            f"| {number} | {escape(state.wording)} | {state.objection.theme or ''} | "
            f"{state.status} | {scores or '-'} |"
        )
    out += ["", "## Flags", ""]
    if summary.flags_by_kind:
        out += [f"- {kind}: {count}" for kind, count in summary.flags_by_kind]
    else:
        out.append("No phrasing flags.")
    for title, turn, advice in (
        ("Best reply", summary.best, summary.best_advice),
        ("Weakest reply", summary.weakest, summary.weakest_advice),
    ):
        if turn is not None and advice is not None:
            out += ["", f"## {title} ({turn.score.value}, {turn.score.band})", ""]
            out += [f"> {escape(line)}" for line in turn.reply.splitlines() or [""]]
            out += ["", *_advice(advice)]
    out += ["", "## Transcript", ""]
    turns_by_reply = _turns_in_transcript_order(summary)
    for entry in summary.transcript:
        if entry.speaker == "manager":
            out += [f"**{escape(persona.name)}:** {escape(entry.text)}", ""]
        elif entry.speaker == "note":
            out += [f"*{escape(entry.text)}*", ""]
        else:
            turn = turns_by_reply.pop(0) if turns_by_reply else None
            out += [f"**You:** {escape(entry.text)}", ""]
            if turn is not None:
                out += [*_turn_detail(turn), ""]
    return "\n".join(out).rstrip() + "\n"


def _turns_in_transcript_order(summary: Summary) -> list[Turn]:
    return sorted(summary.turns, key=lambda t: t.index)


def _turn_detail(turn: Turn) -> list[str]:
    score = turn.score
    lines = [f"- Score: {score.value} ({score.band}){' - hint used' if turn.hinted else ''}"]
    if score.moves_hit:
        lines.append("- Moves made: " + ", ".join(escape(m.name) for m in score.moves_hit))
    if score.moves_missed:
        lines.append("- Moves missed: " + ", ".join(escape(m.name) for m in score.moves_missed))
    for flag in score.flags:
        lines.append(
            f"- Flag ({flag.kind}): \u201c{escape(flag.text)}\u201d - {escape(flag.message)} "
            f"Try: {escape(flag.suggestion)}"
        )
    return lines


def _advice(advice: Advice) -> list[str]:
    lines = []
    for label, items in (("Keep", advice.keep), ("Start", advice.start), ("Stop", advice.stop)):
        for item in items:
            lines.append(f"- **{label}:** {escape(item)}")
    return lines or ["- Nothing to add."]


def _avg(value: int | None) -> str:
    return "-" if value is None else str(value)
