"""Provides a persona's `briefing_file`: read safely, never from outside the content folder."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sparring.core.content.parsed import ParsedFile, show_path
from sparring.core.content.problem import Problem
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


def _shown(reference: str) -> str:
    """The reference as a message quotes it: escaped, and cut short if very long."""
    return repr(reference if len(reference) <= 60 else reference[:57] + "...")


def read_briefing(reference: str, from_file: Path, root: Path) -> str:
    """Read a file a persona refers to; it must stay inside the content folder `root`.

    Raises ValueError with what is wrong for a path that leaves the folder, loops, is too
    long, is not a regular file (a FIFO would block), is too big or is not UTF-8.
    """
    shown = _shown(reference)
    if reference.startswith(("/", "\\", "~")) or Path(reference).is_absolute() or ":" in reference:
        raise ValueError(
            f"{shown} is an absolute path; expected a path relative to this file, "
            "inside the content folder"
        )
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in reference):
        raise ValueError(f"{shown} holds a control character; expected a plain file name")
    try:
        base = (root if root.is_dir() else root.parent).resolve()
        target = (from_file.parent / reference).resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python 3.11-3.12)
        reason = "it is a symlink loop" if "loop" in str(error).lower() else _reason(error)
        raise ValueError(f"{shown} cannot be followed: {reason}; expected a text file") from None
    if not target.is_relative_to(base):
        raise ValueError(
            f"{shown} leads outside the content folder {show_path(base)}; expected a file inside it"
        )
    try:
        raw = _read_regular(target)
    except FileNotFoundError:
        raise ValueError(
            f"{shown} does not exist; expected a text file next to the persona"
        ) from None
    except OSError as error:
        raise ValueError(
            f"{shown} cannot be read: {_reason(error)}; expected a text file"
        ) from None
    if raw is None:
        raise ValueError(f"{shown} is not a regular file; expected a text file next to the persona")
    if len(raw) > MAX_BRIEFING_BYTES:
        raise ValueError(f"{shown} is over {MAX_BRIEFING_BYTES // 1024} KiB")
    try:
        return printable(raw.decode("utf-8").strip())
    except UnicodeDecodeError:
        raise ValueError(f"{shown} is not UTF-8 text") from None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    if isinstance(error, OSError) and error.errno == errno.ELOOP:
        return "it is a symlink loop"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error) or type(error).__name__


def _read_regular(target: Path) -> bytes | None:
    """At most one byte over the limit of a regular file; None for anything else.

    Opened without blocking (a FIFO would wait for a writer forever) and checked after
    opening, so the file cannot be swapped for something else between check and read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(target, flags)
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return stream.read(MAX_BRIEFING_BYTES + 1)
