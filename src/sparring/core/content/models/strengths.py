"""Provides the strength models: the general good signals a reply earns points for."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from sparring.core.content.models.base import ContentModel, Id, Label, Pattern, Phrase, Text


class StrengthExamples(ContentModel):
    """Replies that must earn the strength, and replies that must not."""

    earn: list[Text] = Field(min_length=1, description="Replies that must earn the strength.")
    miss: list[Text] = Field(min_length=1, description="Replies that must not earn it.")


class Signal(ContentModel):
    """One kind of strength: how it is named, what it is worth and the words that show it."""

    kind: Id = Field(
        description="Unique kind of strength, e.g. `trial`; phrasing rules name it in "
        "`unless_near`, `unless_next` and `unless_after`. A user strength with a built-in "
        "kind replaces it."
    )
    label: Label = Field(description="What the strength is, shown to the user when earned.")
    points: int = Field(
        ge=0,
        le=20,
        description="What it is worth: half of it is added to the score, with every kind "
        "of strength a reply earns together capped at 10 points.",
    )
    phrases: list[Phrase] = Field(
        default_factory=list,
        description="Fuzzy phrases that show it (typos and word order are forgiven, a "
        "negation before one cancels it).",
    )
    patterns: list[Pattern] = Field(
        default_factory=list,
        description="Restricted regular expressions that show it (no backreferences or "
        "nested repeats).",
    )
    examples: StrengthExamples = Field(
        description="Replies that must earn it (`earn`) and replies that must not (`miss`); "
        "`sparring validate` runs them."
    )

    @model_validator(mode="after")
    def _has_matcher(self) -> Signal:
        if not self.phrases and not self.patterns:
            raise ValueError("a strength needs `phrases` or `patterns`")
        return self


class StrengthSet(ContentModel):
    """A file of strengths."""

    kind: Literal["strengths"] = Field(description="Marks this file as strengths.")
    strengths: list[Signal] = Field(min_length=1)
