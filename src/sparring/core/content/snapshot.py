"""Provides the start-up snapshot: the picker's cards and the problems, without parsing a file.

Loading the content takes YAML, pydantic and the parse cache: most of what start-up
cost. The first screen needs only each persona's card and the problems, so a load for the
practice room also writes those to a small JSON file (`picker.json` beside the parse
cache) with what they were made from: the version and the content modules, the working
folder (paths are shown relative to it), each source folder and what it is, the size and
mtime of every content file, and where every `briefing_file` a persona names leads.

When all of that is unchanged, `load_for_picker` gives a `DeferredContent`: its cards and
problems come from the snapshot, and the models load the first time anything else is
read (the judge's worker reads it once the picker is painted; a session started first
waits for it). Anything changed, missing or unreadable means an ordinary load, which
writes the snapshot again. Like the parse cache, a file is taken as unchanged while its
size and mtime are; the snapshot is never trusted as code (it is JSON) and its text is
scrubbed again before it is shown. Nothing here imports pydantic or YAML.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sparring import __version__
from sparring.core.content.cache import _private, _read_regular, default_cache_file
from sparring.core.content.catalog import Card, Content
from sparring.core.content.problem import Problem
from sparring.core.content.sources import Source, content_files, default_sources
from sparring.core.text import printable

FORMAT = 1
FILENAME = "picker.json"
# (folder, file, reference): a persona's briefing_file, as the load reads it.
Briefing = tuple[str, str, str]


def default_snapshot_file() -> Path:
    """The snapshot, next to the parse cache in the user's cache folder."""
    return default_cache_file().with_name(FILENAME)


@dataclass(frozen=True)
class Snapshot:
    """What the picker shows of one load, and what that load was made from."""

    key: dict[str, Any]
    cards: tuple[Card, ...]
    problems: tuple[Problem, ...]


class DeferredContent(Content):
    """Content whose models load on first use; until then the snapshot answers the picker.

    The problems and the cards are known at once. Any other field (personas, objections,
    rules, origins, ...) is loaded the first time it is read, by whichever thread asks
    first; the others wait for it. After that it is plain Content.
    """

    DEFERRED = (
        "personas", "objections", "rules", "strengths", "flag_kinds", "origins", "replaced",
        "theme_titles", "checked",
    )  # fmt: skip
    _snapshot_cards: tuple[Card, ...]
    _load: Callable[[], Content]
    _lock: threading.Lock

    @classmethod
    def of(cls, snapshot: Snapshot, load: Callable[[], Content]) -> DeferredContent:
        """Content that paints from `snapshot` and loads with `load` when first needed."""
        content = cls.__new__(cls)  # no fields yet: reading one loads them all
        content.problems = list(snapshot.problems)
        content._snapshot_cards = snapshot.cards
        content._load = load
        content._lock = threading.Lock()
        return content

    def __getattr__(self, name: str) -> Any:
        # Only called for an attribute not set: a deferred field, before the load.
        if name in self.DEFERRED and "_load" in vars(self):
            self.load_now()
            return vars(self)[name]
        raise AttributeError(name)

    @property
    def loaded(self) -> bool:
        """Whether the models are here."""
        return "personas" in vars(self)

    def load_now(self) -> None:
        """Load the models now, unless they are loaded (or being loaded: then wait)."""
        with self._lock:
            if self.loaded:
                return
            full = self._load()
            self.problems = full.problems
            vars(self).update({name: getattr(full, name) for name in self.DEFERRED})

    def cards(self) -> list[Card]:
        """The snapshot's cards until the models are loaded, then the models' own."""
        if not self.loaded:
            return list(self._snapshot_cards)
        return super().cards()


def load_for_picker(
    extra_dirs: Sequence[Path] = (),
    *,
    user_dir: Path | None = None,
    builtin: bool = True,
    snapshot_file: Path | bool | None = True,
) -> Content:
    """The content as `load_content` gives it, deferred while the snapshot still holds.

    `snapshot_file=False` turns the snapshot off; True means the user's cache folder.
    """
    sources = default_sources(extra_dirs, user_dir=user_dir, builtin=builtin)
    path = default_snapshot_file() if snapshot_file is True else snapshot_file or None
    if path is not None:
        snapshot = read_snapshot(path)
        if snapshot is not None and snapshot.key == _key(sources, snapshot.key["briefings"]):
            return DeferredContent.of(snapshot, lambda: _load(sources))
    files = _files(sources)  # before parsing: a file changed meanwhile is seen next time
    from sparring.core.content.loading import assemble, parse_sources

    parsed, missing, checked = parse_sources(sources)
    briefings = [
        (str(source.folder), str(file.path), persona.briefing_file)
        for source, file in parsed
        for persona, _ in file.personas
        if persona.briefing_file is not None
    ]
    key = _key(sources, briefings, files)  # before the briefings are read, for the same reason
    content = assemble(parsed, missing, checked)
    if path is not None:
        write_snapshot(path, Snapshot(key, tuple(content.cards()), tuple(content.problems)))
    return content


def _load(sources: list[Source]) -> Content:
    from sparring.core.content.loading import load_sources

    return load_sources(sources)


def _key(
    sources: list[Source], briefings: Sequence[Any], files: list[Any] | None = None
) -> dict[str, Any]:
    """Everything the load's result depends on, as JSON would give it back."""
    return {
        "format": FORMAT,
        "code": _code(),
        "cwd": os.getcwd(),
        "sources": _files(sources) if files is None else files,
        "briefings": [[*entry[:3], _briefing_state(*entry[:3])] for entry in briefings],
    }


def _code() -> list[Any]:
    """The version, and the size and mtime of each module code_fingerprint would hash.

    Stat, not hash: reading and hashing the code costs more than the rest of the check.
    """
    here = Path(__file__).resolve().parent
    modules = [*sorted(here.glob("*.py")), here.parent / "text.py"]
    return [__version__, [[module.name, *_stat(module)] for module in modules]]


def _files(sources: list[Source]) -> list[Any]:
    """Each source with what its folder is and each content file's size and mtime."""
    out: list[Any] = []
    for source in sources:
        folder = source.folder
        kind = "file" if folder.is_file() else "folder" if folder.is_dir() else "none"
        found = [[str(path), *_stat(path)] for path in content_files(source, [])]
        out.append([source.label, str(folder), source.required, kind, found])
    return out


def _stat(path: Path | str) -> list[Any]:
    try:
        stat = os.stat(path)
    except (OSError, ValueError) as error:
        return [type(error).__name__, getattr(error, "errno", None)]
    return [stat.st_size, stat.st_mtime_ns, stat.st_mode]


def _briefing_state(folder: str, file: str, reference: str) -> list[Any]:
    """Where a briefing_file leads (as briefing.read_briefing resolves it) and its stat."""
    try:
        root = Path(folder)
        base = (root if root.is_dir() else root.parent).resolve()
        target = (Path(file).parent / reference).resolve()
    except (OSError, RuntimeError, ValueError) as error:
        return [type(error).__name__]
    return [str(base), str(target), *_stat(target)]


def read_snapshot(path: Path) -> Snapshot | None:
    """The snapshot in `path`, or None if there is none or it is not one this code wrote."""
    try:
        raw = _read_regular(path)
        if raw is None:
            return None
        data = json.loads(raw)
        key, cards, problems = data["key"], data["cards"], data["problems"]
        if not isinstance(key, dict) or key.get("format") != FORMAT:
            return None
        briefings = key.get("briefings")
        if not isinstance(briefings, list):
            return None
        for entry in briefings:
            if not (isinstance(entry, list) and len(entry) == 4):
                return None
            if not all(isinstance(part, str) for part in entry[:3]):
                return None
        return Snapshot(key, tuple(map(_card, cards)), tuple(map(_problem, problems)))
    except Exception:  # missing, damaged or foreign: an ordinary load writes it again
        return None


def _card(row: Any) -> Card:
    id_, name, role, difficulty, briefing, rounds, objections, themes, origin, replaces = row
    if not isinstance(themes, list):
        raise TypeError("card themes")
    texts = [id_, name, role, difficulty, briefing, replaces, *themes]
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("card text")
    if type(rounds) is not int or type(objections) is not int:
        raise TypeError("card counts")
    if origin is not None and not isinstance(origin, str):
        raise TypeError("card origin")
    # Text the load wrote is printable already; anything else is shown, never obeyed.
    return Card(
        printable(id_),
        printable(name),
        printable(role),
        printable(difficulty),
        printable(briefing),
        rounds,
        objections,
        tuple(printable(theme) for theme in themes),
        None if origin is None else printable(origin),
        printable(replaces),
    )


def _problem(row: Any) -> Problem:
    path, line, col, message = row
    if not (isinstance(path, str) and isinstance(message, str)):
        raise TypeError("problem text")
    if type(line) is not int or type(col) is not int:
        raise TypeError("problem place")
    return Problem(printable(path), line, col, printable(message))


def write_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot atomically (0600, never through a symlink); never fails the load."""
    data = {
        "key": snapshot.key,
        "cards": [
            [
                card.id,
                card.name,
                card.role,
                card.difficulty,
                card.briefing,
                card.rounds,
                card.objections,
                list(card.themes),
                card.origin,
                card.replaces,
            ]
            for card in snapshot.cards
        ],
        "problems": [[p.path, p.line, p.col, p.message] for p in snapshot.problems],
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        text = json.dumps(data, ensure_ascii=True, allow_nan=False)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(temporary, "w", encoding="ascii", opener=_private) as stream:
            stream.write(text)
        os.replace(temporary, path)
    except (OSError, ValueError, TypeError):
        with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
            temporary.unlink(missing_ok=True)
