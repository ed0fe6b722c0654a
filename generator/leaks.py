"""The names that must never be published, known only by their keyed hashes.

`transcripts/leak-check.yaml` lists a keyed hash (BLAKE2b under the file's public `salt`) of
every name and identifying detail the pseudonymisation replaced, with no tag beside it: nothing
in the repository maps a tag back to a person. A text is checked by folding it the way a reader
sees it (`generator.folding`) and hashing every run of one to `MAX_WORDS` words that starts with
a word some listed name starts with (`first_words`, hashed the same way). What this
protects, and what it does not: the list cannot be read, but anyone can test a guessed name at
the cost of one hash (the salt is public so that CI can run the check).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from generator.folding import fold, fold_variants
from generator.markup import IDENTIFIER
from generator.models import Record
from generator.problems import Failed, Problem
from generator.schema_errors import problems_from
from generator.yaml_source import load_yaml

MAX_WORDS = 4
"""Longest listed phrase, in folded words."""
HashedTerm = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$"), IDENTIFIER]
Salt = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32,128}$"), IDENTIFIER]


class LeakCheckFile(Record):
    """`transcripts/leak-check.yaml`: what the build must never publish, hashed."""

    salt: Salt = Field(
        description="Key of the hashes (hex). Public on purpose: CI needs it to run the check."
    )
    hashes: list[HashedTerm] = Field(
        default_factory=list,
        description="Keyed hashes of the folded names (one to four words each) of the private "
        "key, sorted, with no tag beside them: `catalog pseudonymise` rewrites this list from "
        'the key. `catalog hash-term "Name"` prints the hash of a name to look for.',
    )
    added_later: list[HashedTerm] = Field(
        default_factory=list,
        description="Hashes of names found after the key was given up, added by `catalog "
        "pseudonymise --add-term` (kept when the list is rewritten).",
    )
    first_words: dict[HashedTerm, HashedTerm] = Field(
        default_factory=dict,
        description="For each listed hash, the keyed hash of the name's first word, so that a "
        "text is hashed phrase by phrase only where a listed name could start. Written with "
        "the hashes; while a hash has no first word here (one added by hand), every position "
        "of a text is checked.",
    )


@dataclass(frozen=True)
class Found:
    """A listed term in a text: its folded words (never shown) and where it starts."""

    words: str
    start: int
    """Index of the term's first word in the folded text."""

    @property
    def masked(self) -> str:
        """The term as a log may show it: its first letter, then one star per letter."""
        return self.words[0] + "*" * (len(self.words.replace(" ", "")) - 1)


@dataclass
class LeakList:
    salt: str
    hashes: frozenset[str]
    allowed: tuple[str, ...] = ()
    """Folded exact strings that are the publication's own (addresses, the study's citation),
    blanked out before scanning."""
    later: frozenset[str] = frozenset()
    """The hashes added without the key (also in `hashes`)."""
    first_words: frozenset[str] = frozenset()
    """Hashes of the listed names' first words (empty: every word may start a name). The loader
    fills it only when every listed hash has its first word."""
    _checked: dict[str, bool] = field(default_factory=dict, repr=False)
    _starts: dict[str, bool] = field(default_factory=dict, repr=False)

    def digest(self, phrase: str) -> str:
        """The hash of a phrase of folded words."""
        key = bytes.fromhex(self.salt)[:64]
        return hashlib.blake2b(phrase.encode(), key=key, digest_size=16).hexdigest()

    def term_hash(self, term: str) -> str:
        """The hash listed for a term as written (`catalog hash-term`)."""
        return self.digest(fold(term))

    def first_word_hash(self, term: str) -> str | None:
        """The hash listed in `first_words` for a term as written."""
        words = fold(term).split()
        return self.digest(words[0]) if words else None

    def with_allowed(self, strings: list[str]) -> LeakList:
        folded = tuple(sorted({f for f in map(fold, strings) if f}, key=len, reverse=True))
        return LeakList(self.salt, self.hashes, folded, self.later, self.first_words)

    def __post_init__(self) -> None:
        self.hashes = self.hashes | self.later

    def find(self, text: str) -> list[Found]:
        """Every listed term in `text`, however it is written."""
        found: list[Found] = []
        for folded in fold_variants(text):
            found += self.find_folded(folded)
        return found

    def find_folded(self, folded: str) -> list[Found]:
        """Every listed term in an already folded text, allowed strings excepted."""
        if not self.hashes or not folded:
            return []
        for allowed in self.allowed:
            if allowed in folded:
                folded = _blank(folded, allowed)
        words = folded.split()
        found = []
        checked = self._checked
        for i in self._starts_of(words):
            phrase = ""
            for n in range(min(MAX_WORDS, len(words) - i)):
                phrase = words[i] if n == 0 else f"{phrase} {words[i + n]}"
                hit = checked.get(phrase)
                if hit is None:
                    hit = checked[phrase] = self.digest(phrase) in self.hashes
                if hit:
                    found.append(Found(phrase, i))
        return found

    def _starts_of(self, words: list[str]) -> list[int]:
        """Positions where a listed name may start: every one without `first_words`."""
        if not self.first_words:
            return list(range(len(words)))
        starts = self._starts
        for word in set(words).difference(starts):
            starts[word] = self.digest(word) in self.first_words
        return [i for i, word in enumerate(words) if starts[word]]

    def _is_listed(self, phrase: str) -> bool:
        """The phrase, as a whole, is a listed term."""
        return any(self.digest(f) in self.hashes for f in fold_variants(phrase) if f)

    def replace(self, text: str, tag: str = "[name removed]") -> str:
        """`text` with every listed term replaced by a neutral tag, for published text that was
        written before the term was listed (the titles of old releases)."""
        masked = self.redact(text)
        return re.sub(r"\w\*+(?:\s+\*+)*", tag, masked) if masked != text else text

    def redact(self, text: str) -> str:
        """`text` with every listed term masked, for messages and logs."""
        if not self.hashes or not self.find(text):
            return text
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        out = list(text)
        for i in range(len(spans)):
            for n in range(MAX_WORDS, 0, -1):
                if i + n > len(spans):
                    continue
                start, end = spans[i][0], spans[i + n - 1][1]
                if self._is_listed(text[start:end]):
                    for j in range(start + 1, end):
                        if not text[j].isspace():
                            out[j] = "*"
                    break
        return "".join(out)


_WORD = re.compile(r"[^\s\-_'\u2019.,;:!?()\[\]{}<>\"/\\|]+")


def _blank(folded: str, allowed: str) -> str:
    """Replace whole-word occurrences of `allowed` by a separator."""
    return re.sub(rf"(?<![^ ]){re.escape(allowed)}(?![^ ])", " | ", folded)


def load_leak_list(path: Path, display: str) -> LeakList | Failed:
    if not path.is_file():
        return Failed.at(
            display,
            0,
            "the leak-check list is missing",
            "run 'catalog pseudonymise' with the private tier, or restore the file",
        )
    doc = load_yaml(path, display)
    if isinstance(doc, Failed):
        return doc
    try:
        data = LeakCheckFile.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as error:
        return Failed(tuple(problems_from(error, LeakCheckFile, doc)))
    listed = set(data.hashes) | set(data.added_later)
    complete = listed <= data.first_words.keys()
    return LeakList(
        data.salt,
        frozenset(data.hashes),
        later=frozenset(data.added_later),
        first_words=frozenset(data.first_words.values()) if complete else frozenset(),
    )


def leak_problem(path: str, line: int, found: Found) -> Problem:
    return Problem(
        path,
        line,
        f"contains a name or detail the pseudonymisation replaces ('{found.masked}')",
        "the build refuses to publish it; remove it from the text that produced this file",
    )
