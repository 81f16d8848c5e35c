"""Provides safe YAML reading that keeps the line and column of every key and value."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sparring.core.text import controls, is_clean, printable

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000
# Content files need four or five levels; far deeper nesting would exhaust the recursion
# of the builder, of pydantic and, with the pure-Python loader, of PyYAML itself.
MAX_DEPTH = 64

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = SafeConstructor()


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    col: int


@dataclass
class YamlDoc:
    """A parsed file: its data, and where each value and key stands."""

    data: Any
    values: dict[KeyPath, Node] = field(default_factory=dict)
    keys: dict[KeyPath, Node] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)

    def position(self, path: KeyPath, *, key: bool = False) -> Position:
        """Where `path` stands, or its nearest parent that does."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return _pos(table[probe])
            if not key and probe in self.keys:
                return _pos(self.keys[probe])
            probe = probe[:-1]
        root = self.values.get(())
        return _pos(root) if root is not None else Position(1, 1)


class YamlError(Exception):
    """A problem that stops a file from being read, with where it is."""

    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


@dataclass
class _Builder:
    """Turns a composed node tree into plain data, refusing what content files never need."""

    doc: YamlDoc
    text: str
    duplicates: list[YamlError] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def build(self, node: Node, path: KeyPath) -> Any:
        if id(node) in self.seen:
            raise self._alias_error()
        self.seen.add(id(node))
        self.doc.values[path] = node
        if isinstance(node, ScalarNode):
            tag = node.tag
            if tag == _STR:
                return self._text(node, path)
            if tag not in _SCALAR_TAGS:
                raise YamlError(_pos(node), _tag_message(tag))
            if not node.style:  # plain (unquoted): None in PyYAML, "" in libyaml
                self.doc.raw[path] = node.value
            return _constructor.yaml_constructors[tag](_constructor, node)
        if len(self.seen) > MAX_NODES:
            raise YamlError(_pos(node), f"file has more than {MAX_NODES} values; split it up")
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        self._check_tag(node, _TAG + "seq")
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _text(self, node: ScalarNode, path: KeyPath) -> str:
        """A string as shown: every control or bidi character becomes a visible escape.

        This is where all text from a content file enters, so no field can reach a
        terminal, a screen or an export raw; each such character is also reported.
        """
        value = str(node.value)
        if is_clean(value):
            return value
        offset, shown = next(controls(value))
        self.duplicates.append(
            YamlError(
                _control_position(self.text, node, value[offset]),
                f"{_dotted(path)}: the control or bidi character {shown} could change the "
                f"terminal or reorder text; it is shown as the text {shown}; remove it",
            )
        )
        return printable(value)

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        self._check_tag(node, _TAG + "map")
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen or id(value_node) in self.seen:
                raise self._alias_error()
            if key_node.tag == _TAG + "merge":
                raise YamlError(_pos(key_node), "merge keys (<<) are not allowed; write them out")
            if not isinstance(key_node, ScalarNode):
                raise YamlError(_pos(key_node), "a key must be plain text, found a list or mapping")
            key = printable(str(key_node.value), one_line=True)
            if key in first_seen:
                earlier = _pos(first_seen[key])
                self.duplicates.append(
                    YamlError(
                        _pos(key_node),
                        f"{_dotted((*path, key))}: duplicate key {key!r}; it is already set "
                        f"at line {earlier.line}, col {earlier.col}; keep one",
                    )
                )
                self.seen.add(id(key_node))
                self.seen.add(id(value_node))
                continue
            self.seen.add(id(key_node))
            first_seen[key] = key_node
            self.doc.keys[(*path, key)] = key_node
            result[key] = self.build(value_node, (*path, key))
        return result

    def _alias_error(self) -> YamlError:
        """Point at the first alias (the composed tree only shows the anchored node)."""
        where = Position(1, 1)
        for event in yaml.parse(self.text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                where = Position(event.start_mark.line + 1, event.start_mark.column + 1)
                break
        return YamlError(
            where,
            "anchors and aliases (&name, *name) are not allowed in content files; "
            "write the value out in full",
        )

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise YamlError(_pos(node), _tag_message(node.tag))


def _pos(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


# YAML's escapes for characters `printable` shows: \0 \a \b \v \f \r \e \N \L \P,
# and \x, \u, \U with a code of one (checked when found).
_NAMED_ESCAPES = {"0", "a", "b", "v", "f", "r", "e", "N", "L", "P"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _control_position(text: str, node: Node, char: str) -> Position:
    """Where in the file a scalar's first unsafe character is written.

    Written raw (a bidi mark), it is found as is; written as an escape in a
    double-quoted string (`"\\e]0;..."`), the escape is found. Else the scalar's start.
    """
    start, end = node.start_mark.index, node.end_mark.index
    span = text[start:end]
    offset = span.find(char)
    index = 0
    while offset < 0 and index < len(span):
        index = span.find("\\", index)
        if index < 0 or index + 1 >= len(span):
            break
        letter = span[index + 1]
        width = _HEX_ESCAPES.get(letter, 0)
        digits = span[index + 2 : index + 2 + width]
        if letter in _NAMED_ESCAPES or (
            width and len(digits) == width and not is_clean(_unhex(digits))
        ):
            offset = index
        index += 2
    if offset < 0:
        return _pos(node)
    before = text[: start + offset]
    line = before.count("\n") + 1
    return Position(line, start + offset - (before.rfind("\n") + 1) + 1)


def _unhex(digits: str) -> str:
    try:
        return chr(int(digits, 16))
    except ValueError:
        return ""


def _depth_error(position: Position) -> YamlError:
    return YamlError(
        position,
        f"values are nested more than {MAX_DEPTH} levels deep; "
        "expected the few levels a content file needs",
    )


def _check_depth(root: Node) -> None:
    """Refuse a tree nested deeper than MAX_DEPTH, walking it without recursion."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ScalarNode) or id(node) in seen:
            continue  # a shared node is an alias, refused by the builder
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _depth_error(_pos(node))
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in reversed(node.value))
        elif isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack += [(value, depth + 1), (key, depth + 1)]


def _find_too_deep(text: str) -> YamlError | None:
    """Where the event stream first nests deeper than MAX_DEPTH (the parser is iterative)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    mark = event.start_mark
                    return _depth_error(Position(mark.line + 1, mark.column + 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _tag_message(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    if "python/" in shown:
        return f"tag {shown} is not allowed: content files are data, never code"
    return f"tag {shown} is not allowed; content files use plain YAML values only"


def _dotted(path: KeyPath) -> str:
    """Render a key path as `objections[3].moves[1].phrases`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


dotted = _dotted


def _decode(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is fine), pointing at the first bad byte otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            Position(line, col),
            f"file is not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded; "
            "save the file as UTF-8",
        ) from None
    return text


# What YAML 1.1 refuses in a stream (PyYAML's Reader.NON_PRINTABLE; libyaml agrees).
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# YAML's line breaks, as its marks count lines.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def position_of(text: str, offset: int) -> Position:
    """The line and column of a character offset, counting lines as YAML does."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return Position(line, offset - start + 1)


def _char_escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _unprintable_error(text: str, offset: int) -> YamlError:
    char = text[offset]
    what = "a NUL byte (is it a binary file?)" if char == "\x00" else "a control character"
    return YamlError(
        position_of(text, offset),
        f"character {_char_escape(char)} is {what} and is not allowed in a YAML file; "
        "expected printable text: delete it (or write it as an escape inside double quotes)",
    )


def _check_printable(text: str) -> None:
    """Refuse the first character YAML refuses, at its own line and column."""
    match = _UNPRINTABLE.search(text)
    if match is not None:
        raise _unprintable_error(text, match.start())


def _reader_error(text: str, error: yaml.reader.ReaderError) -> YamlError:
    """A reader error at a line and column, not at an offset into the stream."""
    offset = text.find(chr(error.character)) if isinstance(error.character, int) else -1
    if offset >= 0:
        return _unprintable_error(text, offset)
    where = position_of(text, min(max(int(error.position), 0), len(text)))
    return YamlError(where, f"YAML error: {error.reason}")


def read_yaml(path: Path) -> tuple[YamlDoc, list[YamlError]]:
    """Read one content file safely.

    Raises YamlError for a problem that stops the file from being read; returns the
    document together with non-fatal problems (duplicate keys, where the first wins).
    """
    try:
        # Without blocking (a FIFO would wait for a writer), checked after opening.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise YamlError(Position(1, 1), "not a regular file; expected a YAML text file")
            if info.st_size > MAX_FILE_BYTES:
                raise YamlError(
                    Position(1, 1),
                    f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes "
                    "(1 MiB)",
                )
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise YamlError(Position(1, 1), f"cannot read the file: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(Position(1, 1), f"file is over the limit of {MAX_FILE_BYTES:,} bytes")
    text = _decode(raw)
    _check_printable(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except RecursionError:  # the pure-Python composer recurses once per level
        raise _find_too_deep(text) or _depth_error(Position(1, 1)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        if "nesting depth" in str(error.problem):  # libyaml stops at 1000 levels
            raise _find_too_deep(text) or _depth_error(where) from None
        what = error.problem or "not valid YAML"
        context = f" ({error.context})" if error.context else ""
        raise YamlError(where, f"YAML syntax error: {what}{context}") from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses (see _UNPRINTABLE)
        raise _reader_error(text, error) from None
    except yaml.YAMLError as error:
        raise YamlError(Position(1, 1), f"YAML error: {error}") from None
    if root is None:
        raise YamlError(
            Position(1, 1),
            "file is empty; expected a mapping that starts with "
            "`kind: persona`, `kind: objections`, `kind: rules` or `kind: strengths`",
        )
    _check_depth(root)
    doc = YamlDoc(data=None)
    builder = _Builder(doc, text)
    doc.data = builder.build(root, ())
    return doc, builder.duplicates
