"""Reading YAML specs so that every error can name its file, line and key path.

PyYAML's plain `safe_load` forgets where values came from. We keep the line of
every mapping key and list item, and validate through a `Field` cursor that
carries (file, key path, line); its `fail` builds the one-line `SpecError`
users see: `problems/x/cases.yaml:12: cases[3].x.shape: [4, -1, 8]: dimensions must be >= 1`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from judge.base.errors import SpecError


class _LineDict(dict):
    """A mapping that remembers the line of each key."""

    key_lines: dict


class _LineList(list):
    """A list that remembers the line of each item."""

    item_lines: list


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = _LineDict()
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain scalar", key_node.start_mark
                )
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):
        items = _LineList(self.construct_object(child, deep=True) for child in node.value)
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """_LineLoader on libyaml's parser, when PyYAML has it: the same nodes and marks for ~7x
    less CPU (a grade reads every kata's two files to find its problem: 0.24 -> 0.03 s here)."""


_FastLineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_FastLineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def _parse(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        # libyaml words its errors differently; the pure-Python parser's words are the ones we document.
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader


def _kind(value: Any) -> str:
    """A value's type in YAML's words: the loader's own list and mapping classes are internal."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "nothing" if value is None else type(value).__name__


def display_path(path: Path) -> str:
    """A path as users should see it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_yaml(path: Path) -> "Field":
    """Parse a YAML file into a `Field` at its root; syntax errors become `SpecError`."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(shown, "file", str(path), "the file does not exist; create it or fix the path") from None
    except UnicodeDecodeError as exc:
        raise SpecError(shown, "file", f"byte {exc.start}", "the file is not UTF-8; save it as UTF-8") from None
    try:
        data = _parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(f"{shown}:{line}" if line else shown, "YAML syntax", problem,
                        "fix the YAML at that line") from None
    except yaml.YAMLError as exc:
        raise SpecError(shown, "YAML", str(exc), "fix the YAML syntax") from None
    return Field(shown, "", data, 1)


@dataclass(frozen=True)
class Field:
    """A value inside a spec file, with where it came from."""

    file: str
    path: str
    value: Any
    line: int | None

    def fail(self, fix: str, value: Any = None) -> SpecError:
        """A `SpecError` pointing at this field; raise it."""
        shown = self.value if value is None else value
        where = self.path or "(top level)"
        file = f"{self.file}:{self.line}" if self.line else self.file
        return SpecError(file, where, shown, fix)

    # -- mappings -------------------------------------------------------------
    def mapping(self, allowed: set[str], required: set[str] = frozenset()) -> "Field":
        """Check this is a mapping whose keys are all allowed and the required ones present."""
        if not isinstance(self.value, dict):
            raise self.fail(f"expected a mapping with keys {sorted(required or allowed)}")
        for key in self.value:
            if key not in allowed:
                raise self.child(key).fail(
                    f"unknown key {key!r}; allowed keys here: {', '.join(sorted(allowed))}", value=key
                )
        for key in sorted(required):
            if key not in self.value:
                raise self.fail(f"missing required key {key!r}", value=sorted(self.value))
        return self

    def child(self, key: str | int) -> "Field":
        """The field under `key` (a mapping key or a list index)."""
        if isinstance(key, int):
            lines = getattr(self.value, "item_lines", None)
            line = lines[key] if lines else self.line
            return Field(self.file, f"{self.path}[{key}]", self.value[key], line)
        lines = getattr(self.value, "key_lines", {})
        value = self.value.get(key) if isinstance(self.value, dict) else None
        path = f"{self.path}.{key}" if self.path else str(key)
        return Field(self.file, path, value, lines.get(key, self.line))

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value

    def items(self) -> list["Field"]:
        """The items of a non-empty list."""
        if not isinstance(self.value, list):
            raise self.fail("expected a list")
        return [self.child(i) for i in range(len(self.value))]

    # -- scalars --------------------------------------------------------------
    def integer(self, minimum: int | None = None, maximum: int | None = None) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail(f"expected an integer, got {_kind(self.value)}")
        if minimum is not None and self.value < minimum:
            raise self.fail(f"must be >= {minimum}")
        if maximum is not None and self.value > maximum:
            raise self.fail(f"must be <= {maximum}")
        return self.value

    def number(self, minimum: float | None = None) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise self.fail(f"expected a number, got {_kind(self.value)}")
        if self.value != self.value or self.value in (float("inf"), float("-inf")):
            raise self.fail("must be a finite number")
        if minimum is not None and self.value < minimum:
            raise self.fail(f"must be >= {minimum}")
        return float(self.value)

    def text(self, choices: tuple[str, ...] | None = None) -> str:
        if not isinstance(self.value, str) or not self.value:
            raise self.fail(f"expected a non-empty string, got {_kind(self.value)}")
        if choices and self.value not in choices:
            raise self.fail(f"must be one of: {', '.join(choices)}")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"expected true or false, got {_kind(self.value)}")
        return self.value
