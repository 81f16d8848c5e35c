"""Tests for where exports go by default: the documents folder, else the data folder's."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from sparring.core.paths import user_data_dir, user_documents_dir, user_export_dir


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / ".local" / "share"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return folder


def user_dirs(home: Path, text: str) -> None:
    config = home / ".config"
    config.mkdir(exist_ok=True)
    (config / "user-dirs.dirs").write_text(text, encoding="utf-8")


def test_without_a_documents_folder_exports_go_to_the_data_folder(home: Path) -> None:
    assert user_documents_dir() is None
    assert user_export_dir() == user_data_dir() / "exports"
    assert user_export_dir() == home / ".local" / "share" / "sparring" / "exports"


def test_home_documents_is_used_when_it_exists(home: Path) -> None:
    (home / "Documents").mkdir()
    assert user_export_dir() == home / "Documents"


def test_user_dirs_file_names_the_documents_folder_as_xdg_user_dir_reads_it(home: Path) -> None:
    (home / "Documents").mkdir()
    (home / "My Papers").mkdir()
    user_dirs(
        home,
        "# written by xdg-user-dirs-update\n"
        'XDG_DESKTOP_DIR="$HOME/Desktop"\n'
        'XDG_DOCUMENTS_DIR="$HOME/Old"\n'
        'XDG_DOCUMENTS_DIR="$HOME/My Papers"\n',  # like the shell: the last one counts
    )
    assert user_export_dir() == home / "My Papers"


def test_the_environment_variable_comes_first(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = home / "papers"
    papers.mkdir()
    (home / "Documents").mkdir()
    user_dirs(home, 'XDG_DOCUMENTS_DIR="$HOME/Documents"\n')
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(papers))
    assert user_export_dir() == papers


@pytest.mark.parametrize(
    "line",
    [
        'XDG_DOCUMENTS_DIR="$HOME"',  # xdg-user-dirs: set to home means none
        'XDG_DOCUMENTS_DIR="relative/Documents"',  # neither $HOME/... nor absolute
        'XDG_DOCUMENTS_DIR="$HOME/missing"',  # not there: never made by sparring
        "XDG_DOCUMENTS_DIR",
        "\udcff not text",
    ],
)
def test_an_unusable_user_dirs_entry_falls_back(home: Path, line: str) -> None:
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_bytes(os.fsencode(line + "\n"))
    assert user_export_dir() == user_data_dir() / "exports"
    (home / "Documents").mkdir()
    assert user_export_dir() == home / "Documents"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_user_dirs_does_not_block(home: Path) -> None:
    (home / ".config").mkdir()
    os.mkfifo(home / ".config" / "user-dirs.dirs")
    found: list[Path] = []
    reader = threading.Thread(target=lambda: found.append(user_export_dir()), daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert found == [user_data_dir() / "exports"]
