"""Provides LazyScorer: the judge, built on first use (or in a worker once the picker is up)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content
    from sparring.core.content.models import Objection, Persona
    from sparring.core.scoring.score import Score
    from sparring.core.session.engine import Scores


def default_scorer(content: Content) -> Scores:
    """The real judge (imported here: its modules and patterns are not needed to paint)."""
    from sparring.core.scoring.judge import Scorer

    return Scorer(content)


class LazyScorer:
    """Scores like the judge it wraps; the judge is built once, by whichever thread asks first."""

    def __init__(self, content: Content, make: Callable[[Content], Scores] | None = None) -> None:
        self.content = content
        self._make = make or default_scorer
        self._lock = threading.Lock()
        self._built: Scores | None = None

    def built(self) -> Scores:
        """The judge, building it now if no one has yet."""
        with self._lock:
            if self._built is None:
                self._built = self._make(self.content)
            return self._built

    def score(self, reply: str, objection: Objection, persona: Persona) -> Score:
        """Judge one reply to one objection."""
        return self.built().score(reply, objection, persona)
