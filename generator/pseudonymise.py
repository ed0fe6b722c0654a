"""From the private tier to the public one: raw interview exports and the key that names every
person, organisation, place and identifying detail in them become pseudonymised transcripts.

The key (`pseudonymisation-key.yaml` in the private folder, never in the repository) maps each
term to the tag that replaces it, with the reason. Terms are matched whole-word, ignoring case,
accents and the separators between a term's words; a term may be limited to some paragraphs
(an ordinary word that is a name only there). The public transcript keeps every paragraph,
label and number of the raw export, so anchors and quotes stay valid; its first line says it is
pseudonymised. The leak-check list (`transcripts/leak-check.yaml`) receives the keyed hash of
every term, and no tag.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

from pydantic import Field, StringConstraints

from generator.folding import fold
from generator.leaks import MAX_WORDS, LeakList
from generator.models import InterviewId, Line, Record
from generator.problems import Failed, Problem
from generator.transcripts import (
    HEADER,
    PSEUDONYMISED_MARK,
    Transcript,
    parse_transcript,
    speech_span,
)

Tag = Annotated[str, StringConstraints(pattern=r"^\[[A-Za-z0-9 .'-]{1,40}\]$")]


class Term(Record):
    """A name or identifying detail, and what replaces it."""

    term: Line = Field(description="The words as written in the export (one spelling each).")
    tag: Tag = Field(description="The neutral tag published instead, e.g. `[Company A]`.")
    reason: Line = Field(description="Who or what it is, and why it is replaced (private).")
    paragraphs: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=list,
        description="Only in these paragraphs (for a word that is a name only there).",
    )
    leak_check: bool = Field(
        default=True,
        description="List its hash for the leak check; `false` for an ordinary word that would "
        "flag every page (the public transcripts no longer contain it either way).",
    )


class RawTranscript(Record):
    """One interview's raw export and its own terms."""

    interview: InterviewId
    raw: Line = Field(description="Path of the raw export, relative to the key's folder.")
    terms: list[Term] = Field(default_factory=list)


class Key(Record):
    """The private pseudonymisation key."""

    everywhere: list[Term] = Field(
        default_factory=list, description="Terms of every transcript (the research team)."
    )
    transcripts: list[RawTranscript] = Field(default_factory=list)


@dataclass
class Pseudonymised:
    """A public transcript made from a raw export."""

    interview: str
    text: str
    counts: Counter[str]
    """Tag → replacements made."""
    unmatched: list[int]
    """Positions (in the terms given) of terms found nowhere: a misspelt term leaves its name."""


def _fold_char(char: str) -> str:
    """One character, case- and accent-folded, always one character long."""
    if char.isascii():
        return char.lower()
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = base.casefold()
    return base[:1] if base else " "


def fold_chars(text: str) -> str:
    """Case- and accent-insensitive form of a text, one character per character of the text."""
    return text.lower() if text.isascii() else "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.findall(r"\w+", fold_chars(term))]
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(words) + r"(?!\w)")


def replace_terms(text: str, terms: list[Term], counts: Counter[str]) -> str:
    """`text` with every term replaced by its tag, longest terms first. `counts` receives the
    replacements made per tag, and per term (keyed by the term object's id)."""
    folded = fold_chars(text)
    spans: list[tuple[int, int, Term]] = []
    for term in sorted(terms, key=lambda t: -len(t.term)):
        for m in _pattern(term.term).finditer(folded):
            counts[f"#{id(term)}"] += 1  # found, even where a longer term covers it
            if all(m.end() <= a or m.start() >= b for a, b, _ in spans):
                spans.append((m.start(), m.end(), term))
    out, pos = [], 0
    for start, end, term in sorted(spans, key=lambda s: s[0]):
        out += [text[pos:start], term.tag]
        counts[term.tag] += 1
        pos = end
    out.append(text[pos:])
    return "".join(out)


def apply_terms(
    text: str, display: str, interview: str, terms: list[Term]
) -> tuple[list[str], Counter[str]] | Failed:
    """The lines of a transcript with the terms replaced (each only in its paragraphs)."""
    transcript = parse_transcript(text, display, interview)
    if isinstance(transcript, Failed):
        return transcript
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    owner = _paragraph_of_lines(transcript, len(lines))
    counts: Counter[str] = Counter()
    out = []
    for number, line in enumerate(lines, 1):
        local = [t for t in terms if not t.paragraphs or owner.get(number) in t.paragraphs]
        span = speech_span(line)
        if not local or span is None:
            out.append(line)
            continue
        start, end = span
        out.append(line[:start] + replace_terms(line[start:end], local, counts) + line[end:])
    return out, counts


def pseudonymise(
    interview: str, raw: str, display: str, terms: list[Term]
) -> Pseudonymised | Failed:
    """The public transcript of a raw export: same paragraphs, labels, numbers and codes; the
    export's header (which names the coder) becomes a plain `Interview N`."""
    applied = apply_terms(raw, display, interview, terms)
    if isinstance(applied, Failed):
        return applied
    lines, counts = applied
    headers = [i for i, line in enumerate(lines[:10]) if HEADER.match(line.strip())]
    body = lines[headers[0] + 1 :] if headers else lines
    header = f"Interview {interview.removeprefix('I')}"
    text = "\n".join([PSEUDONYMISED_MARK, "", header, "", *body]).rstrip("\n") + "\n"
    problem = _structure_changed(
        parse_transcript(raw, display, interview),
        parse_transcript(text, display, interview),
        display,
    )
    if problem is not None:
        return Failed((problem,))
    unmatched = [i for i, t in enumerate(terms) if not counts.pop(f"#{id(t)}", 0)]
    for key in [k for k in counts if k.startswith("#")]:
        del counts[key]
    return Pseudonymised(interview, text, counts, unmatched)


def _paragraph_of_lines(transcript: Transcript, line_count: int) -> dict[int, int]:
    """Line number → number of the paragraph it belongs to (label and code lines included)."""
    starts = [(p.line, p.n) for p in transcript.paragraphs]
    owner: dict[int, int] = {}
    for i, (line, n) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else line_count + 1
        for number in range(line, end):
            owner[number] = n
    return owner


def _structure_changed(
    before: Transcript | Failed, after: Transcript | Failed, display: str
) -> Problem | None:
    if isinstance(before, Failed):
        return before.problems[0]
    if isinstance(after, Failed):
        return after.problems[0]
    shape = [(p.n, p.speaker, p.codes) for p in before.paragraphs]
    if shape != [(p.n, p.speaker, p.codes) for p in after.paragraphs]:
        return Problem(
            display,
            0,
            "a term changed the transcript's paragraphs, labels or codes",
            "a term must not match a speaker label, a code or a header",
        )
    return None


def leak_hashes(leaks: LeakList, terms: list[Term]) -> set[str]:
    """Hashes of the terms that the leak check lists (ordinary words and long phrases left out)."""
    return {
        leaks.digest(folded)
        for term in terms
        if term.leak_check and (folded := fold(term.term)) and len(folded.split()) <= MAX_WORDS
    }


def first_word_hashes(leaks: LeakList, terms: list[Term]) -> dict[str, str]:
    """Listed hash → hash of its first word, for the terms that the leak check lists."""
    return {
        listed: first
        for t in terms
        for listed in leak_hashes(leaks, [t])
        if (first := leaks.first_word_hash(t.term)) is not None
    }


def terms_of(key: Key, record: RawTranscript) -> list[Term]:
    return [*key.everywhere, *record.terms]


def describe(counts: Counter[str]) -> str:
    return (
        ", ".join(f"{tag} x{n}" for tag, n in sorted(counts.items()) if not tag.startswith("#"))
        or "no replacement"
    )
