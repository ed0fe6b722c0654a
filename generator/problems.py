"""Problems found in the inputs, collected and reported together.

Every step of the pipeline reports what is wrong as `Problem` objects (file, line, message, fix
hint) instead of raising on the first one, so a contributor sees everything at once. A step that
cannot go on raises `CatalogError` carrying the problems found so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        level = "error" if self.severity == "error" else "warning"
        props = f"file={_escape_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
        props += ",title=catalog validate"
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{level} {props}::{_escape_data(body)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.severity == "error"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items, key=lambda p: (p.path, p.line, p.message)))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


class CatalogError(Exception):
    """The one error type of the package: something in the inputs stops the current command."""

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))
