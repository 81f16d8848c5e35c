"""`sparring doctor` names the cause it found, not what to install when it is installed;
"History is off" names the data folder that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sparring.core.history.store import Store, StoreError
from sparring.core.scoring.score import Turn
from sparring.practice import GuardedRecorder, history_trouble

ROOT = Path(__file__).resolve().parent.parent


def fake_aplay(folder: Path, cards: str) -> Path:
    """An aplay that lists `cards` for `-l` and fails to open a device to play."""
    folder.mkdir()
    aplay = folder / "aplay"
    aplay.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-l" ]; then\n'
        f"  printf '{cards}'\n"
        "  [ -z '{cards}' ] && echo 'aplay: device_list:274: no soundcards found...' >&2\n"
        "  exit 0\n"
        "fi\n"
        "echo 'aplay: main:831: audio open error: No such file or directory' >&2\n"
        "exit 1\n"
    )
    aplay.chmod(0o755)
    return folder


def doctor(tmp_path: Path, path_first: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env["PATH"] = f"{path_first}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return subprocess.run(
        [sys.executable, "-m", "sparring", "doctor"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.needs_speech
@pytest.mark.skipif(sys.platform != "linux", reason="aplay is the Linux player")
def test_doctor_names_no_sound_device_when_espeak_and_aplay_are_installed(
    tmp_path: Path,
) -> None:
    done = doctor(tmp_path, fake_aplay(tmp_path / "bin", ""))
    assert done.returncode == 1  # it could not play
    playback = next(line for line in done.stdout.splitlines() if "playback" in line)
    assert playback.split()[0] == "FAILED"
    assert playback.endswith(
        "espeak-ng is installed, alsa-utils (aplay) is installed, but there is no sound "
        "device: aplay -l lists none"
    )
    assert "install alsa-utils" not in done.stdout
    assert "install espeak-ng" not in done.stdout
    assert "connect or turn on a sound device" in done.stdout
    assert "(playback failed)" in done.stdout


@pytest.mark.needs_speech
@pytest.mark.skipif(sys.platform != "linux", reason="aplay is the Linux player")
def test_doctor_with_a_sound_card_listed_gives_the_players_own_words(tmp_path: Path) -> None:
    cards = "card 0: PCH [HDA Intel PCH], device 0: ALC3246 Analog\\n"
    done = doctor(tmp_path, fake_aplay(tmp_path / "bin", cards))
    assert done.returncode == 1
    assert "audio open error: No such file or directory" in done.stdout
    assert "no sound device" not in done.stdout
    assert "install alsa-utils" not in done.stdout


def test_history_off_names_the_read_only_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "sparring"
    folder.mkdir(parents=True)
    store = Store.open(folder / "history.sqlite3")
    messages: list[str] = []
    recorder = GuardedRecorder(store, messages.append)
    session = recorder.start_session("tess-tester", "Tess Tester", 1)
    store.close()  # writes now fail as they do once the folder turned read-only
    # The folder as the OS then reports it (root is never refused by mode bits, so the
    # answer is given here rather than made with chmod).
    real_access = os.access
    monkeypatch.setattr(
        "sparring.practice.os.access",
        lambda p, mode: False if Path(p) == folder else real_access(p, mode),
    )
    recorder.record_turn(session, _turn())
    assert len(messages) == 1
    assert messages[0].startswith(
        f"History is off until sparring restarts (the data folder {folder} is read-only"
    )
    assert "set XDG_DATA_HOME to another folder" in messages[0]


def test_history_trouble_leaves_other_errors_as_they_are(tmp_path: Path) -> None:
    error = StoreError("could not save to x: disk I/O error")
    assert history_trouble(error, tmp_path / "history.sqlite3") == str(error)


def _turn() -> Turn:
    from sparring.core.scoring.score import Score

    score = Score(50, "fair", "test-objection", "a reply", (), (), ())
    return Turn(
        index=0,
        at=0.0,
        objection_id="test-objection",
        theme="testing",
        probe=0,
        hinted=False,
        manager_line="Why?",
        reply="a reply",
        score=score,
    )
