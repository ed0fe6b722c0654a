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


@pytest.mark.parametrize(
    "quote",
    [
        "the main one is missing values",  # fillers dropped from the transcript
        "THE MAIN ONE IS, UH, MISSING VALUES!",  # case, punctuation, fillers in the quote
        "the   main\none is missing-values",  # white space and hyphens
        "Half of the sensor readings ... drop whole weeks",  # omission
        "Half of the sensor readings […] drop whole weeks",  # bracketed omission
        "Half of the sensor readings … drop whole weeks",  # ellipsis character
        "[The] sensor readings were empty",  # pure insertion
        "so [the team] had to drop whole weeks",  # insertion standing for one word ('we')
        "drop whole weeks. And the labels were noisy too",  # two paragraphs of one answer
        "missing values ... because three teams labelled",  # omission across paragraphs of one turn
    ],
)
def test_accepted(index: TranscriptIndex, quote: str) -> None:
    assert find(index, quote) is not None


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
    assert find(index, "Half of [it] empty") is not None  # stands for four
    assert (
        find(index, "so [the team and all its people] had to drop") is not None
    )  # long text, one word


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
