"""Provides the persona models: a manager, their lines, temperament, voice and rule changes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from sparring.core.content.models.base import ContentModel, Difficulty, Id, Phrase, Text


class ObjectionRef(ContentModel):
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


class PersonaLines(ContentModel):
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
    react: dict[Id, list[Text]] = Field(
        default_factory=dict,
        description="Reactions to what a weak reply did, by flag kind (`defensive`, "
        "`ultimatum`, `caves`...: the `kind` of a phrasing rule): said instead of a "
        "push-back line. A built-in kind left out gets a sensible default.",
    )
    walk_out: list[Text] = Field(
        default_factory=list,
        description="Ending the meeting early when the mood falls to the temperament's "
        "`floor`; says why. Empty: a default line.",
    )


class Temperament(ContentModel):
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


class Voice(ContentModel):
    """How the manager's lines are spoken."""

    rate: int = Field(default=175, ge=80, le=400, description="Words per minute.")
    volume: float = Field(default=1.0, ge=0, le=1, description="0.0 to 1.0.")
    voice: str | None = Field(
        default=None, description="Engine voice id or name, e.g. `gmw/en-GB-x-rp`."
    )
    language: str | None = Field(
        default=None, description="Language code used to pick a voice, e.g. `en-gb`."
    )


class RuleOverrides(ContentModel):
    """A persona's changes to the phrasing rules."""

    disable: list[Id] = Field(default_factory=list, description="Rule ids to turn off.")
    allow: list[Phrase] = Field(
        default_factory=list, description="Words or phrases never flagged for this persona."
    )


class Persona(ContentModel):
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
