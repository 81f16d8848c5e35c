"""Provides the check that every persona names objections and rules that exist."""

from __future__ import annotations

from sparring.core.content.catalog import Content
from sparring.core.content.errors import Problem
from sparring.core.content.models import Objection, ObjectionRef
from sparring.core.content.parsed import ParsedFile
from sparring.core.text import did_you_mean


def check_references(content: Content, files: list[ParsedFile]) -> None:
    """Every persona names objections and rules that exist; bad references are dropped."""
    by_path = {f.path: f for f in files}
    themes = content.themes()
    for persona in list(content.personas.values()):
        origin = content.origins[("persona", persona.id)]
        file = by_path[origin.path]
        kept = []
        for index, ref in enumerate(persona.objections):
            if ref.id is not None and ref.id not in content.objections:
                hint = did_you_mean(ref.id, list(content.objections))
                position = file.where(("objections", index, "id"))
                content.problems.append(
                    Problem.at(
                        origin.shown,
                        position,
                        f"objections[{index}].id: no objection has the id {ref.id!r}{hint}",
                    )
                )
                continue
            if ref.theme is not None and ref.theme not in themes:
                hint = did_you_mean(ref.theme, list(themes))
                position = file.where(("objections", index, "theme"))
                content.problems.append(
                    Problem.at(
                        origin.shown,
                        position,
                        f"objections[{index}].theme: no objection has the theme "
                        f"{ref.theme!r}{hint}",
                    )
                )
                continue
            kept.append(ref)
        for index, rule_id in enumerate(persona.rules.disable):
            if rule_id not in content.rules:
                hint = did_you_mean(rule_id, list(content.rules))
                content.problems.append(
                    Problem.at(
                        origin.shown,
                        file.where(("rules", "disable", index)),
                        f"rules.disable[{index}]: no phrasing rule has the id {rule_id!r}{hint}",
                    )
                )
        moves = {m.id for ref in kept for o in _raised(content, ref) for m in o.moves}
        for index, move_id in enumerate(persona.concern_moves):
            if move_id not in moves:
                content.problems.append(
                    Problem.at(
                        origin.shown,
                        file.where(("concern_moves", index)),
                        f"concern_moves[{index}]: none of this persona's objections has a move "
                        f"{move_id!r}{did_you_mean(move_id, moves)}",
                    )
                )
        if len(kept) != len(persona.objections):
            if kept:
                content.personas[persona.id] = persona.model_copy(update={"objections": kept})
            else:
                del content.personas[persona.id]


def _raised(content: Content, ref: ObjectionRef) -> list[Objection]:
    """The objections one reference can raise: the one by id, or all of a theme."""
    if ref.id is not None:
        return [content.objections[ref.id]] if ref.id in content.objections else []
    return [o for o in content.objections.values() if (o.theme or "general") == ref.theme]
