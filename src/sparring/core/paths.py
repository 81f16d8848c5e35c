"""Provides where content and user data live: the built-in folders and the user's folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "sparring"
_PACKAGE = Path(__file__).resolve().parent.parent


def builtin_dirs() -> list[Path]:
    """The built-in content folders: inside the installed wheel, or the repo checkout."""
    shipped = _PACKAGE / "_content"
    if shipped.is_dir():
        return [shipped / "scenarios", shipped / "objections"]
    repo = _PACKAGE.parent.parent
    return [repo / "scenarios", repo / "objections"]


def user_data_dir() -> Path:
    """The user's data folder (on Linux, $XDG_DATA_HOME/sparring or ~/.local/share/sparring)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_content_dir() -> Path:
    """Where the user's own personas and objections live."""
    return user_data_dir() / "managers"


def user_config_dir() -> Path:
    """Where settings that outlive a run are kept."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
