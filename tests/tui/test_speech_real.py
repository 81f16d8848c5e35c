"""Tests of the practice room with the real pyttsx3 speaker: typing during speech, failures."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import DATA, WEAK_REPLY, fixture_content, make_app

from sparring.cli import build_parser
from sparring.commands.practice_cmd import build_app
from sparring.speech import Pyttsx3Speaker
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.widgets.reply_box import ReplyBox

TUI_TESTS = Path(__file__).resolve().parent
REPO = TUI_TESTS.parent.parent


needs_engine = pytest.mark.needs_speech

FAILING_PLAYER = (
    "sh -c 'echo \"ALSA lib pcm.c:2666: Unknown PCM default\" >&2; exit 1' player {wav}"
)


def logging_player(tmp_path: Path, seconds: float) -> tuple[list[str], Path]:
    """A player that notes when each file starts and finishes, 'playing' for `seconds`."""
    log = tmp_path / "player.log"
    script = tmp_path / "player.sh"
    script.write_text(
        f'name=$(basename "$1")\necho "start $name" >> {log}\n'
        f'sleep {seconds}\necho "done $name" >> {log}\n',
        encoding="utf-8",
    )
    return ["sh", str(script), "{wav}"], log


async def wait_for(pilot: Any, condition: Any, seconds: float = 15) -> bool:
    """Let the app run until `condition()` holds or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


@needs_engine
async def test_the_reply_box_takes_keys_while_a_line_plays_and_sending_stops_it(
    tmp_path: Path,
) -> None:
    player, log = logging_player(tmp_path, seconds=2)
    started: list[tuple[float, str]] = []
    speaker = Pyttsx3Speaker(
        player=player, on_playing=lambda text: started.append((time.monotonic(), text))
    )
    app = make_app(tmp_path, speaker=speaker, persona_id="tess-tester")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert await wait_for(pilot, lambda: len(started) == 1)
            first_started = started[0][0]
            screen = app.screen
            assert isinstance(screen, ConversationScreen)
            assert started[0][1] == " ".join(e.text for e in screen.session.transcript)

            await pilot.press(*"Two days a week")
            assert screen.query_one(ReplyBox).text == "Two days a week"
            assert not speaker.wait_idle(timeout=0)  # still playing while we typed
            assert time.monotonic() - first_started < 2  # ...within the line's 2 s

            await pilot.press("enter")  # sending stops the line, then the reaction plays
            assert screen.session.turns
            assert await wait_for(pilot, lambda: len(started) == 2)
            await pilot.pause(max(0.0, first_started + 2.5 - time.monotonic()))
            lines = log.read_text(encoding="utf-8").splitlines()
            assert lines[:2] == ["start line-1.wav", "start line-2.wav"]
            assert "done line-1.wav" not in lines  # the first line never finished
            assert list(app._notifications) == []
    finally:
        speaker.close()


@needs_engine
async def test_a_failing_player_is_one_notification_and_the_session_goes_on(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(
        [
            *("practice", "--speak", "--persona", "tess-tester", "--seed", "4"),
            *("--player", FAILING_PLAYER),
        ]
    )
    app = build_app(args, fixture_content())
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.speech.failed)
        await pilot.pause()
        (notice,) = list(app._notifications)
        assert notice.message.startswith("Speech is off: the audio player failed")
        assert "Unknown PCM default" in notice.message
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        for reply in (WEAK_REPLY, "Two days a week, with a shared weekly plan."):
            screen.query_one(ReplyBox).text = reply
            await pilot.press("enter")
            await pilot.pause(0.3)
        await pilot.press("f5")
        await pilot.press("f4")
        await pilot.pause(0.5)
        assert len(screen.session.turns) == 2
        messages = [n.message for n in app._notifications]
        assert messages[0] == notice.message
        assert sum(m.startswith("Speech is off") for m in messages) == 1
    captured = capfd.readouterr()
    assert "ALSA" not in captured.out + captured.err  # nothing of the player's reached the tty


PROBE = """
import asyncio, sys, time
sys.path.insert(0, {tui!r})
from tui_helpers import fixture_content
from sparring.cli import build_parser
from sparring.commands.practice_cmd import build_app

async def main():
    app = build_app(build_parser().parse_args({argv!r}), fixture_content())
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one("ReplyBox").text = "Two days a week."
        for key in ("enter", "f4", "f5", *{keys!r}):
            await pilot.press(key)
            await pilot.pause()
        deadline = time.monotonic() + 15
        while {keys!r} and "pyttsx3" not in sys.modules and time.monotonic() < deadline:
            await pilot.pause(0.05)
        print(app.speech_on, "pyttsx3" in sys.modules)

asyncio.run(main())
"""


def _probe(argv: list[str], keys: tuple[str, ...] = ()) -> str:
    script = PROBE.format(tui=str(TUI_TESTS), argv=argv, keys=keys)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        check=True,
    )
    return result.stdout.strip()


def test_with_speech_off_the_app_never_imports_pyttsx3() -> None:
    base = ["practice", "--persona", "tess-tester", "--player", "true"]
    assert _probe(base) == "False False"  # off by default (nothing saved)
    assert _probe([*base, "--no-speak"]) == "False False"


def test_the_import_probe_sees_pyttsx3_once_speech_is_turned_on() -> None:
    """The probe above is not vacuous: F6 makes the speaker, which loads pyttsx3."""
    base = ["practice", "--persona", "tess-tester", "--player", "true", "--no-speak"]
    assert _probe(base, keys=("f6",)) == "True True"


def _plain(tmp_path: Path, player: str, replies: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "sparring", "practice", "--plain", "--speak"),
            *("--scenarios", str(DATA), "--persona", "tess-tester", "--seed", "4"),
            *("--player", player),
        ],
        input=replies,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=_env(),
        check=False,
    )


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


@needs_engine
def test_plain_mode_speaks_the_manager_lines(tmp_path: Path) -> None:
    player, log = logging_player(tmp_path, seconds=0)
    result = _plain(tmp_path, " ".join(player), WEAK_REPLY + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "=== Summary ===" in result.stdout
    # The reply stopped the opening line (if it had started); the manager's reaction,
    # the last line, was played to the end before the program exited.
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith("done ")
    assert lines[-2] == "start " + lines[-1].removeprefix("done ")


@needs_engine
def test_plain_mode_says_once_on_stderr_when_speech_fails(tmp_path: Path) -> None:
    replies = f"{WEAK_REPLY}\n/skip\nTwo days a week with a shared plan.\n"
    result = _plain(tmp_path, FAILING_PLAYER, replies)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("sparring: Speech is off: the audio player failed")
    assert "=== Summary ===" in result.stdout
    assert "ALSA" not in result.stdout
    assert result.stdout.count("Score:") >= 2  # the session went on
