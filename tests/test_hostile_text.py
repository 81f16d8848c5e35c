"""Escape sequences in a persona file or a player's stderr never reach any output raw.

tests/data/hostile holds a persona and an objection bank with OSC 0 (terminal title),
OSC 52 (clipboard), CSI (clear screen, colours) and a raw U+202E (right-to-left override)
in names, roles, lines, wordings, move names, hints and the model answer.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_run import run_sparring

from sparring.core.content.loading import Source, load_sources

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
REPLY = "That's a fair question; a daily update and a trial period."


def assert_nothing_raw(text: str) -> None:
    """No ESC, BEL, C1 or bidi character; the escapes are there as visible text."""
    assert text
    raw = sorted({f"U+{ord(c):04X}" for c in text if c in "\x1b\x07\x9b\u202e"})
    assert not raw, f"raw control characters in output: {raw}"


def run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_sparring(tmp_path, *args, stdin=stdin, scenarios=HOSTILE, encoding="utf-8")


def test_content_text_is_scrubbed_when_loaded_and_validate_points_at_each_control() -> None:
    content = load_sources([Source("hostile", HOSTILE)], cache_file=False)
    persona = content.personas["hostile-persona"]
    assert persona.name == "Hal \\x1b]0;pwned\\x07 Hostile"
    objection = content.objections["hostile-objection"]
    for text in [
        persona.role,
        persona.briefing,
        *persona.opening,
        *persona.lines.push_back,
        *persona.lines.soften,
        *objection.wordings,
        *(m.name for m in objection.moves),
        objection.hint,
        objection.model_answer,
        content.theme_titles["hostile"],
    ]:
        assert_nothing_raw(text)
    problems = {
        f"{p.path.rsplit('/', 1)[-1]}:{p.line}:{p.col}": p.message for p in content.problems
    }
    # The escape `\e` in `name: "Hal \e]0;pwned\a Hostile"` starts at column 12.
    assert problems["persona.yaml:3:12"].startswith(
        "name: the control or bidi character \\x1b could change the terminal"
    )
    # A raw U+202E is found where it is written.
    assert problems["persona.yaml:8:49"].startswith(
        "opening[1]: the control or bidi character \\u202e"
    )
    assert "bank.yaml:18:37" in problems  # model_answer: "A fair question; \e[H ..."


def test_validate_and_list_show_no_raw_escape(tmp_path: Path) -> None:
    validate = run(tmp_path, "validate", str(HOSTILE))
    assert validate.returncode == 1
    assert "persona.yaml:3:12: name: the control or bidi character \\x1b" in validate.stdout
    assert_nothing_raw(validate.stdout + validate.stderr)
    listing = run(tmp_path, "list")
    assert "Hal \\x1b]0;pwned\\x07 Hostile" in listing.stdout
    assert_nothing_raw(listing.stdout + listing.stderr)
    as_json = run(tmp_path, "list", "--json")
    assert_nothing_raw(as_json.stdout)
    names = [p["name"] for p in json.loads(as_json.stdout)["personas"]]
    assert "Hal \\x1b]0;pwned\\x07 Hostile" in names


def test_plain_practice_and_export_show_no_raw_escape(tmp_path: Path) -> None:
    # The reply itself carries an OSC too: plain mode echoes it scrubbed.
    practice = run(
        tmp_path,
        "practice",
        "--plain",
        "--persona",
        "hostile-persona",
        "--seed",
        "1",
        stdin=f"{REPLY} \x1b]0;typed\x07\n",
    )
    assert practice.returncode == 0, practice.stderr
    assert "Hal \\x1b]0;pwned\\x07 Hostile: Hello \\x1b]0;title\\x07 there." in practice.stdout
    assert "\\x1b]0;typed\\x07" in practice.stdout
    assert_nothing_raw(practice.stdout + practice.stderr)
    markdown = run(tmp_path, "export", "1")
    assert markdown.returncode == 0, markdown.stderr
    assert "# Practice with Hal \\\\x1b\\]0;pwned\\\\x07 Hostile" in markdown.stdout
    assert_nothing_raw(markdown.stdout)
    out = tmp_path / "session.md"
    assert run(tmp_path, "export", "1", "--out", str(out)).returncode == 0
    assert_nothing_raw(out.read_text(encoding="utf-8"))
    as_json = run(tmp_path, "export", "1", "--format", "json")
    assert_nothing_raw(as_json.stdout)
    # JSON keeps the reply as typed, its ESC written as an escape: the same data.
    assert "\\u001b]0;typed\\u0007" in as_json.stdout
    assert json.loads(as_json.stdout)["turns"][0]["reply"].endswith("\x1b]0;typed\x07")


@pytest.mark.needs_speech
def test_player_stderr_reaches_the_speech_notice_scrubbed(tmp_path: Path) -> None:
    player = tmp_path / "evil-player"
    player.write_text(
        "#!/bin/sh\nprintf 'boom \\033]52;c;cm0gLXJmIH4=\\007 \\342\\200\\256gone\\n' >&2\nexit 3\n"
    )
    player.chmod(0o755)
    said = run(tmp_path, "say", "Hello there.", "--player", str(player))
    assert said.returncode == 1
    assert "boom \\x1b]52;c;cm0gLXJmIH4=\\x07 \\u202egone" in said.stderr
    assert_nothing_raw(said.stderr)


async def test_tui_shows_no_raw_escape_from_a_persona_file(tmp_path: Path) -> None:
    from sparring.core.scoring.judge import Scorer
    from sparring.tui.app import SparringApp
    from sparring.tui.options import AppOptions
    from sparring.tui.screens.conversation import ConversationScreen

    content = load_sources([Source("hostile", HOSTILE)], cache_file=False)
    app = SparringApp(AppOptions(content, Scorer(content), seed=1, export_dir=tmp_path, save=False))
    seen: list[str] = []

    def screen() -> str:
        strips = app.screen._compositor.render_strips()
        return "\n".join(strip.text for strip in strips)

    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        seen.append(screen())  # the picker: name, role, briefing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        seen.append(screen())  # opening and wording
        await pilot.press("f1")
        await pilot.pause()
        seen.append(screen())  # the hint
        await pilot.press(*REPLY, "enter")
        await pilot.pause()
        seen.append(screen())  # the feedback card: move names
    shown = "\n".join(seen)
    assert "Hal \\x1b]0;pwned\\x07 Hostile" in shown
    assert "How do I know \\x1b]0;pwned\\x07 you're" in shown  # the line wraps after that
    assert_nothing_raw(shown)
