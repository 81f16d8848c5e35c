"""Provides a check that a regular expression from a YAML file cannot hang the scorer."""

from __future__ import annotations

import importlib
import re
from typing import Any

# The regex parser of CPython 3.11+; typeshed has no stubs for these private modules.
_sre_constants: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")

MAX_PATTERN_LENGTH = 300
MAX_UNBOUNDED_REPEATS = 3
# Patterns run on pieces of at most CHUNK characters; the worst number of ways a pattern
# can try to match from one position (each unbounded repeat counting CHUNK ways) is
# capped at MAX_COST, so one piece costs at most CHUNK * MAX_COST steps.
CHUNK = 200
MAX_COST = 1000

_REPEATS = {_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT, _sre_constants.POSSESSIVE_REPEAT}
_MAXREPEAT = _sre_constants.MAXREPEAT


class UnsafePattern(ValueError):
    """A pattern that could backtrack for a very long time, or that does not compile."""


def check_pattern(pattern: str) -> None:
    """Raise UnsafePattern unless `pattern` compiles and has no catastrophic shape.

    Refused: backreferences, conditional groups, a repeat or alternatives inside a repeat,
    and more than three unbounded repeats. What is left runs in polynomial time of low
    degree, and the scorer only ever runs patterns on one sentence at a time.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(
            f"pattern is {len(pattern)} characters; the limit is {MAX_PATTERN_LENGTH}"
        )
    try:
        parsed = _sre_parse.parse(pattern)
        re.compile(pattern, re.IGNORECASE)  # as the scorer compiles it
    except re.error as error:
        where = f" at character {error.pos + 1} of the pattern" if error.pos is not None else ""
        raise UnsafePattern(f"pattern does not compile: {error.msg}{where}") from None
    except OverflowError:  # a repeat count like {4294967295} does not fit
        raise UnsafePattern(
            f"pattern has a repeat count over {_MAXREPEAT - 1:,}; expected a small count "
            "like {2} or {1,3}"
        ) from None
    except (RecursionError, MemoryError, ValueError, TypeError, IndexError) as error:
        # re's parser is private; whatever else it raises, the pattern is refused.
        raise UnsafePattern(f"pattern does not compile: {error}") from None
    unbounded = _walk(list(parsed), inside_repeat=False)
    if unbounded > MAX_UNBOUNDED_REPEATS:
        raise UnsafePattern(
            f"pattern has {unbounded} unbounded repeats (*, +, {{n,}}); "
            f"the limit is {MAX_UNBOUNDED_REPEATS}"
        )
    cost = _cost(list(parsed))
    if cost > MAX_COST:
        raise UnsafePattern(
            "pattern can backtrack too much: use at most one unbounded repeat (*, +) and "
            f"keep bounded ones small ({cost:,} ways to try per position; the limit is "
            f"{MAX_COST:,})"
        )


def pieces(text: str, size: int = CHUNK) -> list[tuple[int, str]]:
    """Cut text into pieces of at most `size` characters at spaces, with their offsets.

    Patterns run piece by piece, so a long sentence costs linear time; a phrase cut in
    two by a piece boundary is missed, which only happens in sentences over `size`.
    """
    if len(text) <= size:
        return [(0, text)]
    result: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start + size // 2, end)
            end = space if space > start else end
        result.append((start, text[start:end]))
        start = end
    return result


def _cost(items: list[tuple[Any, Any]]) -> int:
    """Ways a parsed sequence can try to match from one position (a pessimistic count)."""
    total = 1
    for op, arg in items:
        if op in _REPEATS:
            low, high, sub = arg
            ways = CHUNK if high == _MAXREPEAT else high - low + 1
            total *= ways * _cost(list(sub))
        elif op == _sre_constants.SUBPATTERN:
            total *= _cost(list(arg[-1]))
        elif op == _sre_constants.BRANCH:
            # Alternatives cannot sit inside a repeat (see _walk), so they add at most a
            # constant factor, bounded by the pattern's length; the repeats inside them count.
            total *= max(_cost(list(branch)) for branch in arg[1])
        elif op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
            total *= _cost(list(arg[1]))
        elif op == _sre_constants.ATOMIC_GROUP:
            total *= _cost(list(arg))
        total = min(total, 10**12)
    return total


def _walk(items: list[tuple[Any, Any]], inside_repeat: bool) -> int:
    """Check one level of a parsed pattern; return how many unbounded repeats it holds."""
    unbounded = 0
    for op, arg in items:
        if op in _REPEATS:
            _low, high, sub = arg
            if inside_repeat:
                raise UnsafePattern("a repeat inside a repeat (like (a+)+) can hang; flatten it")
            if high == _MAXREPEAT:
                unbounded += 1
            unbounded += _walk(list(sub), inside_repeat=True)
        elif op in (_sre_constants.GROUPREF, _sre_constants.GROUPREF_EXISTS):
            raise UnsafePattern("backreferences and conditional groups are not allowed")
        elif op == _sre_constants.SUBPATTERN:
            unbounded += _walk(list(arg[-1]), inside_repeat)
        elif op == _sre_constants.BRANCH:
            if inside_repeat:
                raise UnsafePattern(
                    "alternatives inside a repeat (like (a|aa)*) can hang; repeat a character class"
                )
            for branch in arg[1]:
                unbounded += _walk(list(branch), inside_repeat)
        elif op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
            unbounded += _walk(list(arg[1]), inside_repeat)
        elif op == _sre_constants.ATOMIC_GROUP:
            unbounded += _walk(list(arg), inside_repeat)
    return unbounded
