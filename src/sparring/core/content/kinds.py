"""Provides the facts about each flag kind, as the loaded phrasing rules declare them.

A flag kind (`defensive`, `vague`...) is named, weighed and explained by its rules: a
rule may give `label`, `severity`, `mood_cost` and `why`, which describe the kind rather
than the rule. How several rules of one kind combine:

- within one source (the built-in content, the user's folder, one --scenarios folder)
  one rule of a kind declares its facts; a second rule of the kind that declares any is
  a problem, and its facts are ignored;
- a later source may declare them again: each fact it gives replaces the earlier one,
  each it leaves out is inherited, so a user rule of a built-in kind needs none;
- a kind no rule describes (a user's new kind) gets the defaults below.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models (and pydantic) load with the content
    from sparring.core.content.models import Rule

DEFAULT_SEVERITY = 10
DEFAULT_MOOD_COST = 1.0


def default_label(kind: str) -> str:
    """How a kind no rule names is shown: `my-kind` as "my kind"."""
    return kind.replace("-", " ")


@dataclass(frozen=True)
class KindFacts:
    """What a flag kind is called, costs and means."""

    kind: str
    label: str
    severity: int = DEFAULT_SEVERITY
    """Score points the first flag of the kind costs (each repeat halves it)."""
    mood_cost: float = DEFAULT_MOOD_COST
    """Mood the manager loses for each flag of the kind."""
    why: str = ""
    """Why a clause earned the flag, in one sentence ("": the rule's message says it)."""


@dataclass(frozen=True)
class Declaration:
    """Where a rule declared the facts of its kind."""

    rule_id: str
    source: str
    shown: str
    line: int
    col: int


class FlagKinds:
    """Every flag kind of the loaded rules with its facts; a kind it does not know gets
    the defaults, so a flag of any kind can be named and weighed."""

    def __init__(self) -> None:
        self._facts: dict[str, KindFacts] = {}
        self._declared: dict[tuple[str, str], Declaration] = {}

    def declare(self, rule: Rule, where: Declaration) -> Declaration | None:
        """Take a loaded rule's kind and facts; the earlier declaration if this one clashes.

        A clash (a second rule of the kind in the same source declaring facts) changes
        nothing: the first declaration stands.
        """
        current = self.facts(rule.kind)
        self._facts[rule.kind] = current
        facts = rule.kind_facts()
        if not facts:
            return None
        key = (where.source, rule.kind)
        earlier = self._declared.get(key)
        if earlier is not None and earlier.rule_id != rule.id:
            return earlier
        self._declared[key] = where
        if "mood_cost" in facts:
            facts["mood_cost"] = float(facts["mood_cost"])
        self._facts[rule.kind] = replace(current, **facts)
        return None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FlagKinds) and self._facts == other._facts

    __hash__ = None  # type: ignore[assignment]

    def __contains__(self, kind: object) -> bool:
        return kind in self._facts

    def __iter__(self) -> Iterator[str]:
        """The kinds of the loaded rules, in load order."""
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    def facts(self, kind: str) -> KindFacts:
        """Everything known about a kind, with defaults for what no rule declares."""
        return self._facts.get(kind) or KindFacts(kind, default_label(kind))

    def label(self, kind: str) -> str:
        """How the kind is named to the user."""
        return self.facts(kind).label

    def severity(self, kind: str) -> int:
        """Score points the first flag of the kind costs."""
        return self.facts(kind).severity

    def mood_cost(self, kind: str) -> float:
        """Mood the manager loses for each flag of the kind."""
        return self.facts(kind).mood_cost

    def why(self, kind: str) -> str:
        """Why a clause earned a flag of the kind ("" when no rule says)."""
        return self.facts(kind).why

    def worst(self, kinds: Iterable[str]) -> list[str]:
        """The kinds, costliest first (equal ones by name): the order a manager reacts in."""
        return sorted(set(kinds), key=lambda kind: (-self.severity(kind), kind))
