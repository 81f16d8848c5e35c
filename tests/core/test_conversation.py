"""Tests for the conversation engine: the manager's policy, driven by a fake scorer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.loading import Source, load_sources
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, Turn, band_for
from sparring.core.session import policy
from sparring.core.session.engine import Action, Session

DATA = Path(__file__).resolve().parent.parent / "data" / "practice"


class FakeScorer:
    """Scores by keyword: STRONG -> 90, WEAK -> 10, a number `=NN` -> NN; FLAG adds a flag."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        self.calls.append((reply, objection.id))
        value = 50
        if "STRONG" in reply:
            value = 90
        elif "WEAK" in reply:
            value = 10
        elif "=" in reply:
            value = int(reply.split("=", 1)[1][:2])
        flags: tuple[Flag, ...] = ()
        if "FLAG" in reply:
            start = reply.index("FLAG")
            flags = (Flag("defensive", start, start + 4, "FLAG", "Sounds defensive.", "Ack it."),)
        hits = (MoveHit(objection.moves[0].id, objection.moves[0].name, 0, 3, reply[:3]),)
        misses = tuple(MoveMiss(m.id, m.name) for m in objection.moves[1:])
        return Score(value, band_for(value), objection.id, reply, hits, misses, flags)


class FakeRecorder:
    """Keeps what the engine records, in memory."""

    def __init__(self) -> None:
        self.started: list[tuple[str, str, int | None]] = []
        self.turns: list[Turn] = []
        self.finished: list[tuple[str, str | None, int | None]] = []

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        self.started.append((persona_id, persona_name, seed))
        return 7

    def record_turn(self, session_id: int, turn: Turn) -> None:
        assert session_id == 7
        self.turns.append(turn)

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        self.finished.append((outcome, terms, average))


@pytest.fixture(scope="module")
def content() -> Content:
    # No parse cache: tests never write to the user's cache folder.
    loaded = load_sources([Source("test", DATA)], cache_file=False)
    assert not loaded.problems
    return loaded


@pytest.fixture
def tess(content: Content) -> Persona:
    return content.personas["tess-tester"]


def make(content: Content, persona: Persona, seed: int = 1, **kw: object) -> Session:
    return Session(persona, content, FakeScorer(), seed=seed, **kw)  # type: ignore[arg-type]


def texts(session: Session) -> list[str]:
    return [entry.text for entry in session.transcript]


def test_opens_with_an_opening_line_then_the_signature_objection(content, tess) -> None:
    session = make(content, tess)
    first, second = session.transcript
    assert first.speaker == "manager" and first.kind == "opening"
    assert first.text in tess.opening
    assert second.kind == "objection"
    assert session.current is not None and session.current.id == "fx-visibility"
    assert second.text in session.current.wordings
    assert session.prompt == second.text
    assert session.mood == tess.temperament.trust


def test_plan_has_rounds_distinct_objections_signature_first(content, tess) -> None:
    for seed in range(15):
        plan = [s.objection.id for s in make(content, tess, seed).objections]
        assert len(plan) == tess.rounds == len(set(plan))
        assert plan[0] == "fx-visibility"


def test_same_seed_replays_word_for_word(content, tess) -> None:
    one, two = make(content, tess, 42), make(content, tess, 42)
    for session in (one, two):
        session.reply("WEAK")
        session.reply("STRONG")
    assert texts(one) == texts(two)


def test_reply_returns_the_scored_turn_and_the_lines_that_answer_it(content, tess) -> None:
    session = make(content, tess)
    before = len(session.transcript)
    result = session.reply("=40 so-so")
    assert result.turn is session.turns[result.turn.index]
    assert result.score.value == 40 and result.turn.reply == "=40 so-so"
    assert list(result.lines) == session.transcript[before + 1 :]
    assert session.transcript[before].speaker == "user"
    with pytest.raises(AttributeError):
        result.turn = result.turn  # type: ignore[misc]


def test_retry_returns_the_turn_it_took_back(content, tess) -> None:
    session = make(content, tess)
    result = session.reply("WEAK first try")
    assert session.retry() == result.turn
    assert not session.turns


def test_different_seeds_give_different_sessions(content, tess) -> None:
    scripts = set()
    for seed in range(8):
        session = make(content, tess, seed)
        session.reply("STRONG")
        scripts.add(tuple(texts(session)))
    assert len(scripts) > 1


def test_without_a_seed_sessions_vary_and_keep_their_seed(content, tess) -> None:
    seeds = {Session(tess, content, FakeScorer()).seed for _ in range(5)}  # type: ignore[arg-type]
    assert len(seeds) > 1


def test_weak_reply_draws_push_back_and_a_probe_on_the_same_concern(content, tess) -> None:
    session = make(content, tess)
    objection = session.current
    assert objection is not None
    reaction = session.reply("WEAK answer").lines
    assert [e.kind for e in reaction] == ["push_back", "probe"]
    assert reaction[0].text in tess.lines.push_back
    assert reaction[1].text in [p.text for p in objection.probes]
    assert session.current == objection
    assert session.prompt == reaction[1].text
    assert session.objections[0].status == "open"


def test_patience_exhausted_moves_on_unconvinced(content, tess) -> None:
    session = make(content, tess)
    probes = []
    for _ in range(tess.temperament.patience):
        probes.append(session.reply("WEAK").lines[-1].text)
    assert len(set(probes)) == len(probes), "a probe is not asked twice"
    reaction = session.reply("WEAK again").lines
    assert reaction[0].kind == "move_on" and reaction[0].text in tess.lines.move_on
    assert reaction[1].kind == "objection"
    assert session.objections[0].status == "unconvinced"
    assert session.current is not None and session.current.id != "fx-visibility"
    turns = [session.turns[i] for i in session.objections[0].turns]
    assert [t.probe for t in turns] == [0, 1, 2]
    assert turns[1].manager_line == probes[0]


def test_strong_reply_softens_and_moves_on_with_mood_up(content, tess) -> None:
    session = make(content, tess)
    before = session.mood
    reaction = session.reply("STRONG answer").lines
    assert reaction[0].kind == "soften" and reaction[0].text in tess.lines.soften
    assert reaction[1].kind == "objection"
    assert session.mood > before
    assert session.objections[0].status == "convinced"
    assert session.progress == (2, 3)


def test_weak_reply_lowers_mood_more_on_a_hard_manager(content, tess) -> None:
    hard = tess.model_copy(update={"difficulty": "hard"})
    easy = tess.model_copy(update={"difficulty": "easy"})
    drops = {}
    for persona in (easy, tess, hard):
        session = make(content, persona)
        session.reply("WEAK")
        drops[persona.difficulty] = persona.temperament.trust - session.mood
    assert 0 < drops["easy"] < drops["medium"] < drops["hard"]


def test_hard_manager_wants_a_better_reply_to_be_convinced(content, tess) -> None:
    hard = tess.model_copy(update={"difficulty": "hard"})
    medium_session, hard_session = make(content, tess), make(content, hard)
    medium_session.reply("=75")
    hard_session.reply("=75")
    assert medium_session.objections[0].status == "convinced"
    assert hard_session.objections[0].status == "open"


def test_flags_cost_mood(content, tess) -> None:
    plain, flagged = make(content, tess), make(content, tess)
    plain.reply("=60 fine")
    flagged.reply("=60 FLAG")
    assert flagged.mood < plain.mood


def test_retry_rewinds_reaction_and_mood_and_rerecords_the_same_index(content, tess) -> None:
    recorder = FakeRecorder()
    session = make(content, tess, recorder=recorder)
    session.reply("STRONG")
    transcript, mood = texts(session), session.mood
    session.reply("WEAK")
    assert session.mood < mood
    session.retry()
    assert texts(session) == transcript
    assert session.mood == mood
    assert not session.can_retry
    session.reply("STRONG again")
    assert [t.index for t in recorder.turns] == [0, 1, 1]
    assert recorder.turns[-1].reply == "STRONG again"
    assert sorted(session.turns) == [0, 1]
    assert session.turns[1].reply == "STRONG again"


def test_retry_needs_a_reply(content, tess) -> None:
    session = make(content, tess)
    with pytest.raises(Action):
        session.retry()
    session.reply("STRONG")
    session.skip()
    with pytest.raises(Action):
        session.retry()


def test_retry_after_the_last_reply_reopens_the_session(content, tess) -> None:
    session = make(content, tess)
    for _ in range(3):
        session.reply("STRONG")
    assert session.finished
    session.retry()
    assert not session.finished and session.outcome is None
    assert session.current is not None


def test_skip_moves_on_without_a_turn(content, tess) -> None:
    recorder = FakeRecorder()
    session = make(content, tess, recorder=recorder)
    first = session.current
    reaction = session.skip()
    assert reaction[0].speaker == "note"
    assert session.objections[0].status == "skipped"
    assert session.current is not None and session.current != first
    assert recorder.turns == []
    assert session.mood < tess.temperament.trust


def test_hint_marks_the_turn_and_model_answer_comes_after_replying(content, tess) -> None:
    recorder = FakeRecorder()
    session = make(content, tess, recorder=recorder)
    objection = session.current
    assert objection is not None
    with pytest.raises(Action):
        session.model_answer()
    assert session.hint() == objection.hint
    session.reply("STRONG")
    assert recorder.turns[0].hinted
    assert session.model_answer() == objection.model_answer
    session.reply("STRONG")
    # A reply made after seeing the model answer is assisted too, and marked so.
    assert recorder.turns[0].assisted == "hint"
    assert recorder.turns[1].assisted == "model"


def test_strong_replies_earn_a_trial_with_the_terms_proposed(content, tess) -> None:
    recorder = FakeRecorder()
    session = make(content, tess, recorder=recorder)
    session.reply("STRONG: remote Tuesday and Thursday.")
    session.reply("STRONG: let's try a 60-day pilot.")
    reaction = session.reply("STRONG: with check-ins at 30 and 60 days.").lines
    assert session.finished and session.outcome == "trial"
    terms = "a 60-day trial, remote Tuesday and Thursday, with check-ins at 30 and 60 days"
    assert session.terms == terms
    assert reaction[-1].kind == "agree"
    assert reaction[-1].text == tess.lines.agree[0].replace("{terms}", terms)
    assert recorder.started == [("tess-tester", "Tess Tester", 1)]
    assert recorder.finished == [("trial", terms, 90)]
    with pytest.raises(Action):
        session.reply("more")


def test_trial_without_named_terms_falls_back_to_a_trial(content, tess) -> None:
    session = make(content, tess)
    for _ in range(3):
        session.reply("STRONG")
    assert session.terms == "a trial"
    assert "a trial" in session.transcript[-1].text


def test_weak_replies_end_the_meeting_once_the_mood_hits_the_floor(content, tess) -> None:
    recorder = FakeRecorder()
    session = make(content, tess, recorder=recorder)
    while not session.finished:
        session.reply("WEAK")
    assert (session.outcome, session.end_reason) == ("no-deal", "mood")
    last = session.transcript[-1]
    assert (last.kind, last.text in policy.DEFAULT_WALK_OUT) == ("close", True)
    assert recorder.finished[0][0] == "no-deal"
    statuses = [s.status for s in session.objections]
    assert statuses[0] == "unconvinced" and statuses[-1] == "not reached"


def test_no_deal_says_why_when_the_meeting_runs_its_course(content, tess) -> None:
    patient = tess.model_copy(
        update={"temperament": tess.temperament.model_copy(update={"floor": 0})}
    )
    session = make(content, patient)
    while not session.finished:
        session.reply("WEAK")
    assert (session.outcome, session.end_reason) == ("no-deal", "too few settled")
    last = session.transcript[-1]
    assert last.kind == "no_deal"
    assert last.text == f"{tess.lines.no_deal[0]} {policy.NO_DEAL_BECAUSE['too few settled']}"
    assert all(s.status == "unconvinced" for s in session.objections)


def test_end_early_is_ended(content, tess) -> None:
    recorder = FakeRecorder()
    session = make(content, tess, recorder=recorder)
    session.reply("STRONG")
    session.end()
    assert session.finished and session.outcome == "ended"
    assert [s.status for s in session.objections] == ["convinced", "open", "not reached"]
    assert recorder.finished == [("ended", None, 90)]


def test_summary_has_scores_flags_best_and_weakest(content, tess) -> None:
    session = make(content, tess)
    session.reply("=30 FLAG here")
    session.reply("STRONG")
    session.skip()
    session.reply("=80")
    summary = session.summary()
    assert summary.outcome == session.outcome
    assert [t.score.value for t in summary.turns] == [30, 90, 80]
    assert summary.flags_by_kind == (("defensive", 1),)
    assert summary.best is not None and summary.best.score.value == 90
    assert summary.weakest is not None and summary.weakest.score.value == 30
    assert summary.weakest_advice is not None
    assert any("FLAG" in line and "Ack it." in line for line in summary.weakest_advice.stop)
    assert summary.weakest_advice.start  # the missed moves
    assert summary.best_advice is not None and summary.best_advice.keep
    assert summary.average == round((30 + 90 + 80) / 3)


def test_session_from_given_objection_ids(content, tess) -> None:
    session = make(content, tess, objection_ids=["fx-tools", "fx-meetings"])
    assert [s.objection.id for s in session.objections] == ["fx-tools", "fx-meetings"]


def test_with_the_real_scorer_the_model_answer_convinces_and_a_weak_reply_does_not(
    content, tess
) -> None:
    scorer = Scorer(content)
    strong = Session(tess, content, scorer, seed=3)
    weak = Session(tess, content, scorer, seed=3)
    objection = strong.current
    assert objection is not None
    strong.reply(objection.model_answer)
    weak.reply("I just want to stay home more, it's easier for me.")
    assert strong.objections[0].status == "convinced"
    assert weak.objections[0].status == "open"
    assert strong.mood > weak.mood


def test_a_weak_start_can_still_be_recovered(content, tess) -> None:
    session = make(content, tess)
    session.reply("WEAK")
    while not session.finished:
        session.reply("STRONG")
    assert [s.status for s in session.objections] == ["convinced"] * 3
    assert session.outcome == "trial"


def test_convincing_only_one_of_three_is_no_deal(content, tess) -> None:
    session = make(content, tess)
    session.reply("STRONG")
    while not session.finished:
        session.reply("=55 middling")
    assert [s.status for s in session.objections] == ["convinced", "unconvinced", "unconvinced"]
    assert session.outcome == "no-deal"


def test_engine_and_plain_mode_load_neither_textual_nor_pyttsx3() -> None:
    code = (
        "import sys; import sparring.core.session.engine, sparring.core.history.export, "
        "sparring.core.scoring.terms, sparring.plain, sparring.commands.practice_cmd; "
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'pyttsx3')])"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        check=True,
    )
    assert out.stdout.strip() == "[]"
