"""Provides Problem: one thing wrong with a content file, at its place in the file.

Kept apart from the validation messages (errors.py, which needs pydantic and YAML) so
that a problem can be shown, listed and counted without either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sparring.core.content.yamlsafe import Position


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a content file, shown as `path:line:col: message`."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    @classmethod
    def at(cls, path: str, position: Position, message: str) -> Problem:
        """A problem at a position."""
        return cls(path, position.line, position.col, message)
