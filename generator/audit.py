"""`catalog audit`: for a reviewer, what the anonymisation rules may have missed in the published
excerpts, and a log of every replacement made.

A word is suspicious when it is capitalised inside a sentence and never appears in lower case in
any transcript (the transcripts serve as the dictionary of ordinary words), or when it looks like
an e-mail address, a URL or a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.check import CheckedCatalog
from generator.render.views import build_view
from generator.transcripts import Paragraph, Transcript

COMMON_CAPITALISED = frozenset({"i", "i'm", "i've", "i'd", "i'll", "ok", "okay"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_PATTERNS = {
    "e-mail address": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "URL": re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|ca|edu)\b", re.I),
    "phone-like number": re.compile(r"(?<!\w)\+?\d[\d\s().-]{7,}\d(?!\w)"),
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    paragraph: int
    kind: str
    text: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: ¶{self.paragraph}: {self.kind}: '{self.text}'"

    def as_data(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "paragraph": self.paragraph,
            "kind": self.kind,
            "text": self.text,
        }


def _published(checked: CheckedCatalog) -> Iterator[tuple[Transcript, Paragraph]]:
    """Every transcript paragraph the site shows (cited passages and their questions)."""
    for interview in build_view(checked).interviews:
        transcript = checked.transcripts[interview.interview.id]
        shown = sorted({p.n for x in interview.excerpts for p in (*x.question, *x.answer) if p})
        for n in shown:
            yield transcript, transcript.paragraph(n)


def _lowercase_words(checked: CheckedCatalog) -> set[str]:
    words: set[str] = set()
    for transcript in checked.transcripts.values():
        for p in transcript.paragraphs:
            words.update(w for w in _WORD.findall(p.text) if w.islower())
    return words


def audit(checked: CheckedCatalog) -> tuple[list[Finding], list[Finding]]:
    """(replacements made, suspicious words left) in the published excerpts."""
    ordinary = _lowercase_words(checked)
    replaced, suspicious = [], []
    for transcript, p in _published(checked):
        for r in checked.anonymiser.find(p.text):
            replaced.append(
                Finding(
                    transcript.path, p.line, p.n, f"replaced by {r.tag}", p.text[r.start : r.end]
                )
            )
        for kind, pattern in _PATTERNS.items():  # on the original: a partial replacement
            suspicious += [
                Finding(transcript.path, p.line, p.n, kind, m.group())  # still leaks
                for m in pattern.finditer(p.text)
            ]
        text = checked.anonymiser.apply(p.text)
        for m in _WORD.finditer(text):
            word = m.group()
            if len(word) < 2 or not word[0].isupper() or word.lower() in COMMON_CAPITALISED:
                continue  # single letters are the transcripts' placeholders (Company X)
            if text[max(0, m.start() - 1) : m.start()] == "[":
                continue  # a tag such as [Company A]
            before = text[: m.start()]
            if not before.strip() or _SENTENCE_END.search(before):
                continue  # first word of a sentence
            if word.lower() not in ordinary:
                kind = "acronym" if word.isupper() else "capitalised word"
                suspicious.append(Finding(transcript.path, p.line, p.n, kind, word))
    return list(dict.fromkeys(replaced)), list(dict.fromkeys(suspicious))
