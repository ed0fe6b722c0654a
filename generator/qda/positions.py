"""How positions in a text source are counted, exactly, and the conversion for tools that count
otherwise.

The catalog's convention (what `catalog export qdpx` writes and `catalog import qdpx` reads by
default): a source's text is UTF-8 without a byte-order mark, its line endings are normalised to
one line feed (CRLF and CR become LF, so every line ending is one character, as XML itself
normalises the text it holds); `startPosition` is the index of the selection's first character
and `endPosition` the index just after its last (end exclusive), both counted in Unicode code
points from 0.

Tools disagree (as their users report): some count UTF-16 code units (a character outside the
Basic Multilingual Plane, an emoji, counts two), some give the last character's index (end
inclusive), some count CRLF as two characters (their codings drift by one per line). `Counting`
describes such a tool, and `Positions` converts its positions to the catalog's convention; a
position that falls inside a character (half of a UTF-16 surrogate pair) is refused, since it
means the counting was not the one assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Units = Literal["codepoints", "utf16"]
BOM = "\ufeff"


@dataclass(frozen=True)
class Counting:
    """How a tool counts positions."""

    units: Units = "codepoints"
    inclusive_end: bool = False
    crlf_as_two: bool = False
    """Positions count the raw text's CRLF as two characters (before normalisation)."""


CATALOG = Counting()
"""The catalog's own convention."""


def normalise(raw: str) -> str:
    """A source's text as positions are counted on: no byte-order mark, LF line endings."""
    return raw.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


class PositionError(ValueError):
    """A selection whose positions do not fit its source."""


class Positions:
    """Converts one source's positions, as a tool counted them, to the catalog's convention."""

    def __init__(self, raw: str, counting: Counting = CATALOG) -> None:
        self.counting = counting
        self.text = normalise(raw)
        self._table: list[int] | None = None
        if counting.units == "utf16" or counting.crlf_as_two:
            self._table = _table(raw.removeprefix(BOM), counting)

    @property
    def size(self) -> int:
        """The source's length, in the tool's units."""
        return len(self.text) if self._table is None else len(self._table) - 1

    def convert(self, start: int, end: int) -> tuple[int, int]:
        """(start, end exclusive) in code points of the normalised text."""
        if self.counting.inclusive_end:
            end += 1
        if start < 0 or end < start:
            raise PositionError(f"the selection's positions {start}..{end} are not a range")
        if end > self.size:
            raise PositionError(
                f"the selection ends at {end}, past the end of its source ({self.size} "
                f"{'UTF-16 units' if self.counting.units == 'utf16' else 'characters'})"
            )
        if self._table is None:
            return start, end
        first, last = self._table[start], self._table[end]
        if first < 0 or last < 0:
            raise PositionError(
                f"the selection {start}..{end} splits a character: its positions are not "
                f"counted in {self.counting.units}"
            )
        return first, last


def _table(raw: str, counting: Counting) -> list[int]:
    """Counted position → index in the normalised text (-1 inside a character)."""
    table: list[int] = []
    index = i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\r":
            two = raw[i + 1 : i + 2] == "\n"
            table += [index, index] if two and counting.crlf_as_two else [index]
            i += 2 if two else 1
        else:
            wide = counting.units == "utf16" and ord(char) > 0xFFFF
            table += [index, -1] if wide else [index]
            i += 1
        index += 1
    table.append(index)
    return table


def utf16_length(text: str) -> int:
    """Length of a text in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
