"""Provides the phrasing rule models, with the facts about the flag kind a rule raises."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from sparring.core.content.models.base import (
    ContentModel,
    Id,
    Label,
    Pattern,
    Phrase,
    Scope,
    Text,
)

# The keys of a rule that describe its flag kind rather than the rule: declared once per
# kind (on any one rule of it), inherited by every other rule of the kind (see kinds.py).
KIND_FACTS: tuple[str, ...] = ("label", "severity", "mood_cost", "why")


class RuleExamples(ContentModel):
    """Replies that must raise the rule, and replies that must not."""

    flag: list[Text] = Field(min_length=1, description="Replies the rule must flag.")
    ok: list[Text] = Field(min_length=1, description="Replies the rule must not flag.")


class Rule(ContentModel):
    """A phrasing rule: what to flag in a reply, why, and what to say instead."""

    id: Id
    kind: Id = Field(
        description="The flag kind this rule raises: a built-in one (`defensive`, `vague`, "
        "`ultimatum`...) or a new one of your own."
    )
    message: Text = Field(description="Why this phrasing hurts.")
    suggestion: Text = Field(description="What to say instead.")
    label: Label | None = Field(
        default=None,
        description="How the flag kind is named to the user, e.g. `caving`. A fact about the "
        "kind: give it on one rule of the kind; the others inherit it. Default: the kind "
        "with spaces for dashes.",
    )
    severity: int | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Score points the first flag of this kind costs; each further flag of "
        "the kind costs half the one before. The manager reacts first to the costliest kind "
        "in a reply. A fact about the kind, given on one rule of it. Default: 10.",
    )
    mood_cost: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Mood the manager loses for each flag of this kind, beyond what the "
        "score already does. A fact about the kind, given on one rule of it. Default: 1.",
    )
    why: Text | None = Field(
        default=None,
        description="One sentence on why a clause earned a flag of this kind, shown with the "
        "suggestion. A fact about the kind, given on one rule of it. Default: the message.",
    )
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
    unless_near: list[Id] = Field(
        default_factory=list,
        description="Strength kinds that cancel the flag when found in the same sentence.",
    )
    unless_next: list[Id] = Field(
        default_factory=list,
        description="Strength kinds that cancel the flag when they follow it closely in the "
        'same clause ("I want more focus time").',
    )
    unless_after: list[Id] = Field(
        default_factory=list,
        description="Strength kinds that cancel the flag when found earlier in the reply.",
    )
    examples: RuleExamples

    @model_validator(mode="after")
    def _has_matcher(self) -> Rule:
        if not self.phrases and not self.patterns:
            raise ValueError("a rule needs `phrases` or `patterns`")
        return self

    def kind_facts(self) -> dict[str, Any]:
        """The facts about its flag kind this rule declares (the keys it gives of KIND_FACTS)."""
        return {key: getattr(self, key) for key in KIND_FACTS if getattr(self, key) is not None}


class RuleSet(ContentModel):
    """A file of phrasing rules."""

    kind: Literal["rules"] = Field(description="Marks this file as phrasing rules.")
    rules: list[Rule] = Field(min_length=1)
