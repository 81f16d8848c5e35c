"""Tests that `sparring` paints its picker without what only a session needs.

Start-up is most of what a user waits for: the judge (rapidfuzz), the content models
(pydantic, YAML), the session engine, speech (pyttsx3) and the other subcommands are
loaded after the first paint, or when first used. The probe runs the practice room as
bare `sparring` starts it, headless, and looks at what is imported when the first
refresh is done (when the app starts building the judge).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from sparring.cli import build_parser, parse
from sparring.commands.schema_cmd import KINDS
from sparring.core.content.models import FILE_MODELS

AFTER_PAINT = (
    "pydantic",
    "yaml",
    "rapidfuzz",
    "pyttsx3",
    "sparring.core.content.models",
    "sparring.core.content.loading",
    "sparring.core.scoring.judge",
    "sparring.core.session.engine",
    "sparring.speech.pyttsx3_speaker",
    "sparring.commands.validate_cmd",
    "sparring.commands.score_cmd",
)

PROBE = """
import sys
from sparring.cli import parse
from sparring.commands import load_for_picker
from sparring.commands.practice_cmd import build_app, open_history
from sparring.tui.app import SparringApp
from sparring.tui.screens.picker import PickerScreen

WATCH = {watch!r}
seen = {{}}
build = SparringApp._build_scorer

def first_refresh_done(app):
    loaded = sorted(name for name in WATCH if name in sys.modules)
    picker = next(s for s in app.screen_stack if isinstance(s, PickerScreen))
    seen["paint"] = (loaded, len(picker.shown_personas))
    build(app)
    app.set_interval(0.05, lambda: app.scorer._built is not None and app.exit())

SparringApp._build_scorer = first_refresh_done
args = parse([])
args.scenarios = []
content = load_for_picker(args)
store, notice = open_history(args)
app = build_app(args, content, store, notice)
app.run(headless=True)
print(type(content).__name__)
print(" ".join(seen["paint"][0]) or "-")
print(seen["paint"][1], len(content.personas))
print(" ".join(sorted(name for name in WATCH if name in sys.modules)))
"""


def _launch() -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(watch=AFTER_PAINT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_the_picker_paints_before_the_models_the_judge_and_speech_load() -> None:
    _launch()  # the first launch parses the content and writes the snapshot
    kind, at_paint, counts, at_end = _launch()[-4:]
    assert kind == "DeferredContent"
    assert at_paint == "-", f"imported before the first paint: {at_paint}"
    shown, loaded = map(int, counts.split())
    assert shown == loaded > 0  # the picker listed every real manager
    # Not vacuous: once the judge is built, the probe sees what it brought in.
    after = at_end.split()
    assert {"pydantic", "yaml", "rapidfuzz", "sparring.core.scoring.judge"} <= set(after)
    assert "pyttsx3" not in after  # speech stays unloaded while it is off


def test_bare_sparring_parses_as_the_full_parser_would() -> None:
    """`parse([])` skips building the parser; it must give what the parser gives."""
    assert parse([]) == build_parser().parse_args([]) == argparse.Namespace(command=None)


def test_schema_kinds_are_the_models_kinds() -> None:
    """`sparring schema --kind` names its choices without importing the models."""
    assert sorted(KINDS) == sorted(FILE_MODELS)
