"""Long text never crashes espeak-ng, and a synthesiser that crashes is a failure, not silence."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from sparring.speech.chunks import MAX_CHUNK_BYTES, speakable_chunks

ROOT = Path(__file__).resolve().parent.parent
# espeak-ng 1.51 crashed on one call of about 20,800 UTF-8 bytes.
CRASH_BYTES = 20_800


def cjk(count: int) -> str:
    rng = random.Random(1)
    return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(count))


def run(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    paths = [str(ROOT / "src"), env.get("PYTHONPATH", "")]
    if pythonpath is not None:
        paths.insert(0, str(pythonpath))
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return subprocess.run(
        [sys.executable, "-m", "sparring", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


@pytest.mark.parametrize(
    "text",
    [
        cjk(8000),  # no spaces, no sentence ends
        ("this is a sentence without an end " * 800)[:25_000],
        "Short one. " * 3000,
        "。".join(cjk(40) for _ in range(300)),
    ],
)
def test_long_text_is_cut_into_pieces_well_under_the_crash_size(text: str) -> None:
    chunks = speakable_chunks(text)
    assert len(chunks) > 1
    assert all(0 < len(c.encode()) <= MAX_CHUNK_BYTES < CRASH_BYTES // 4 for c in chunks)
    assert "".join(chunks).replace(" ", "") == text.replace(" ", "")  # nothing lost


def test_short_text_and_whole_sentences_stay_whole() -> None:
    assert speakable_chunks("  Hello there. How are you?  ") == ["Hello there. How are you?"]
    sentence = "This sentence is kept whole. "
    chunks = speakable_chunks(sentence * 200)
    assert all(c.endswith(".") for c in chunks)


@pytest.mark.needs_speech
@pytest.mark.parametrize(
    "text", [cjk(7200), ("this is a sentence without an end " * 800)[:25_000]], ids=["cjk", "ascii"]
)
def test_say_writes_very_long_text_without_espeak_crashing(tmp_path: Path, text: str) -> None:
    out = tmp_path / "long.wav"
    done = run("say", text, "--out", str(out))
    assert done.returncode == 0, done.stderr
    with wave.open(str(out), "rb") as wav:
        assert wav.getnframes() / wav.getframerate() > 60  # all of it, not a first piece


def test_a_crashing_synthesiser_is_reported_as_a_failure(tmp_path: Path) -> None:
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "pyttsx3.py").write_text(
        """import os, signal


class _Voice:
    id = "fake"
    name = "Fake"
    languages = ["en"]


class _Engine:
    def connect(self, name, callback):
        pass

    def getProperty(self, name):
        return [_Voice()] if name == "voices" else "fake"

    def setProperty(self, name, value):
        pass

    def save_to_file(self, text, path):
        pass

    def runAndWait(self):
        os.kill(os.getpid(), signal.SIGSEGV)  # what espeak-ng does on too much text


def init():
    return _Engine()
"""
    )
    out = tmp_path / "x.wav"
    done = run("say", "Hello there.", "--out", str(out), pythonpath=fake)
    assert done.returncode == 1
    assert "the speech engine crashed (SIGSEGV) on this text" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    played = run("say", "Hello there.", "--player", "true", pythonpath=fake)
    assert played.returncode == 1
    assert "the speech engine crashed (SIGSEGV)" in played.stderr
