"""Provides problems with a place in a file, and plain-words messages for validation errors."""

from __future__ import annotations

import datetime as dt
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from sparring.core.content.problem import Problem as Problem
from sparring.core.content.yamlsafe import KeyPath, Position, YamlDoc, dotted
from sparring.core.text import did_you_mean

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


def describe_value(value: Any, raw: str | None) -> str:
    """Say what was found, and why, when YAML 1.1 read plain text as something else."""
    if isinstance(value, bool):
        if raw is not None and raw.lower() not in ("true", "false"):
            return (
                f"{str(value).lower()} (YAML reads an unquoted {raw} as {str(value).lower()}; "
                f'put it in quotes: "{raw}")'
            )
        return str(value).lower()
    if isinstance(value, int | float):
        if raw is not None and ":" in raw:  # YAML 1.1 sexagesimal, like 12:30
            return (
                f"the number {value} (YAML 1.1 reads an unquoted {raw} as a base-60 number; "
                f'put it in quotes: "{raw}")'
            )
        return f"the number {value}"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dt.date | dt.datetime):
        return f'a date ({raw}; put it in quotes: "{raw}")'
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def model_at(root: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The model class that validates the mapping found at `path` below `root`."""
    current: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(annotation: Any) -> Any:
    """Find the model inside list[...] or X | None."""
    origin = get_origin(annotation)
    if origin in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return annotation


def translate(
    error: ErrorDetails, doc: YamlDoc, root: type[BaseModel], prefix: KeyPath = ()
) -> tuple[Position, str]:
    """Turn one pydantic error into a place and a message in the user's words."""
    loc: KeyPath = (*prefix, *error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    found = describe_value(error.get("input"), doc.raw.get(loc))
    where = dotted(loc)
    if kind == "missing":
        parent = loc[:-1]
        message = f"{dotted(parent)}: missing required key {loc[-1]!r}"
        model = model_at(root, parent)
        if model is not None and isinstance(loc[-1], str):
            info = model.model_fields.get(loc[-1])
            if info is not None and info.description:
                message += f"; expected {info.description[0].lower()}{info.description[1:]}"
        return doc.position(parent), message
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        message = f"{where}: unknown key {key!r}"
        message += did_you_mean(key, allowed)
        if allowed:
            message += f" Expected one of: {', '.join(allowed)}"
        return doc.position(loc, key=True), message
    position = doc.position(loc)
    if kind in _TYPE_WORDS:
        return position, f"{where}: expected {_TYPE_WORDS[kind]}, found {found}"
    if kind == "literal_error":
        return position, f"{where}: expected one of {ctx.get('expected')}, found {found}"
    if kind == "too_short":
        return position, (
            f"{where}: expected at least {ctx.get('min_length')} item(s), "
            f"found {ctx.get('actual_length')}"
        )
    if kind == "too_long":
        return position, (
            f"{where}: expected at most {ctx.get('max_length')} item(s), "
            f"found {ctx.get('actual_length')}"
        )
    if kind == "string_too_short":
        return position, f"{where}: expected text, found an empty string"
    if kind == "string_too_long":
        return position, (
            f"{where}: expected at most {ctx.get('max_length')} characters, "
            f"found {len(str(error.get('input')))}"
        )
    if kind == "string_pattern_mismatch":
        return position, (
            f"{where}: expected an id of lowercase letters, digits and dashes "
            f"(like `risk-averse`), found {found}"
        )
    bounds = {
        "greater_than": "greater than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
    }
    if kind in bounds:
        return position, f"{where}: expected a number {bounds[kind].format(**ctx)}, found {found}"
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    return position, f"{where}: {message}"
