"""The parts of a REFI-QDA project that the catalog writes and reads, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Code:
    guid: str
    name: str
    codable: bool = True
    description: str = ""
    children: list[Code] = field(default_factory=list)
    line: int = 0
    """Line of the element in the project file (read projects only)."""

    def walk(self, parents: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Code]]:
        """This code and every code under it, each with the names of its parents."""
        found = [(parents, self)]
        for child in self.children:
            found += child.walk((*parents, self.name))
        return found


@dataclass(frozen=True)
class Selection:
    guid: str
    start: int
    """Index of the first character, in code points of the normalised text."""
    end: int
    """Index after the last character (end exclusive)."""
    codes: tuple[str, ...]
    """GUIDs of the codes the selection is coded with."""
    name: str = ""
    line: int = 0


@dataclass
class Source:
    guid: str
    name: str
    text: str
    """The normalised plain text (see `generator.qda.positions`)."""
    selections: list[Selection] = field(default_factory=list)
    codes: tuple[str, ...] = ()
    """Codes applied to the whole source."""
    description: str = ""
    line: int = 0
    display: str = ""
    """Where the text was read, as shown in problems (`x.qdpx!sources/<guid>.txt`)."""


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Case:
    guid: str
    name: str
    description: str
    values: tuple[tuple[str, str], ...]
    """(variable GUID, text value)."""
    sources: tuple[str, ...]


@dataclass
class Project:
    name: str
    origin: str = ""
    description: str = ""
    codes: list[Code] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def all_codes(self) -> list[tuple[tuple[str, ...], Code]]:
        return [found for code in self.codes for found in code.walk()]
