"""Provides `sparring schema`: JSON Schema for content files, from the validating models."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# The kinds of FILE_MODELS, named here so the parser is built without the models (pydantic);
# a test keeps the two the same.
KINDS = ("objections", "persona", "rules", "strengths")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser("schema", parents=[common], help="print JSON Schema for content files")
    parser.add_argument("--kind", choices=KINDS, help="only the schema of one kind of file")
    parser.add_argument(
        "--write",
        nargs="?",
        const=True,
        default=None,
        metavar="DIR",
        help="write one schema file per kind (default: the user folder) and print their paths",
    )
    parser.set_defaults(func=run)


def schema_for(kind: str) -> dict[str, Any]:
    """JSON Schema of one kind of file."""
    from sparring.core.content.models import FILE_MODELS

    schema = FILE_MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"sparring {kind} file"
    return schema


def combined_schema() -> dict[str, Any]:
    """One schema accepting any content file, chosen by its `kind`."""
    from sparring.core.content.models import FILE_MODELS

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "sparring content file",
        "oneOf": [schema_for(kind) for kind in FILE_MODELS],
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write one schema file per kind into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    from sparring.core.content.models import FILE_MODELS

    written = []
    for kind in FILE_MODELS:
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(schema_for(kind), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    """Print the schema, or write the files."""
    if args.write is not None:
        from sparring.core.paths import user_content_dir

        folder = user_content_dir() if args.write is True else Path(args.write)
        for path in write_schemas(folder):
            print(path)
        return 0
    schema = schema_for(args.kind) if args.kind else combined_schema()
    print(json.dumps(schema, indent=2))
    return 0
