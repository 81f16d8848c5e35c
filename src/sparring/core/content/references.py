"""Provides the check that every persona names objections and rules that exist."""

from __future__ import annotations

import difflib

from sparring.core.content.catalog import Content
from sparring.core.content.errors import Problem
from sparring.core.content.parsed import ParsedFile


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
                near = difflib.get_close_matches(ref.id, list(content.objections), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
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
                near = difflib.get_close_matches(ref.theme, list(themes), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
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
                near = difflib.get_close_matches(rule_id, list(content.rules), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                content.problems.append(
                    Problem.at(
                        origin.shown,
                        file.where(("rules", "disable", index)),
                        f"rules.disable[{index}]: no phrasing rule has the id {rule_id!r}{hint}",
                    )
                )
        if len(kept) != len(persona.objections):
            if kept:
                content.personas[persona.id] = persona.model_copy(update={"objections": kept})
            else:
                del content.personas[persona.id]
