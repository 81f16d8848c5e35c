"""Provides a cache of parsed content files, so an unchanged file is not parsed again."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import platformdirs

from sparring import __version__

MAX_ENTRIES = 5000
_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Changes whenever the code that parses and validates content changes."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256(__version__.encode())
        here = Path(__file__).resolve().parent
        # Every module of the content package, and the scrubber every string passes through.
        for module in [*sorted(here.glob("*.py")), here.parent / "text.py"]:
            digest.update(module.name.encode())
            digest.update(module.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def default_cache_file() -> Path:
    """The cache in the user's cache folder."""
    return Path(platformdirs.user_cache_dir("sparring", appauthor=False)) / "content.pickle"


class ParseCache:
    """Parsed files by path, valid while size, mtime and the parsing code are unchanged.

    Only files that loaded without a problem are kept, so every problem is found afresh.
    The file lives in the user's own cache folder (mode 0600) and holds what sparring
    itself wrote; if it is unreadable or from other code it is ignored and rewritten.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[int, int, bytes]] = {}
        self.dirty = False
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            with path.open("rb") as stream:
                stored = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return
        if isinstance(stored, dict) and stored.get("fingerprint") == code_fingerprint():
            entries = stored.get("entries")
            if isinstance(entries, dict):
                self.entries = entries

    def get(self, file: Path, stat: os.stat_result) -> bytes | None:
        """The stored bytes for `file` if it has not changed."""
        entry = self.entries.get(str(file))
        if entry is None or entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
            return None
        return entry[2]

    def put(self, file: Path, stat: os.stat_result, payload: bytes) -> None:
        """Remember a cleanly parsed file."""
        self.entries[str(file)] = (stat.st_size, stat.st_mtime_ns, payload)
        self.dirty = True

    def save(self) -> None:
        """Write the cache atomically, if anything changed; never fails the load."""
        if self.path is None or not self.dirty:
            return
        if len(self.entries) > MAX_ENTRIES:
            keep = list(self.entries.items())[-MAX_ENTRIES:]
            self.entries = dict(keep)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(temporary, "wb", opener=_private) as stream:
                pickle.dump(
                    {"fingerprint": code_fingerprint(), "entries": self.entries},
                    stream,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            temporary.unlink(missing_ok=True)  # a read-only cache folder only costs speed


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)
