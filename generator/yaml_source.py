"""Safe YAML loading with line numbers for every key and item.

PyYAML's composer (the C one when available) turns the text into a node graph; we build plain
Python values from it ourselves, which lets us record the line of every key and list item, refuse
duplicate keys and object-constructing tags, and bound the work an input can cause (aliases that
expand exponentially, deep nesting, huge files).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.cache import Cache
from generator.problems import Failed, Problem

MAX_FILE_BYTES = 512 * 1024
"""Largest YAML file accepted: catalog files are small; anything bigger is a mistake."""
MAX_NODES = 50_000
"""Most values a file's aliases may expand to, which stops alias bombs. Values written out are
bounded by `MAX_FILE_BYTES` instead (a registry of 500 interviews holds more than 50,000)."""
MAX_DEPTH = 32
"""Deepest nesting accepted; the schemas need at most five levels."""

Location = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = SafeConstructor()
_PLAIN = "tag:yaml.org,2002:"
_CONSTRUCTED = {
    _PLAIN + "int": _SCALARS.construct_yaml_int,
    _PLAIN + "float": _SCALARS.construct_yaml_float,
    _PLAIN + "bool": _SCALARS.construct_yaml_bool,
    _PLAIN + "null": _SCALARS.construct_yaml_null,
}
_AS_TEXT = {_PLAIN + "str", _PLAIN + "timestamp"}


@dataclass
class YamlDocument:
    """The data of one YAML file and the line where each of its values starts."""

    path: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """Line of the value at `location`, or of its nearest enclosing value that has one."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def read_text(path: Path, display: str, max_bytes: int) -> str | Failed:
    """A UTF-8 text file's content; oversized, binary or undecodable content is a located
    problem. A byte-order mark is dropped."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Failed.at(
                display, 0, f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
            )
        raw = path.read_bytes()
    except OSError as exc:
        return Failed.at(display, 0, f"cannot read file: {exc.strerror}")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return Failed.at(display, line, "file is binary (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Failed.at(
            display,
            line,
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8",
        )
    return text.removeprefix("\ufeff")


def load_yaml(path: Path, display: str, cache: Cache | None = None) -> YamlDocument | Failed:
    """One YAML file, or every defect found with its file and line."""
    text = read_text(path, display, MAX_FILE_BYTES)
    if isinstance(text, Failed):
        return text
    if cache is None:
        return parse_yaml(text, display)
    key = (display, hashlib.sha256(text.encode()).hexdigest())
    return cache.memo("yaml").get(key, lambda: parse_yaml(text, display))


def parse_yaml(text: str, display: str) -> YamlDocument | Failed:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        message = (exc.problem or str(exc)).strip()
        if exc.context:
            message = f"{message} ({exc.context.strip()})"
        lines = text.splitlines()
        hint = ""
        if 0 < line <= len(lines) and "\t" in lines[line - 1]:
            hint = "this line contains a tab: indent with spaces"
        return Failed.at(display, line, f"invalid YAML: {message}", hint)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"character U+{exc.character:04X} is not allowed in YAML (control character)"
        return Failed.at(display, line, message, "delete the character")
    except yaml.YAMLError as exc:
        return Failed.at(display, 0, f"invalid YAML: {exc}")
    except RecursionError:
        return Failed.at(display, 0, f"YAML nested too deeply (limit {MAX_DEPTH} levels)")
    doc = YamlDocument(display, None)
    if root is not None:
        try:
            doc.data = _Builder(doc).build(root, (), 0)
        except _Refused as refused:
            return Failed((refused.problem,))
    return doc


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.count = 0
        self.built: set[int] = set()
        """The nodes built once: a node built again is reached through an alias."""

    def fail(self, node: Node, message: str, hint: str = "") -> _Refused:
        return _Refused(Problem(self.doc.path, node.start_mark.line + 1, message, hint))

    def build(self, node: Node, loc: Location, depth: int) -> Any:
        if id(node) in self.built:
            self.count += 1
        else:
            self.built.add(id(node))
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"YAML aliases expand to more than {MAX_NODES:,} values",
                "do not use anchors and aliases in catalog files",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"YAML nested too deeply (limit {MAX_DEPTH} levels)")
        self.doc.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.check_tag(node, "seq")
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        self.check_tag(node, "map")
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _PLAIN + "merge":
                raise self.fail(
                    key_node, "keys must be plain names (no merge keys or complex keys)"
                )
            key = str(self.scalar(key_node))
            line = key_node.start_mark.line + 1
            if key in result:
                raise self.fail(
                    key_node,
                    f"duplicate key '{key}' (first defined at line {first_line[key]})",
                    "keep one of the two",
                )
            first_line[key] = line
            self.doc.lines[(*loc, key)] = line
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result

    def check_tag(self, node: Node, kind: str) -> None:
        if node.tag != _PLAIN + kind:
            raise self.fail(node, f"YAML tag '{node.tag}' is not allowed", "remove the tag")

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag in _AS_TEXT:
            return node.value
        constructor = _CONSTRUCTED.get(node.tag)
        if constructor is None:
            raise self.fail(node, f"YAML tag '{node.tag}' is not allowed", "remove the tag")
        return constructor(node)
