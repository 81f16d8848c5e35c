"""Tests of the speech pieces that need no engine: voice matching, fakes, players, settings."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest

from sparring.core.content.models import Voice
from sparring.settings import Settings, load_settings, save_settings, settings_path, update_settings
from sparring.speech import FakeSpeaker, SilentSpeaker
from sparring.speech.base import ErrorOnce
from sparring.speech.engine import audio_complete
from sparring.speech.player import player_command, player_failed
from sparring.speech.voices import (
    VoiceInfo,
    find_language,
    find_voice,
    pick_voice,
    voice_problems,
)

# A slice of what espeak-ng offers, as pyttsx3 reports it.
VOICES = [
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("gmw/en-gb-x-rp", "English (Received Pronunciation)", ("en-gb-x-rp",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
    VoiceInfo("roa/fr", "French (France)", ("fr-fr",)),
]


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("gmw/en-GB-x-rp", "gmw/en-gb-x-rp"),  # the docs' spelling; pyttsx3 lowercases ids
        ("English (America)", "gmw/en-us"),
        ("english_(america)", "gmw/en-us"),
        ("en-gb-x-rp", "gmw/en-gb-x-rp"),
    ],
)
def test_find_voice_by_id_name_or_short_id(wanted: str, expected: str) -> None:
    found = find_voice(wanted, VOICES)
    assert found is not None and found.id == expected


def test_find_voice_unknown_is_none() -> None:
    assert find_voice("gmw/en-gb-x-rpp", VOICES) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-us", "gmw/en-us"),
        ("EN_US", "gmw/en-us"),
        ("en", "gmw/en"),  # the plain language goes to the voice named after it, not en-029
        ("en-gb", "gmw/en"),
        ("en-au", "gmw/en"),  # no Australian voice: same main language
        ("fr", "roa/fr"),
    ],
)
def test_find_language(language: str, expected: str) -> None:
    found = find_language(language, VOICES)
    assert found is not None and found.id == expected


def test_pick_voice_prefers_voice_key_then_language() -> None:
    both = Voice(voice="gmw/en-gb-x-rp", language="en-us")
    assert pick_voice(both, VOICES) == VOICES[2]
    assert pick_voice(Voice(voice="nobody", language="fr"), VOICES) == VOICES[4]
    assert pick_voice(Voice(), VOICES) is None


def test_voice_problems_name_the_key_and_suggest() -> None:
    problems = voice_problems(Voice(voice="gmw/en-gb-x-rpp", language="xx"), VOICES)
    keys = [key for key, _ in problems]
    assert keys == ["voice", "language"]
    assert "did you mean 'gmw/en-gb-x-rp'" in problems[0][1]
    assert "'xx'" in problems[1][1]
    assert voice_problems(Voice(voice="gmw/en-us", language="en-gb"), VOICES) == []


def test_error_once_reports_once_across_threads() -> None:
    calls: list[str] = []
    once = ErrorOnce()
    threads = [
        threading.Thread(target=once.fail, args=(f"error {i}", calls.append)) for i in range(16)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert once.message == calls[0]


def test_error_once_survives_a_raising_callback() -> None:
    def closed_app(message: str) -> None:
        raise RuntimeError("App is not running")

    once = ErrorOnce()
    assert once.fail("no device", closed_app)
    assert once.message == "no device"
    assert isinstance(once.callback_error, RuntimeError)
    assert not once.fail("again", closed_app)


def test_fake_speaker_records_repeats_and_fails_once() -> None:
    errors: list[str] = []
    fake = FakeSpeaker(on_error=errors.append)
    voice = Voice(rate=150)
    fake.speak("First line", voice)
    fake.repeat()
    fake.stop()
    assert fake.lines == ["First line", "First line"]
    assert fake.spoken[1].voice == voice
    assert (fake.repeats, fake.stops) == (1, 1)
    fake.fail("no device")
    fake.fail("again")
    fake.speak("ignored once failed")
    assert errors == ["no device"]
    assert fake.error == "no device"
    assert fake.lines == ["First line", "First line"]


def test_silent_speaker_does_nothing() -> None:
    silent = SilentSpeaker()
    silent.speak("hello")
    silent.repeat()
    silent.stop()
    silent.close()
    assert silent.error is None


def test_player_command_places_the_file() -> None:
    wav = Path("/tmp/it's.wav")
    assert player_command(["aplay", "-q", "{wav}"], wav) == ["aplay", "-q", str(wav)]
    assert player_command(["afplay"], wav) == ["afplay", str(wav)]
    # PowerShell single quotes are escaped by doubling them.
    assert player_command(["ps", "'{wav_ps}'"], wav) == ["ps", "'/tmp/it''s.wav'"]


def test_player_failure_keeps_the_last_line_of_complaint() -> None:
    stderr = b"ALSA lib pcm.c:2666: Unknown PCM default\naplay: main:831: audio open error\n"
    error = player_failed("/usr/bin/aplay", 1, stderr)
    assert error.message == "the audio player failed (aplay: main:831: audio open error)"
    # The player is there and ran: the hint is about the sound device, not installing it.
    assert "aplay -l" in error.hint or sys.platform != "linux"
    assert "install" not in error.hint or sys.platform != "linux"
    assert "exit status 3" in player_failed("play", 3, b"").message


def _write_wav(path: Path, frames: int) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(struct.pack(f"<{frames}h", *([1000] * frames)))


def test_audio_complete_rejects_truncated_files(tmp_path: Path) -> None:
    whole = tmp_path / "whole.wav"
    _write_wav(whole, 2000)
    assert audio_complete(whole)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[:-100])
    assert not audio_complete(cut)
    assert not audio_complete(tmp_path / "missing.wav")
    (tmp_path / "text.wav").write_text("not a wav")
    assert not audio_complete(tmp_path / "text.wav")


def test_audio_complete_reads_aiff_headers(tmp_path: Path) -> None:
    # macOS's engine writes AIFF: "FORM", a big-endian size, then "AIFF".
    body = b"AIFF" + b"COMM" + bytes(100)
    whole = tmp_path / "line.aiff"
    whole.write_bytes(b"FORM" + len(body).to_bytes(4, "big") + body)
    assert audio_complete(whole)
    cut = tmp_path / "cut.aiff"
    cut.write_bytes(whole.read_bytes()[:-10])
    assert not audio_complete(cut)


def test_settings_default_when_missing(tmp_path: Path) -> None:
    assert settings_path().is_relative_to(tmp_path / "config")
    settings = load_settings()
    assert settings == Settings()
    assert settings.speak is False


def test_settings_round_trip_keeps_unknown_keys() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"speak": False, "theme": "dark"}))
    saved = update_settings(speak=True)
    assert saved.speak is True
    assert json.loads(path.read_text()) == {"speak": True, "theme": "dark"}
    assert load_settings().speak is True
    # No temporary file is left next to the settings.
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(
    ("text", "words"),
    [("{not json", "could not read"), ("[1, 2]", "JSON object"), ('{"speak": "yes"}', "true")],
)
def test_broken_settings_fall_back_and_say_why(text: str, words: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(text)
    settings = load_settings()
    assert settings.speak is False
    assert settings.problem is not None and words in settings.problem
    save_settings(settings.with_changes(speak=True))
    assert load_settings() == Settings(speak=True, other=settings.other)


def test_importing_speech_and_commands_does_not_load_pyttsx3() -> None:
    code = (
        "import sys, sparring.core.content.loading, sparring.core.scoring.judge, sparring.speech, "
        "sparring.settings, sparring.cli; sparring.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('pyttsx3', 'textual'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
