"""Provides the content models: personas, objection banks, moves and phrasing rules."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from sparring.core.content.safe_regex import check_pattern

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
    Field(description="Lowercase letters, digits and dashes, e.g. `risk-averse-rita`."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=300)]


def _safe_pattern(pattern: str) -> str:
    check_pattern(pattern)
    return pattern


# Checked one by one, so a problem points at the pattern itself.
Pattern = Annotated[
    str, StringConstraints(min_length=1, max_length=300), AfterValidator(_safe_pattern)
]
FlagKind = Literal[
    "i-need-opener",
    "personal-first",
    "defensive",
    "apologetic",
    "vague",
    "caves",
    "overpromise",
    "ultimatum",
]
FLAG_KINDS: tuple[str, ...] = get_args(FlagKind)
# How each flag kind is named to the user (ids such as `i-need-opener` never show).
FLAG_LABELS: dict[str, str] = {
    "i-need-opener": '"I need" opener',
    "personal-first": "personal reasons first",
    "defensive": "defensive",
    "apologetic": "apologetic",
    "vague": "vague",
    "caves": "caving",
    "overpromise": "overpromise",
    "ultimatum": "ultimatum",
}


def flag_label(kind: str) -> str:
    """The user-facing name of a flag kind."""
    return FLAG_LABELS.get(kind, kind.replace("-", " "))


StrengthKind = Literal[
    "concrete",
    "measures",
    "trial",
    "business-value",
    "acknowledge",
    "collaborative-question",
    "in-office-anchor",
    "framework",
    "evidence",
    "visibility",
    "next-step",
]
Difficulty = Literal["easy", "medium", "hard"]
Scope = Literal["opening", "first_sentences", "anywhere"]


class _Model(BaseModel):
    """Strict, closed and immutable: a YAML `no` never passes as the text "no"."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- objections -------------------------------------------------------------------------


class Move(_Model):
    """One thing a good answer to an objection does, with the phrasings that show it."""

    id: Id = Field(description="Short id of the move, unique within its objection.")
    name: Text = Field(description="What the move is, shown to the user: `Offers a weekly update`.")
    phrases: list[Phrase] = Field(
        min_length=2,
        description="Several ways a reply can say it; matched fuzzily, on word boundaries.",
    )
    weight: float = Field(
        default=1.0, gt=0, le=5, description="How much the move counts next to the others."
    )


class Probe(_Model):
    """A follow-up question, keyed to the move it asks for."""

    move: Id | None = Field(
        default=None,
        description="Id of the move this probe asks for; asked only when a reply missed it.",
    )
    text: Text = Field(description="What the manager asks.")


class Objection(_Model):
    """One concern a manager raises, with what a strong reply covers."""

    id: Id = Field(description="Unique id across all loaded objections.")
    theme: Id | None = Field(default=None, description="Theme id; defaults to the bank's `theme`.")
    wordings: list[Text] = Field(
        min_length=2, description="Ways the manager says it; one is picked each time."
    )
    moves: list[Move] = Field(min_length=3, description="What a strong reply does.")
    hint: Text = Field(description="A nudge shown when the user asks for a hint.")
    model_answer: Text = Field(description="A reply that makes the moves; shown after replying.")
    probes: list[Probe] = Field(
        min_length=1,
        description=(
            "Follow-up questions the manager asks after a weak reply: `{move: trial, text: ...}`"
            " asks for a missed move; a plain string is a probe for no move in particular."
        ),
    )

    @field_validator("probes", mode="before")
    @classmethod
    def _plain_probes(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value

    @model_validator(mode="after")
    def _probe_moves_exist(self) -> Objection:
        ids = {move.id for move in self.moves}
        for probe in self.probes:
            if probe.move is not None and probe.move not in ids:
                raise ValueError(
                    f"probe move {probe.move!r} is not a move of objection {self.id!r}"
                    f" (moves: {', '.join(sorted(ids))})"
                )
        return self

    @model_validator(mode="after")
    def _unique_moves(self) -> Objection:
        seen: set[str] = set()
        for move in self.moves:
            if move.id in seen:
                raise ValueError(f"move id {move.id!r} appears twice in objection {self.id!r}")
            seen.add(move.id)
        return self


class ObjectionBank(_Model):
    """A file of objections, usually all of one theme."""

    kind: Literal["objections"] = Field(description="Marks this file as an objection bank.")
    theme: Id | None = Field(
        default=None, description="Theme of every objection here that names none itself."
    )
    title: Text | None = Field(default=None, description="Human name of the theme.")
    objections: list[Objection] = Field(min_length=1, description="The objections in this bank.")

    @model_validator(mode="after")
    def _fill_theme(self) -> ObjectionBank:
        filled = []
        for index, objection in enumerate(self.objections):
            if objection.theme is None:
                if self.theme is None:
                    raise ValueError(
                        f"objections[{index}] ({objection.id}) has no theme; "
                        "set `theme:` on the objection or on the bank"
                    )
                objection = objection.model_copy(update={"theme": self.theme})
            filled.append(objection)
        object.__setattr__(self, "objections", filled)
        return self


# --- personas ---------------------------------------------------------------------------


class ObjectionRef(_Model):
    """An objection a persona raises: one id, or any objection of a theme."""

    id: Id | None = Field(default=None, description="An objection id.")
    theme: Id | None = Field(default=None, description="A theme: any objection of that theme.")
    weight: float = Field(
        default=1.0, gt=0, le=10, description="How likely this pick is next to the others."
    )
    first: bool = Field(
        default=False, description="Raise this one first (the persona's signature objection)."
    )

    @model_validator(mode="after")
    def _one_target(self) -> ObjectionRef:
        if (self.id is None) == (self.theme is None):
            raise ValueError("give exactly one of `id` or `theme`")
        return self


class PersonaLines(_Model):
    """What the manager says around the objections, in their own voice."""

    push_back: list[Text] = Field(min_length=2, description="After a weak reply.")
    soften: list[Text] = Field(min_length=2, description="After a strong reply.")
    move_on: list[Text] = Field(
        default_factory=list, description="Giving up on an objection, unconvinced."
    )
    agree: list[Text] = Field(
        min_length=1,
        description="Agreeing to a trial. `{terms}` is replaced by the terms the user proposed.",
    )
    no_deal: list[Text] = Field(min_length=1, description="Closing without a deal.")
    react: dict[FlagKind, list[Text]] = Field(
        default_factory=dict,
        description="Reactions to what a weak reply did, by flag kind (`defensive`, "
        "`ultimatum`, `caves`...): said instead of a push-back line. A kind left out gets "
        "a sensible default.",
    )
    walk_out: list[Text] = Field(
        default_factory=list,
        description="Ending the meeting early when the mood falls to the temperament's "
        "`floor`; says why. Empty: a default line.",
    )


class Temperament(_Model):
    """How the manager's mood moves."""

    patience: int = Field(
        default=2, ge=0, le=5, description="Follow-up probes on one objection before moving on."
    )
    trust: int = Field(default=50, ge=0, le=100, description="Starting mood, 0 to 100.")
    volatility: float = Field(
        default=1.0, gt=0, le=3, description="How strongly a reply moves the mood."
    )
    floor: int = Field(
        default=12,
        ge=0,
        le=100,
        description="At this mood or below the manager ends the meeting (0: never).",
    )
    won_over_at: int = Field(
        default=90,
        ge=0,
        le=101,
        description="At this mood after a convincing reply, with at least half the planned "
        "concerns settled, the manager agrees early (101: never).",
    )
    calls_bluff: bool = Field(
        default=False,
        description="An ultimatum does not end the meeting: the manager calls the bluff and "
        "goes on, colder.",
    )


class Voice(_Model):
    """How the manager's lines are spoken."""

    rate: int = Field(default=175, ge=80, le=400, description="Words per minute.")
    volume: float = Field(default=1.0, ge=0, le=1, description="0.0 to 1.0.")
    voice: str | None = Field(
        default=None, description="Engine voice id or name, e.g. `gmw/en-GB-x-rp`."
    )
    language: str | None = Field(
        default=None, description="Language code used to pick a voice, e.g. `en-gb`."
    )


class RuleOverrides(_Model):
    """A persona's changes to the phrasing rules."""

    disable: list[Id] = Field(default_factory=list, description="Rule ids to turn off.")
    allow: list[Phrase] = Field(
        default_factory=list, description="Words or phrases never flagged for this persona."
    )


class Persona(_Model):
    """A manager to practise against."""

    kind: Literal["persona"] = Field(description="Marks this file as a persona.")
    id: Id = Field(description="Unique id; a user persona with a built-in id replaces it.")
    name: Text = Field(description="Display name, e.g. `Rita Okafor`.")
    role: Text = Field(description="Title and context, e.g. `Head of Finance Operations`.")
    briefing: Text = Field(description="What the user should know before the talk.")
    briefing_file: Phrase | None = Field(
        default=None,
        description="A UTF-8 text file with longer notes, appended to the briefing; a path "
        "relative to this file that stays inside the content folder.",
    )
    difficulty: Difficulty = Field(description="easy, medium or hard.")
    hidden_concern: Text = Field(description="What really drives their objections.")
    concern_moves: list[Id] = Field(
        default_factory=list,
        description="Move ids that speak to the hidden concern (e.g. `in-writing`); the "
        "summary says whether a reply made one. Empty: judged by the concern's words.",
    )
    opening: list[Text] = Field(min_length=1, description="How they open the meeting.")
    objections: list[ObjectionRef] = Field(
        min_length=1, description="Which objections they raise, by id or theme, with weights."
    )
    rounds: int = Field(default=4, ge=1, le=12, description="Objections raised in one session.")
    lines: PersonaLines
    temperament: Temperament = Field(default_factory=Temperament)
    voice: Voice = Field(default_factory=Voice)
    rules: RuleOverrides = Field(default_factory=RuleOverrides)


# --- phrasing rules ---------------------------------------------------------------------


class RuleExamples(_Model):
    """Replies that must raise the rule, and replies that must not."""

    flag: list[Text] = Field(min_length=1, description="Replies the rule must flag.")
    ok: list[Text] = Field(min_length=1, description="Replies the rule must not flag.")


class Rule(_Model):
    """A phrasing rule: what to flag in a reply, why, and what to say instead."""

    id: Id
    kind: FlagKind = Field(description="The flag kind this rule raises.")
    message: Text = Field(description="Why this phrasing hurts.")
    suggestion: Text = Field(description="What to say instead.")
    phrases: list[Phrase] = Field(default_factory=list, description="Fuzzy phrases to find.")
    patterns: list[Pattern] = Field(
        default_factory=list,
        description="Restricted regular expressions (no backreferences or nested repeats).",
    )
    exceptions: list[Phrase] = Field(
        default_factory=list,
        description="Phrases that cancel a match they overlap, share a clause with, "
        "or end just before.",
    )
    scope: Scope = Field(
        default="anywhere", description="opening (first sentence), first_sentences, anywhere."
    )
    negatable: bool = Field(
        default=True,
        description="A negation just before the match cancels it (`I won't quit`).",
    )
    first_person: bool = Field(
        default=False,
        description="Only flag in a sentence about the speaker (I, me, my, we, us, our):"
        ' "sometimes I\'d be home", not "sometimes things are urgent".',
    )
    unless_near: list[StrengthKind] = Field(
        default_factory=list,
        description="Strength kinds that cancel the flag when found in the same sentence.",
    )
    unless_next: list[StrengthKind] = Field(
        default_factory=list,
        description="Strength kinds that cancel the flag when they follow it closely in the "
        'same clause ("I want more focus time").',
    )
    unless_after: list[StrengthKind] = Field(
        default_factory=list,
        description="Strength kinds that cancel the flag when found earlier in the reply.",
    )
    examples: RuleExamples

    @model_validator(mode="after")
    def _has_matcher(self) -> Rule:
        if not self.phrases and not self.patterns:
            raise ValueError("a rule needs `phrases` or `patterns`")
        return self


class RuleSet(_Model):
    """A file of phrasing rules."""

    kind: Literal["rules"] = Field(description="Marks this file as phrasing rules.")
    rules: list[Rule] = Field(min_length=1)


FILE_MODELS: dict[str, type[_Model]] = {
    "persona": Persona,
    "objections": ObjectionBank,
    "rules": RuleSet,
}
