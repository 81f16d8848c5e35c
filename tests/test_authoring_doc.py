"""Tests that the worked example in docs/authoring.md loads and is what the guide says."""

from __future__ import annotations

import re
from pathlib import Path

from sparring.core.loading import load_content

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
    assert names == ["morgan-reyes.yaml", "finance-close-objections.yaml"]
    content = load_content(user_dir=tmp_path / "managers")
    assert content.problems == []
    morgan = content.personas["morgan-reyes"]
    assert content.is_custom("persona", "morgan-reyes")
    assert morgan.rules.allow == ["month-end"]
    themes = content.persona_themes(morgan)
    assert themes[0] == "finance-close"
    assert {"accountability", "precedent", "availability"} <= set(themes)
