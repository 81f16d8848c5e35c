"""A structure-aware fuzzer for content files: every mutant loads or gets `file:line:col`.

The built-in persona, objection and rule files are mutated (a value's type changed at a
random key path, `kind` and `id` most often; keys deleted and duplicated; control and
bidi characters put in; the bytes cut at a random point; persona and objection files
swapped between folders or kinds; values nested hundreds of levels deep; anchors, tags
and odd patterns) and loaded beside the built-ins. Each mutant must load or give
problems of the form `file:line:col: message`, within 5 seconds, and every built-in
persona must stay listed and usable beside it.

The normal suite runs FUZZ_COUNT=300 mutants with a fixed seed; `make fuzz` runs 5000.
A failure names the seed and the mutant's number, and writes the mutant next to it:
`FUZZ_SEED=<seed> FUZZ_ONLY=<n>` reruns just that one.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sparring.core.content.catalog import Content
from sparring.core.content.loading import BUILTIN, USER, Source, load_sources
from sparring.core.paths import builtin_dirs

SEED = int(os.environ.get("FUZZ_SEED", "20240613"))
COUNT = int(os.environ.get("FUZZ_COUNT", "300"))
ONLY = os.environ.get("FUZZ_ONLY")
TIME_LIMIT = 5.0
BUILTIN_SOURCES = [Source(BUILTIN, d, required=False) for d in builtin_dirs()]
PROBLEM = re.compile(
    r"^(?P<path>.+?):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?P<message>\S.*)$", re.S
)

IN_STREAM = re.compile(r"position \d+ in")  # an offset into the stream, not a line:col
ELSEWHERE = re.compile(r"objections\[\d+\]\.(id|theme): no objection has the (id|theme) ")
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Seedling:
    """One built-in file, as text and as data, and the folder kind it belongs in."""

    name: str
    folder: str  # "scenarios" or "objections"
    text: str
    data: Any


def _seedlings() -> list[Seedling]:
    found = []
    for folder in builtin_dirs():
        for path in sorted(folder.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            kind = "scenarios" if folder.name == "scenarios" else "objections"
            found.append(Seedling(path.name, kind, text, yaml.safe_load(text)))
    return found


# --- mutations ------------------------------------------------------------------------

CONTROLS = ["\x00", "\x07", "\x08", "\x1b", "\x1b[2J", "\x1b]0;owned\x07", "\x7f", "\x85", "\x9b"]
BIDI = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200f", "\ufeff", "\u2028", "\ufffe"]


def _paths(data: Any) -> list[KeyPath]:
    """Every key path in a data tree, down to 40 levels (below that it is all nesting)."""
    found: list[KeyPath] = []
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        found.append(path)
        if len(path) >= 40:
            continue
        if isinstance(value, dict):
            stack += [((*path, key), item) for key, item in reversed(list(value.items()))]
        elif isinstance(value, list):
            stack += [((*path, index), item) for index, item in reversed(list(enumerate(value)))]
    return found


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: KeyPath, value: Any) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


def _deep(rng: random.Random, depth: int) -> Any:
    value: Any = rng.choice(["x", 1, None])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


def _odd_value(rng: random.Random) -> Any:
    """A value of a random type, often not the one the key wants."""
    choices: list[Callable[[], Any]] = [
        lambda: rng.randint(-(10**6), 10**6),
        lambda: 10 ** rng.randint(19, 400),
        lambda: rng.choice([0.5, -1.0, 1e308, float("inf"), float("nan")]),
        lambda: rng.choice([True, False, None]),
        lambda: "",
        lambda: rng.choice(["persona", "objections", "rules", "Persona", "persona "]),
        lambda: rng.choice(["risk-averse", "quality", "quality-will-drop", "vague", "x" * 70]),
        lambda: "".join(rng.choice("abc-_ Z9é😀") for _ in range(rng.randint(1, 12))),
        lambda: "text " + rng.choice(CONTROLS + BIDI) + " more",
        lambda: [],
        lambda: {},
        lambda: [rng.randint(0, 9), "two", None],
        lambda: {"a": 1, "b": [1, 2]},
        lambda: {"id": "x"},
        lambda: [{"id": "nope"}],
        lambda: "x" * rng.choice([300, 301, 4001, 70_000]),
        lambda: rng.choice(["x{4294967295}", "(a+)+", "(a|aa)*", "\\1", "[", "x{2,1}"]),
        lambda: rng.choice(["12:30", "no", "yes", "on", "2024-01-01", "0x1f", "~", "1e3"]),
        lambda: _deep(rng, rng.choice([5, 63, 64, 65, 200, 450, 999])),
    ]
    return rng.choice(choices)()


def _pick_path(rng: random.Random, data: Any) -> KeyPath:
    paths = _paths(data)
    special = [p for p in paths if p and p[-1] in ("kind", "id", "theme", "objections", "rules")]
    if special and rng.random() < 0.5:
        return rng.choice(special)
    return rng.choice(paths)


def _change_type(rng: random.Random, data: Any) -> Any:
    return _set(data, _pick_path(rng, data), _odd_value(rng))


def _delete_key(rng: random.Random, data: Any) -> Any:
    paths = [p for p in _paths(data) if p]
    if not paths:
        return data
    path = rng.choice(paths)
    parent = _get(data, path[:-1])
    del parent[path[-1]]
    return data


def _insert_characters(rng: random.Random, data: Any) -> Any:
    strings = [p for p in _paths(data) if isinstance(_get(data, p), str)]
    if not strings:
        return data
    path = rng.choice(strings)
    value = _get(data, path)
    cut = rng.randint(0, len(value))
    return _set(data, path, value[:cut] + rng.choice(CONTROLS + BIDI) + value[cut:])


def _swap_kind(rng: random.Random, data: Any) -> Any:
    if isinstance(data, dict):
        data["kind"] = rng.choice(["persona", "objections", "rules"])
    return data


def _nest_deep(rng: random.Random, data: Any) -> Any:
    return _set(data, _pick_path(rng, data), _deep(rng, rng.choice([60, 64, 65, 450, 700, 999])))


def _break_reference(rng: random.Random, data: Any) -> Any:
    """Point a reference (an objection, theme, probe move or rule) at something missing."""
    refs = [p for p in _paths(data) if p and p[-1] in ("id", "theme", "move") and len(p) > 1]
    refs += [p for p in _paths(data) if len(p) == 3 and p[:2] == ("rules", "disable")]
    if not refs:
        return data
    return _set(data, rng.choice(refs), rng.choice(["no-such-thing", "quality", "risk-averse"]))


def _odd_pattern(rng: random.Random, data: Any) -> Any:
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not rules or not isinstance(rules[0], dict):
        return _change_type(rng, data)
    pattern = rng.choice(
        [
            "x{4294967295}",
            "x{1,99999999999999999999}",
            "(a+)+$",
            "(a|aa)*",
            "(?P<n>a)(?P=n)",
            "(" * 120 + "a" + ")" * 120,
            "[z-a]",
            "\\N{NOPE}",
            "(?<=a+)b",
            "a{0,4294967294}",
        ]
    )
    rng.choice(rules)["patterns"] = [pattern]
    return data


DATA_MUTATIONS = [
    _change_type,
    _change_type,
    _change_type,
    _delete_key,
    _insert_characters,
    _swap_kind,
    _nest_deep,
    _break_reference,
    _odd_pattern,
]


def _dump(rng: random.Random, data: Any) -> str:
    """YAML for the data; PyYAML's emitter recurses, so deep nesting needs more stack."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        return yaml.safe_dump(
            data,
            allow_unicode=rng.random() < 0.7,
            sort_keys=rng.random() < 0.2,
            default_flow_style=rng.choice([False, None, True]),
            width=rng.choice([80, 10_000]),
        )
    finally:
        sys.setrecursionlimit(limit)


def _duplicate_line(rng: random.Random, text: str) -> str:
    """Duplicate a `key: value` line (or put a new value under the same key)."""
    lines = text.splitlines(keepends=True)
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+:", line)]
    if not keyed:
        return text
    index = rng.choice(keyed)
    line = lines[index].replace("- ", "  ", 1)
    if rng.random() < 0.5:
        line = re.sub(r":.*", ": 42", line.rstrip("\r\n")) + "\n"
    lines.insert(index + 1, line)
    return "".join(lines)


def _insert_raw(rng: random.Random, text: str) -> str:
    cut = rng.randint(0, len(text))
    return text[:cut] + rng.choice(CONTROLS + BIDI) + text[cut:]


def _yaml_oddity(rng: random.Random, text: str) -> str:
    oddities = [
        "extra: &a [1, 2]\nmore: *a\n",
        "<<: {a: 1}\n",
        "tagged: !!python/object/apply:os.system ['true']\n",
        "set: !!set {a, b}\n",
        "binary: !!binary aGVsbG8=\n",
        "---\nkind: persona\n",
        "? [a, b]\n: c\n",
        "\t- tab\n",
        "x: " + "[" * 1200 + "]" * 1200 + "\n",
        "x: " + "- " * 600 + "v\n",
        "".join(" " * i + "k:\n" for i in range(1, 500)),
    ]
    return text + rng.choice(oddities) if rng.random() < 0.6 else rng.choice(oddities) + text


TEXT_MUTATIONS = [_duplicate_line, _insert_raw, _yaml_oddity]


@dataclass
class Mutant:
    number: int
    seed_name: str
    folder: str
    name: str
    raw: bytes
    steps: list[str]


def make_mutant(seedlings: list[Seedling], number: int) -> Mutant:
    """Mutant `number` of the run with SEED; the same number always gives the same mutant."""
    rng = random.Random(f"{SEED}-{number}")
    seed = rng.choice(seedlings)
    steps: list[str] = []
    text = seed.text
    if rng.random() < 0.7:
        data = yaml.safe_load(seed.text)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutation = rng.choice(DATA_MUTATIONS)
            data = mutation(rng, data)
            steps.append(mutation.__name__)
        text = _dump(rng, data)
    for _ in range(rng.choice([0, 0, 1, 2])):
        mutation = rng.choice(TEXT_MUTATIONS)
        text = mutation(rng, text)
        steps.append(mutation.__name__)
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        raw = raw[: rng.randint(0, len(raw))]
        steps.append("truncate")
    if rng.random() < 0.05:
        raw = raw.replace(b"\n", b"\r\n")
        steps.append("crlf")
    folder = seed.folder
    if rng.random() < 0.2:
        folder = "objections" if folder == "scenarios" else "scenarios"
        steps.append("swap_folder")
    if not steps:
        steps.append("unchanged")
    return Mutant(number, seed.name, folder, f"m{number}-{seed.name}", raw, steps)


# --- the check --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seedlings() -> list[Seedling]:
    return _seedlings()


@pytest.fixture(scope="module")
def builtin() -> Content:
    content = load_sources(BUILTIN_SOURCES, cache_file=False)
    assert content.problems == []
    return content


@pytest.fixture(scope="module")
def builtin_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A parse cache holding the built-ins, copied for each mutant (so only it is parsed)."""
    cache = tmp_path_factory.mktemp("fuzz-cache") / "builtin.cache"
    load_sources(BUILTIN_SOURCES, cache_file=cache)
    return cache


def check_mutant(mutant: Mutant, root: Path, builtin: Content, builtin_cache: Path) -> list[str]:
    """What is wrong with how mutant `mutant` was loaded; empty when all is well."""
    user = root / f"m{mutant.number}"
    (user / mutant.folder).mkdir(parents=True)
    (user / mutant.folder / mutant.name).write_bytes(mutant.raw)
    cache = root / f"m{mutant.number}.cache"
    shutil.copyfile(builtin_cache, cache)
    started = time.monotonic()
    try:
        content = load_sources([*BUILTIN_SOURCES, Source(USER, user)], cache_file=cache)
    except BaseException as error:  # any escape at all is the finding
        if isinstance(error, KeyboardInterrupt):
            raise
        return [f"crash: {type(error).__name__}: {error}\n{traceback.format_exc(limit=-6)}"]
    elapsed = time.monotonic() - started
    failures = []
    if elapsed > TIME_LIMIT:
        failures.append(f"took {elapsed:.1f} s (limit {TIME_LIMIT} s)")
    for problem in content.problems:
        shown = str(problem)
        if not PROBLEM.match(shown):
            failures.append(f"not file:line:col: {shown!r}")
        if "Traceback" in shown or "<unicode string>" in shown or IN_STREAM.search(shown):
            failures.append(f"leaks internals: {shown!r}")
        if not problem.path.endswith(mutant.name) and not ELSEWHERE.match(problem.message):
            # Only a valid override (an objection moved to another theme) may leave a
            # built-in persona with a reference to report; nothing else is found elsewhere.
            failures.append(f"problem outside the mutant: {shown!r}")
    if mutant.number % 10 == 0:  # the parse cache must give what a fresh parse gives
        failures += _check_cached(user, cache, content)
    missing = sorted(set(builtin.personas) - set(content.personas))
    if missing:
        failures.append(f"built-in personas gone: {missing}")
    missing = sorted(set(builtin.objections) - set(content.objections))
    if missing:
        failures.append(f"built-in objections gone: {missing}")
    for persona_id in builtin.personas:
        persona = content.personas.get(persona_id)
        if persona is not None and not content.picks(persona):
            failures.append(f"built-in persona {persona_id!r} has nothing to raise")
    return failures


def _check_cached(user: Path, cache: Path, loaded: Content) -> list[str]:
    """A fresh parse, and a load from the cache the first load filled, give the same."""
    sources = [*BUILTIN_SOURCES, Source(USER, user)]
    try:
        fresh = load_sources(sources, cache_file=False)
        cached = load_sources(sources, cache_file=cache)
    except Exception as error:
        return [f"crash on a second load: {type(error).__name__}: {error}"]
    failures = []
    for name, other in (("fresh", fresh), ("cached", cached)):
        if (other.personas, other.objections, other.rules, other.problems) != (
            loaded.personas,
            loaded.objections,
            loaded.rules,
            loaded.problems,
        ):
            failures.append(f"a {name} load differs from the first")
    return failures


def test_every_mutant_loads_or_gets_file_line_col_problems_and_builtins_stay(
    tmp_path: Path, seedlings: list[Seedling], builtin: Content, builtin_cache: Path
) -> None:
    numbers = [int(ONLY)] if ONLY else range(COUNT)
    crashes: list[str] = []
    for number in numbers:
        mutant = make_mutant(seedlings, number)
        failures = check_mutant(mutant, tmp_path, builtin, builtin_cache)
        if failures:
            kept = tmp_path / f"failing-{number}-{mutant.name}"
            kept.write_bytes(mutant.raw)
            crashes.append(
                f"mutant {number} of seed {SEED} ({mutant.seed_name} in {mutant.folder}/, "
                f"{', '.join(mutant.steps)}; kept at {kept}; rerun with FUZZ_SEED={SEED} "
                f"FUZZ_ONLY={number}):\n  " + "\n  ".join(failures)
            )
    print(f"content fuzz: {len(numbers)} mutants tried with seed {SEED}, {len(crashes)} failed")
    assert not crashes, f"{len(crashes)} of {len(numbers)} mutants failed:\n" + "\n".join(
        crashes[:10]
    )


def test_mutants_are_deterministic_and_varied(seedlings: list[Seedling]) -> None:
    """The same seed and number give the same bytes; the steps cover every mutation."""
    first = [make_mutant(seedlings, n) for n in range(200)]
    again = [make_mutant(seedlings, n) for n in range(200)]
    assert [m.raw for m in first] == [m.raw for m in again]
    steps = {step for m in first for step in m.steps}
    wanted = {f.__name__ for f in DATA_MUTATIONS + TEXT_MUTATIONS} | {"truncate", "swap_folder"}
    assert wanted <= steps, wanted - steps
    assert len({m.raw for m in first}) > 150
