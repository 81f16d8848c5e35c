"""Tests of speech with the real engine (espeak-ng through pyttsx3) and real subprocess players."""

from __future__ import annotations

import array
import math
import os
import sys
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from sparring.core.content.models import Voice
from sparring.speech import Pyttsx3Speaker, engine
from sparring.speech.engine import Engine

# CI installs espeak-ng: there a missing engine fails these tests (see conftest.py).
pytestmark = pytest.mark.needs_speech

LINES = [
    "Come in. You said you wanted to talk about working arrangements?",
    "That still sounds like a lot could go wrong.",
    "Okay.",
    "I'm not hearing how we'd catch a problem early, and my VP will ask me exactly that.",
    "Let's park that for now.",
]


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def speakers() -> Iterator[list[Pyttsx3Speaker]]:
    """Speakers made by a test, closed after it whatever happens."""
    made: list[Pyttsx3Speaker] = []
    yield made
    for speaker in made:
        speaker.close()


def _seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def _rms(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return math.sqrt(sum(s * s for s in samples) / max(len(samples), 1))


def _copy_player(folder: Path) -> list[str]:
    """A player that keeps each file it is given, so the test can listen with numbers."""
    return ["cp", "{wav}", str(folder)]


def _expected_seconds(text: str, rate: int) -> float:
    return len(text.split()) * 60 / rate


def test_say_out_writes_a_spoken_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sparring.cli import main

    # A folder of its own: the engine, started afresh in say's child process, may make
    # its audio library's folder in XDG_CONFIG_HOME (tmp_path/config here).
    out = tmp_path / "out" / "line.wav"
    out.parent.mkdir()
    code = main(["say", LINES[0], "--persona", "risk-averse", "--out", str(out)])
    assert code == 0
    with wave.open(str(out), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getframerate() >= 16000  # espeak-ng gives 22050 Hz
    assert _seconds(out) > 0.5 * _expected_seconds(LINES[0], 165)
    assert _seconds(out) > 0.5
    assert _rms(out) > 300  # speech, not silence
    captured = capsys.readouterr()
    # Only our own summary: the engine's "Audio saved to ..." never reaches the terminal.
    assert captured.out == f"wrote {out} ({_seconds(out):.1f} s of audio)\n"
    assert captured.err == ""
    assert [p.name for p in out.parent.iterdir()] == ["line.wav"]


def test_twenty_lines_in_a_row_each_come_out_whole(
    tmp_path: Path, speakers: list[Pyttsx3Speaker]
) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    errors: list[str] = []
    speaker = Pyttsx3Speaker(on_error=errors.append, player=_copy_player(kept))
    speakers.append(speaker)
    texts = [f"Line {i + 1}. {LINES[i % len(LINES)]}" for i in range(20)]
    for text in texts:
        speaker.speak(text, Voice(rate=175))
        assert speaker.wait_idle(timeout=30)
    assert errors == []
    files = sorted(kept.iterdir(), key=lambda p: int(p.stem.split("-")[1]))
    assert len(files) == 20
    contents = {f.read_bytes() for f in files}
    assert len(contents) == 20  # no file lost, none overwritten by a later line
    for file, text in zip(files, texts, strict=True):
        expected = _expected_seconds(text, 175)
        assert engine.audio_complete(file)
        assert 0.5 * expected < _seconds(file) < 2.0 * expected + 1.0, (file.name, text)
        assert _rms(file) > 300


def test_rate_changes_the_duration(tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    Engine.shared().synthesize(LINES[3], Voice(rate=120), slow)
    Engine.shared().synthesize(LINES[3], Voice(rate=300), fast)
    assert _seconds(slow) > 1.8 * _seconds(fast)


def test_volume_changes_the_loudness(tmp_path: Path) -> None:
    loud, soft = tmp_path / "loud.wav", tmp_path / "soft.wav"
    Engine.shared().synthesize(LINES[1], Voice(volume=1.0), loud)
    Engine.shared().synthesize(LINES[1], Voice(volume=0.3), soft)
    assert _rms(soft) < 0.6 * _rms(loud)


def test_a_failing_player_reports_once_and_the_session_goes_on(
    tmp_path: Path, speakers: list[Pyttsx3Speaker], capfd: pytest.CaptureFixture[str]
) -> None:
    errors: list[str] = []
    started: list[str] = []
    noisy = "echo ALSA lib pcm.c: Unknown PCM default >&2; echo out; exit 1"
    speaker = Pyttsx3Speaker(
        on_error=errors.append,
        player=["sh", "-c", noisy, "player", "{wav}"],
        on_playing=started.append,
    )
    speakers.append(speaker)
    for line in LINES:
        speaker.speak(line)
        assert speaker.wait_idle(timeout=30)
    assert len(errors) == 1
    assert "audio player failed" in errors[0] and "sparring doctor" in errors[0]
    assert "Unknown PCM default" in errors[0]
    assert started == [LINES[0]]  # after the failure, lines are dropped silently
    assert speaker.error == errors[0]
    speaker.repeat()
    speaker.stop()
    assert speaker.wait_idle(timeout=5)
    assert len(errors) == 1
    # Nothing from the player reached the terminal.
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_a_missing_player_reports_once(speakers: list[Pyttsx3Speaker]) -> None:
    errors: list[str] = []
    speaker = Pyttsx3Speaker(on_error=errors.append, player=["no-such-player-here", "{wav}"])
    speakers.append(speaker)
    speaker.speak(LINES[0])
    assert speaker.wait_idle(timeout=30)
    speaker.speak(LINES[1])
    assert speaker.wait_idle(timeout=30)
    assert len(errors) == 1 and "no-such-player-here" in errors[0]


@pytest.mark.parametrize("broken", ["missing", "no-espeak"])
def test_a_missing_engine_is_silent_with_one_notice(
    broken: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    speakers: list[Pyttsx3Speaker],
) -> None:
    # Forget the started engine, and make importing pyttsx3 fail as it does for real:
    # ImportError when the package is missing, RuntimeError when espeak-ng is.
    monkeypatch.setattr(engine, "_shared", None)
    if broken == "missing":
        monkeypatch.setitem(sys.modules, "pyttsx3", None)
    else:
        fake = tmp_path / "fake"
        fake.mkdir()
        (fake / "pyttsx3.py").write_text(
            "raise RuntimeError('This means you probably do not have eSpeak or eSpeak-ng "
            "installed!')\n"
        )
        monkeypatch.delitem(sys.modules, "pyttsx3")
        monkeypatch.syspath_prepend(str(fake))
    errors: list[str] = []
    started: list[str] = []
    speaker = Pyttsx3Speaker(on_error=errors.append, player=["true"], on_playing=started.append)
    speakers.append(speaker)
    for line in LINES:
        speaker.speak(line)
        assert speaker.wait_idle(timeout=10)
    assert len(errors) == 1
    assert "pyttsx3" in errors[0] if broken == "missing" else "espeak-ng" in errors[0].lower()
    assert started == []
    assert speaker.failure is not None and speaker.failure.hint


def _wait_for(predicate: object, timeout: float) -> bool:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _sleepy_player(pid_file: Path, wrapped: bool) -> list[str]:
    """A player that records its pid and 'plays' for 30 seconds.

    Wrapped, the shell waits for a child of its own that also holds the captured pipe.
    """
    sleep = "sleep 30; true" if wrapped else "exec sleep 30"
    return ["sh", "-c", f"echo $$ > {pid_file}; {sleep}", "player", "{wav}"]


@pytest.mark.parametrize("wrapped", [False, True], ids=["player", "wrapper script"])
@pytest.mark.parametrize("how", ["stop", "new line", "close"])
def test_playback_is_cancelled_promptly(
    how: str, wrapped: bool, tmp_path: Path, speakers: list[Pyttsx3Speaker]
) -> None:
    pid_file = tmp_path / "pid"
    playing = threading.Event()
    errors: list[str] = []
    speaker = Pyttsx3Speaker(
        on_error=errors.append,
        player=_sleepy_player(pid_file, wrapped),
        on_playing=lambda _text: playing.set(),
    )
    speakers.append(speaker)
    speaker.speak(LINES[0])
    assert playing.wait(10)
    assert _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), 5)
    pid = int(pid_file.read_text())
    assert _alive(pid)
    if how == "stop":
        speaker.stop()
        assert speaker.wait_idle(timeout=5)
    elif how == "new line":
        pid_file.unlink()
        speaker.speak(LINES[1])
    else:
        speaker.close()
    # The first player is gone well before its 30 seconds are up.
    assert _wait_for(lambda: not _alive(pid), 5)
    if how == "new line":
        assert _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), 10)
        assert int(pid_file.read_text()) != pid
    assert errors == []  # a cancelled player is not a failure


def test_a_burst_of_lines_plays_only_the_newest(
    tmp_path: Path, speakers: list[Pyttsx3Speaker]
) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    started: list[str] = []
    errors: list[str] = []
    speaker = Pyttsx3Speaker(
        on_error=errors.append, player=_copy_player(kept), on_playing=started.append
    )
    speakers.append(speaker)
    for i in range(30):
        speaker.speak(f"Line {i}. {LINES[i % len(LINES)]}")
    assert speaker.wait_idle(timeout=30)
    assert errors == []
    assert started[-1] == f"Line 29. {LINES[29 % len(LINES)]}"
    assert len(started) < 30  # the older lines were dropped, not queued up


def test_repeat_speaks_the_last_line_again(tmp_path: Path, speakers: list[Pyttsx3Speaker]) -> None:
    started: list[str] = []
    speaker = Pyttsx3Speaker(player=["true"], on_playing=started.append)
    speakers.append(speaker)
    speaker.repeat()  # nothing said yet: nothing to repeat
    speaker.speak(LINES[1], Voice(rate=200))
    assert speaker.wait_idle(timeout=30)
    speaker.repeat()
    assert speaker.wait_idle(timeout=30)
    assert started == [LINES[1], LINES[1]]


def test_close_removes_temporary_files(tmp_path: Path, speakers: list[Pyttsx3Speaker]) -> None:
    seen = tmp_path / "seen"
    player = ["sh", "-c", 'echo "$1" >> "$0"', str(seen), "{wav}"]
    speaker = Pyttsx3Speaker(player=player, temp_parent=tmp_path)
    speakers.append(speaker)
    for line in LINES[:3]:
        speaker.speak(line)
        assert speaker.wait_idle(timeout=30)
    played = [Path(p) for p in seen.read_text().split()]
    assert len(played) == 3 and all(p.is_relative_to(tmp_path) for p in played)
    assert not any(p.exists() for p in played)  # each line's file is removed once played
    speaker.close()
    assert [p.name for p in tmp_path.iterdir()] == ["seen"]  # and the folder on close


def test_warm_up_then_speak(speakers: list[Pyttsx3Speaker]) -> None:
    started: list[str] = []
    speaker = Pyttsx3Speaker(player=["true"], on_playing=started.append)
    speakers.append(speaker)
    speaker.warm_up()
    assert speaker.wait_idle(timeout=30)
    assert started == []  # warming up says nothing
    speaker.speak(LINES[2])
    assert speaker.wait_idle(timeout=30)
    assert started == [LINES[2]]


def test_a_raising_error_callback_prints_nothing(
    speakers: list[Pyttsx3Speaker], capfd: pytest.CaptureFixture[str]
) -> None:
    def closed_app(message: str) -> None:
        raise RuntimeError("App is not running")

    speaker = Pyttsx3Speaker(on_error=closed_app, player=["false"])
    speakers.append(speaker)
    speaker.speak(LINES[0])
    assert speaker.wait_idle(timeout=30)
    assert speaker.error is not None and "audio player failed" in speaker.error
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")  # no thread traceback over the screen
