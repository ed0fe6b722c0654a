"""The quote matcher: what it forgives (case, punctuation, fillers, marked omissions and
insertions) and what it never accepts (a changed word, words across two speakers)."""

from __future__ import annotations

import re

import pytest

from generator.matching import QuoteSyntaxError, TranscriptIndex, parse_quote
from generator.transcripts import parse_transcript

TEXT = """Interviewer 1

What went wrong with the data?

Interviewee

Um, the main one is, uh, missing values. Half of the sensor readings were empty, so we had to drop whole weeks.

Interviewee

And the labels were noisy too, mm-hmm, because three teams labelled with different rules.

Interviewer 1

I see. And the model?

Interviewee

The model was fine.
"""


@pytest.fixture(scope="module")
def index() -> TranscriptIndex:
    return TranscriptIndex(parse_transcript(TEXT, "t.txt", "I1"))


def find(index: TranscriptIndex, quote: str):
    return index.find(parse_quote(quote))


def marked(index: TranscriptIndex, quote: str) -> list[tuple[int, str]]:
    """(paragraph, text) of each run of words the quote was matched to."""
    match = find(index, quote)
    assert match is not None, quote
    return [(n, index.transcript.paragraph(n).text[a:b]) for n, a, b in index.marks(match)]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("the main one is missing values", [(2, "the main one is, uh, missing values")]),
        ("THE MAIN ONE IS, UH, MISSING VALUES!", [(2, "the main one is, uh, missing values")]),
        ("the   main\none is missing-values", [(2, "the main one is, uh, missing values")]),
        (
            "Half of the sensor readings ... drop whole weeks",
            [(2, "Half of the sensor readings"), (2, "drop whole weeks")],
        ),
        (
            "Half of the sensor readings […] drop whole weeks",
            [(2, "Half of the sensor readings"), (2, "drop whole weeks")],
        ),
        (
            "Half of the sensor readings … drop whole weeks",
            [(2, "Half of the sensor readings"), (2, "drop whole weeks")],
        ),
        ("[The] sensor readings were empty", [(2, "sensor readings were empty")]),
        # an insertion standing for the speaker's word 'we' is highlighted with its neighbours
        ("so [the team] had to drop whole weeks", [(2, "so we had to drop whole weeks")]),
        (
            "drop whole weeks. And the labels were noisy too",
            [(2, "drop whole weeks"), (3, "And the labels were noisy too")],
        ),
        (
            "missing values ... because three teams labelled",
            [(2, "missing values"), (3, "because three teams labelled")],
        ),
    ],
)
def test_accepted(index: TranscriptIndex, quote: str, expected: list[tuple[int, str]]) -> None:
    assert marked(index, quote) == expected


@pytest.mark.parametrize(
    "quote",
    [
        "Half of the sensor readings were missing",  # a changed word
        "Half of the sensor readings were empty so we dropped whole weeks",  # a rephrasing
        "the main one is the missing values",  # an added word
        "weeks ... the model was fine",  # omission across a speaker change
        "missing values were empty",  # words from different places, no omission marker
    ],
)
def test_refused(index: TranscriptIndex, quote: str) -> None:
    assert find(index, quote) is None


def test_insertion_stands_for_at_most_four_words(index: TranscriptIndex) -> None:
    assert find(index, "Half [it] empty") is None  # would stand for five words
    assert marked(index, "Half of [it] empty") == [
        (2, "Half of the sensor readings were empty")  # [it] stands for four words
    ]
    assert marked(index, "so [the team and all its people] had to drop") == [
        (2, "so we had to drop")  # a long insertion standing for one word
    ]


def test_match_locates_paragraphs_and_quoted_spans(index: TranscriptIndex) -> None:
    match = find(index, "Half of the sensor readings ... drop whole weeks")
    assert match is not None
    assert match.paragraphs == (2,)
    text = index.transcript.paragraph(2).text
    assert [text[s:e] for _, s, e in index.marks(match)] == [
        "Half of the sensor readings",
        "drop whole weeks",
    ]
    assert match.speakers == {"interviewee"}


def test_match_across_paragraphs_marks_both(index: TranscriptIndex) -> None:
    match = find(index, "drop whole weeks. And the labels were noisy too")
    assert match is not None
    assert match.paragraphs == (2, 3)
    assert [n for n, _, _ in index.marks(match)] == [2, 3]


def test_interviewer_words_are_found_but_flagged(index: TranscriptIndex) -> None:
    match = find(index, "What went wrong with the data?")
    assert match is not None and match.speakers == {"interviewer"}


def test_near_miss_points_at_the_changed_word(index: TranscriptIndex) -> None:
    segments = parse_quote("Half of the sensor readings were missing, so we had to drop")
    assert index.find(segments) is None
    miss = index.closest(segments)
    assert miss.paragraph == 2
    assert miss.passage == "Half of the sensor readings were empty, so we had to drop"
    assert miss.difference == "the quote has 'missing' where the transcript has 'empty'"


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("Half of the [sensor readings", "unbalanced '[' in quote"),
        ("Half of the sensor] readings", "unbalanced ']' in quote"),
        ("uh, um... mm-hmm", "quote has no words of the speaker (only fillers or markers)"),
        ("[...]", "quote has no words of the speaker (only fillers or markers)"),
    ],
)
def test_malformed_quotes(quote: str, message: str) -> None:
    with pytest.raises(QuoteSyntaxError, match=re.escape(message)):
        parse_quote(quote)
