"""Provides the folders content is loaded from, the files in them, and how paths are shown.

Kept free of YAML and pydantic: listing the files is all the start-up check needs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sparring.core.content.problem import Problem
from sparring.core.paths import builtin_dirs, user_content_dir
from sparring.core.text import printable

BUILTIN = "builtin"
USER = "user"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """A folder of content and the label it is listed under."""

    label: str
    folder: Path
    required: bool = True


def show_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when below it."""
    absolute = Path(os.path.abspath(path))
    try:
        shown = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(absolute)
    return printable(shown, one_line=True)  # a file name can hold control characters too


def default_sources(
    extra_dirs: Sequence[Path] = (), *, user_dir: Path | None = None, builtin: bool = True
) -> list[Source]:
    """Built-in content, then the user's folder, then each --scenarios folder, in that order."""
    sources = [Source(BUILTIN, d, required=False) for d in builtin_dirs()] if builtin else []
    sources.append(Source(USER, user_dir or user_content_dir(), required=False))
    sources.extend(Source(show_path(d), d) for d in extra_dirs)
    return sources


def content_files(source: Source, problems: list[Problem]) -> list[Path]:
    """The YAML files of a source, sorted; a required folder that is missing is a problem."""
    folder = source.folder
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        if source.required:
            problems.append(
                Problem(
                    show_path(folder),
                    1,
                    1,
                    "folder does not exist; expected a folder of YAML files",
                )
            )
        return []
    files = [
        p
        for p in folder.rglob("*")
        if p.suffix in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files)
