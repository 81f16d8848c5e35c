"""Provides `practice --plain --jsonl`: a session as one JSON object per event, for scripts.

Replies are read one per line with the same slash commands as plain mode. Every manager
line is a `manager` event (its `kind`, and `reason`: the move a probe asks for or the flag
kind a reaction answers), every reply a `score` event, and the session closes with one
`end` event. `--seed` makes the stream repeatable, so sessions can be tested and replayed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from sparring.core.scoring.score import Turn
from sparring.core.session.engine import Action, Entry, Session
from sparring.plain import COMMANDS

# The manager's line kinds that reach the stream; others are mapped onto them.
MANAGER_KINDS = (
    "opening",
    "objection",
    "probe",
    "push_back",
    "soften",
    "react",
    "agree",
    "no_deal",
    "move_on",
    "close",
)


def manager_event(entry: Entry) -> dict[str, Any]:
    """One manager line as an event."""
    reason = {entry.reason[0]: entry.reason[1]} if entry.reason else None
    kind = entry.kind if entry.kind in MANAGER_KINDS else "close"
    return {
        "event": "manager",
        "kind": kind,
        "text": entry.text,
        "objection_id": entry.objection_id,
        "reason": reason,
    }


def score_event(turn: Turn) -> dict[str, Any]:
    """One scored reply as an event."""
    score = turn.score
    return {
        "event": "score",
        "objection_id": turn.objection_id,
        "score": score.value,
        "band": score.band,
        "moves_hit": [hit.move_id for hit in score.moves_hit],
        "moves_missed": [miss.move_id for miss in score.moves_missed],
        "flags": [
            {"kind": f.kind, "text": f.text, "start": f.start, "end": f.end, "rule": f.rule_id}
            for f in score.flags
        ],
        "assisted": turn.assisted,
    }


def end_event(session: Session) -> dict[str, Any]:
    """How the session ended."""
    return {
        "event": "end",
        "outcome": session.outcome,
        "terms": session.terms,
        "mood": session.mood,
        "reason": session.end_reason,
    }


class JsonlRunner:
    """Drives a Session from lines of input, writing one JSON object per event."""

    def __init__(self, session: Session, out: TextIO) -> None:
        self.session = session
        self.out = out
        self.interrupted = False

    def emit(self, event: dict[str, Any]) -> None:
        """One event, one line, flushed so a pipe sees it at once (never NaN: always JSON)."""
        self.out.write(json.dumps(event, ensure_ascii=False, allow_nan=False) + "\n")
        self.out.flush()

    def run(self, lines: Iterator[str]) -> None:
        """Read replies until the session finishes or the input ends."""
        session = self.session
        self._manager(session.transcript)
        try:
            for raw in lines:
                line = raw.rstrip("\r\n")
                if line.strip():
                    self._handle(line)
                if session.finished:
                    break
        except KeyboardInterrupt:
            self.interrupted = True
        if not session.finished:
            session.end()
        self.emit(end_event(session))

    def _handle(self, line: str) -> None:
        session = self.session
        command = line.strip().lower()
        before = len(session.transcript)
        try:
            if command == "/hint":
                self.emit({"event": "hint", "text": session.hint()})
            elif command == "/model":
                self.emit({"event": "model_answer", "text": session.model_answer()})
            elif command == "/retry":
                taken = session.retry()
                self.emit({"event": "retry", "objection_id": taken.objection_id})
                self.emit(
                    {
                        "event": "manager",
                        "kind": "probe" if session.s.prompt_probe else "objection",
                        "text": session.prompt,
                        "objection_id": session.current.id if session.current else None,
                        "reason": None,
                    }
                )
                return
            elif command == "/skip":
                session.skip()
            elif command == "/end":
                session.end()
            elif command in ("/help", "/?"):
                self.emit({"event": "help", "commands": COMMANDS})
            elif command.startswith("/") and " " not in command and len(command) < 12:
                self.emit({"event": "error", "message": f"unknown command {line.strip()}"})
            else:
                result = session.reply(line)
                self.emit(score_event(result.turn))
                self._manager(list(result.lines))
                return
        except Action as refused:
            self.emit({"event": "error", "message": str(refused)})
            return
        self._manager(session.transcript[before:])

    def _manager(self, entries: list[Entry]) -> None:
        for entry in entries:
            if entry.speaker == "manager":
                self.emit(manager_event(entry))
