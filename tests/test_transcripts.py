"""The transcript reader on every layout: small fixtures, then the five real transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import Failed
from generator.transcripts import read_transcript
from tests.conftest import FIXTURES, REPO

LAYOUTS = FIXTURES / "transcripts"


def read(name: str):
    return read_transcript(LAYOUTS / name, name)


def view(name: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(p.speaker, p.text, p.codes) for p in read(name).paragraphs]


def test_labels_on_their_own_line_with_or_without_number() -> None:
    transcript = read("labels_on_own_line.txt")
    assert transcript.id == "I3"
    assert view("labels_on_own_line.txt") == [
        ("interviewer", "What is your role?", ()),
        ("interviewee", "I build models.", ()),
        ("interviewer", "And how long?", ()),
    ]


@pytest.mark.parametrize("name", ["labels_bold.txt", "labels_heading.txt"])
def test_markup_around_labels(name: str) -> None:
    assert view(name) == [
        ("interviewer", "What is your role?", ()),
        ("interviewee", "I build models.", ()),
    ]


def test_heading_header_and_footer() -> None:
    transcript = read("labels_heading.txt")
    assert transcript.id == "I24"
    assert all("Someone" not in p.text and "Delve" not in p.text for p in transcript.paragraphs)


def test_inline_labels_speaker_colon_text() -> None:
    assert view("inline_labels.txt") == [
        ("interviewer", "What is your role?", ()),
        ("interviewee", "I build models.", ()),
        ("interviewer", "For how long?", ()),
        ("interviewee", "No.", ()),
    ]


def test_unlabelled_paragraphs_continue_the_previous_speaker() -> None:
    assert view("unlabelled_continuation.txt") == [
        ("interviewee", "First paragraph of the answer.", ()),
        ("interviewee", "Second paragraph, with no label. It continues on a second line.", ()),
        ("interviewer", "A question.", ()),
    ]


def test_timestamps_are_dropped() -> None:
    assert view("timestamps.txt") == [
        ("interviewer", "What is your role?", ()),
        ("interviewee", "I build models.", ()),
        ("interviewer", "And for how long?", ()),
        ("interviewee", "Three years.", ()),
    ]


def test_code_lines_attach_to_the_paragraph_before() -> None:
    assert view("codes_after_paragraph.txt") == [
        (
            "interviewee",
            "We have a lot of missing data.",
            ("Data-missing-values", "Data-noisy-labels"),
        ),
        ("interviewer", "Mm-hmm", ()),
        ("interviewee", "Fine.", ()),
    ]


def test_paragraph_numbers_and_lines_are_stable() -> None:
    paragraphs = read("codes_after_paragraph.txt").paragraphs
    assert [(p.n, p.line) for p in paragraphs] == [(1, 5), (2, 13), (3, 17)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_speaker.txt", "no_speaker.txt:1: no speaker label recognised before this text"),
        (
            "code_before_paragraph.txt",
            "code_before_paragraph.txt:1: code 'Data-missing-values' comes before any paragraph",
        ),
        ("empty.txt", "empty.txt: transcript is empty"),
        ("binary.txt", "binary.txt:3: file is binary (contains NUL bytes), not text"),
    ],
)
def test_unreadable_transcripts_get_a_located_error(name: str, message: str) -> None:
    failed = read(name)
    assert isinstance(failed, Failed)
    assert next(p.format() for p in failed.problems).startswith(message)


SEEDS = {"I7": 172, "I24": 190, "I32": 186, "I34": 129, "I36": 134}


@pytest.mark.parametrize(("iid", "count"), SEEDS.items())
def test_real_transcripts(iid: str, count: int) -> None:
    path = REPO / "transcripts" / f"{iid}.txt"
    transcript = read_transcript(path, path.name)
    assert transcript.id == iid
    assert len(transcript.paragraphs) == count
    assert {p.speaker for p in transcript.paragraphs} == {"interviewer", "interviewee"}
    header = path.read_text().strip().splitlines()[0]
    coder = header.split("-")[-1].strip().removesuffix(".txt")
    texts = " ".join(p.text for p in transcript.paragraphs)
    assert f"- {coder}" not in texts and "delvetool" not in texts
    assert all(p.text.strip() and p.text != "Interviewee" for p in transcript.paragraphs)


def test_real_inline_label_and_codes() -> None:
    i7 = read_transcript(REPO / "transcripts/I7.txt", "I7.txt")
    assert (i7.paragraph(3).speaker, i7.paragraph(3).text) == ("interviewee", "No.")
    i32 = read_transcript(REPO / "transcripts/I32.txt", "I32.txt")
    assert i32.paragraph(9).codes == ("Data-noisy-features", "Data-noisy-labels")
    assert i32.paragraph(9).text.startswith("That we feed into our")
    codes = {c for p in i32.paragraphs for c in p.codes}
    assert len(codes) == 20
    assert not any(c in p.text for p in i32.paragraphs for c in codes)


def test_transcript_json_command(cli, tmp_path: Path) -> None:
    run = cli(tmp_path, "transcript", str(LAYOUTS / "codes_after_paragraph.txt"))
    assert run.code == 0
    import json

    data = json.loads(run.out)
    assert data == {
        "id": "I32",
        "paragraphs": [
            {
                "n": 1,
                "speaker": "interviewee",
                "text": "We have a lot of missing data.",
                "codes": ["Data-missing-values", "Data-noisy-labels"],
            },
            {"n": 2, "speaker": "interviewer", "text": "Mm-hmm", "codes": []},
            {"n": 3, "speaker": "interviewee", "text": "Fine.", "codes": []},
        ],
    }


def test_transcript_command_error_is_one_line(cli, tmp_path: Path) -> None:
    run = cli(tmp_path, "transcript", str(LAYOUTS / "no_speaker.txt"))
    assert run.code == 1
    assert run.lines == [
        f"{LAYOUTS / 'no_speaker.txt'}:1: no speaker label recognised before "
        "this text (hint: start each turn with a label such as 'Interviewer 1' "
        "or 'Interviewee:' on its own line or before the words)"
    ]
