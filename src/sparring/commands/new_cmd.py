"""Provides `sparring new`: commented templates for a persona or an objection bank."""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib import resources
from pathlib import Path

from sparring.core.text import printable, well_formed

KINDS = ("persona", "objection")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "new",
        parents=[common],
        help="write a commented template for your own persona or objections",
        description="Write a template that validates as written, into your managers folder "
        "(or --dir), with the JSON Schema beside it so editors complete the keys.",
    )
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("name", help='the persona\'s name ("Skeptical CFO") or the theme')
    parser.add_argument("--dir", type=Path, help="write here instead of the managers folder")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(func=run)


def slug(text: str) -> str:
    """A content id from free text: `Skeptical CFO` -> `skeptical-cfo`."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60].strip("-") or "my-manager"


def render(kind: str, name: str) -> tuple[str, str]:
    """The file name and text of a template."""
    template = resources.files("sparring.templates").joinpath(
        "persona.yaml" if kind == "persona" else "objections.yaml"
    )
    text = template.read_text(encoding="utf-8")
    ident = slug(name)
    quoted = json.dumps(name.strip() or ident, ensure_ascii=False)  # JSON strings are YAML
    if kind == "persona":
        return f"{ident}.yaml", text.format(id=ident, name=quoted)
    return f"{ident}-objections.yaml", text.format(theme=ident, title=quoted)


def run(args: argparse.Namespace) -> int:
    """Write the template and the schemas; print the template's path."""
    from sparring.commands.schema_cmd import write_schemas
    from sparring.core.paths import user_content_dir

    folder: Path = args.dir or user_content_dir()
    if well_formed(args.name) != args.name:  # a byte that is not UTF-8 cannot be written
        shown = printable(args.name, one_line=True)
        print(
            f'sparring: the name "{shown}" holds a byte that is not UTF-8 (shown as \ufffd); '
            "give the name as UTF-8 text",
            file=sys.stderr,
        )
        return 2
    if folder.exists() and not folder.is_dir():
        print(f"sparring: {folder} is not a folder; give --dir a folder", file=sys.stderr)
        return 2
    name, text = render(args.kind, args.name)
    target = folder / name
    if target.exists() and not args.force:
        print(f"sparring: {target} already exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_schemas(folder)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        where = error.filename or folder
        print(f"sparring: cannot write {where}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(target)
    print(
        f"Edit it, then check it with: sparring validate {target}",
        file=sys.stderr,
    )
    return 0
