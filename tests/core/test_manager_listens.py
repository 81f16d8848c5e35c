"""The manager answers what the reply did: reactions, concessions, terms, mood, help."""

from __future__ import annotations

import re

import pytest
from tests.core.test_conversation import DATA, FakeRecorder

from sparring.core.content.catalog import Content
from sparring.core.content.loading import Source, load_sources
from sparring.core.content.models import Objection, Persona
from sparring.core.scoring.acts import FLAG_OF_ACT
from sparring.core.scoring.score import Flag, MoveHit, MoveMiss, Score, band_for
from sparring.core.session import policy
from sparring.core.session.engine import Session

# The flag kinds the act model knows (the built-in rules cover every one).
FLAG_KINDS = tuple(FLAG_OF_ACT.values())


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = load_sources([Source("test", DATA)], cache_file=False)
    assert not loaded.problems
    return loaded


@pytest.fixture
def tess(content: Content) -> Persona:
    return content.personas["tess-tester"]


class KindScorer:
    """`=NN` sets the score (default 40); `FLAG:kind` adds a flag of that kind."""

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        value = int(m[1]) if (m := re.search(r"=(\d+)", reply)) else 40
        flags = tuple(
            Flag(kind, m.start(), m.end(), m[0], "msg", "try")
            for m in re.finditer(r"FLAG:([a-z-]+)", reply)
            for kind in [m[1]]
        )
        hits = (MoveHit(objection.moves[0].id, objection.moves[0].name, 0, 1, reply[:1]),)
        misses = tuple(MoveMiss(m.id, m.name) for m in objection.moves[1:])
        return Score(value, band_for(value), objection.id, reply, hits, misses, flags)


def start(persona: Persona, content: Content, **kw: object) -> Session:
    return Session(persona, content, KindScorer(), seed=3, **kw)  # type: ignore[arg-type]


def with_temperament(persona: Persona, **update: object) -> Persona:
    return persona.model_copy(update={"temperament": persona.temperament.model_copy(update=update)})


def new_lines(session: Session, before: int) -> list[tuple[str, str, tuple[str, str] | None]]:
    return [
        (e.kind, e.text, e.reason) for e in session.transcript[before:] if e.speaker == "manager"
    ]


@pytest.mark.parametrize("kind", [k for k in FLAG_KINDS if k not in ("ultimatum", "caves")])
def test_a_flagged_weak_reply_gets_a_reaction_to_what_it_did(content, tess, kind) -> None:
    session = start(tess, content)
    before = len(session.transcript)
    session.reply(f"=40 FLAG:{kind}")
    lines = new_lines(session, before)
    assert lines[0][0] == "react"
    assert lines[0][1] in policy.DEFAULT_REACTIONS[kind]
    assert lines[0][2] == ("act", kind)
    # The reaction takes the push-back's place; a probe may follow, never a push-back.
    assert "push_back" not in [k for k, _, _ in lines]


def test_the_reaction_is_the_persona_own_line_when_it_has_one(content, tess) -> None:
    own = tess.model_copy(
        update={"lines": tess.lines.model_copy(update={"react": {"vague": ["Which days, Sam?"]}})}
    )
    session = start(own, content)
    result = session.reply("=40 FLAG:vague")
    assert result.lines[0].text == "Which days, Sam?"


def test_the_worst_flag_is_the_one_reacted_to(content, tess) -> None:
    session = start(tess, content)
    result = session.reply("=40 FLAG:vague FLAG:defensive")
    assert result.lines[0].reason == ("act", "defensive")


def test_an_ultimatum_ends_the_meeting_with_no_deal(content, tess) -> None:
    recorder = FakeRecorder()
    session = start(tess, content, recorder=recorder)
    result = session.reply("=30 FLAG:ultimatum")
    assert session.finished
    assert (session.outcome, session.end_reason) == ("no-deal", "ultimatum")
    assert [(e.kind, e.reason) for e in result.lines] == [("react", ("act", "ultimatum"))]
    assert recorder.finished[0][0] == "no-deal"
    assert session.summary().closing_line == result.lines[0].text


def test_a_persona_that_calls_the_bluff_goes_on_colder(content, tess) -> None:
    bluffer = with_temperament(tess, calls_bluff=True)
    plain = start(tess.model_copy(), content)
    calm = start(bluffer, content)
    calm_mood = plain.mood
    result = calm.reply("=30 FLAG:ultimatum")
    assert not calm.finished
    assert result.lines[0].text in policy.CALL_BLUFF
    assert calm.mood < calm_mood


def test_caving_closes_the_objection_as_conceded(content, tess) -> None:
    session = start(tess, content)
    first = session.current
    result = session.reply("=20 FLAG:caves")
    assert result.lines[0].kind == "react" and result.lines[0].reason == ("act", "caves")
    assert session.objections[0].status == "conceded"
    assert session.current is not first  # the manager takes the concession and moves on
    assert result.lines[-1].kind == "objection"


def test_a_strong_reply_with_a_stray_flag_still_convinces(content, tess) -> None:
    session = start(tess, content)
    result = session.reply("=90 FLAG:caves")
    assert session.objections[0].status == "convinced"
    assert result.lines[0].kind == "soften"


def test_soften_names_the_terms_the_reply_offered(content, tess) -> None:
    session = start(tess, content)
    result = session.reply("=90 I'd work from home Tuesdays and Thursdays, with weekly check-ins.")
    soften = result.lines[0]
    assert soften.kind == "soften"
    assert soften.text.startswith("Remote Tuesday and Thursday, with weekly check-ins. ")


def test_the_agree_line_states_only_the_proposed_terms_capitalised(content, tess) -> None:
    opener = tess.model_copy(
        update={"lines": tess.lines.model_copy(update={"agree": ["{terms}. Go on then."]})}
    )
    session = start(opener, content)
    session.reply("=90 A 60-day trial, remote on Fridays.")
    while not session.finished:
        session.reply("=90 That covers it.")
    assert session.outcome == "trial"
    assert session.terms == "a 60-day trial, remote on Fridays"
    assert session.transcript[-1].text == "A 60-day trial, remote on Fridays. Go on then."


def test_terms_the_user_argued_against_are_never_agreed(content, tess) -> None:
    class Acts(KindScorer):
        def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
            base = super().score(reply, objection, persona)
            cut = reply.index(".") + 1 if "." in reply else len(reply)
            acts = ((0, cut, "challenge"), (cut, len(reply), "propose"))
            return Score(**{**base.__dict__, "acts": acts})

    session = Session(tess, content, Acts(), seed=3)
    session.reply("=90 I won't do a 90-day trial. Remote on Mondays works.")
    while not session.finished:
        session.reply("=90 Fine.")
    assert session.terms == "a trial, remote on Mondays"


def test_a_later_objection_refers_back_to_the_days_offered(content, tess) -> None:
    session = start(tess, content)
    result = session.reply("=90 I'd be remote on Fridays.")
    raised = [e for e in result.lines if e.kind == "objection"]
    assert raised and raised[0].text.startswith("You said remote on Fridays. ")
    # Only once: the next objection is asked plainly.
    result = session.reply("=90 fine")
    assert all(not e.text.startswith("You said") for e in result.lines)


def test_a_strong_streak_ends_early_with_a_yes(content, tess) -> None:
    keen = with_temperament(tess, trust=85, won_over_at=90).model_copy(update={"rounds": 3})
    session = start(keen, content)
    session.reply("=95 remote on Fridays")
    session.reply("=95 with weekly check-ins")
    assert session.finished, [e.text for e in session.transcript]
    assert (session.outcome, session.end_reason) == ("trial", "won over")
    assert session.objections[-1].status == "not reached"


def test_assisted_replies_do_not_count_towards_progress(content, tess) -> None:
    recorder = FakeRecorder()
    session = start(tess, content, recorder=recorder)
    session.reply("=60 mine")
    session.hint()
    session.reply("=100 helped")
    assert [t.assisted for t in recorder.turns] == [None, "hint"]
    assert session.average() == 60
    best = session.summary().best
    assert best is not None and best.score.value == 60  # the helped 100 is never "best"


def test_a_reply_under_50_is_never_held_up_as_one_to_keep(content, tess) -> None:
    session = start(tess, content)
    session.reply("=45 first")
    session.reply("=20 second")
    summary = session.summary()
    assert summary.best is None
    assert summary.weakest_advice is not None and summary.weakest_advice.keep == ()


def test_a_model_answer_seen_before_a_retry_marks_the_new_reply(content, tess) -> None:
    recorder = FakeRecorder()
    session = start(tess, content, recorder=recorder)
    session.reply("=40 first try")
    session.model_answer()
    session.retry()
    session.reply("=80 copied")
    assert recorder.turns[-1].assisted == "model"


def test_the_summary_says_what_lost_and_won_the_manager_in_their_words(content, tess) -> None:
    session = start(tess, content)
    session.reply("=40 FLAG:defensive")  # a reaction, then a probe
    session.reply("=40 still nothing")
    session.reply("=40 and again")  # patience spent: the manager moves on
    session.reply("=95 remote on Fridays")
    summary = session.summary()
    lost, won = summary.verdicts[0], summary.verdicts[1]
    assert (lost.status, lost.said) == ("unconvinced", session.transcript[3].text)
    assert lost.said in policy.DEFAULT_REACTIONS["defensive"]
    assert won.status == "convinced" and won.said.startswith("Remote on Fridays. ")


def test_the_hidden_concern_is_judged_by_its_moves_or_its_words(content, tess) -> None:
    first = start(tess, content).current
    assert first is not None
    for moves, addressed in (([first.moves[0].id], True), (["never-made"], False)):
        session = start(tess.model_copy(update={"concern_moves": moves}), content)
        session.reply("=40 x")  # KindScorer makes the first move of the objection
        assert session.summary().concern_addressed is addressed
    # Without concern_moves: two of the concern's own words in one reply.
    words = start(tess, content)
    words.reply("=40 nothing relevant here")
    assert words.summary().concern_addressed is False
    words.reply(f"=40 {tess.hidden_concern}")
    assert words.summary().concern_addressed is True


def test_a_concern_move_no_objection_has_is_reported_at_its_line(tmp_path) -> None:
    import shutil

    for name in ("fixture-bank.yaml", "persona-tess.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    path = tmp_path / "persona-tess.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("opening:", "concern_moves: [acknowledge, trail]\nopening:", 1)
    path.write_text(text, encoding="utf-8")
    loaded = load_sources([Source("test", tmp_path)], cache_file=False)
    line = text.splitlines().index("concern_moves: [acknowledge, trail]") + 1
    assert [str(p) for p in loaded.problems] == [
        f"{path}:{line}:30: concern_moves[1]: none of this persona's objections "
        "has a move 'trail'; did you mean 'trial'?"
    ]
    assert "tess-tester" in loaded.personas  # reported, never hidden
