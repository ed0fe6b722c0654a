"""Replace the names of people, organisations and places before anything is published.

The rules live in `transcripts/anonymisation.yaml`: each rule maps terms to a neutral tag such as
`[Company A]`. Matching is case- and accent-insensitive and respects word boundaries. The same
rules drive the leak check, which scans the built site for any term that survived.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError, model_validator

from generator.models import Line, Record
from generator.problems import Failed, Problem
from generator.schema_errors import problems_from
from generator.yaml_source import load_yaml

Tag = Annotated[str, StringConstraints(pattern=r"^\[[A-Za-z0-9 .'-]{1,40}\]$")]
HashedTerm = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
MAX_HASHED_WORDS = 4
"""Longest hashed term, in words: hashed terms are found by hashing every run of 1-4 words."""


class Rule(Record):
    """Terms that are always replaced by one tag."""

    tag: Tag = Field(description="The neutral tag published instead, e.g. `[Company A]`.")
    terms: list[Line] = Field(
        default_factory=list, description="Spellings of the name, as written."
    )
    hashes: list[HashedTerm] = Field(
        default_factory=list,
        description="Names that must not be written in the repository, as salted SHA-256 hashes "
        'made by `catalog hash-term "Name"` (up to four words each).',
    )
    note: Line | None = Field(default=None, description="Who or what this is (never published).")

    @model_validator(mode="after")
    def _has_a_term(self) -> Rule:
        if not self.terms and not self.hashes:
            raise ValueError("a rule needs at least one of 'terms' or 'hashes'")
        return self


class Rules(Record):
    """The anonymisation rules file."""

    rules: list[Rule] = Field(description="One rule per person, organisation or place.")
    salt: Line | None = Field(
        default=None,
        description="Salt of the hashed terms: a random string, kept for the rules' lifetime.",
    )
    allowed: list[Line] = Field(
        default_factory=list,
        description="Exact strings the leak check ignores because they are the publication's own "
        "infrastructure, not participant data (e.g. the site's and the repository's addresses, "
        "which may contain a replaced term such as a code host's name). Never list a name here.",
    )


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"\w+")


def term_hash(term: str, salt: str) -> str:
    """The salted hash that stands for a term in the rules: SHA-256 of salt and folded words."""
    words = " ".join(_WORD.findall(fold(term)))
    return hashlib.sha256(f"{salt}\x00{words}".encode()).hexdigest()


def _without_overlaps(found: list[Replacement]) -> list[Replacement]:
    """Replacements sorted by position, the longest kept where two overlap."""
    kept: list[Replacement] = []
    for r in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if not kept or r.start >= kept[-1].end:
            kept.append(r)
    return kept


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, one character per character of the text."""
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)
    return text.lower()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = base.casefold()
    return base[:1] if base else " "


def _trie_pattern(terms: list[str]) -> str:
    """One regex matching any of the (folded) terms, as a character trie so that the engine
    tries one branch per position instead of every term; spaces match any white space."""
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for char, child in sorted(node.items(), key=lambda item: item[0] == ""):
            if char == "":
                continue
            head = r"\s+" if char == " " else re.escape(char)
            branches.append(head + emit(child))
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else f"(?:{'|'.join(branches)})"
        return f"{body}?" if optional else body

    return emit(trie)


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    tag: str


class Anonymiser:
    """Compiled rules: finds and replaces every term in a text."""

    def __init__(
        self, rules: list[Rule], allowed: list[str] | None = None, salt: str | None = None
    ) -> None:
        self.rules = rules
        self.allowed = [fold(a) for a in allowed or []]
        self.salt = salt or ""
        self.hashed = {h: rule.tag for rule in rules for h in rule.hashes}
        self.tag_of: dict[str, str] = {}
        for rule in rules:
            for term in rule.terms:
                self.tag_of[" ".join(fold(term).split())] = rule.tag
        terms = list(self.tag_of)
        self._pattern = re.compile(rf"(?<!\w)(?:{_trie_pattern(terms)})(?!\w)") if terms else None

    def find(self, text: str) -> list[Replacement]:
        """Every term in `text`, as spans of the original text (folding keeps one char per char)."""
        return self._scan(fold(text))

    def _scan(self, folded: str) -> list[Replacement]:
        if self._pattern is None and not self.hashed:
            return []
        found = [
            Replacement(m.start(), m.end(), self.tag_of[" ".join(m.group().split())])
            for m in (self._pattern.finditer(folded) if self._pattern else ())
        ]
        if self.hashed:
            found = _without_overlaps(found + self._find_hashed(folded))
        return found

    def _find_hashed(self, folded: str) -> list[Replacement]:
        words = [m.span() for m in _WORD.finditer(folded)]
        found = []
        for i in range(len(words)):
            for n in range(1, MAX_HASHED_WORDS + 1):
                if i + n > len(words):
                    break
                start, end = words[i][0], words[i + n - 1][1]
                phrase = " ".join(folded[a:b] for a, b in words[i : i + n])
                tag = self.hashed.get(term_hash(phrase, self.salt))
                if tag:
                    found.append(Replacement(start, end, tag))
        return found

    def find_published(self, text: str) -> list[Replacement]:
        """Like `find`, but ignoring the allowed strings (for checking published output): they
        are blanked out first, which keeps every other position where it was."""
        folded = fold(text)
        for allowed in self.allowed:
            if allowed in folded:
                folded = folded.replace(allowed, " " * len(allowed))
        return self._scan(folded)

    def apply(self, text: str) -> str:
        out, pos = [], 0
        for r in self.find(text):
            out += [text[pos : r.start], r.tag]
            pos = r.end
        out.append(text[pos:])
        return "".join(out)


def load_rules(path: Path, display: str) -> Anonymiser | Failed:
    """The compiled rules; a missing or broken file is a problem (nothing could be published)."""
    if not path.is_file():
        return Failed.at(
            display,
            0,
            "anonymisation rules file is missing",
            "create it with 'rules: []' and list every name found in the transcripts",
        )
    doc = load_yaml(path, display)
    if isinstance(doc, Failed):
        return doc
    try:
        rules = Rules.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as error:
        return Failed(tuple(problems_from(error, Rules, doc)))
    seen: dict[str, str] = {}
    conflicts = []
    for i, rule in enumerate(rules.rules):
        for j, term in enumerate(rule.terms):
            key = fold(term)
            if key in seen and seen[key] != rule.tag:
                conflicts.append(
                    Problem(
                        display,
                        doc.line_of(("rules", i, "terms", j)),
                        f"term is mapped to both {seen[key]} and {rule.tag}",
                        "one term, one tag",
                    )
                )
            seen[key] = rule.tag
    if conflicts:
        return Failed(tuple(conflicts))
    return Anonymiser(rules.rules, rules.allowed, rules.salt)


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
