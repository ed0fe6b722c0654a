"""`catalog audit`: for a reviewer, what the pseudonymisation may have missed in the published
excerpts (and the tags it put there), and paragraphs whose speaker label looks wrong.

A word is suspicious when it is capitalised inside a sentence and never appears in lower case in
any transcript (the transcripts serve as the dictionary of ordinary words), or when it looks like
an e-mail address, a URL or a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.check import CheckedCatalog
from generator.render.site import build_view
from generator.transcripts import Paragraph, Transcript

COMMON_CAPITALISED = frozenset({"i", "i'm", "i've", "i'd", "i'll", "ok", "okay"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_TAG_IN_TEXT = re.compile(r"\[[A-Za-z0-9 .'-]{1,40}\]")
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
    """(tags in the published excerpts, suspicious words left there) for a privacy reviewer."""
    ordinary = _lowercase_words(checked)
    tags, suspicious = [], []
    for transcript, p in _published(checked):
        for m in _TAG_IN_TEXT.finditer(p.text):
            tags.append(Finding(transcript.path, p.line, p.n, "tag", m.group()))
        for kind, pattern in _PATTERNS.items():
            suspicious += [
                Finding(transcript.path, p.line, p.n, kind, m.group())
                for m in pattern.finditer(p.text)
            ]
        suspicious += _capitalised(transcript, p, ordinary)
    return list(dict.fromkeys(tags)), list(dict.fromkeys(suspicious))


def _capitalised(transcript: Transcript, p: Paragraph, ordinary: set[str]) -> list[Finding]:
    """Capitalised words inside a sentence that no transcript ever writes in lower case."""
    found = []
    text = p.text
    tags = [t.span() for t in _TAG_IN_TEXT.finditer(text)]
    for m in _WORD.finditer(text):
        word = m.group()
        if len(word) < 2 or not word[0].isupper() or word.lower() in COMMON_CAPITALISED:
            continue  # single letters are the transcripts' placeholders (Company X)
        if any(a <= m.start() < b for a, b in tags):
            continue  # a word of a tag such as [Company A]
        before = text[: m.start()]
        if not before.strip() or _SENTENCE_END.search(before):
            continue  # first word of a sentence
        if word.lower() not in ordinary:
            kind = "acronym" if word.isupper() else "capitalised word"
            found.append(Finding(transcript.path, p.line, p.n, kind, word))
    return found


def mislabelled(checked: CheckedCatalog) -> list[Finding]:
    """Paragraphs whose speaker label looks wrong, for a human to confirm: a question under the
    participant's label followed by the participant's answer, or a long answer under the
    interviewer's label right after the interviewer's question. Corrected paragraphs are left
    out (`speaker_corrections` in interviews.yaml)."""
    found = []
    for iid, transcript in checked.transcripts.items():
        corrected = {c.paragraph for c in checked.catalog.interviews[iid].speaker_corrections}
        paragraphs = transcript.paragraphs
        for before, p, after in zip(paragraphs, paragraphs[1:], paragraphs[2:], strict=False):
            if p.n in corrected:
                continue
            if p.speaker == "interviewee" and _asks(p.text) and before.speaker == "interviewee":
                if after.speaker == "interviewee" and len(after.text.split()) > 15:
                    found.append(
                        _mislabel(transcript, p, "a question under the participant's label")
                    )
            elif (
                p.speaker == "interviewer"
                and before.speaker == "interviewer"
                and _asks(before.text)
                and not _asks(p.text)
                and len(p.text.split()) > 40
            ):
                found.append(_mislabel(transcript, p, "an answer under the interviewer's label"))
    return found


def _asks(text: str) -> bool:
    return text.rstrip().endswith("?")


def _mislabel(transcript: Transcript, p: Paragraph, what: str) -> Finding:
    return Finding(transcript.path, p.line, p.n, "possible speaker mislabel", what)
