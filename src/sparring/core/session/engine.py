"""Provides the conversation engine: the manager's policy from opening line to outcome."""

from __future__ import annotations

import dataclasses
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from sparring.core.content.catalog import Content
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.score import NullRecorder, Recorder, Score, Turn
from sparring.core.scoring.terms import extract_terms

Speaker = Literal["manager", "user", "note"]
Status = Literal["convinced", "unconvinced", "skipped", "open", "not reached"]

# A reply at or above this score convinces the manager; harder managers want more.
STRONG_AT: dict[str, int] = {"easy": 60, "medium": 70, "hard": 80}
# The mood the manager must end in to agree to a trial.
TRIAL_MOOD: dict[str, int] = {"easy": 50, "medium": 58, "hard": 65}
# How a good reply (first) and a bad one (second) move the mood, by difficulty.
FORGIVENESS: dict[str, tuple[float, float]] = {
    "easy": (1.25, 0.75),
    "medium": (1.0, 1.0),
    "hard": (0.75, 1.35),
}
# Mood gained when a reply convinces, on top of what its score gives.
CONVINCED_BONUS = 5.0
# Every concern raised put to rest lowers the mood a trial needs by this much.
ALL_CONVINCED_RELIEF = 15
# Phrasings that cost goodwill beyond what the score already says.
FLAG_COST: dict[str, float] = {"ultimatum": 10.0, "defensive": 4.0, "caves": 3.0}
DEFAULT_MOVE_ON = "Let's leave that there for now."
FALLBACK_TERMS = "a trial"


class Scores(Protocol):
    """What the engine needs from the scorer."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        """Judge one reply to one objection."""
        ...


@dataclass(frozen=True)
class Entry:
    """One line of the transcript: who said it, what, and why."""

    speaker: Speaker
    text: str
    kind: str
    objection_id: str | None = None


@dataclass
class ObjectionState:
    """How one planned objection went."""

    objection: Objection
    wording: str
    status: Status = "not reached"
    turns: list[int] = field(default_factory=list)
    probes_used: int = 0


@dataclass(frozen=True)
class Advice:
    """What to keep, start and stop doing, drawn from one reply."""

    keep: tuple[str, ...]
    start: tuple[str, ...]
    stop: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Everything the summary screen and the export show."""

    persona: Persona
    outcome: str | None
    terms: str | None
    closing_line: str | None
    mood: int
    average: int | None
    objections: tuple[ObjectionState, ...]
    turns: tuple[Turn, ...]
    flags_by_kind: tuple[tuple[str, int], ...]
    best: Turn | None
    weakest: Turn | None
    best_advice: Advice | None
    weakest_advice: Advice | None
    transcript: tuple[Entry, ...]
    seed: int


@dataclass
class _State:
    """The part of a session that a retry rewinds."""

    transcript: list[Entry]
    plan_index: int
    mood: float
    probes_used: int
    prompt: str
    prompt_probe: int
    hinted: bool
    finished: bool
    outcome: str | None
    terms: str | None
    statuses: list[ObjectionState]


class Action(Exception):
    """An action that is not possible right now; the message says why."""


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
        self.clock = clock
        self.difficulty = persona.difficulty
        self.turns: dict[int, Turn] = {}
        self.last_score: Score | None = None
        self.last_turn: Turn | None = None
        self._next_index = 0
        self._last_lines: dict[str, str] = {}
        self._probe_order: dict[str, list[str]] = {}
        self._undo: tuple[_State, int, Score | None, Turn | None] | None = None
        plan = self._plan(objection_ids)
        self.s = _State(
            transcript=[],
            plan_index=0,
            mood=float(persona.temperament.trust),
            probes_used=0,
            prompt="",
            prompt_probe=0,
            hinted=False,
            finished=False,
            outcome=None,
            terms=None,
            statuses=[ObjectionState(o, self.rng.choice(o.wordings)) for o in plan],
        )
        self.session_id = self.recorder.start_session(persona.id, persona.name, self.seed)
        self._say(self._line_from(persona.opening, "opening"), "opening")
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
        """Whether a hint was shown for the question on the table."""
        return self.s.hinted

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
        return STRONG_AT.get(self.difficulty, 70)

    # --- actions --------------------------------------------------------------------

    def reply(self, text: str) -> list[Entry]:
        """Score a reply, record the turn, and return the manager's reaction lines."""
        objection = self.current
        if objection is None:
            raise Action("the conversation is over")
        if not text.strip():
            raise Action("the reply is empty")
        self._undo = (_snapshot(self.s), self._next_index, self.last_score, self.last_turn)
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
            hinted=self.s.hinted,
            probe=self.s.prompt_probe,
            at=self.clock(),
        )
        self.turns[index] = turn
        state.turns.append(index)
        self.last_score, self.last_turn = score, turn
        self.s.transcript.append(Entry("user", text, "reply", objection.id))
        self.recorder.record_turn(self.session_id, turn)
        before = len(self.s.transcript)
        self._move_mood(score)
        if score.value >= self.strong_at:
            state.status = "convinced"
            self._say(self._line_from(self.persona.lines.soften, "soften"), "soften")
            self._advance()
        elif state.probes_used < self.persona.temperament.patience:
            state.probes_used += 1
            self._say(self._line_from(self.persona.lines.push_back, "push_back"), "push_back")
            probe = self._next_probe(objection)
            self._say(probe, "probe")
            self.s.prompt, self.s.prompt_probe, self.s.hinted = probe, state.probes_used, False
        else:
            state.status = "unconvinced"
            self._say(self._line_from(self.persona.lines.move_on, "move_on"), "move_on")
            self._advance()
        return self.s.transcript[before:]

    def retry(self) -> None:
        """Take back the last reply: its reaction, its mood change and its outcome."""
        if self._undo is None:
            raise Action("there is no reply to retry")
        state, index, score, turn = self._undo
        self.turns.pop(index, None)
        self.s, self._next_index = state, index
        self.last_score, self.last_turn = score, turn
        self._undo = None
        # The history keeps what the summary counts: a reply taken back is no attempt.
        # Optional, so recorders that only keep turns (tests, --no-save) need not have it.
        forget = getattr(self.recorder, "forget_turn", None)
        if forget is not None:
            forget(self.session_id, index)

    def hint(self) -> str:
        """The hint for the objection on the table; the next turn is marked as hinted."""
        objection = self.current
        if objection is None:
            raise Action("the conversation is over")
        self.s.hinted = True
        return objection.hint

    def model_answer(self) -> str:
        """The model answer to the objection last replied to."""
        if self.last_turn is None or self.last_turn.objection_id is None:
            raise Action("reply first, then compare with the model answer")
        return self.content.objections[self.last_turn.objection_id].model_answer

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
        self.s.mood = _clamp(self.s.mood - 3.0 * self.persona.temperament.volatility)
        self._say(self._line_from(self.persona.lines.move_on, "move_on"), "move_on")
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
        self._finish("ended", None)

    def summary(self) -> Summary:
        """The outcome, scores per objection, flags by kind and advice, for the summary."""
        turns = tuple(self.turns[i] for i in sorted(self.turns))
        flags = Counter(flag.kind for turn in turns for flag in turn.score.flags)
        best = max(turns, key=lambda t: t.score.value, default=None)
        weakest = min(turns, key=lambda t: t.score.value, default=None)
        if weakest is best:
            weakest = None
        closing = None
        if self.s.finished and self.s.transcript and self.s.transcript[-1].speaker == "manager":
            closing = self.s.transcript[-1].text
        return Summary(
            persona=self.persona,
            outcome=self.s.outcome,
            terms=self.s.terms,
            closing_line=closing,
            mood=self.mood,
            average=self.average(),
            objections=tuple(self.s.statuses),
            turns=turns,
            flags_by_kind=tuple(flags.most_common()),
            best=best,
            weakest=weakest,
            best_advice=advice_for(best.score) if best else None,
            weakest_advice=advice_for(weakest.score) if weakest else None,
            transcript=tuple(self.s.transcript),
            seed=self.seed,
        )

    def average(self) -> int | None:
        """The mean score of the replies kept (a retried reply counts once)."""
        if not self.turns:
            return None
        return round(sum(t.score.value for t in self.turns.values()) / len(self.turns))

    # --- the manager's policy -----------------------------------------------------------

    def _plan(self, objection_ids: Sequence[str] | None) -> list[Objection]:
        """The objections to raise: given ids, or the persona's mix, signature first."""
        if objection_ids:
            return [self.content.objections[i] for i in objection_ids]
        picks = self.content.picks(self.persona)
        plan = [p.objection for p in picks if p.first]
        rest = [p for p in picks if not p.first]
        while rest and len(plan) < self.persona.rounds:
            chosen = self.rng.choices(rest, weights=[p.weight for p in rest])[0]
            plan.append(chosen.objection)
            rest.remove(chosen)
        return plan[: max(self.persona.rounds, 1)]

    def _raise_current(self) -> None:
        if self.s.plan_index >= len(self.s.statuses):
            self._close()
            return
        state = self.s.statuses[self.s.plan_index]
        state.status = "open"
        self._say(state.wording, "objection", state.objection.id)
        self.s.prompt, self.s.prompt_probe, self.s.hinted = state.wording, 0, False

    def _advance(self) -> None:
        self.s.plan_index += 1
        self._raise_current()

    def _close(self) -> None:
        """Decide the outcome the replies earned."""
        raised = [s for s in self.s.statuses if s.status != "not reached"]
        convinced = sum(1 for s in raised if s.status == "convinced")
        needed = math.ceil(len(raised) / 2)
        mood_needed = TRIAL_MOOD.get(self.difficulty, 58)
        if raised and convinced == len(raised):
            mood_needed -= ALL_CONVINCED_RELIEF
        if convinced >= needed and self.s.mood >= mood_needed:
            replies = [self.turns[i].reply for i in sorted(self.turns)]
            terms = extract_terms(replies) or FALLBACK_TERMS
            line = self._line_from(self.persona.lines.agree, "agree").replace("{terms}", terms)
            self._say(line, "agree")
            self._finish("trial", terms)
        else:
            self._say(self._line_from(self.persona.lines.no_deal, "no_deal"), "no_deal")
            self._finish("no-deal", None)

    def _finish(self, outcome: str, terms: str | None) -> None:
        self.s.finished, self.s.outcome, self.s.terms = True, outcome, terms
        self.recorder.finish_session(self.session_id, outcome, terms, self.average())

    def _move_mood(self, score: Score) -> None:
        up, down = FORGIVENESS.get(self.difficulty, (1.0, 1.0))
        delta = (score.value - 50) / 3.5
        delta *= up if delta > 0 else down
        if score.value >= self.strong_at:
            delta += CONVINCED_BONUS  # a concern put to rest counts beyond the words
        delta -= sum(FLAG_COST.get(flag.kind, 1.0) for flag in score.flags)
        self.s.mood = _clamp(self.s.mood + delta * self.persona.temperament.volatility)

    def _next_probe(self, objection: Objection) -> str:
        """Probes in a shuffled order, so a second probe is never the first one again."""
        order = self._probe_order.get(objection.id)
        if not order:
            order = list(objection.probes)
            self.rng.shuffle(order)
            self._probe_order[objection.id] = order
        return order.pop(0)

    def _line_from(self, lines: Sequence[str], kind: str) -> str:
        """A random line, not the same as the last one of its kind when there is a choice."""
        choices = [line for line in lines if line != self._last_lines.get(kind)] or list(lines)
        if not choices:
            return DEFAULT_MOVE_ON
        line = self.rng.choice(choices)
        self._last_lines[kind] = line
        return line

    def _say(self, text: str, kind: str, objection_id: str | None = None) -> None:
        if objection_id is None and kind != "opening" and self.current is not None:
            objection_id = self.current.id
        self.s.transcript.append(Entry("manager", text, kind, objection_id))


def advice_for(score: Score) -> Advice:
    """Keep what worked, start the moves that were missing, stop the flagged phrasing."""
    keep = [f"{hit.name}: \u201c{hit.text}\u201d" for hit in score.moves_hit]
    keep += [f"{s.label or s.kind}: \u201c{s.text}\u201d" for s in score.strengths]
    start = [miss.name for miss in score.moves_missed]
    stop = [f"\u201c{flag.text}\u201d ({flag.kind}): {flag.suggestion}" for flag in score.flags]
    return Advice(tuple(keep), tuple(start), tuple(stop))


def _snapshot(state: _State) -> _State:
    """A copy deep enough to rewind: lists copied, the frozen models shared."""
    statuses = [dataclasses.replace(s, turns=list(s.turns)) for s in state.statuses]
    return dataclasses.replace(state, transcript=list(state.transcript), statuses=statuses)


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))
