"""Find catalog quotes in transcripts.

A quote matches when its words, in order, are the speaker's words: case, punctuation, white space
and fillers (uh, um, mm-hmm and their spellings) are ignored. In the quote, `...`, `…` or `[...]`
marks an omission (any number of words of the same answer) and `[words]` an editorial insertion,
which may stand for up to `MAX_REPLACED_WORDS` of the speaker's words. A quote never spans two
speakers' turns.

Each transcript is tokenised once into a `TranscriptIndex`; a quote is located through the
positions of its rarest word instead of scanning the transcript.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from sys import intern

from generator.transcripts import Speaker, Transcript

FILLERS = frozenset(
    {"uh", "uhh", "um", "umm", "uhm", "mm", "mmm", "hmm", "hm", "mhm", "huh", "er", "erm"}
)
MAX_REPLACED_WORDS = 4
"""How many of the speaker's words one `[insertion]` may stand for."""

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_MARKER = re.compile(r"\[\s*(?:\.\.\.|\u2026)\s*\]|\.{3,}|\u2026|\[[^\[\]]*\]|[\[\]]")


def normalise(word: str) -> str:
    """The comparable form of a word: case-folded, accents and apostrophes removed."""
    if word.isascii():
        return word.lower().replace("'", "")
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c) and c not in "'\u2019")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(comparable word, start, end) of each word of a text, fillers dropped."""
    if text.isascii():
        lowered = text.lower()
        found = [(m.group().replace("'", ""), m.start(), m.end()) for m in _WORD.finditer(lowered)]
    else:
        found = [(normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
    return [t for t in found if t[0] not in FILLERS]


_PLAIN_WORD = re.compile(r"[^\W_]+")


def _fast_words(text: str) -> list[str]:
    """`words` for ASCII text, in a few C-level passes: apostrophes only join words, so
    removing them first gives the same words as `tokens`."""
    return [w for w in _PLAIN_WORD.findall(text.lower().replace("'", "")) if w not in FILLERS]


def words(text: str) -> list[str]:
    """The comparable words of a text, fillers dropped."""
    if text.isascii():
        return _fast_words(text)
    return [word for word, _, _ in tokens(text)]


class QuoteSyntaxError(ValueError):
    """The quote's own markup is wrong (unbalanced brackets, nothing but markers)."""


@dataclass(frozen=True)
class Segment:
    """A run of the speaker's words, and what may stand between it and the previous run."""

    words: tuple[str, ...]
    omission_before: bool
    replaced_before: int
    """Words an insertion before this run may stand for (0 when there is none)."""


def parse_quote(text: str) -> list[Segment]:
    """Split a quote into runs of words at its omission and insertion markers."""
    segments: list[Segment] = []
    omission, replaced, pos = False, 0, 0
    for marker in [*_MARKER.finditer(text), None]:
        piece = text[pos : marker.start() if marker else len(text)]
        found = tuple(words(piece))
        if found:
            segments.append(Segment(found, omission and bool(segments), replaced))
            omission, replaced = False, 0
        if marker is None:
            break
        token = marker.group()
        if token in ("[", "]"):
            raise QuoteSyntaxError(f"unbalanced '{token}' in quote")
        if token.startswith("[") and not re.fullmatch(r"\[\s*(?:\.\.\.|\u2026)\s*\]", token):
            replaced += MAX_REPLACED_WORDS
        else:
            omission = True
        pos = marker.end()
    if not segments:
        raise QuoteSyntaxError("quote has no words of the speaker (only fillers or markers)")
    return segments


Marks = tuple[tuple[int, int, int], ...]
"""(paragraph number, start, end) of each run of quoted words in the paragraph's text."""


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found, as plain data (it is cached between runs)."""

    interview: str
    paragraphs: tuple[int, ...]
    speakers: frozenset[Speaker]
    runs: tuple[tuple[int, int], ...]
    """(first token, number of tokens) of each run of quoted words in the transcript."""
    joined: tuple[bool, ...]
    """Per run: True when an insertion, not an omission, separates it from the run before (the
    words the insertion stands for are then highlighted with their neighbours)."""


@dataclass(frozen=True)
class NearMiss:
    """The passage most like a quote that was not found, to show the contributor."""

    paragraph: int
    passage: str
    difference: str


class TranscriptIndex:
    """A transcript's words, positions and turns, built once and shared by all its quotes."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        words_: list[str] = []
        paragraph_of: list[int] = []
        turn_end: list[int] = []  # per token: index of the last token of its turn
        self.first_token: dict[int, int] = {}  # paragraph number → index of its first token
        turn_start, previous = 0, None
        for paragraph in transcript.paragraphs:
            if previous is not None and paragraph.speaker != previous:
                turn_end.extend([len(words_) - 1] * (len(words_) - turn_start))
                turn_start = len(words_)
            previous = paragraph.speaker
            self.first_token[paragraph.n] = len(words_)
            found = [intern(w) for w in words(paragraph.text)]
            words_.extend(found)
            paragraph_of.extend([paragraph.n] * len(found))
        turn_end.extend([len(words_) - 1] * (len(words_) - turn_start))
        positions: dict[str, list[int]] = defaultdict(list)
        for position, word in enumerate(words_):
            positions[word].append(position)
        # Compact forms: an index is cached on disk and loaded by every run, so it should
        # unpickle fast (interned words are stored once, integer arrays as bytes).
        self.words = words_
        self.paragraph_of = array("I", paragraph_of)
        self.turn_end = array("i", turn_end)
        self.positions = {word: array("I", where) for word, where in positions.items()}
        self.counts = {word: len(where) for word, where in positions.items()}
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def span(self, token: int) -> tuple[int, int]:
        """Character span of a token in its paragraph's text (computed when first needed)."""
        n = self.paragraph_of[token]
        if n not in self._spans:
            self._spans[n] = [(a, b) for _, a, b in tokens(self.transcript.paragraph(n).text)]
        return self._spans[n][token - self.first_token[n]]

    def _count(self, n: int) -> int:
        """Number of tokens of paragraph `n`."""
        following = self.first_token.get(n + 1, len(self.words))
        return following - self.first_token[n]

    def find(self, segments: list[Segment]) -> QuoteMatch | None:
        """The first place where the segments occur in order within one turn, if any."""
        for start in self._starts(segments[0].words, 0, len(self.words)):
            hit = self._rest(segments, 1, start + len(segments[0].words), self.turn_end[start])
            if hit is not None:
                return self._match(segments, [(start, len(segments[0].words)), *hit])
        return None

    def _rest(
        self, segments: list[Segment], i: int, after: int, turn_end: int
    ) -> list[tuple[int, int]] | None:
        if after - 1 > turn_end:
            return None
        if i == len(segments):
            return []
        segment = segments[i]
        last_start = turn_end - len(segment.words) + 1
        if not segment.omission_before:
            last_start = min(last_start, after + segment.replaced_before)
        for start in self._starts(segment.words, after, last_start + 1):
            hit = self._rest(segments, i + 1, start + len(segment.words), turn_end)
            if hit is not None:
                return [(start, len(segment.words)), *hit]
        return None

    def _starts(self, run: tuple[str, ...], low: int, high: int) -> list[int]:
        """Token positions in [low, high) where `run` starts."""
        try:  # the rarest word of the run, with C-level calls only: this runs per segment
            rarest = min(run, key=self.counts.__getitem__)
        except KeyError:
            return []  # a word the transcript never has
        offset = run.index(rarest)
        where = self.positions[rarest]  # present: its count was found
        first = bisect_left(where, low + offset)
        found = []
        size = len(run)
        for position in where[first:]:
            start = position - offset
            if start >= high:
                break
            if tuple(self.words[start : start + size]) == run:
                found.append(start)
        return found

    def _match(self, segments: list[Segment], runs: list[tuple[int, int]]) -> QuoteMatch:
        paragraphs = tuple(
            dict.fromkeys(
                self.paragraph_of[t] for start, size in runs for t in (start, start + size - 1)
            )
        )
        speakers = frozenset(self.transcript.paragraph(n).speaker for n in paragraphs)
        joined = tuple(not s.omission_before for s in segments)
        return QuoteMatch(self.transcript.id, paragraphs, speakers, tuple(runs), joined)

    def marks(self, match: QuoteMatch) -> Marks:
        """Character spans of the quoted words of `match` (made by this index)."""
        marks: list[tuple[int, int, int]] = []
        for joined, (start, size) in zip(match.joined, match.runs, strict=True):
            joined = joined and bool(marks)
            first = start
            while first < start + size:  # one piece per paragraph the run crosses
                n = self.paragraph_of[first]
                last = min(start + size, self.first_token[n] + self._count(n)) - 1
                begin, end = self.span(first)[0], self.span(last)[1]
                if marks and marks[-1][0] == n and (first != start or joined):
                    marks[-1] = (n, marks[-1][1], end)
                else:
                    marks.append((n, begin, end))
                first = last + 1
        return tuple(marks)

    def closest(self, segments: list[Segment]) -> NearMiss:
        """The passage of the transcript most like the quote, and where they first differ."""
        wanted = [w for s in segments for w in s.words]
        gaps = set()  # positions in `wanted` where an omission or insertion allows extra words
        position = 0
        for segment in segments:
            if segment.omission_before or segment.replaced_before:
                gaps.add(position)
            position += len(segment.words)
        size = min(len(wanted) + sum(s.replaced_before for s in segments), len(self.words))
        starts = self._best_windows(wanted, size)
        best_ratio, best = -1.0, (0, 0)
        for start in starts:
            matcher = difflib.SequenceMatcher(
                a=wanted, b=self.words[start : start + size], autojunk=False
            )
            blocks = [b for b in matcher.get_matching_blocks() if b.size]
            if blocks and matcher.ratio() > best_ratio:
                best_ratio = matcher.ratio()
                # align the passage with the whole quote, unmatched ends included
                before = blocks[0].a
                after = len(wanted) - blocks[-1].a - blocks[-1].size
                first = max(0, start + blocks[0].b - before)
                last = min(len(self.words), start + blocks[-1].b + blocks[-1].size + after)
                best = (first, last)
        first, last = best
        if last <= first:
            first, last = 0, min(size, len(self.words))
        passage_words = self.words[first:last]
        n = self.paragraph_of[first]
        end = max(self.span(t)[1] for t in range(first, last) if self.paragraph_of[t] == n)
        passage = self.transcript.paragraph(n).text[self.span(first)[0] : end]
        return NearMiss(n, passage, _first_difference(wanted, passage_words, gaps))

    def _best_windows(self, wanted: list[str], size: int, keep: int = 20) -> list[int]:
        """Starts of the windows of `size` words sharing most words with `wanted`."""
        need = Counter(wanted)
        have = Counter(self.words[:size])
        score = sum((have & need).values())
        scores = [score]
        for start in range(1, len(self.words) - size + 1):
            out, new = self.words[start - 1], self.words[start + size - 1]
            if out != new:
                score -= have[out] <= need[out]
                have[out] -= 1
                have[new] += 1
                score += have[new] <= need[new]
            scores.append(score)
        top = max(scores)
        return [i for i, value in enumerate(scores) if value >= top - 1][:keep]


def _first_difference(quote: list[str], passage: list[str], gaps: set[int]) -> str:
    matcher = difflib.SequenceMatcher(a=quote, b=passage, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "insert" and a1 in gaps):
            continue
        said = " ".join(quote[a1:a2][:6]) or "nothing"
        heard = " ".join(passage[b1:b2][:6]) or "nothing"
        return f"the quote has '{said}' where the transcript has '{heard}'"
    return "the words are there, but not within one answer of one speaker"
