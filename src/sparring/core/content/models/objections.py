"""Provides the objection models: a bank of objections, each with its moves and probes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sparring.core.content.models.base import ContentModel, Id, Phrase, Text


class Move(ContentModel):
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


class Probe(ContentModel):
    """A follow-up question, keyed to the move it asks for."""

    move: Id | None = Field(
        default=None,
        description="Id of the move this probe asks for; asked only when a reply missed it.",
    )
    text: Text = Field(description="What the manager asks.")


class Objection(ContentModel):
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


class ObjectionBank(ContentModel):
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
