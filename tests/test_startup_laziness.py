"""Tests that `sparring` paints its picker without what only a session needs.

Start-up is most of what a user waits for: the judge (rapidfuzz), the content models
(pydantic, YAML), the session engine, speech (pyttsx3) and the other subcommands are
loaded after the first paint, or when first used. The probe runs the practice room as
bare `sparring` starts it, headless, and looks at what is imported when the first
refresh is done, before anything waiting for it (the judge, the speaker) runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    "sparring.speech.engine",
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
mount = SparringApp.on_mount

def painted(app):
    loaded = sorted(name for name in WATCH if name in sys.modules)
    picker = next(s for s in app.screen_stack if isinstance(s, PickerScreen))
    seen["paint"] = (loaded, len(picker.shown_personas))

def on_mount(app):
    app.call_after_refresh(painted, app)  # first in line once the first refresh is done
    mount(app)
    app.set_interval(0.05, lambda: app.scorer._built is not None and app.exit())

SparringApp.on_mount = on_mount
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


@pytest.mark.parametrize("speak", [False, True], ids=["speech off", "speech on"])
def test_the_picker_paints_before_the_models_the_judge_and_speech_load(speak: bool) -> None:
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "sparring" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"speak": speak}), encoding="utf-8")
    _launch()  # the first launch parses the content and writes the snapshot
    kind, at_paint, counts, at_end = _launch()[-4:]
    assert kind == "DeferredContent"
    assert at_paint == "-", f"imported before the first paint: {at_paint}"
    shown, loaded = map(int, counts.split())
    assert shown == loaded > 0  # the picker listed every real manager
    # Not vacuous: once the judge is built, the probe sees what it brought in.
    after = at_end.split()
    assert {"pydantic", "yaml", "rapidfuzz", "sparring.core.scoring.judge"} <= set(after)
    if not speak:
        assert "pyttsx3" not in after  # speech stays unloaded while it is off


def test_bare_sparring_parses_as_the_full_parser_would() -> None:
    """`parse([])` skips building the parser; it must give what the parser gives."""
    assert parse([]) == build_parser().parse_args([]) == argparse.Namespace(command=None)


def test_schema_kinds_are_the_models_kinds() -> None:
    """`sparring schema --kind` names its choices without importing the models."""
    assert sorted(KINDS) == sorted(FILE_MODELS)
