"""Provides what every content model shares: the strict base model and the field types."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from sparring.core.content.safe_regex import check_pattern

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$"),
    Field(description="Lowercase letters, digits and dashes, e.g. `risk-averse-rita`."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=300)]
# A short name shown to the user: a flag kind's or a strength's.
Label = Annotated[str, StringConstraints(min_length=1, max_length=80)]


def _safe_pattern(pattern: str) -> str:
    check_pattern(pattern)
    return pattern


# Checked one by one, so a problem points at the pattern itself.
Pattern = Annotated[
    str, StringConstraints(min_length=1, max_length=300), AfterValidator(_safe_pattern)
]
Difficulty = Literal["easy", "medium", "hard"]
Scope = Literal["opening", "first_sentences", "anywhere"]


class ContentModel(BaseModel):
    """Strict, closed and immutable: a YAML `no` never passes as the text "no"."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
