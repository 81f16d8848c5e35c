"""Provides the settings remembered between runs, kept as JSON in the user's config folder."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sparring.core.paths import user_config_dir

FILE_NAME = "settings.json"


@dataclass(frozen=True)
class Settings:
    """What the user chose last time. Keys this version does not know are kept as they are."""

    speak: bool = False
    """Speak the manager's lines aloud."""
    other: dict[str, Any] = field(default_factory=dict)
    """Keys written by other versions, kept so saving does not lose them."""
    problem: str | None = None
    """Why the file could not be read, if it could not (the defaults are used then)."""

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return replace(self, problem=None, **changes)


def settings_path() -> Path:
    """Where the settings file lives (on Linux, $XDG_CONFIG_HOME/sparring/settings.json)."""
    return user_config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; a missing file gives the defaults, a broken one says why."""
    where = path or settings_path()
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return Settings(problem=f"{where}: could not read settings ({error}); using defaults")
    if not isinstance(data, dict):
        return Settings(problem=f"{where}: expected a JSON object; using defaults")
    speak = data.pop("speak", False)
    if not isinstance(speak, bool):
        return Settings(
            other=data, problem=f"{where}: 'speak' should be true or false; using false"
        )
    return Settings(speak=speak, other=data)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically: a crash mid-write never leaves a broken file."""
    where = path or settings_path()
    where.parent.mkdir(parents=True, exist_ok=True)
    data = {**settings.other, "speak": settings.speak}
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    handle, temp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=where.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, where)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def update_settings(path: Path | None = None, **changes: Any) -> Settings:
    """Load, change and save in one step; returns what was saved."""
    settings = load_settings(path).with_changes(**changes)
    save_settings(settings, path)
    return settings
