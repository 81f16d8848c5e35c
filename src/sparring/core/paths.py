"""Provides where content and user data live, and where exports go: the user's folders."""

from __future__ import annotations

import os
import re
import stat
import sys
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


def user_export_dir() -> Path:
    """Where the app writes an export: the user's documents folder, else the data folder's.

    The documents folder is used only if it exists; otherwise `exports` in the data folder
    (which the caller makes). Nothing here runs a program: it is read from the environment
    and a small file, fast enough to call on a key press.
    """
    return user_documents_dir() or user_data_dir() / "exports"


def user_documents_dir() -> Path | None:
    """The user's documents folder if it exists, or None.

    $XDG_DOCUMENTS_DIR first, then XDG_DOCUMENTS_DIR in $XDG_CONFIG_HOME/user-dirs.dirs (the
    file `xdg-user-dir DOCUMENTS` reads), then ~/Documents; on Windows, the Documents known
    folder. A folder set to the home folder itself means "none" (xdg-user-dirs' own rule).
    """
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no $HOME and no password entry
        return None
    candidates: list[Path | None] = [
        _xdg_path(os.environ.get("XDG_DOCUMENTS_DIR", ""), home),
        _user_dirs_entry("XDG_DOCUMENTS_DIR", home),
    ]
    if sys.platform == "win32":  # pragma: no cover - the CI runs on Linux
        candidates.append(Path(platformdirs.user_documents_dir()))
    candidates.append(home / "Documents")
    for candidate in candidates:
        if candidate is not None and candidate != home and candidate.is_dir():
            return candidate
    return None


_USER_DIRS_MAX = 64 * 1024


def _user_dirs_entry(key: str, home: Path) -> Path | None:
    """One folder from user-dirs.dirs (`KEY="$HOME/Folder"` lines), or None.

    The file is opened without blocking and read only if it is a regular file, so a FIFO
    or a device in its place cannot hang the caller; a missing or unreadable file is None.
    """
    config = os.environ.get("XDG_CONFIG_HOME", "")
    folder = Path(config) if os.path.isabs(config) else home / ".config"
    try:
        fd = os.open(folder / "user-dirs.dirs", os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, _USER_DIRS_MAX)
    except OSError:
        return None
    finally:
        os.close(fd)
    found: Path | None = None
    for line in os.fsdecode(data).splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and name.strip() == key:
            found = _xdg_path(_unquote(value.strip()), home)  # like the shell: the last wins
    return found


def _unquote(value: str) -> str:
    """A shell-style "double-quoted" value without its quotes and backslash escapes."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return re.sub(r"\\(.)", r"\1", value)


def _xdg_path(value: str, home: Path) -> Path | None:
    """`$HOME/Folder` or an absolute path as a Path; anything else (relative, empty) is None."""
    for prefix in ("${HOME}", "$HOME"):
        if value == prefix or value.startswith(prefix + "/"):
            return home / value[len(prefix) :].lstrip("/")
    return Path(value) if value and os.path.isabs(value) else None
