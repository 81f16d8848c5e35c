"""Tests of `sparring say`, `sparring doctor` and the voice check of `sparring validate`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparring.cli import main

ROOT = Path(__file__).resolve().parent.parent
PERSONA = (ROOT / "scenarios" / "risk-averse.yaml").read_text(encoding="utf-8")


needs_engine = pytest.mark.needs_speech


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _sparring(*args: str, fake_pyttsx3: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh process, optionally with a pyttsx3 that fails to import."""
    env = dict(os.environ)
    paths = [str(ROOT / "src"), env.get("PYTHONPATH", "")]
    if fake_pyttsx3 is not None:
        paths.insert(0, str(fake_pyttsx3))
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return subprocess.run(
        [sys.executable, "-m", "sparring", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def no_espeak(tmp_path: Path) -> Path:
    """A pyttsx3 that fails the way the real one does on a machine without espeak-ng."""
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "pyttsx3.py").write_text(
        "raise RuntimeError('This means you probably do not have eSpeak or eSpeak-ng installed!')\n"
    )
    return folder


def test_say_without_engine_exits_1_and_says_what_is_missing(
    tmp_path: Path, no_espeak: Path
) -> None:
    out = tmp_path / "x.wav"
    done = _sparring("say", "Hello there", "--out", str(out), fake_pyttsx3=no_espeak)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "speech does not work here" in done.stderr
    assert "espeak-ng" in done.stderr and "sparring doctor" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


@needs_engine
def test_say_with_failing_player_exits_1_quietly() -> None:
    noisy = "sh -c 'echo ALSA lib: cannot find card 0 >&2; exit 1' player {wav}"
    done = _sparring("say", "Hello there", "--player", noisy)
    assert done.returncode == 1
    assert done.stdout == ""
    # The player's complaint is summed up in our message; no raw engine or player output.
    assert done.stderr.splitlines()[0] == (
        "sparring say: speech does not work here: the audio player failed "
        "(sh: ALSA lib: cannot find card 0)"
    )


@needs_engine
def test_say_plays_through_the_player(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    done = _sparring(
        "say", "Hello there", "--persona", "risk-averse", "--player", f"cp {{wav}} {kept}"
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert len(list(kept.iterdir())) == 1


def test_say_rejects_unknown_persona_and_bad_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["say", "Hi", "--persona", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "no persona 'nobody' (known: " in err and "risk-averse" in err
    assert main(["say", "Hi", "--out", "line.mp3"]) == 2
    assert "should end in .wav" in capsys.readouterr().err
    assert main(["say", "   "]) == 2
    assert "nothing to say" in capsys.readouterr().err


@needs_engine
def test_doctor_passes_with_a_working_player() -> None:
    done = _sparring("doctor", "--player", "true")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    for name in ("pyttsx3 package", "speech engine", "voices", "synthesis", "audio player"):
        assert any(line.split()[:1] == ["ok"] and name in line for line in lines), name
    assert "Speech works." in done.stdout


@needs_engine
def test_doctor_fails_on_playback_and_gives_fixes() -> None:
    done = _sparring("doctor", "--player", "sh -c 'echo no device >&2; exit 1' p {wav}")
    assert done.returncode == 1
    playback = next(line for line in done.stdout.splitlines() if "playback" in line)
    assert playback.split()[0] == "FAILED" and "no device" in playback
    assert "fix: " in done.stdout
    # Everything is installed: the per-platform install notes would only mislead.
    for platform in ("Linux:", "macOS:", "Windows:"):
        assert platform not in done.stdout
    assert "apt install" not in done.stdout


def test_doctor_without_engine_skips_the_rest(no_espeak: Path) -> None:
    done = _sparring("doctor", fake_pyttsx3=no_espeak)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(line.split()[:1] == ["FAILED"] and "pyttsx3 package" in line for line in lines)
    assert sum(line.split()[:1] == ["skipped"] for line in lines) == 5
    assert "espeak-ng" in done.stdout
    for platform in ("Linux:", "macOS:", "Windows:"):  # something to install: how, everywhere
        assert platform in done.stdout
    assert "apt install espeak-ng" in done.stdout and "pacman" in done.stdout


def _persona(folder: Path, voice_lines: str) -> Path:
    path = folder / "custom.yaml"
    text = PERSONA.replace("id: risk-averse", "id: custom-voice")
    text = text.replace("voice:\n  rate: 165\n  language: en-us\n", "voice:\n" + voice_lines)
    assert voice_lines in text
    path.write_text(text, encoding="utf-8")
    return path


@needs_engine
def test_validate_reports_an_unknown_voice_at_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _persona(tmp_path, "  rate: 150\n  voice: gmw/en-GB-x-rpp\n  language: zz-top\n")
    lines = path.read_text().splitlines()
    voice_line = next(i for i, line in enumerate(lines, 1) if "gmw/en-GB-x-rpp" in line)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        f"custom.yaml:{voice_line}:10: voice.voice: no voice 'gmw/en-GB-x-rpp' on this "
        "machine; did you mean 'gmw/en-gb-x-rp' or 'gmw/en-gb-x-gbcwmd' or "
        "'gmw/en-gb-x-gbclan'? (`sparring doctor --voices` lists them)"
    )
    assert f"custom.yaml:{voice_line + 1}:13: voice.language: no voice speaks 'zz-top'" in out[1]


@needs_engine
def test_validate_accepts_known_voices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _persona(tmp_path, "  voice: gmw/en-GB-x-rp\n  language: en-gb\n")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().err.startswith("ok: ")


def test_validate_without_engine_notes_voices_unchecked(tmp_path: Path, no_espeak: Path) -> None:
    path = _persona(tmp_path, "  voice: anything-at-all\n")
    done = _sparring("validate", str(path), fake_pyttsx3=no_espeak)
    assert done.returncode == 0
    assert "note: persona voices not checked" in done.stderr
