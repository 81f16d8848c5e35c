"""Provides Content: every loaded persona, objection, rule and strength, where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sparring.core.content.kinds import FlagKinds
from sparring.core.content.problem import Problem

if TYPE_CHECKING:  # the models (and pydantic) load with the content, not with this module
    from pydantic import BaseModel

    from sparring.core.content.models import Objection, Persona, Rule, Signal


@dataclass(frozen=True)
class Origin:
    """Where an item was defined."""

    path: Path
    shown: str
    source: str
    line: int
    col: int

    @property
    def custom(self) -> bool:
        """Whether the item came from outside the built-in content."""
        return self.source != "builtin"


@dataclass(frozen=True)
class Pick:
    """An objection a persona may raise, with its weight."""

    objection: Objection
    weight: float
    first: bool


@dataclass(frozen=True)
class Checked:
    """A folder (or a file) content was read from, as shown, and how many files it gave."""

    shown: str
    files: int | None
    """How many content files it held; None when there is no such folder."""


@dataclass(frozen=True)
class Card:
    """One persona as the list of managers shows it (plain text: painted without the models)."""

    id: str
    name: str
    role: str
    difficulty: str
    briefing: str
    rounds: int
    objections: int
    """How many objections the persona may raise."""
    themes: tuple[str, ...]
    """The themes of those objections, most weighted first."""
    origin: str | None = None
    """Where a custom persona was defined (as shown); None for a built-in one."""
    replaces: str = ""
    """Says "replaces built-in" (or which file) when a custom persona reuses an existing id."""


@dataclass
class Content:
    """Everything loaded, with the problems found on the way."""

    personas: dict[str, Persona] = field(default_factory=dict)
    objections: dict[str, Objection] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    strengths: dict[str, Signal] = field(default_factory=dict)
    """The strengths a reply earns points for, by kind."""
    flag_kinds: FlagKinds = field(default_factory=FlagKinds)
    """What each flag kind is called, costs and means, as its rules declare it."""
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    replaced: dict[tuple[str, str], Origin] = field(default_factory=dict)
    theme_titles: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)

    def add(self, kind: str, item: BaseModel) -> None:
        """Add or replace one item by its id."""
        from sparring.core.content.models import Objection, Persona, Rule, Signal

        if isinstance(item, Persona) and kind == "persona":
            self.personas[item.id] = item
        elif isinstance(item, Objection) and kind == "objection":
            self.objections[item.id] = item
        elif isinstance(item, Rule) and kind == "rule":
            self.rules[item.id] = item
        elif isinstance(item, Signal) and kind == "strength":
            self.strengths[item.kind] = item
        else:  # pragma: no cover - a programming error
            raise TypeError(f"cannot add {kind} {item!r}")

    def objection_titles(self) -> dict[str, str]:
        """Each objection's id with the words a user knows it by (its first wording)."""
        return {o.id: o.wordings[0] for o in self.objections.values()}

    def themes(self) -> dict[str, list[str]]:
        """Each theme with the ids of its objections, in load order."""
        themes: dict[str, list[str]] = {}
        for objection in self.objections.values():
            themes.setdefault(objection.theme or "general", []).append(objection.id)
        return themes

    def picks(self, persona: Persona) -> list[Pick]:
        """The objections a persona may raise; a theme reference spreads its weight."""
        themes = self.themes()
        picks: dict[str, Pick] = {}
        for ref in persona.objections:
            if ref.id is not None:
                ids = [ref.id] if ref.id in self.objections else []
            else:
                ids = themes.get(ref.theme or "", [])
            for objection_id in ids:
                weight = ref.weight / (len(ids) if ref.theme else 1)
                previous = picks.get(objection_id)
                if previous is not None:
                    weight += previous.weight
                first = ref.first or (previous.first if previous else False)
                picks[objection_id] = Pick(self.objections[objection_id], weight, first)
        return list(picks.values())

    def persona_themes(self, persona: Persona) -> list[str]:
        """The themes a persona's objections come from, most weighted first."""
        weights: dict[str, float] = {}
        for pick in self.picks(persona):
            theme = pick.objection.theme or "general"
            weights[theme] = weights.get(theme, 0.0) + pick.weight
        return sorted(weights, key=lambda t: -weights[t])

    def origin(self, kind: str, item_id: str) -> Origin | None:
        """Where an item was defined."""
        return self.origins.get((kind, item_id))

    def is_custom(self, kind: str, item_id: str) -> bool:
        """Whether an item came from the user's folder or a --scenarios folder."""
        origin = self.origins.get((kind, item_id))
        return origin is not None and origin.custom

    def card(self, persona: Persona) -> Card:
        """A persona as the list of managers shows it."""
        origin = self.origins.get(("persona", persona.id))
        custom = origin is not None and origin.custom
        earlier = self.replaced.get(("persona", persona.id))
        replaces = ""
        if custom and earlier is not None:
            replaces = "replaces built-in" if not earlier.custom else f"replaces {earlier.shown}"
        return Card(
            persona.id,
            persona.name,
            persona.role,
            persona.difficulty,
            persona.briefing,
            persona.rounds,
            len(self.picks(persona)),
            tuple(self.persona_themes(persona)),
            origin.shown if custom and origin is not None else None,
            replaces,
        )

    def cards(self) -> list[Card]:
        """Every persona as the list of managers shows it, in load order."""
        return [self.card(persona) for persona in self.personas.values()]
