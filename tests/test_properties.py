"""Property-based tests (hypothesis) for the transcript reader and the quote matcher."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from generator.matching import FILLERS, TranscriptIndex, parse_quote
from generator.matching import words as words_of
from generator.problems import Failed
from generator.transcripts import parse_transcript

# ---- the reader -----------------------------------------------------------------------------

LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "Interviewee",
            "**Interviewer 1**",
            "### Interviewee",
            "Interviewer: hi",
            "Participant 2: so",
            "Data-missing-values",
            "[00:01:02]",
            "(12:30)",
            "---",
            "Interview 7 - Someone",
            "Created with the Delve Qualitative Analysis Tool",
            "",
            "Mm-hmm",
            "\t",
            "Q: why?",
            "A: because",
        ]
    ),
)


@given(st.one_of(st.text(max_size=400), st.lists(LINE, max_size=30).map("\n".join)))
def test_any_text_gives_paragraphs_or_a_clear_error(text: str) -> None:
    transcript = parse_transcript(text, "t.txt", "I1")
    if isinstance(transcript, Failed):
        assert transcript.problems
        assert all(p.path == "t.txt" and p.message for p in transcript.problems)
        return
    assert [p.n for p in transcript.paragraphs] == list(range(1, len(transcript.paragraphs) + 1))
    for p in transcript.paragraphs:
        assert p.speaker in ("interviewer", "interviewee")
        assert p.text.strip() == p.text and p.text
        assert "\n" not in p.text


WORD = st.from_regex(r"[a-z]{2,9}", fullmatch=True).filter(lambda w: w not in FILLERS)
SENTENCE = st.lists(WORD, min_size=2, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
CODE = st.from_regex(r"[A-Z][a-z]{1,6}(-[a-z]{2,8}){1,3}", fullmatch=True)
PARAGRAPH = st.tuples(
    st.sampled_from(["interviewer", "interviewee"]),
    SENTENCE,
    st.lists(CODE, max_size=2, unique=True),
)
LAYOUTS = ["plain", "numbered", "bold", "heading", "inline"]


def render(paragraphs: list[tuple[str, str, list[str]]], layout: str) -> str:
    """A transcript in one of the layouts the reader supports (labels before every paragraph)."""
    label = {"interviewer": "Interviewer", "interviewee": "Interviewee"}
    lines = ["Interview 9 - Coder", ""]
    for speaker, text, codes in paragraphs:
        name = label[speaker] + (" 1" if layout == "numbered" and speaker == "interviewer" else "")
        if layout == "inline":
            lines += [f"{name}: {text}", ""]
        else:
            shown = {"bold": f"**{name}**", "heading": f"### {name}"}.get(layout, name)
            lines += [shown, "", text, ""]
        for code in codes:
            lines += [code, ""]
    lines.append("Created with the Delve Qualitative Analysis Tool (<http://www.delvetool.com>)")
    return "\n".join(lines)


@given(st.lists(PARAGRAPH, min_size=1, max_size=8), st.sampled_from(LAYOUTS))
def test_generated_transcripts_round_trip_in_every_layout(paragraphs, layout: str) -> None:
    transcript = parse_transcript(render(paragraphs, layout), "t.txt")
    assert transcript.id == "I9"
    assert [(p.speaker, p.text, list(p.codes)) for p in transcript.paragraphs] == paragraphs


# ---- the matcher ----------------------------------------------------------------------------

TRANSCRIPT = st.lists(st.lists(WORD, min_size=6, max_size=30), min_size=1, max_size=6)


def build(paragraph_words: list[list[str]]) -> TranscriptIndex:
    text = "\n\n".join(f"Interviewee\n\n{' '.join(words)}." for words in paragraph_words)
    return TranscriptIndex(parse_transcript(text, "t.txt", "I1"))


def disguise(words: list[str], data: st.DataObject) -> str:
    """The same words with fillers, case, spacing and punctuation changed."""
    out = []
    for word in words:
        if data.draw(st.booleans()):
            out.append(data.draw(st.sampled_from(["uh, ", "um ", "mm-hmm, ", "Uh, "])))
        out.append(word.upper() if data.draw(st.booleans()) else word)
        out.append(data.draw(st.sampled_from([" ", "  ", ", ", "; ", " \n", "! "])))
    return "".join(out).strip()


@given(TRANSCRIPT, st.data())
def test_a_quote_cut_from_a_transcript_is_always_found(paragraph_words, data) -> None:
    index = build(paragraph_words)
    words = data.draw(st.sampled_from(paragraph_words))
    start = data.draw(st.integers(0, len(words) - 2))
    end = data.draw(st.integers(start + 2, len(words)))
    quote = disguise(words[start:end], data)
    match = index.find(parse_quote(quote))
    assert match is not None, quote
    quoted = " ".join(index.transcript.paragraph(n).text[a:b] for n, a, b in index.marks(match))
    assert words_of(quoted) == list(words[start:end]), quote


@given(TRANSCRIPT, st.data())
def test_a_changed_word_is_never_accepted(paragraph_words, data) -> None:
    index = build(paragraph_words)
    words = list(data.draw(st.sampled_from(paragraph_words)))
    start = data.draw(st.integers(0, len(words) - 2))
    end = data.draw(st.integers(start + 2, len(words)))
    cut = words[start:end]
    position = data.draw(st.integers(0, len(cut) - 1))
    vocabulary = {w for ws in paragraph_words for w in ws}
    replacement = data.draw(WORD)
    assume(replacement not in vocabulary)
    cut[position] = replacement
    assert index.find(parse_quote(disguise(cut, data))) is None


@given(TRANSCRIPT, st.data())
def test_an_omission_between_two_cut_pieces_is_found(paragraph_words, data) -> None:
    index = build(paragraph_words)
    words = data.draw(st.sampled_from(paragraph_words))
    assume(len(words) >= 6)
    a = data.draw(st.integers(0, len(words) - 6))
    quote = f"{' '.join(words[a : a + 2])} ... {' '.join(words[-2:])}"
    assert index.find(parse_quote(quote)) is not None


NAMES = ["Zorblax", "Quill Harbour", "Vexa Group", "Pell des Marais", "the turbines"]
FILLER = st.sampled_from(
    ["we", "the", "model", "data", "quill", "harbour", "pell", "des", "vexa", "turbines", "group"]
)


@given(
    st.lists(st.one_of(FILLER, st.sampled_from(NAMES)), max_size=60).map(" ".join),
)
def test_first_words_only_skip_positions_where_no_name_starts(text: str) -> None:
    """The first-word filter finds exactly what hashing every position finds."""
    from generator.leaks import LeakList

    plain = LeakList("ab" * 16, frozenset())
    hashes = frozenset(plain.term_hash(n) for n in NAMES)
    first = frozenset(h for n in NAMES if (h := plain.first_word_hash(n)))
    everywhere = LeakList(plain.salt, hashes)
    filtered = LeakList(plain.salt, hashes, first_words=first)
    assert filtered.find(text) == everywhere.find(text)


@given(st.text(alphabet="%0123456789abcdefABCDEF xyz", max_size=60))
def test_folding_any_percent_sequence_never_fails(text: str) -> None:
    from generator.folding import fold_variants

    assert isinstance(fold_variants(text), list)  # undecodable bytes read as replacement marks
