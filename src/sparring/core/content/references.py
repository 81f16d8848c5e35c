"""Provides the checks that personas and rules name objections, rules and strengths that exist."""

from __future__ import annotations

from pathlib import Path

from sparring.core.content.catalog import Content, Origin
from sparring.core.content.models import Objection, ObjectionRef, Persona
from sparring.core.content.parsed import ParsedFile
from sparring.core.content.problem import Problem
from sparring.core.content.yamlsafe import Position, dotted
from sparring.core.text import did_you_mean

# The versions a later file replaced, by persona id, oldest first.
Shadowed = dict[str, list[tuple[Persona, Origin]]]


def check_references(
    content: Content, files: list[ParsedFile], shadowed: Shadowed | None = None
) -> None:
    """Every persona names objections and rules that exist; bad references are dropped.

    A persona that replaced an earlier one (a user override of a built-in) and names an
    objection that does not exist is not used: the earlier version stays, so a broken
    override never makes the built-in disappear.
    """
    by_path = {f.path: f for f in files}
    _check_rules(content, by_path)
    themes = content.themes()
    shadowed = shadowed or {}
    for persona_id in list(content.personas):
        key = ("persona", persona_id)
        while True:
            persona = content.personas[persona_id]
            origin = content.origins[key]
            kept = _check_persona(content, by_path[origin.path], persona, origin, themes)
            earlier = shadowed.get(persona_id)
            if len(kept) == len(persona.objections):
                break
            if earlier:
                _restore(content, key, origin, earlier)
                continue
            if kept:
                content.personas[persona_id] = persona.model_copy(update={"objections": kept})
            else:
                del content.personas[persona_id]
            break


def _restore(
    content: Content, key: tuple[str, str], broken: Origin, earlier: list[tuple[Persona, Origin]]
) -> None:
    """Put back the version a broken override replaced, and say so where the override is."""
    previous, previous_origin = earlier.pop()
    content.problems.append(
        Problem.at(
            broken.shown,
            Position(broken.line, broken.col),
            f"persona {key[1]!r} is not used while its objections have problems; the "
            f"{previous_origin.source} one ({previous_origin.shown}:{previous_origin.line}:"
            f"{previous_origin.col}) stays in use until they are fixed",
        )
    )
    content.personas[key[1]] = previous
    content.origins[key] = previous_origin
    if earlier:
        content.replaced[key] = earlier[-1][1]
    else:
        content.replaced.pop(key, None)


def _check_persona(
    content: Content,
    file: ParsedFile,
    persona: Persona,
    origin: Origin,
    themes: dict[str, list[str]],
) -> list[ObjectionRef]:
    """Report each reference that leads nowhere; return the references that are good."""
    kept = []
    for index, ref in enumerate(persona.objections):
        if ref.id is not None and ref.id not in content.objections:
            hint = did_you_mean(ref.id, list(content.objections))
            content.problems.append(
                Problem.at(
                    origin.shown,
                    file.where(("objections", index, "id")),
                    f"objections[{index}].id: no objection has the id {ref.id!r}{hint}",
                )
            )
            continue
        if ref.theme is not None and ref.theme not in themes:
            hint = did_you_mean(ref.theme, list(themes))
            content.problems.append(
                Problem.at(
                    origin.shown,
                    file.where(("objections", index, "theme")),
                    f"objections[{index}].theme: no objection has the theme {ref.theme!r}{hint}",
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
    kinds = list(content.flag_kinds)
    for kind in persona.lines.react:
        if kind not in content.flag_kinds:
            content.problems.append(
                Problem.at(
                    origin.shown,
                    file.where(("lines", "react", kind)),
                    f"lines.react.{kind}: no phrasing rule raises the flag kind {kind!r}; "
                    f"expected one of: {', '.join(sorted(kinds))}{did_you_mean(kind, kinds)}",
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
    return kept


def _raised(content: Content, ref: ObjectionRef) -> list[Objection]:
    """The objections one reference can raise: the one by id, or all of a theme."""
    if ref.id is not None:
        return [content.objections[ref.id]] if ref.id in content.objections else []
    return [o for o in content.objections.values() if (o.theme or "general") == ref.theme]


def _check_rules(content: Content, by_path: dict[Path, ParsedFile]) -> None:
    """Every strength kind a rule's `unless_*` names is a loaded strength."""
    kinds = list(content.strengths)
    for rule_id, rule in content.rules.items():
        origin = content.origins.get(("rule", rule_id))
        file = by_path.get(origin.path) if origin else None
        if origin is None or file is None:
            continue
        path = next((p for r, p in file.rules if r is rule), ("rules",))
        for key in ("unless_near", "unless_next", "unless_after"):
            for index, kind in enumerate(getattr(rule, key)):
                if kind in content.strengths:
                    continue
                content.problems.append(
                    Problem.at(
                        origin.shown,
                        file.where((*path, key, index)),
                        f"{dotted((*path, key, index))}: no strength has the kind {kind!r}; "
                        f"expected one of: {', '.join(sorted(kinds))}"
                        f"{did_you_mean(kind, kinds)}",
                    )
                )
