"""Replace the names of people, organisations and places before anything is published.

The rules live in `transcripts/anonymisation.yaml`: each rule maps terms to a neutral tag such as
`[Company A]`. Matching is case- and accent-insensitive and respects word boundaries. The same
rules drive the leak check, which scans the built site for any term that survived.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from generator.models import Line, Record
from generator.problems import CatalogError, Problem, Problems
from generator.schema_errors import problems_from
from generator.yaml_source import load_yaml

Tag = Annotated[str, StringConstraints(pattern=r"^\[[A-Za-z0-9 .'-]{1,40}\]$")]


class Rule(Record):
    """Terms that are always replaced by one tag."""

    tag: Tag = Field(description="The neutral tag published instead, e.g. `[Company A]`.")
    terms: list[Line] = Field(min_length=1, description="Spellings of the name, as written.")
    note: Line | None = Field(default=None, description="Who or what this is (never published).")


class Rules(Record):
    """The anonymisation rules file."""

    rules: list[Rule] = Field(description="One rule per person, organisation or place.")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text; same length as the text for ASCII input."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = base.casefold()
    return base[:1] if base else " "


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    tag: str


class Anonymiser:
    """Compiled rules: finds and replaces every term in a text."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.tag_of: dict[str, str] = {}
        for rule in rules:
            for term in rule.terms:
                self.tag_of[" ".join(fold(term).split())] = rule.tag
        terms = sorted(self.tag_of, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, t.split())) for t in terms)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if terms else None

    def find(self, text: str) -> list[Replacement]:
        """Every term in `text`, as spans of the original text (folding keeps one char per char)."""
        if self._pattern is None:
            return []
        folded = fold(text)
        return [
            Replacement(m.start(), m.end(), self.tag_of[" ".join(m.group().split())])
            for m in self._pattern.finditer(folded)
        ]

    def apply(self, text: str) -> str:
        out, pos = [], 0
        for r in self.find(text):
            out += [text[pos : r.start], r.tag]
            pos = r.end
        out.append(text[pos:])
        return "".join(out)


def load_rules(path: Path, display: str, problems: Problems) -> Anonymiser:
    """Load the rules file; a missing or broken file is a problem (nothing could be published)."""
    if not path.is_file():
        problems.add(
            display,
            0,
            "anonymisation rules file is missing",
            "create it with 'rules: []' and list every name found in the transcripts",
        )
        return Anonymiser([])
    try:
        doc = load_yaml(path, display)
        rules = Rules.model_validate(doc.data if doc.data is not None else {})
    except CatalogError as error:
        problems.extend(error.problems)
        return Anonymiser([])
    except ValidationError as error:
        problems.extend(problems_from(error, Rules, doc))
        return Anonymiser([])
    seen: dict[str, str] = {}
    for i, rule in enumerate(rules.rules):
        for j, term in enumerate(rule.terms):
            key = fold(term)
            if key in seen and seen[key] != rule.tag:
                problems.add(
                    display,
                    doc.line_of(("rules", i, "terms", j)),
                    f"term is mapped to both {seen[key]} and {rule.tag}",
                    "one term, one tag",
                )
            seen[key] = rule.tag
    return Anonymiser(rules.rules)


def masked(term: str) -> str:
    """A term shown in a log without spelling it out."""
    return term[0] + "*" * (len(term) - 1) if term else term


def leak_problem(path: str, line: int, found: str, tag: str) -> Problem:
    return Problem(
        path,
        line,
        f"published output contains a term anonymised as {tag} ('{masked(found)}')",
        "the build refuses to publish it; check the rules and the text that produced this file",
    )
