"""Provides the conversation engine: the session's state machine from opening line to outcome."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence

from sparring.core.content.catalog import Content
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.score import NullRecorder, Recorder, Score, Turn
from sparring.core.scoring.terms import Terms, offered, read_terms
from sparring.core.session import policy
from sparring.core.session.records import Entry, ObjectionState, Reason, ReplyResult
from sparring.core.session.state import Action, Scores, State, snapshot
from sparring.core.session.summary import Advice, Summary, Verdict, summarise

__all__ = ["Action", "Advice", "Entry", "ObjectionState", "ReplyResult", "Scores", "Session"]
__all__ += ["Summary", "Verdict"]


class Session:
    """One practice conversation with one persona; the UI reads its state and calls actions."""

    def __init__(
        self,
        persona: Persona,
        content: Content,
        scorer: Scores,
        *,
        seed: int | None = None,
        recorder: Recorder | None = None,
        objection_ids: Sequence[str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.persona = persona
        self.content = content
        self.scorer = scorer
        self.recorder: Recorder = recorder or NullRecorder()
        # Without a seed, draw one so the session varies but can still be replayed.
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**32)
        self.rng = random.Random(self.seed)
        self.policy = policy.Policy(self.rng)
        self.clock = clock
        self.difficulty = persona.difficulty
        self.turns: dict[int, Turn] = {}
        self._next_index = 0
        self._undo: tuple[State, int] | None = None
        plan = policy.plan(content, persona, self.rng, objection_ids)
        self.s = State(
            transcript=[],
            plan_index=0,
            mood=float(persona.temperament.trust),
            prompt="",
            prompt_probe=0,
            assisted=None,
            finished=False,
            outcome=None,
            terms=None,
            statuses=[ObjectionState(o, self.rng.choice(o.wordings)) for o in plan],
        )
        self.session_id = self.recorder.start_session(persona.id, persona.name, self.seed)
        self._say(self.policy.line(persona.opening, "opening"), "opening")
        self._raise_current()

    # --- state the UI reads ---------------------------------------------------------

    @property
    def transcript(self) -> list[Entry]:
        """Every line so far, in order."""
        return self.s.transcript

    @property
    def mood(self) -> int:
        """The manager's mood, 0 (closed) to 100 (won over)."""
        return round(self.s.mood)

    @property
    def finished(self) -> bool:
        """Whether the session has an outcome."""
        return self.s.finished

    @property
    def outcome(self) -> str | None:
        """trial, no-deal or ended, once finished."""
        return self.s.outcome

    @property
    def terms(self) -> str | None:
        """The trial terms the manager agreed to."""
        return self.s.terms

    @property
    def current(self) -> Objection | None:
        """The objection on the table, or None when finished."""
        if self.s.finished or self.s.plan_index >= len(self.s.statuses):
            return None
        return self.s.statuses[self.s.plan_index].objection

    @property
    def prompt(self) -> str:
        """What the manager last asked: the objection wording or a probe."""
        return self.s.prompt

    @property
    def hinted(self) -> bool:
        """Whether a hint or a model answer was shown since the last reply."""
        return self.s.assisted is not None

    @property
    def assisted(self) -> str | None:
        """ "hint" or "model" when the next reply will count as assisted."""
        return self.s.assisted

    @property
    def end_reason(self) -> str | None:
        """Why the session ended: convinced, too few settled, mood, ultimatum, won over..."""
        return self.s.end_reason

    @property
    def heard(self) -> Terms:
        """The terms the user has offered so far."""
        return self.s.heard

    @property
    def progress(self) -> tuple[int, int]:
        """(objection number on the table, objections planned)."""
        total = len(self.s.statuses)
        return min(self.s.plan_index + 1, total), total

    @property
    def objections(self) -> list[ObjectionState]:
        """How each planned objection went so far."""
        return self.s.statuses

    @property
    def can_retry(self) -> bool:
        """Whether the last reply can be taken back."""
        return self._undo is not None

    @property
    def strong_at(self) -> int:
        """The score a reply needs to convince this manager."""
        return policy.strong_at(self.persona)

    # --- actions --------------------------------------------------------------------

    def reply(self, text: str) -> ReplyResult:
        """Score a reply, record the turn, and return the turn with the manager's answer."""
        objection = self.current
        if objection is None:
            raise Action("the conversation is over")
        if not text.strip():
            raise Action("the reply is empty")
        self._undo = (snapshot(self.s), self._next_index)
        score = self.scorer.score(text, objection, self.persona)
        state = self.s.statuses[self.s.plan_index]
        index = self._next_index
        self._next_index += 1
        turn = Turn(
            index=index,
            objection_id=objection.id,
            theme=objection.theme,
            manager_line=self.s.prompt,
            reply=text,
            score=score,
            hinted=self.s.assisted is not None,
            probe=self.s.prompt_probe,
            at=self.clock(),
            assisted=self.s.assisted,
        )
        self.turns[index] = turn
        state.turns.append(index)
        self.s.last_objection_id = objection.id
        self.s.assisted = None
        self.s.transcript.append(Entry("user", text, "reply", objection.id))
        self.recorder.record_turn(self.session_id, turn)
        before = len(self.s.transcript)
        heard = read_terms([offered(text, score.acts)])
        self._hear(heard, objection.id)
        self.s.mood = policy.mood_after(self.s.mood, score, self.persona)
        if score.value >= self.strong_at:
            self._convinced(state, heard)
        else:
            self._unconvinced(state, objection, score)
        return ReplyResult(turn, tuple(self.s.transcript[before:]))

    def _convinced(self, state: ObjectionState, heard: Terms) -> None:
        state.status = "convinced"
        line = self.policy.line(self.persona.lines.soften, "soften")
        echo = heard.heard()
        if echo and "{terms}" not in line:
            line = f"{policy.sentence(echo)} {line}"
        self._say(policy.fill(line, echo or "that"), "soften")
        settled = sum(1 for s in self.s.statuses if s.status == "convinced")
        left = self.s.plan_index + 1 < len(self.s.statuses)
        won_over = self.s.mood >= self.persona.temperament.won_over_at and settled >= math.ceil(
            policy.WON_OVER_SHARE * len(self.s.statuses)
        )
        if left and won_over:
            self.s.plan_index += 1
            self._agree("won over")
            return
        self._advance()

    def _unconvinced(self, state: ObjectionState, objection: Objection, score: Score) -> None:
        lines = self.persona.lines
        kind = policy.reaction_kind(score)
        reason: Reason | None = ("act", kind) if kind else None
        if kind == "ultimatum":
            if not self.persona.temperament.calls_bluff:
                self._say(self.policy.react(self.persona, kind), "react", reason=reason)
                state.status = "unconvinced"
                self.s.plan_index += 1
                self._finish("no-deal", None, "ultimatum")
                return
            own = self.persona.lines.react.get("ultimatum", [])
            line = self.policy.line(own, "bluff", policy.CALL_BLUFF)
            self._say(line, "react", reason=reason)
        elif kind == "caves":
            self._say(self.policy.react(self.persona, kind), "react", reason=reason)
            state.status = "conceded"
            self._advance()
            return
        elif kind is not None:
            self._say(self.policy.react(self.persona, kind), "react", reason=reason)
        floor = self.persona.temperament.floor
        if floor and self.s.mood <= floor:
            state.status = "unconvinced"
            walk_out = self.policy.line(lines.walk_out, "walk_out", policy.DEFAULT_WALK_OUT)
            self._say(walk_out, "close")
            self.s.plan_index += 1
            self._finish("no-deal", None, "mood")
            return
        if state.probes_used < self.persona.temperament.patience and (
            probe := self.policy.probe(objection, score)
        ):
            state.probes_used += 1
            if kind is None:
                self._say(self.policy.line(lines.push_back, "push_back"), "push_back")
            self._say(probe.text, "probe", reason=("move", probe.move) if probe.move else None)
            self.s.prompt, self.s.prompt_probe = probe.text, state.probes_used
            return
        state.status = "unconvinced"
        self._say(self.policy.line(lines.move_on, "move_on"), "move_on")
        self._advance()

    def _hear(self, heard: Terms, objection_id: str) -> None:
        if heard.schedule and self.s.heard_under is None:
            self.s.heard_under = objection_id
        self.s.heard = self.s.heard.merged(heard)

    def retry(self) -> Turn:
        """Take back the last reply (its reaction, mood change and outcome) and return it."""
        if self._undo is None:
            raise Action("there is no reply to retry")
        state, index = self._undo
        taken_back = self.turns.pop(index)
        # A hint or model answer seen after the reply helps the reply that replaces it.
        seen_since = self.s.assisted
        self.s, self._next_index = state, index
        if seen_since == "model" or state.assisted is None:
            self.s.assisted = seen_since or state.assisted
        self._undo = None
        # The history keeps what the summary counts: a reply taken back is no attempt.
        # Optional, so recorders that only keep turns (tests, --no-save) need not have it.
        forget = getattr(self.recorder, "forget_turn", None)
        if forget is not None:
            forget(self.session_id, index)
        return taken_back

    def hint(self) -> str:
        """The hint for the objection on the table; the next turn is marked as assisted."""
        objection = self.current
        if objection is None:
            raise Action("the conversation is over")
        if self.s.assisted is None:
            self.s.assisted = "hint"
        return objection.hint

    def model_answer(self) -> str:
        """The model answer to the objection last replied to."""
        if self.s.last_objection_id is None:
            raise Action("reply first, then compare with the model answer")
        if not self.s.finished:
            self.s.assisted = "model"
        return self.content.objections[self.s.last_objection_id].model_answer

    def skip(self) -> list[Entry]:
        """Leave the objection on the table unanswered and move to the next one."""
        objection = self.current
        if objection is None:
            raise Action("the conversation is over")
        self._undo = None
        before = len(self.s.transcript)
        self.s.statuses[self.s.plan_index].status = "skipped"
        self.s.transcript.append(Entry("note", "(skipped)", "skip", objection.id))
        # An unanswered concern costs a little goodwill.
        self.s.mood = policy.clamp(self.s.mood - 3.0 * self.persona.temperament.volatility)
        self._say(self.policy.line(self.persona.lines.move_on, "move_on"), "move_on")
        self._advance()
        return self.s.transcript[before:]

    def end(self) -> None:
        """Stop early: the outcome is `ended`."""
        if self.s.finished:
            return
        self._undo = None
        if self.current is not None:
            self.s.statuses[self.s.plan_index].status = "open"
        self.s.transcript.append(Entry("note", "(ended early)", "end"))
        self._finish("ended", None, "ended by the user")

    def summary(self) -> Summary:
        """The outcome, scores per objection, flags by kind and advice, for the summary."""
        return summarise(
            self.persona,
            outcome=self.s.outcome,
            terms=self.s.terms,
            finished=self.s.finished,
            mood=self.mood,
            average=self.average(),
            objections=self.s.statuses,
            turns=[self.turns[i] for i in sorted(self.turns)],
            transcript=self.s.transcript,
            seed=self.seed,
            end_reason=self.s.end_reason,
        )

    def average(self) -> int | None:
        """The mean score of the replies kept and made unaided (a retry counts once).

        A reply made after the hint or the model answer does not count towards progress.
        """
        own = [t.score.value for t in self.turns.values() if t.assisted is None]
        if not own:
            return None
        return round(sum(own) / len(own))

    # --- moving through the plan --------------------------------------------------------

    def _raise_current(self) -> None:
        if self.s.plan_index >= len(self.s.statuses):
            self._close()
            return
        state = self.s.statuses[self.s.plan_index]
        state.status = "open"
        wording = state.wording
        under = self.s.heard_under
        if under and under != state.objection.id and self.s.heard.schedule and not self.s.recalled:
            # It heard the terms: a later concern refers back to them.
            self.s.recalled = True
            wording = f"You said {self.s.heard.schedule}. {wording}"
        self._say(wording, "objection", state.objection.id)
        self.s.prompt, self.s.prompt_probe, self.s.assisted = wording, 0, None

    def _advance(self) -> None:
        self.s.plan_index += 1
        self._raise_current()

    def _close(self) -> None:
        """Decide the outcome the replies earned."""
        raised = [s for s in self.s.statuses if s.status != "not reached"]
        convinced = sum(1 for s in raised if s.status == "convinced")
        needed = math.ceil(len(raised) / 2)
        mood_needed = policy.TRIAL_MOOD.get(self.difficulty, 58)
        if raised and convinced == len(raised):
            mood_needed -= policy.ALL_CONVINCED_RELIEF
        if convinced >= needed and self.s.mood >= mood_needed:
            self._agree("convinced")
            return
        reason = "too few settled" if convinced < needed else "mood"
        line = self.policy.line(self.persona.lines.no_deal, "no_deal")
        self._say(f"{line} {policy.NO_DEAL_BECAUSE[reason]}", "no_deal")
        self._finish("no-deal", None, reason)

    def _agree(self, reason: str) -> None:
        terms = self.s.heard.agreement() or policy.FALLBACK_TERMS
        line = policy.fill(self.policy.line(self.persona.lines.agree, "agree"), terms)
        self._say(line, "agree")
        self._finish("trial", terms, reason)

    def _finish(self, outcome: str, terms: str | None, reason: str) -> None:
        self.s.finished, self.s.outcome, self.s.terms = True, outcome, terms
        self.s.end_reason = reason
        self.recorder.finish_session(self.session_id, outcome, terms, self.average())

    def _say(
        self,
        text: str,
        kind: str,
        objection_id: str | None = None,
        *,
        reason: Reason | None = None,
    ) -> None:
        if objection_id is None and kind != "opening" and self.current is not None:
            objection_id = self.current.id
        self.s.transcript.append(Entry("manager", text, kind, objection_id, reason))
