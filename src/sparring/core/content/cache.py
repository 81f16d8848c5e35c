"""Provides a cache of parsed content files, so an unchanged file is not parsed again.

The cache can never break a load: every entry carries a SHA-256 digest of its path,
size, mtime and payload, and is unpickled only when the digest matches, by an
unpickler that knows only the content classes. Anything that does not check out is
dropped, the file is parsed afresh and the entry is quietly rewritten.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import pickle
import struct
from pathlib import Path
from stat import S_ISREG
from typing import Any

import platformdirs

from sparring import __version__

MAX_ENTRIES = 5000
MAX_CACHE_BYTES = 256 * 1024 * 1024
_MAGIC = b"sparring parse cache 2\n"
# One record: path length, size, mtime in ns, payload length, then the digest of them all.
_HEADER = struct.Struct(">IQqI32s")
_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Changes whenever the code that parses and validates content changes."""
    global _fingerprint
    if _fingerprint is None:
        import hashlib  # here: the start-up snapshot uses this module but never hashes

        digest = hashlib.sha256(__version__.encode())
        here = Path(__file__).resolve().parent
        # Every module of the content package, and the scrubber every string passes through.
        for module in [*sorted(here.rglob("*.py")), here.parent / "text.py"]:
            digest.update(module.relative_to(here.parent).as_posix().encode())
            digest.update(module.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def default_cache_file() -> Path:
    """The cache in the user's cache folder."""
    return Path(platformdirs.user_cache_dir("sparring", appauthor=False)) / "content.pickle"


def _digest(path: bytes, size: int, mtime_ns: int, payload: bytes) -> bytes:
    import hashlib

    digest = hashlib.sha256(struct.pack(">IQqI", len(path), size, mtime_ns, len(payload)))
    digest.update(path)
    digest.update(payload)
    return digest.digest()


def _models_by_module() -> dict[str, set[str]]:
    from sparring.core.content import models  # with the first unpickle, not the picker

    found: dict[str, set[str]] = {}
    for name in models.__all__:
        item = getattr(models, name)
        if isinstance(item, type) and issubclass(item, models.ContentModel):
            found.setdefault(item.__module__, set()).add(item.__name__)
    return found


# What a parsed file is made of; an entry naming anything else is not ours.
_BASE_ALLOWED = {
    "pathlib": {"Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath"},
    "sparring.core.content.parsed": {"ParsedFile"},
    "sparring.core.content.yamlsafe": {"Position"},
    "sparring.core.content.problem": {"Problem"},
}


@functools.cache
def _allowed() -> dict[str, set[str]]:
    """The base entries and the models of every kind of file, by their defining module."""
    return {**_BASE_ALLOWED, **_models_by_module()}


class _ContentUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name not in _allowed().get(module, ()):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsed file")
        return super().find_class(module, name)


def unpickle(payload: bytes) -> object | None:
    """The object in a verified payload, or None if it cannot be read back."""
    try:
        loaded: object = _ContentUnpickler(io.BytesIO(payload)).load()
    except Exception:  # any damage at all means: parse the file again
        return None
    return loaded


class ParseCache:
    """Parsed files by path, valid while size, mtime and the parsing code are unchanged.

    Only files that loaded without a problem are kept, so every problem is found afresh.
    The file lives in the user's own cache folder (mode 0600) and holds what sparring
    itself wrote; an entry that is damaged or from other code is ignored and rewritten.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[int, int, bytes]] = {}
        self.dirty = False
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            data = _read_regular(path)
        except OSError:
            return
        if data is None:  # a FIFO or a device where the cache should be: leave it alone
            return
        head = _MAGIC + code_fingerprint().encode() + b"\n"
        if len(data) > MAX_CACHE_BYTES or not data.startswith(head):
            self.dirty = bool(data)  # from other code, or not a cache: rewrite it
            return
        offset = len(head)
        while offset < len(data):
            record = self._record(data, offset)
            if record is None:  # a damaged length: nothing after it can be trusted
                self.dirty = True
                return
            offset, entry = record
            if entry is None:
                self.dirty = True  # a damaged entry is dropped, and the file rewritten
            else:
                self.entries[entry[0]] = entry[1]

    @staticmethod
    def _record(
        data: bytes, offset: int
    ) -> tuple[int, tuple[str, tuple[int, int, bytes]] | None] | None:
        """The record at `offset` and where the next starts; None where lengths break."""
        if offset + _HEADER.size > len(data):
            return None
        path_len, size, mtime_ns, payload_len, digest = _HEADER.unpack_from(data, offset)
        start = offset + _HEADER.size
        end = start + path_len + payload_len
        if end > len(data):
            return None
        raw_path = data[start : start + path_len]
        payload = data[start + path_len : end]
        if _digest(raw_path, size, mtime_ns, payload) != digest:
            return end, None
        try:
            name = raw_path.decode("utf-8", "surrogateescape")
        except UnicodeDecodeError:  # pragma: no cover - surrogateescape decodes any bytes
            return end, None
        return end, (name, (size, mtime_ns, payload))

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

    def drop(self, file: Path) -> None:
        """Forget an entry that could not be read back."""
        if self.entries.pop(str(file), None) is not None:
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
                stream.write(_MAGIC + code_fingerprint().encode() + b"\n")
                for name, (size, mtime_ns, payload) in self.entries.items():
                    raw_path = name.encode("utf-8", "surrogateescape")
                    digest = _digest(raw_path, size, mtime_ns, payload)
                    header = _HEADER.pack(len(raw_path), size, mtime_ns, len(payload), digest)
                    stream.write(header + raw_path + payload)
            os.replace(temporary, self.path)
            self.dirty = False
        except (OSError, struct.error, UnicodeEncodeError):
            with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
                temporary.unlink(missing_ok=True)


def _read_regular(path: Path) -> bytes | None:
    """Up to just over the size limit of a regular file, without blocking on anything else."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return stream.read(MAX_CACHE_BYTES + 1)


def _private(path: str, flags: int) -> int:
    # Never through a symlink, never blocking on a FIFO someone left at the name.
    extra = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    return os.open(path, flags | extra, 0o600)
