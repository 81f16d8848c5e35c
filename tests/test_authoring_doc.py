"""Tests that the worked example in docs/authoring.md loads and is what the guide says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sparring.core.content.loading import load_content
from sparring.core.scoring.examples_check import check_examples
from sparring.core.scoring.judge import Scorer

DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
BLOCK = re.compile(r"```yaml\n# file: (?P<name>[\w.-]+)\n(?P<body>.*?)```", re.S)


def write_examples(folder: Path) -> list[str]:
    """Write every `# file:` YAML block of the guide into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for match in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        (folder / match["name"]).write_text(match["body"], encoding="utf-8")
        names.append(match["name"])
    return names


def test_worked_example_loads_cleanly_with_the_builtins(tmp_path: Path) -> None:
    names = write_examples(tmp_path / "managers")
    assert names == [
        "morgan-reyes.yaml",
        "finance-close-objections.yaml",
        "morgan-rules.yaml",
        "morgan-strengths.yaml",
    ]
    content = load_content(user_dir=tmp_path / "managers")
    assert content.problems == []
    morgan = content.personas["morgan-reyes"]
    assert content.is_custom("persona", "morgan-reyes")
    assert morgan.rules.allow == ["month-end"]
    themes = content.persona_themes(morgan)
    assert themes[0] == "finance-close"
    assert {"accountability", "precedent", "availability"} <= set(themes)


def test_the_guides_rules_and_strength_agree_with_their_examples(tmp_path: Path) -> None:
    write_examples(tmp_path / "managers")
    content = load_content(user_dir=tmp_path / "managers")
    assert content.problems == []
    assert check_examples(content) == []
    kinds = content.flag_kinds
    # A rule of a built-in kind inherits its facts; the new kind has the ones it gives.
    assert kinds.facts("vague") == load_content(user_dir=tmp_path / "none").flag_kinds.facts(
        "vague"
    )
    blame = kinds.facts("blame")
    assert (blame.label, blame.severity, blame.mood_cost) == ("blaming others", 20, 3.0)
    assert content.strengths["close-calendar"].points == 6


def test_morgans_own_objection_model_answer_scores_well_without_flags(tmp_path: Path) -> None:
    write_examples(tmp_path / "managers")
    content = load_content(user_dir=tmp_path / "managers")
    morgan = content.personas["morgan-reyes"]
    objection = content.objections["month-end-close"]
    score = Scorer(content).score(objection.model_answer, objection, morgan)
    assert score.value >= 75, score
    assert score.flags == (), score.flags
    assert {hit.move_id for hit in score.moves_hit} == {m.id for m in objection.moves}, score


def test_morgan_is_practised_in_plain_mode(tmp_path: Path) -> None:
    write_examples(tmp_path / "data" / "sparring" / "managers")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(DOC.parent.parent / "src")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.split("_")[1].lower())
    model = load_content(user_dir=tmp_path / "data" / "sparring" / "managers").objections[
        "month-end-close"
    ]
    done = subprocess.run(
        [sys.executable, "-m", "sparring", "practice", "--plain", "--persona", "morgan-reyes"],
        input=" ".join(model.model_answer.split()) + "\n/end\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(
        "Practising with Morgan Reyes (Finance Director, reports to the CFO), hard."
    )
    # Her own objection comes first (first: true), in one of its two wordings.
    first_line = out.split("Morgan Reyes: ")[2]
    assert first_line.split("\n")[0] in model.wordings
    assert out.count("Score: ") == 1 and "=== Summary ===" in out
