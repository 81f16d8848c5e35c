"""Provides loading of content folders into validated models, reporting every problem."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sparring.core.content.briefing import MAX_BRIEFING_BYTES, attach_briefings, read_briefing
from sparring.core.content.cache import ParseCache, default_cache_file, unpickle
from sparring.core.content.catalog import Checked, Content, Origin
from sparring.core.content.errors import Problem, describe_value, translate
from sparring.core.content.kinds import Declaration
from sparring.core.content.models import (
    FILE_MODELS,
    KIND_FACTS,
    Objection,
    ObjectionBank,
    Persona,
    Rule,
    RuleSet,
    Signal,
    StrengthSet,
)
from sparring.core.content.parsed import ParsedFile
from sparring.core.content.references import Shadowed, check_references
from sparring.core.content.sources import (
    BUILTIN,
    SUFFIXES,
    USER,
    Source,
    content_files,
    default_sources,
    show_path,
)
from sparring.core.content.yamlsafe import KeyPath, Position, YamlDoc, YamlError, read_yaml
from sparring.core.text import did_you_mean

__all__ = [
    "BUILTIN",
    "MAX_BRIEFING_BYTES",
    "SUFFIXES",
    "USER",
    "ParsedFile",
    "Source",
    "default_sources",
    "load_content",
    "load_sources",
    "parse_file",
    "read_briefing",
    "show_path",
]


def load_content(
    extra_dirs: Sequence[Path] = (), *, user_dir: Path | None = None, builtin: bool = True
) -> Content:
    """Load the built-in, user and extra folders; later sources replace earlier ids."""
    return load_sources(default_sources(extra_dirs, user_dir=user_dir, builtin=builtin))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing makes many short-lived objects and no cycles; collecting mid-way only costs."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_sources(sources: Iterable[Source], *, cache_file: Path | bool | None = True) -> Content:
    """Load every file of every source; a broken file never hides the good ones.

    Files that parsed cleanly before and have not changed come from the parse cache
    (`cache_file=False` turns it off; True means the user's cache folder).
    """
    return assemble(*parse_sources(sources, cache_file=cache_file))


def parse_sources(
    sources: Iterable[Source], *, cache_file: Path | bool | None = True
) -> tuple[list[tuple[Source, ParsedFile]], list[Problem], list[Checked]]:
    """Every file of every source, parsed (or from the parse cache), the missing folders
    and each folder read with how many files it gave."""
    parsed: list[tuple[Source, ParsedFile]] = []
    missing: list[Problem] = []
    checked: list[Checked] = []
    cache = ParseCache(default_cache_file() if cache_file is True else cache_file or None)
    with _gc_paused():
        for source in sources:
            paths = content_files(source, missing)
            found = len(paths) if source.folder.exists() else None
            checked.append(Checked(show_path(source.folder), found))
            parsed.extend((source, _parse_cached(path, cache)) for path in paths)
        cache.save()
    return parsed, missing, checked


def assemble(
    parsed: list[tuple[Source, ParsedFile]],
    problems: Iterable[Problem],
    checked: Iterable[Checked] = (),
) -> Content:
    """The content of parsed files: briefings attached, ids merged, references checked."""
    content = Content(problems=list(problems), checked=list(checked))
    shadowed: Shadowed = {}
    for source, file in parsed:
        attach_briefings(source.folder, file)
        content.problems.extend(file.problems)
        _merge(content, source, file, shadowed)
    check_references(content, [f for _, f in parsed], shadowed)
    content.problems.sort()
    return content


def _parse_cached(path: Path, cache: ParseCache) -> ParsedFile:
    """parse_file, skipped when the cache holds this unchanged file."""
    if cache.path is None:
        return parse_file(path)
    try:
        stat = path.stat()
    except OSError:
        return parse_file(path)
    payload = cache.get(path, stat)
    if payload is not None:
        cached = unpickle(payload)
        if isinstance(cached, ParsedFile) and not cached.problems:
            cached.path, cached.shown = path, show_path(path)
            return cached
        cache.drop(path)  # damaged or not ours: parse again, and rewrite the entry
    file = parse_file(path)
    if not file.problems:
        cache.put(path, stat, pickle.dumps(file, protocol=pickle.HIGHEST_PROTOCOL))
    return file


def parse_file(path: Path) -> ParsedFile:
    """Read and validate one file, salvaging the good entries of a partly broken one."""
    file = ParsedFile(path=path, shown=show_path(path))
    try:
        doc, duplicates = read_yaml(path)
    except YamlError as error:
        file.problems.append(Problem.at(file.shown, error.position, error.message))
        return file
    _validate(file, doc)
    file.keep_positions(doc)
    file.problems.extend(Problem.at(file.shown, d.position, d.message) for d in duplicates)
    file.problems.sort()
    return file


def _validate(file: ParsedFile, doc: YamlDoc) -> None:
    """Check the data against the model of its kind."""
    data = doc.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r})"
        file.problems.append(
            Problem.at(
                file.shown,
                doc.position(()),
                "expected a mapping (key: value lines) that starts with `kind: persona`, "
                f"`kind: objections`, `kind: rules` or `kind: strengths`; found {found}",
            )
        )
        return
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in FILE_MODELS:
        file.problems.append(Problem.at(file.shown, *_kind_problem(doc, data)))
        return
    file.kind = str(kind)
    model = FILE_MODELS[file.kind]
    try:
        validated = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            position, message = translate(detail, doc, model)
            file.problems.append(Problem.at(file.shown, position, message))
        _salvage(file, data)
        return
    _collect(file, validated)


def _kind_problem(doc: YamlDoc, data: dict[str, Any]) -> tuple[Position, str]:
    kinds = ", ".join(FILE_MODELS)
    if "kind" not in data:
        guess = "objections" if "objections" in data and "theme" in data else None
        guess = guess or ("rules" if "rules" in data else None)
        guess = guess or ("strengths" if "strengths" in data else None)
        guess = guess or ("persona" if "opening" in data or "briefing" in data else None)
        hint = f"; this looks like a {guess} file: add `kind: {guess}`" if guess else ""
        return doc.position(()), f"missing required key 'kind': expected one of {kinds}{hint}"
    value = data["kind"]
    if not isinstance(value, str):
        found = describe_value(value, doc.raw.get(("kind",)))
        return doc.position(("kind",)), f"kind: expected one of {kinds}, found {found}"
    hint = did_you_mean(value, FILE_MODELS)
    return doc.position(("kind",)), f"kind: expected one of {kinds}, found {value!r}{hint}"


def _collect(file: ParsedFile, model: BaseModel) -> None:
    if isinstance(model, Persona):
        file.personas.append((model, ()))
    elif isinstance(model, ObjectionBank):
        file.objections.extend((o, ("objections", i)) for i, o in enumerate(model.objections))
        if model.theme and model.title:
            file.theme_title = (model.theme, model.title)
    elif isinstance(model, RuleSet):
        file.rules.extend((r, ("rules", i)) for i, r in enumerate(model.rules))
    elif isinstance(model, StrengthSet):
        file.strengths.extend((s, ("strengths", i)) for i, s in enumerate(model.strengths))


def _salvage(file: ParsedFile, data: dict[str, Any]) -> None:
    """Keep the entries of a broken bank, rule or strength file that are valid on their own."""
    key = file.kind if file.kind in ("rules", "strengths") else "objections"
    entries = data.get(key)
    if file.kind == "persona" or not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        try:
            if file.kind == "rules":
                file.rules.append((Rule.model_validate(entry), ("rules", index)))
            elif file.kind == "strengths":
                file.strengths.append((Signal.model_validate(entry), ("strengths", index)))
            else:
                theme = data.get("theme")
                if "theme" not in entry and isinstance(theme, str):
                    entry = {**entry, "theme": theme}
                objection = Objection.model_validate(entry)
                if objection.theme is None:  # the bank's theme is broken: not one to keep
                    continue
                file.objections.append((objection, ("objections", index)))
        except ValidationError:
            continue


def _merge(content: Content, source: Source, file: ParsedFile, shadowed: Shadowed) -> None:
    if file.theme_title:
        content.theme_titles.setdefault(*file.theme_title)
    entries: list[tuple[str, str, BaseModel, KeyPath]] = []
    entries += [("persona", p.id, p, path) for p, path in file.personas]
    entries += [("objection", o.id, o, path) for o, path in file.objections]
    entries += [("rule", r.id, r, path) for r, path in file.rules]
    entries += [("strength", s.kind, s, path) for s, path in file.strengths]
    for kind, item_id, item, path in entries:
        position = file.where((*path, "kind" if kind == "strength" else "id"))
        origin = Origin(file.path, file.shown, source.label, position.line, position.col)
        key = (kind, item_id)
        earlier = content.origins.get(key)
        if earlier is not None and earlier.source == source.label:
            content.problems.append(
                Problem.at(
                    file.shown,
                    position,
                    f"duplicate {kind} id {item_id!r}: already defined at "
                    f"{earlier.shown}:{earlier.line}:{earlier.col}; ids must be unique",
                )
            )
            continue
        if earlier is not None:
            content.replaced[key] = earlier
            if kind == "persona":  # kept, in case the new one's references are broken
                shadowed.setdefault(item_id, []).append((content.personas[item_id], earlier))
        content.origins[key] = origin
        content.add(kind, item)
        if isinstance(item, Rule):
            _declare_kind(content, file, source, item, path)


def _declare_kind(
    content: Content, file: ParsedFile, source: Source, rule: Rule, path: KeyPath
) -> None:
    """Take the facts a rule gives about its flag kind; a second declaration is a problem."""
    given = [key for key in KIND_FACTS if key in rule.kind_facts()]
    where = file.where((*path, given[0])) if given else file.where((*path, "id"))
    declaration = Declaration(rule.id, source.label, file.shown, where.line, where.col)
    earlier = content.flag_kinds.declare(rule, declaration)
    if earlier is None:
        return
    index = path[-1]
    content.problems.append(
        Problem.at(
            file.shown,
            where,
            f"rules[{index}].{given[0]}: the facts of flag kind {rule.kind!r} "
            f"({', '.join(KIND_FACTS)}) are already given by rule {earlier.rule_id!r} at "
            f"{earlier.shown}:{earlier.line}:{earlier.col}; expected them on one rule of "
            "the kind only (the other rules of the kind inherit them): remove them here, "
            "or move them to that rule",
        )
    )
