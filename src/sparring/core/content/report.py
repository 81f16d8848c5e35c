"""Provides plain-words summaries of loaded content: what a reload changed, what is wrong."""

from __future__ import annotations

from collections.abc import Sequence

from sparring.core.content.catalog import Content
from sparring.core.content.problem import Problem


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(content: Content, ids: Sequence[str]) -> str:
    shown = [content.personas[i].name for i in ids[:3]]
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    return ", ".join(shown) + more


def problems_summary(problems: Sequence[Problem], hint: str = "Press F8 for the list.") -> str:
    """How many problems in how many files, naming up to three files; empty if none."""
    if not problems:
        return ""
    files = list(dict.fromkeys(p.path for p in problems))
    names = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    return (
        f"{_plural(len(problems), 'problem')} in {_plural(len(files), 'file')} ({names}); "
        f"the good files are loaded. {hint}"
    )


def no_problems_summary(content: Content) -> str:
    """Nothing wrong in the content: say so, with each folder that was read and its files."""
    files = sum(checked.files or 0 for checked in content.checked)
    lines = [f"No problems in the {_plural(files, 'content file')} loaded."]
    if content.checked:
        lines.append("Folders checked:")
    for checked in content.checked:
        found = "no such folder" if checked.files is None else _plural(checked.files, "file")
        lines.append(f"{checked.shown} ({found})")
    return "\n".join(lines)


def reload_summary(old: Content, new: Content) -> str:
    """One message for a reload: managers added, changed and removed, then any problems."""
    added = [i for i in new.personas if i not in old.personas]
    removed = [i for i in old.personas if i not in new.personas]
    changed = [i for i in new.personas if i in old.personas and old.personas[i] != new.personas[i]]
    parts = []
    if added:
        parts.append(f"new: {_names(new, added)}")
    if changed:
        parts.append(f"changed: {_names(new, changed)}")
    if removed:
        parts.append(f"gone: {_names(old, removed)}")
    if old.objections != new.objections or old.rules != new.rules:
        parts.append("objections or phrasing rules updated")
    if old.strengths != new.strengths:
        parts.append("strengths updated")
    custom = sum(1 for i in new.personas if new.is_custom("persona", i))
    total = f"{_plural(len(new.personas), 'manager')} ({custom} custom)"
    message = f"Reloaded {total}; " + ("; ".join(parts) if parts else "nothing changed") + "."
    problems = problems_summary(new.problems)
    return f"{message}\n{problems}" if problems else message
