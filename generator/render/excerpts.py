"""Excerpts of an interview's public (pseudonymised) transcript: the cited answers, the question
that prompted them, the quoted words highlighted and the researchers' codes attached."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from generator import urls
from generator.matching import Marks
from generator.transcripts import Paragraph, Transcript

HEADING_OPENERS = frozenset(
    {"uh", "um", "hmm", "mm", "okay", "ok", "alright", "right", "yeah", "yes", "yep", "so"}
    | {"and", "but", "well", "great", "cool", "perfect", "thanks", "thank", "you", "i", "see"}
)
"""Words a spoken question often starts with, left out of its heading in the contents."""
QUESTION_PARAGRAPHS = 2
"""How many paragraphs of the interviewer's preceding turn are shown as the question."""


@dataclass(frozen=True)
class Citation:
    """One quote of an entry, as its interview page marks it."""

    entry: str
    """The citing entry's slug."""
    marks: Marks
    anchor: str
    """The quote's own anchor on the interview page (`q-<slug>-<k>`)."""


@dataclass(frozen=True)
class QuoteSpan:
    """The runs of one quote within one paragraph."""

    anchor: str
    entry: str
    runs: tuple[tuple[int, int], ...]
    first: bool
    """The quote starts in this paragraph (its anchor is placed here)."""


@dataclass(frozen=True)
class ShownParagraph:
    n: int
    speaker: str
    html: Markup
    codes: tuple[str, ...]
    cited_by: tuple[str, ...]
    """Slugs of the entries quoting this paragraph (empty for context paragraphs)."""
    quotes: tuple[QuoteSpan, ...] = ()
    """The quotes in this paragraph, each with its own anchor and runs."""
    text: str = ""

    @property
    def anchor(self) -> str:
        return urls.paragraph_anchor(self.n)

    @property
    def anchors(self) -> list[str]:
        """The anchors of the quotes that start in this paragraph."""
        return [q.anchor for q in self.quotes if q.first]


@dataclass(frozen=True)
class Excerpt:
    """One exchange: the question, then the cited paragraphs of the answer (None marks a gap)."""

    question: tuple[ShownParagraph, ...]
    answer: tuple[ShownParagraph | None, ...]

    @property
    def cited_by(self) -> list[str]:
        return sorted({e for p in self.answer if p for e in p.cited_by})

    @property
    def first(self) -> int:
        """Number of the excerpt's first paragraph: its heading's anchor is made from it."""
        return (self.question or tuple(p for p in self.answer if p))[0].n

    @property
    def heading(self) -> str:
        """A short title for the table of contents: the question's first words, without the
        spoken openers before them ("Okay. Um, so how do you…" → "How do you…")."""
        words = " ".join(q.text for q in self.question).split()
        while len(words) > 3 and _bare(words[0]) in HEADING_OPENERS:
            words.pop(0)
        if not words:
            return "Answer"
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def _bare(word: str) -> str:
    return word.strip(".,!?;:…-—\"'“”").lower()


def build_excerpts(transcript: Transcript, citations: list[Citation]) -> list[Excerpt]:
    """The excerpts of one transcript cited by `citations`, in interview order."""
    marks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    cited_by: dict[int, set[str]] = defaultdict(set)
    spans: dict[int, list[QuoteSpan]] = defaultdict(list)
    for citation in citations:
        runs: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for n, start, end in citation.marks:
            marks[n].append((start, end))
            cited_by[n].add(citation.entry)
            runs[n].append((start, end))
        start = min(runs, default=0)
        for n, found in runs.items():
            spans[n].append(QuoteSpan(citation.anchor, citation.entry, tuple(found), n == start))
    turns = _turns(transcript.paragraphs)
    excerpts = []
    for index, turn in enumerate(turns):
        cited = [p for p in turn if p.n in cited_by]
        if not cited:
            continue
        question: tuple[Paragraph, ...] = ()
        if index and turns[index - 1][0].speaker == "interviewer":
            question = tuple(turns[index - 1][-QUESTION_PARAGRAPHS:])
        answer: list[ShownParagraph | None] = []
        for p in cited:
            if answer and answer[-1] is not None and answer[-1].n != p.n - 1:
                answer.append(None)
            answer.append(_shown(p, marks[p.n], tuple(sorted(cited_by[p.n])), tuple(spans[p.n])))
        excerpts.append(Excerpt(tuple(_shown(q, [], ()) for q in question), tuple(answer)))
    return excerpts


def _turns(paragraphs: tuple[Paragraph, ...]) -> list[list[Paragraph]]:
    turns: list[list[Paragraph]] = []
    for p in paragraphs:
        if turns and turns[-1][0].speaker == p.speaker:
            turns[-1].append(p)
        else:
            turns.append([p])
    return turns


def _shown(
    p: Paragraph,
    marks: list[tuple[int, int]],
    cited_by: tuple[str, ...],
    quotes: tuple[QuoteSpan, ...] = (),
) -> ShownParagraph:
    return ShownParagraph(
        p.n, p.speaker, highlight(p.text, marks), p.codes, cited_by, quotes, p.text
    )


def highlight(text: str, marks: list[tuple[int, int]]) -> Markup:
    """The text as HTML with the marked spans in `<mark>`."""
    marked = bytearray(len(text))
    for start, end in marks:
        marked[start:end] = b"\x01" * (end - start)
    html, open_mark = [], False
    for is_marked, piece in _plain_pieces(text, marked, 0, len(text)):
        if is_marked != open_mark:
            html.append("<mark>" if is_marked else "</mark>")
            open_mark = is_marked
        html.append(escape(piece, quote=False))
    if open_mark:
        html.append("</mark>")
    return Markup("".join(html))


def _plain_pieces(text: str, marked: bytearray, start: int, end: int) -> list[tuple[bool, str]]:
    pieces: list[tuple[bool, str]] = []
    i = start
    while i < end:
        flag = marked[i]
        j = i
        while j < end and marked[j] == flag:
            j += 1
        pieces.append((bool(flag), text[i:j]))
        i = j
    return pieces
