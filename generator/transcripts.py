"""Read interview transcripts (Delve exports and the usual variants) into numbered paragraphs.

Recognised layout, line by line:

* a header `Interview 7 - <coder>` (optionally a Markdown heading): gives the id, the coder's name
  is dropped and never published;
* a speaker label on its own line (`Interviewer1`, `Interviewer 2`, `Interviewee`, `Participant`,
  with or without `**bold**` or `### heading` markup, an optional trailing colon and timestamp);
* an inline label (`Interviewee: No.`, `**Interviewer 1:** text`, `[00:19:00] Interviewee: text`);
* timestamps such as `[00:19:00]` or `(01:02)`, alone or at the start of a line: dropped;
* researchers' code lines (`Data-missing-values`) after a paragraph: codes of that paragraph;
* the tool's footer (`Created with the Delve ...`) and `---` rules: dropped;
* any other text: speech. Lines separated by a blank line are separate paragraphs; a paragraph
  with no label continues the previous speaker;
* text before the first label (a stray `All right.` opening the file): kept as an unlabelled
  opening paragraph attributed to the interviewer (so it is never quoted as a participant's
  words), with a warning; a file with no label at all is refused.

Labels may carry a number and spaces before the colon (`Interviewee1 : text`, `Interviewer 2 :`),
and paragraphs in another language (`Interviewer1 : OK donc en gros...`) are kept as they are:
French hyphenated words alone on a line (`Peut-etre`, `Rendez-vous`) are not taken for codes.

WebVTT captions (`.vtt`) and Word documents (`.docx`) are read by `generator.transcript_formats`
into numbered lines of the same layout and go through the same reader.

Paragraphs are numbered from 1 in file order; codes never shift the numbering.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.problems import Failed, Problem
from generator.yaml_source import read_text

MAX_TRANSCRIPT_BYTES = 4 * 1024 * 1024
"""Largest transcript accepted (the study's are about 45 kB)."""

Speaker = Literal["interviewer", "interviewee"]

_ROLES: dict[str, Speaker] = {
    "interviewer": "interviewer",
    "moderator": "interviewer",
    "researcher": "interviewer",
    "interviewee": "interviewee",
    "participant": "interviewee",
    "respondent": "interviewee",
}
_INLINE_ONLY_ROLES: dict[str, Speaker] = {"q": "interviewer", "a": "interviewee"}
_TIME = r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?[\])]?"
_ROLE = r"(?P<role>" + "|".join(_ROLES) + r")(?:\s*(?P<num>\d{1,3}))?"
_WRAP_OPEN = r"(?:#{1,6}\s*)?(?:\*\*|__|\*|_)?"
_WRAP_CLOSE = r"(?:\*\*|__|\*|_)?"
_LABEL_ALONE = re.compile(
    rf"^{_WRAP_OPEN}\s*(?:{_TIME}\s*)?{_ROLE}\s*(?:{_TIME})?\s*:?\s*{_WRAP_CLOSE}\s*:?\s*(?:{_TIME})?\s*$",
    re.IGNORECASE,
)
_LABEL_INLINE = re.compile(
    rf"^{_WRAP_OPEN}\s*(?:{_TIME}\s*)?(?:{_ROLE}|(?P<short>[QA]))\s*(?:{_TIME})?\s*"
    rf"(?::\s*{_WRAP_CLOSE}|{_WRAP_CLOSE}\s*:)\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_TIMESTAMP_ALONE = re.compile(rf"^\s*{_TIME}\s*$")
_LEADING_TIMESTAMP = re.compile(rf"^\s*{_TIME}\s+")
HEADER = re.compile(r"^(?:#{1,6}\s*)?Interview\s+(?P<num>\d+)\b.*$", re.IGNORECASE)
PSEUDONYMISED_MARK = (
    "Pseudonymised transcript: names of people, organisations and places and identifying "
    "details are replaced by tags in brackets (made by catalog pseudonymise)."
)
"""First line of every public transcript (the reader skips it)."""
_FOOTER = re.compile(r"^\s*Created with the Delve\b", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$")
_NOT_CODES = frozenset(
    {"mm-hmm", "mhm-hmm", "uh-huh", "uh-oh", "hmm-mm", "bye-bye", "mm-mm", "so-so", "follow-up"}
    # French words and replies that may stand alone on a line, written without their accents
    | {"est-ce", "peut-etre", "rendez-vous", "vis-a-vis", "au-dela", "celui-ci", "celle-ci"}
    | {"ceux-ci", "celui-la", "celle-la", "vas-y", "allez-y", "dis-moi", "dites-moi", "c-a-d"}
    | {"grand-chose", "quelques-uns", "peut-etre-pas", "voila-voila", "au-dessus", "au-dessous"}
)
MAX_OPENING_PARAGRAPHS = 3
"""Unlabelled paragraphs accepted before the first label; more means the file has no labels."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of speech, with the researchers' codes attached to it."""

    n: int
    """Stable 1-based number, in file order (the site's anchors are made from it)."""
    speaker: Speaker
    text: str
    codes: tuple[str, ...] = ()
    line: int = 0
    """Line of the transcript file where the paragraph starts (for a `.docx`, the number of
    the document's paragraph)."""
    labelled: bool = True
    """False for text before the first speaker label (attributed to the interviewer)."""


@dataclass(frozen=True)
class Transcript:
    """A transcript as the rest of the pipeline sees it: an id and numbered paragraphs."""

    id: str
    path: str
    paragraphs: tuple[Paragraph, ...]
    pseudonymised: bool = False
    """The file is a public transcript made by `catalog pseudonymise` (its first line says so)."""
    warnings: tuple[Problem, ...] = ()
    """What the reader accepted but a person should look at (an unlabelled opening)."""

    def paragraph(self, n: int) -> Paragraph:
        return self.paragraphs[n - 1]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "paragraphs": [
                {
                    "n": p.n,
                    "speaker": p.speaker,
                    "text": p.text,
                    "codes": list(p.codes),
                    **({} if p.labelled else {"labelled": False}),
                }
                for p in self.paragraphs
            ],
        }


@dataclass
class _Draft:
    speaker: Speaker
    line: int
    lines: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    labelled: bool = True


def speech_span(line: str) -> tuple[int, int] | None:
    """Where the speaker's words are in a raw line: all of it, the part after an inline label,
    or None for a line of structure (a label, a code, a timestamp, the footer). A header counts
    as words: an export's header may name its coder."""
    stripped = line.strip()
    if not stripped or stripped == PSEUDONYMISED_MARK:
        return None
    offset = len(line) - len(line.lstrip())
    structural = (
        _LABEL_ALONE.match(stripped)
        or _FOOTER.match(stripped)
        or _RULE.match(stripped)
        or _TIMESTAMP_ALONE.match(stripped)
        or (_CODE.match(stripped) and stripped.lower() not in _NOT_CODES)
    )
    if structural:
        return None
    inline = _LABEL_INLINE.match(stripped)
    start = offset + (inline.start("rest") if inline else 0)
    return start, offset + len(stripped)


def read_transcript(path: Path, display: str) -> Transcript | Failed:
    """Read and parse one transcript file: text, or WebVTT (`.vtt`) and Word (`.docx`)."""
    from generator.transcript_formats import OTHER_FORMATS, numbered_lines

    if path.suffix.lower() in OTHER_FORMATS:
        lines = numbered_lines(path, display)
        if isinstance(lines, Failed):
            return lines
        return parse_lines(lines, display, default_id=path.stem)
    text = read_text(path, display, MAX_TRANSCRIPT_BYTES)
    if isinstance(text, Failed):
        return text
    return parse_transcript(text, display, default_id=path.stem)


def split_lines(text: str) -> list[str]:
    """The lines of a text, whatever its line endings (CRLF, CR or LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_transcript(text: str, display: str, default_id: str = "") -> Transcript | Failed:
    """Parse transcript text; `default_id` names it when the text has no `Interview N` header."""
    if not text.strip():
        return Failed.at(display, 0, "transcript is empty")
    return parse_lines(enumerate(split_lines(text), 1), display, default_id)


def parse_lines(
    lines: Iterable[tuple[int, str]], display: str, default_id: str = ""
) -> Transcript | Failed:
    """Parse numbered lines (the line numbers are those reported in problems)."""
    reader = _Reader(display)
    for number, raw in lines:
        problem = reader.feed(number, raw.strip())
        if problem is not None:
            return Failed((problem,))
    return reader.finish(default_id)


class _Reader:
    """Reads a transcript line by line into paragraph drafts."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.drafts: list[_Draft] = []
        self.transcript_id = ""
        self.speaker: Speaker | None = None
        self.current: _Draft | None = None  # the open paragraph, None after a blank line
        self.seen_labels = False
        self.pseudonymised = False
        self.opening_line = 0
        """Line of the first text before any label (0 when the file opens with a label)."""

    def feed(self, number: int, line: str) -> Problem | None:
        """Take one stripped line; a problem when the text cannot be read."""
        if not line or _RULE.match(line) or _TIMESTAMP_ALONE.match(line) or _FOOTER.match(line):
            self.current = None
            return None
        if self._header(line):
            return None
        if bad := _control_character(line):
            return Problem(
                self.display,
                number,
                f"control character U+{ord(bad):04X} in transcript",
                "delete the character",
            )
        if m := _LABEL_ALONE.match(line):
            self.speaker, self.current, self.seen_labels = _role(m), None, True
            return None
        if m := _LABEL_INLINE.match(line):
            self.speaker, self.seen_labels = _role(m), True
            self._open(number, m["rest"])
            return None
        if self.current is None and _CODE.match(line) and line.lower() not in _NOT_CODES:
            return self._code(number, line)
        return self._speech(number, _LEADING_TIMESTAMP.sub("", line))

    def _header(self, line: str) -> bool:
        if self.drafts or self.seen_labels or self.transcript_id:
            return False
        if line == PSEUDONYMISED_MARK:
            self.pseudonymised = True
            return True
        m = HEADER.match(line)
        if m:
            self.transcript_id = f"I{int(m['num'])}"
        return m is not None

    def _open(self, number: int, text: str) -> None:
        speaker: Speaker = self.speaker or "interviewer"
        self.current = _Draft(speaker, number, [text], labelled=self.speaker is not None)
        self.drafts.append(self.current)

    def finish(self, default_id: str) -> Transcript | Failed:
        """The transcript read so far, or why it cannot be used."""
        opening = sum(not d.labelled for d in self.drafts)
        if self.opening_line and (not self.seen_labels or opening > MAX_OPENING_PARAGRAPHS):
            return Failed.at(
                self.display,
                self.opening_line,
                "no speaker label recognised before this text",
                "start each turn with a label such as 'Interviewer 1' or 'Interviewee:' "
                "on its own line or before the words",
            )
        if not self.drafts:
            return Failed.at(
                self.display,
                0,
                "no speech found: the transcript has no paragraphs after its labels",
            )
        paragraphs = tuple(
            Paragraph(
                i, d.speaker, " ".join(d.lines), tuple(dict.fromkeys(d.codes)), d.line, d.labelled
            )
            for i, d in enumerate(self.drafts, 1)
        )
        warnings: tuple[Problem, ...] = ()
        if opening:
            warnings = (
                Problem(
                    self.display,
                    self.opening_line,
                    f"text before the first speaker label: read as {opening} unlabelled opening "
                    "paragraph(s), attributed to the interviewer",
                    "if the participant says it, add a speaker_corrections item in "
                    "catalog_src/interviews.yaml; never edit the transcript",
                    severity="warning",
                ),
            )
        return Transcript(
            self.transcript_id or default_id,
            self.display,
            paragraphs,
            self.pseudonymised,
            warnings,
        )

    def _code(self, number: int, line: str) -> Problem | None:
        if not self.drafts:
            return Problem(
                self.display,
                number,
                f"code '{line}' comes before any paragraph",
                "codes follow the paragraph they code",
            )
        self.drafts[-1].codes.append(line)
        return None

    def _speech(self, number: int, line: str) -> Problem | None:
        if self.current is not None:
            self.current.lines.append(line)
            return None
        if self.speaker is None and not self.opening_line:
            self.opening_line = number
        self._open(number, line)
        return None


def _role(match: re.Match[str]) -> Speaker:
    groups = match.groupdict()
    if groups.get("short"):
        return _INLINE_ONLY_ROLES[groups["short"].lower()]
    return _ROLES[groups["role"].lower()]


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _control_character(line: str) -> str | None:
    found = _CONTROL.search(line)
    return found.group() if found else None
