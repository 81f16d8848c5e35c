"""Provides what one parsed file contributed, and how paths are shown in problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sparring.core.content.models import Objection, Persona, Rule, Signal
from sparring.core.content.problem import Problem
from sparring.core.content.sources import show_path as show_path
from sparring.core.content.yamlsafe import KeyPath, Position, YamlDoc


@dataclass
class ParsedFile:
    """What one file contributed, and what was wrong with it."""

    path: Path
    shown: str
    kind: str | None = None
    personas: list[tuple[Persona, KeyPath]] = field(default_factory=list)
    objections: list[tuple[Objection, KeyPath]] = field(default_factory=list)
    rules: list[tuple[Rule, KeyPath]] = field(default_factory=list)
    strengths: list[tuple[Signal, KeyPath]] = field(default_factory=list)
    theme_title: tuple[str, str] | None = None
    problems: list[Problem] = field(default_factory=list)
    positions: dict[KeyPath, Position] = field(default_factory=dict)

    def where(self, path: KeyPath) -> Position:
        """Where a kept key stands (ids and references), or its nearest kept parent."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        return self.positions.get(probe, Position(1, 1))

    def keep_positions(self, doc: YamlDoc) -> None:
        """Remember where the keys that later checks point at stand; the doc can then go."""
        wanted: list[KeyPath] = [()]
        keys: list[KeyPath] = []  # kept where the key itself stands, not its value
        for persona, path in self.personas:
            keys += [(*path, "lines", "react", kind) for kind in persona.lines.react]
            wanted += [(*path, "id"), (*path, "briefing_file")]
            for index in range(len(persona.objections)):
                wanted += [("objections", index, "id"), ("objections", index, "theme")]
            wanted += [("rules", "disable", i) for i in range(len(persona.rules.disable))]
            wanted += [("concern_moves", i) for i in range(len(persona.concern_moves))]
        wanted += [(*path, "id") for _, path in self.objections]
        for rule, path in self.rules:
            wanted += [(*path, "id"), *((*path, key) for key in rule.kind_facts())]
            for key in ("unless_near", "unless_next", "unless_after"):
                wanted += [(*path, key, i) for i in range(len(getattr(rule, key)))]
        wanted += [(*path, "kind") for _, path in self.strengths]
        self.positions = {path: doc.position(path) for path in wanted}
        self.positions.update((path, doc.position(path, key=True)) for path in keys)
