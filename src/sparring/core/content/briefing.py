"""Provides a persona's `briefing_file`: read safely, never from outside the content folder."""

from __future__ import annotations

from pathlib import Path

from sparring.core.content.errors import Problem
from sparring.core.content.parsed import ParsedFile, show_path
from sparring.core.text import printable

MAX_BRIEFING_BYTES = 64 * 1024


def attach_briefings(folder: Path, file: ParsedFile) -> None:
    """Append each persona's `briefing_file`, refusing paths that leave the content folder."""
    for index, (persona, path) in enumerate(file.personas):
        if persona.briefing_file is None:
            continue
        position = file.where((*path, "briefing_file"))
        try:
            notes = read_briefing(persona.briefing_file, file.path, folder)
        except ValueError as error:
            file.problems.append(Problem.at(file.shown, position, f"briefing_file: {error}"))
            persona = persona.model_copy(update={"briefing_file": None})
        else:
            briefing = f"{persona.briefing}\n\n{notes}".strip()
            persona = persona.model_copy(update={"briefing": briefing})
        file.personas[index] = (persona, path)


def read_briefing(reference: str, from_file: Path, root: Path) -> str:
    """Read a file a persona refers to; it must stay inside the content folder `root`."""
    if reference.startswith(("/", "\\", "~")) or Path(reference).is_absolute() or ":" in reference:
        raise ValueError(
            f"{reference!r} is an absolute path; expected a path relative to this file, "
            "inside the content folder"
        )
    base = root if root.is_dir() else root.parent
    target = (from_file.parent / reference).resolve()
    if not target.is_relative_to(base.resolve()):
        raise ValueError(
            f"{reference!r} leads outside the content folder {show_path(base)}; "
            "expected a file inside it"
        )
    if not target.is_file():
        raise ValueError(f"{reference!r} does not exist; expected a text file next to the persona")
    if target.stat().st_size > MAX_BRIEFING_BYTES:
        raise ValueError(f"{reference!r} is over {MAX_BRIEFING_BYTES // 1024} KiB")
    try:
        return printable(target.read_text(encoding="utf-8").strip())
    except UnicodeDecodeError:
        raise ValueError(f"{reference!r} is not UTF-8 text") from None
