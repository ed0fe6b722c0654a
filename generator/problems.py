"""Problems found in the inputs, collected and reported together.

Every step of the pipeline reports what is wrong as `Problem` objects (file, line, message, fix
hint) instead of raising on the first one, so a contributor sees everything at once. A step that
cannot go on raises `CatalogError` carrying the problems found so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

Severity = Literal["error", "warning"]
T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    path: str
    """File path as shown to the user (relative to the project root where possible)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str
    hint: str = ""
    """How to fix it, when there is something useful to say."""
    severity: Severity = "error"

    def format(self) -> str:
        """`path:line: message (hint)`, the form editors and CI logs link to."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.severity == "warning":
            text = f"{where}: warning: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def sort_key(problem: Problem) -> tuple[str, int, str]:
    """The one order problems are reported in, by every command: file, line, message."""
    return (problem.path, problem.line, problem.message)


@dataclass(frozen=True)
class Failed:
    """What a loader returns instead of its value when the input cannot be used."""

    problems: tuple[Problem, ...]

    @classmethod
    def at(cls, path: str, line: int, message: str, hint: str = "") -> Failed:
        return cls((Problem(path, line, message, hint),))


class Problems:
    """An ordered accumulator of problems, shared by the steps of one run."""

    def __init__(self, items: Iterable[Problem] = ()) -> None:
        self._items: list[Problem] = list(items)

    def add(
        self, path: str, line: int, message: str, hint: str = "", severity: Severity = "error"
    ) -> None:
        self._items.append(Problem(path, line, message, hint, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def failed(self, value: T | Failed) -> T | None:
        """The loader's value, or None after taking its problems."""
        if isinstance(value, Failed):
            self._items.extend(value.problems)
            return None
        return value

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items, key=sort_key))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


class CatalogError(Exception):
    """The one error type of the package: something in the inputs stops the current command."""

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        found = [problems] if isinstance(problems, Problem) else list(problems)
        self.problems = sorted(found, key=sort_key)
        super().__init__("\n".join(p.format() for p in self.problems))
