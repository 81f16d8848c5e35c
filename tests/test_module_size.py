"""Tests that every module stays small enough to read in one sitting (at most 400 lines)."""

from __future__ import annotations

from pathlib import Path

import sparring

LIMIT = 400
PACKAGE = Path(sparring.__file__).resolve().parent


def _lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in stream)


def test_no_module_exceeds_the_limit() -> None:
    sizes = {path: _lines(path) for path in sorted(PACKAGE.rglob("*.py"))}
    assert len(sizes) > 50  # the whole package was looked at
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {count} lines"
        for path, count in sizes.items()
        if count > LIMIT
    ]
    assert not offenders, f"modules over {LIMIT} lines (split them): " + "; ".join(offenders)


def test_the_count_is_the_editor_line_count(tmp_path: Path) -> None:
    """Not vacuous: a file of LIMIT + 1 lines (no newline at the end) counts as LIMIT + 1."""
    module = tmp_path / "big.py"
    module.write_text("\n".join("x = 1" for _ in range(LIMIT + 1)), encoding="utf-8")
    assert _lines(module) == LIMIT + 1
