"""The scorer's behaviour: spans, typos, word order, negation, scopes, overrides, edge input."""

from __future__ import annotations

import pytest

from sparring.core.content.catalog import Content
from sparring.core.content.models import Move, Objection, Persona, RuleOverrides
from sparring.core.scoring.judge import EmptyReply, Scorer
from sparring.core.scoring.score import Score, band_for


@pytest.fixture(scope="module")
def persona(content: Content) -> Persona:
    return next(iter(content.personas.values()))


def _objection(*moves: tuple[str, list[str]]) -> Objection:
    return Objection(
        id="custom",
        theme="test",
        wordings=["What about it?", "And then what?"],
        moves=[Move(id=i, name=i.title(), phrases=p) for i, p in moves],
        hint="h",
        model_answer="m",
        probes=["p"],
    )


TRIAL = _objection(
    ("trial", ["trial period", "pilot for"]),
    ("risk", ["risk", "risk assessment"]),
    ("daily", ["every day", "daily update"]),
)


def _spans_are_exact(result: Score) -> None:
    reply = result.reply
    for item in (*result.flags, *result.strengths, *result.moves_hit):
        assert 0 <= item.start < item.end <= len(reply)
        assert reply[item.start : item.end] == item.text


# --- the basic contract -----------------------------------------------------------------


def test_score_is_bounded_banded_and_explained(scorer: Scorer, content: Content) -> None:
    objection = next(iter(content.objections.values()))
    result = scorer.score(objection.model_answer, objection.id)
    assert 0 <= result.value <= 100
    assert result.band == band_for(result.value)
    assert result.objection_id == objection.id
    assert len(result.moves_hit) + len(result.moves_missed) == len(objection.moves)
    assert result.explanation
    _spans_are_exact(result)


@pytest.mark.parametrize("reply", ["", "   ", "\n\t  \n"])
def test_empty_reply_is_an_error_not_a_zero(scorer: Scorer, reply: str) -> None:
    with pytest.raises(EmptyReply):
        scorer.score(reply, TRIAL)


def test_an_objection_can_be_given_as_object_id_or_nothing(
    scorer: Scorer, content: Content
) -> None:
    objection = next(iter(content.objections.values()))
    reply = "That's fair. Remote Wednesdays, with a written update every Friday."
    by_id = scorer.score(reply, objection.id)
    by_object = scorer.score(reply, objection)
    assert by_id.value == by_object.value and by_id.objection_id == objection.id
    alone = scorer.score(reply)
    assert alone.objection_id is None and alone.moves_hit == () and alone.moves_missed == ()
    assert alone.strengths


# --- matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "Let's agree a trial period of two months.",
        "Let's agree a trail period of two months.",  # typo: two letters swapped
        "Let's agree a trial perod of two months.",  # typo: a letter missing
        "A period of trial, two months, then we decide.",  # word order
        "Could we run a PILOT FOR six weeks?",
    ],
)
def test_moves_tolerate_typos_case_and_order(scorer: Scorer, reply: str) -> None:
    result = scorer.score(reply, TRIAL)
    assert [m.move_id for m in result.moves_hit] == ["trial"]
    _spans_are_exact(result)


@pytest.mark.parametrize(
    "reply",
    [
        "We had brisket at the team lunch.",  # "risk" inside another word
        "My period of leave ends in June.",  # one shared word of "trial period"
        "The pilot light went out.",  # one shared word of "pilot for"
        "Every team has a daily standup.",  # "daily" alone is not "daily update"
        "Asterisk marks the optional fields.",
    ],
)
def test_no_hits_inside_words_or_on_one_shared_word(scorer: Scorer, reply: str) -> None:
    assert scorer.score(reply, TRIAL).moves_hit == ()


@pytest.mark.parametrize(
    ("reply", "made"),
    [
        ("No trial, just start on Monday.", False),
        ("I don't think we need a trial period.", False),
        ("Let's drop the trial period.", False),
        ("We could do it without a trial period.", False),
        ("I do not want to drop the trial period.", True),
        ("Not only a trial period but a written plan.", True),
        ("No problem, a trial period works for me.", True),
    ],
)
def test_negation_cancels_a_move(scorer: Scorer, reply: str, made: bool) -> None:
    hits = [m.move_id for m in scorer.score(reply, TRIAL).moves_hit]
    assert ("trial" in hits) is made


def test_not_every_day_is_not_the_every_day_move(scorer: Scorer) -> None:
    assert scorer.score("I'd be in touch, not every day though.", TRIAL).moves_hit == ()
    hits = scorer.score("I'd post an update every day at five.", TRIAL).moves_hit
    assert [m.move_id for m in hits] == ["daily"]


def test_negated_strengths_do_not_count(scorer: Scorer) -> None:
    kinds = {s.kind for s in scorer.score("There would be no trial and no pilot.").strengths}
    assert "trial" not in kinds
    kinds = {s.kind for s in scorer.score("Let's run a pilot for 60 days.").strengths}
    assert "trial" in kinds


# --- flags: phrasing, not topic -------------------------------------------------------------


def _kinds(scorer: Scorer, reply: str, persona: Persona | None = None) -> list[str]:
    return [f.kind for f in scorer.score(reply, None, persona).flags]


@pytest.mark.parametrize(
    "reply",
    [
        "You said you need me here, and for planning days I agree.",
        "Your words were \u201cI need to see people at their desks\u201d, so here's my plan.",
        "Remote Tuesdays would cut the audit by a week; I'd need the VPN token before the trial.",
        "That's fair. Monday and Friday in the office, home Tuesday to Thursday, online 9 to 5. "
        "I'd need a dock at home, which I have.",
    ],
)
def test_i_need_said_by_the_manager_or_deep_in_a_plan_is_no_opener(
    scorer: Scorer, reply: str
) -> None:
    assert "i-need-opener" not in _kinds(scorer, reply)


@pytest.mark.parametrize(
    "reply",
    [
        "I need to work from home.",
        "That's fair. I need to be at home more.",
        "Hi Sam. I\u2019d really love to work remotely.",  # curly apostrophe
        "With the baby coming, I really need to be home more.",
    ],
)
def test_i_need_at_the_start_is_an_opener(scorer: Scorer, reply: str) -> None:
    assert "i-need-opener" in _kinds(scorer, reply)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("I won't quit over this.", "ultimatum"),
        ("I'm not going to drop it.", "caves"),
        ("I won't pretend to be available 24/7.", "overpromise"),
        ("I'm not asking for some flexibility, I'm asking for Tuesdays.", "vague"),
        ("I can't promise nothing will go wrong.", "overpromise"),
    ],
)
def test_negated_flag_phrases_are_not_flagged(scorer: Scorer, reply: str, kind: str) -> None:
    assert kind not in _kinds(scorer, reply)


def test_flag_spans_point_into_the_original_text(scorer: Scorer) -> None:
    reply = "😀🚀 \u00a0Honestly\u2014that\u2019s ridiculous!! I\u2019ve EARNED it…"
    result = scorer.score(reply)
    assert {f.kind for f in result.flags} == {"defensive"}
    assert [f.text for f in result.flags] == ["that\u2019s ridiculous", "I\u2019ve EARNED it"]
    _spans_are_exact(result)


def test_personal_first_only_before_business_value(scorer: Scorer) -> None:
    assert "personal-first" in _kinds(scorer, "My commute is brutal, so remote Fridays?")
    later = "Remote Fridays give me a focus day for the reports; it also saves my commute."
    assert "personal-first" not in _kinds(scorer, later)


def test_vague_terms_made_concrete_in_the_same_sentence_pass(scorer: Scorer) -> None:
    assert "vague" in _kinds(scorer, "I'd like a few days at home.")
    assert "vague" not in _kinds(scorer, "A few days at home: Tuesday and Thursday.")


# --- persona overrides ------------------------------------------------------------------------


def test_persona_can_disable_a_rule(scorer: Scorer, persona: Persona) -> None:
    reply = "I know this is a big ask, but I'd like some flexibility."
    assert {"apologetic", "vague"} <= set(_kinds(scorer, reply, persona))
    relaxed = persona.model_copy(update={"rules": RuleOverrides(disable=["apologetic"])})
    kinds = _kinds(scorer, reply, relaxed)
    assert "apologetic" not in kinds and "vague" in kinds


def test_persona_allowed_phrases_are_never_flagged(scorer: Scorer, persona: Persona) -> None:
    reply = "We'll figure it out as a team. Some flexibility both ways helps."
    assert [f.text for f in scorer.score(reply, None, persona).flags] == [
        "We'll figure it out",
        "Some flexibility",
    ]
    easy = persona.model_copy(update={"rules": RuleOverrides(allow=["some flexibility"])})
    # One flag per problem: the allowed phrase's sentence carries none.
    assert [f.text for f in scorer.score(reply, None, easy).flags] == ["We'll figure it out"]


# --- free-text objections -----------------------------------------------------------------------


def test_free_text_below_threshold_scores_on_general_signals(scorer: Scorer) -> None:
    for text in ["home", "What's for lunch?", "The weather is lovely in spring."]:
        assert scorer.resolve(text) is None
        result = scorer.score("Remote Wednesdays; a written update every Friday.", text)
        assert result.objection_id is None and result.value > 0


GOOD_ANSWER = (
    "That's a fair concern. I'd post my plan in Slack by 9:30 and a recap at five, and we"
    " judge it on tickets closed against last quarter. Could we try it for six weeks?"
)
WEAK_ANSWER = "I'll stay on top of things and keep everyone in the loop, it'll be fine."


def test_without_an_objection_a_good_answer_still_scores_as_good(scorer: Scorer) -> None:
    """One scale: what any good answer does (acknowledge, propose something concrete, offer a
    way to check it) carries the weight the objection's moves would have had."""
    unmatched = scorer.score(GOOD_ANSWER, "The weather is lovely in spring.")
    assert unmatched.objection_id is None
    assert unmatched.value >= 70
    assert any("3 of 3 general moves" in line for line in unmatched.explanation), (
        unmatched.explanation
    )
    matched = scorer.score(GOOD_ANSWER, "how-will-i-know-youre-working")
    assert abs(matched.value - unmatched.value) <= 20
    assert scorer.score(WEAK_ANSWER, "The weather is lovely in spring.").value < 50


def test_a_loose_match_scores_no_lower_than_no_match(scorer: Scorer) -> None:
    """A loose match may pick the wrong objection's moves: the general moves count too."""
    loose = "How would I even know you're doing the job at home, honestly?"
    found, closeness = scorer.closest(loose)
    assert found is not None and closeness < 1.0
    assert (
        scorer.score(GOOD_ANSWER, loose).value
        >= scorer.score(GOOD_ANSWER, "The weather is lovely in spring.").value
    )


def test_free_text_finds_the_objection_of_its_wording(scorer: Scorer, content: Content) -> None:
    for objection in content.objections.values():
        for wording in objection.wordings:
            assert scorer.resolve(wording) is objection
            assert scorer.resolve(wording.upper().replace("?", "")) is objection


# --- hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "x" * 1_000_000,
        "I need 24/7 " * 90_000,
        "😀" * 300_000,
        "مرحبا، أحتاج إلى العمل من المنزل يوم الثلاثاء. " * 20,
        "\x00\x07\x1b[31mI need\x1b[0m\u202e to quit\r\n\x7f",
        "\ud800 lone surrogate, then I'll quit",
        "Ｉ ｎｅｅｄ ｔｏ work from home",  # fullwidth letters
    ],
)
def test_hostile_input_never_crashes_and_spans_stay_exact(scorer: Scorer, reply: str) -> None:
    result = scorer.score(reply, "how do you know you're working?")
    assert 0 <= result.value <= 100
    _spans_are_exact(result)


def test_a_huge_reply_is_scored_on_its_beginning_and_says_so(scorer: Scorer) -> None:
    reply = "I need this. " + "More words here. " * 100_000
    result = scorer.score(reply)
    assert result.flags[0].kind == "i-need-opener" and result.flags[0].start == 0
    assert len(result.flags) <= 8 * 3  # at most a few per kind, however long the paste
    assert any("first" in line for line in result.explanation)


def _wordings() -> list[dict[str, str | None]]:
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parent / "cases" / "wordings.yaml"
    data: list[dict[str, str | None]] = yaml.safe_load(path.read_text())
    return data


@pytest.mark.parametrize("case", _wordings(), ids=lambda c: str(c["text"])[:40])
def test_a_managers_own_words_find_their_objection(
    scorer: Scorer, case: dict[str, str | None]
) -> None:
    found = scorer.resolve(str(case["text"]))
    assert (found.id if found else None) == case["objection"]


# Why not rapidfuzz's all-in-one scorers: on these one-shared-word or inside-a-word pairs
# they score high, so a threshold that keeps the typos below would also keep these.
LOOKALIKES = [
    ("trial period", "my period of leave ends in June"),
    ("weekly update", "the update broke my laptop"),
    ("risk", "brisket at the team lunch"),
    ("check in after", "I'll check my email"),
    ("pilot for", "the pilot light went out"),
]


@pytest.mark.parametrize(("phrase", "text"), LOOKALIKES)
def test_whole_word_matching_avoids_what_partial_scorers_accept(phrase: str, text: str) -> None:
    from rapidfuzz import fuzz, utils

    from sparring.core.scoring.analysis import analyse
    from sparring.core.scoring.matching import PhraseIndex

    partial = max(
        fuzz.partial_token_set_ratio(phrase, text, processor=utils.default_process),
        fuzz.partial_ratio(phrase, text, processor=utils.default_process),
    )
    assert partial >= 85  # what a partial scorer would have taken for a hit
    assert PhraseIndex([("tag", phrase)]).find(analyse(text), 80.0) == []


def test_a_general_trial_signal_makes_the_trial_move(scorer: Scorer) -> None:
    reply = (
        "That's fair. I'd post a morning plan and an end-of-day summary in Slack, judged on "
        "deliverables on time. Let's trial Tuesdays and Thursdays for 90 days with check-ins "
        "at 30 and 60."
    )
    result = scorer.score(reply, "how-will-i-know-youre-working")
    trial = [hit for hit in result.moves_hit if hit.move_id == "trial"]
    assert trial and reply[trial[0].start : trial[0].end] == trial[0].text
    assert not result.moves_missed


def test_a_lone_signal_word_does_not_make_a_move(scorer: Scorer) -> None:
    result = scorer.score("The pilot light went out.", "how-will-i-know-youre-working")
    assert [hit.move_id for hit in result.moves_hit] == []


@pytest.mark.parametrize(
    ("reply", "made"),
    [
        # A report with a clock time or a place to read it is visibility, cadence or not.
        ("I'd post my plan in Slack by 9:30 and a recap at five.", True),
        ("You'll get a short status note in the team channel.", True),
        ("You will get a written summary from me by 5pm.", True),
        # A way to reach me is not a report.
        ("Message me on Slack any time and I'll answer.", False),
        ("I won't post a plan in Slack by 9:30.", False),
    ],
)
def test_a_report_with_a_time_or_a_place_offers_visibility(
    scorer: Scorer, reply: str, made: bool
) -> None:
    result = scorer.score(reply, "how-will-i-know-youre-working")
    assert ("visibility" in {m.move_id for m in result.moves_hit}) is made
