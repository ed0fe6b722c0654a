"""Transcripts in the formats researchers have besides text: WebVTT captions and Word documents.

Each is turned into numbered lines of the text layout that `generator.transcripts` reads, so a
`.vtt` or `.docx` transcript gives the same paragraphs as its text equivalent, through the same
reader:

* **WebVTT** (`webvtt-py`): each cue's voice tag (`<v Interviewer 1>`, `<v.loud Interviewee>`)
  is its speaker label; consecutive cues of one voice are one paragraph, a cue without a voice
  continues the voice before it, and cue text may instead start with an inline label
  (`Interviewee: ...`). Cue timings are dropped, as timestamps are in text exports; a paragraph's
  line is the line of its first cue's timing. A voice that is not a role label (a person's name,
  as video-call tools write them) is refused: the tool cannot tell the interviewer from the
  participant, and the name is never repeated in the message.
* **Word** (`python-docx`): each paragraph of the document is a paragraph of text (a line break
  inside it joins its lines, as in a text file); empty paragraphs are blank lines. A problem's
  line is the number of the document's paragraph.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from generator.problems import Failed
from generator.transcripts import (
    _LABEL_ALONE,
    _LABEL_INLINE,
    MAX_TRANSCRIPT_BYTES,
    split_lines,
)
from generator.yaml_source import read_text

OTHER_FORMATS = (".vtt", ".docx")
"""Suffixes read by this module (everything else is read as text)."""
MAX_DOCX_UNPACKED = 64 * 1024 * 1024
"""Largest unpacked size of a Word document's parts (a transcript's are well under 1 MB)."""

NumberedLines = list[tuple[int, str]]

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>")
_TAG = re.compile(r"<[^>]*>")


def numbered_lines(path: Path, display: str) -> NumberedLines | Failed:
    """The lines of a `.vtt` or `.docx` transcript in the text layout, with the line (or
    paragraph) of the file each comes from."""
    if path.suffix.lower() == ".docx":
        return docx_lines(path, display)
    text = read_text(path, display, MAX_TRANSCRIPT_BYTES)
    if isinstance(text, Failed):
        return text
    return vtt_lines(text, display)


def as_text(path: Path, display: str) -> str | Failed:
    """A transcript file as text in the layout of the text exports (for `catalog pseudonymise`,
    which writes every public transcript as text)."""
    if path.suffix.lower() not in OTHER_FORMATS:
        return read_text(path, display, MAX_TRANSCRIPT_BYTES)
    lines = numbered_lines(path, display)
    if isinstance(lines, Failed):
        return lines
    return "\n".join(line for _, line in lines) + "\n"


def vtt_lines(text: str, display: str) -> NumberedLines | Failed:
    """WebVTT captions as labelled paragraphs, one per run of cues of one voice."""
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        return Failed.at(display, 1, f"not a WebVTT file the reader understands: {error}")
    timings = [n for n, line in enumerate(split_lines(text), 1) if "-->" in line]
    if not captions:
        return Failed.at(display, 1, "the WebVTT file has no cues")
    out: NumberedLines = []
    voice: str | None = None
    for caption, number in zip(captions, timings, strict=False):
        for raw in caption.lines:
            found = _VOICE.search(raw)
            words = html.unescape(_TAG.sub("", raw)).strip()
            if found is not None:
                name = (found["name"] or "").strip()
                if not _LABEL_ALONE.match(name):
                    return _indistinct(display, number, "the voice of this cue is not a role label")
                if name != voice:
                    out += [(number, ""), (number, name)]
                    voice = name
            elif voice is None and _LABEL_INLINE.match(words):
                out.append((number, ""))  # a cue opening with its own label: a new turn
            if words:
                out.append((number, words))
    if voice is None and not any(_LABEL_INLINE.match(line) for _, line in out):
        return _indistinct(display, timings[0] if timings else 1, "no cue has a voice tag")
    return out


def _indistinct(display: str, line: int, why: str) -> Failed:
    return Failed.at(
        display,
        line,
        f"the speakers cannot be told apart: {why} (such as <v Interviewer 1> or <v Interviewee>)",
        "name each voice by its role in the private copy of the file (a person's name is never "
        "shown here), or start each cue with 'Interviewer 1:' or 'Interviewee:'",
    )


def docx_lines(path: Path, display: str) -> NumberedLines | Failed:
    """A Word document's paragraphs, each followed by a blank line."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_DOCX_UNPACKED:
            return Failed.at(
                display, 0, f"the document unpacks to {unpacked:,} bytes, over the limit"
            )
        document = Document(str(path))
    except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        return Failed.at(display, 0, "not a Word document (.docx) the reader can open")
    out: NumberedLines = []
    for number, paragraph in enumerate(document.paragraphs, 1):
        out += [(number, line) for line in split_lines(paragraph.text)]
        out.append((number, ""))
    if not any(line.strip() for _, line in out):
        return Failed.at(display, 0, "transcript is empty")
    return out
