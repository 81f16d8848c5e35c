"""Provides `sparring list`: the personas and objection themes that are loaded."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from sparring.commands import load
from sparring.core.text import json_safe

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser("list", parents=[common], help="list personas and objection themes")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def summary(content: Content) -> dict[str, Any]:
    """The JSON shape of `sparring list --json`."""
    personas = []
    for persona in content.personas.values():
        origin = content.origin("persona", persona.id)
        replaced = content.replaced.get(("persona", persona.id))
        personas.append(
            {
                "id": persona.id,
                "name": persona.name,
                "role": persona.role,
                "difficulty": persona.difficulty,
                "source": origin.source if origin else "builtin",
                "path": origin.shown if origin else None,
                "replaces": replaced.source if replaced else None,
                "themes": content.persona_themes(persona),
                "objections": len(content.picks(persona)),
            }
        )
    themes = [
        {"id": theme, "title": content.theme_titles.get(theme, theme), "objections": len(ids)}
        for theme, ids in content.themes().items()
    ]
    return {
        "personas": personas,
        "objections": len(content.objections),
        "themes": themes,
        "rules": len(content.rules),
        "problems": [str(p) for p in content.problems],
    }


def run(args: argparse.Namespace) -> int:
    """Print the list; problems go to stderr and do not stop the listing."""
    content = load(args)
    data = summary(content)
    if args.json:
        print(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        _print_table(data)
    if content.problems:
        print(
            f"sparring: {len(content.problems)} problem(s) in the content; "
            "run `sparring validate` for details",
            file=sys.stderr,
        )
    return 0


def _print_table(data: dict[str, Any]) -> None:
    personas = data["personas"]
    print(f"Personas ({len(personas)})")
    width = max((len(p["id"]) for p in personas), default=2)
    for p in personas:
        source = p["source"] if p["source"] == "builtin" else f"custom: {p['path']}"
        if p["replaces"]:
            source += f", replaces {p['replaces']}"
        print(f"  {p['id']:<{width}}  {p['name']} ({p['role']})")
        print(
            f"  {'':<{width}}  {p['difficulty']}, {p['objections']} objections, "
            f"themes: {', '.join(p['themes'])}  [{source}]"
        )
    print()
    print(f"Objection themes ({len(data['themes'])}, {data['objections']} objections)")
    for theme in data["themes"]:
        print(f"  {theme['id']:<{width}}  {theme['objections']:>2}  {theme['title']}")
