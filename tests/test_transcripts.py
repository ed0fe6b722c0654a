"""The transcript reader on every layout: small fixtures, then the five real transcripts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.problems import Failed
from generator.transcripts import parse_transcript, read_transcript
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


# ---- variants of the study's other transcripts ----------------------------------------------


def test_a_stray_line_before_the_first_label_is_an_unlabelled_opening() -> None:
    transcript = read("stray_line_before_first_label.txt")
    assert view("stray_line_before_first_label.txt") == [
        ("interviewer", "All right.", ()),
        ("interviewer", "So what does your team build?", ()),
        ("interviewee", "Models that forecast demand.", ()),
    ]
    assert [p.labelled for p in transcript.paragraphs] == [False, True, True]
    assert [w.format() for w in transcript.warnings] == [
        "stray_line_before_first_label.txt:1: warning: text before the first speaker label: "
        "read as 1 unlabelled opening paragraph(s), attributed to the interviewer (hint: if the "
        "participant says it, add a speaker_corrections item in catalog_src/interviews.yaml; "
        "never edit the transcript)"
    ]


def test_too_much_text_before_the_first_label_is_refused() -> None:
    text = "\n\n".join(["Some words."] * 4 + ["Interviewee: An answer."])
    failed = parse_transcript(text, "long_opening.txt")
    assert isinstance(failed, Failed)
    assert (
        failed.problems[0]
        .format()
        .startswith("long_opening.txt:1: no speaker label recognised before this text")
    )


def test_labels_with_a_number_or_a_space_before_the_colon() -> None:
    assert view("labels_space_before_colon.txt") == [
        ("interviewer", "What is your role?", ()),
        ("interviewee", "I build models.", ()),
        ("interviewer", "And for how long?", ()),
        ("interviewee", "Three years.", ()),
    ]


def test_paragraphs_in_french_keep_their_words_and_are_never_labels_or_codes() -> None:
    transcript = read("partly_french.txt")
    assert transcript.id == "I9" and transcript.warnings == ()
    assert view("partly_french.txt") == [
        ("interviewer", "OK donc en gros… tu peux nous parler de ton équipe ?", ()),
        (
            "interviewee",
            "Alors, c'est-à-dire que l'équipe « data » nettoie les données manquantes.",
            (),
        ),
        ("interviewee", "Peut-etre", ()),
        ("interviewer", "And in English, what was the main issue?", ()),
        ("interviewee", "Missing values, mostly.", ()),
    ]


REAL = {
    "I3": (154, "19772ba0a9b7"),
    "I4": (226, "1611d14fc7f1"),
    "I5": (160, "977d9f8a1cd5"),
    "I6": (224, "bdad7e4b592d"),
    "I7": (172, "ff2fa6d34353"),
    "I8": (191, "304ef5c3954a"),
    "I9": (191, "4bd694aae819"),
    "I10": (240, "583739a15e05"),
    "I11": (194, "0900dfcc85e7"),
    "I12": (160, "7c5da299baef"),
    "I14": (232, "b1d04d3367f0"),
    "I15": (160, "ea4b3d640d95"),
    "I16": (198, "5fe9b3a5fc4c"),
    "I17": (173, "15d68538c9e3"),
    "I19": (105, "e4def604cc27"),
    "I21": (142, "2c47d7d6cfa3"),
    "I23": (172, "a44602fc8522"),
    "I24": (190, "6bbd6cd4beba"),
    "I25": (176, "c4371b444f5f"),
    "I26": (170, "8fc0f3bb1840"),
    "I27": (182, "36659f17bd23"),
    "I29": (132, "13513515f325"),
    "I30": (136, "4fd677c5ec2f"),
    "I31": (126, "1320d064fa4c"),
    "I32": (186, "15b21b4c8579"),
    "I33": (108, "c1deef485eda"),
    "I34": (129, "235693ca5bda"),
    "I36": (134, "ab248302e156"),
    "I37": (129, "6ab85dc82dac"),
    "I40": (129, "34d030d34e29"),
    "I43": (152, "4e5eb57dcbe4"),
}
"""Paragraph count and a digest of the speakers and codes of every real transcript, as the
reader read them before it learnt the variants above: the published anchors depend on them."""


@pytest.mark.parametrize(("iid", "expected"), REAL.items())
def test_the_real_transcripts_still_read_into_the_same_paragraphs(
    iid: str, expected: tuple[int, str]
) -> None:
    transcript = read_transcript(REPO / "transcripts" / f"{iid}.txt", f"{iid}.txt")
    shape = "".join(
        ("R" if p.speaker == "interviewer" else "E") + "|".join(p.codes)
        for p in transcript.paragraphs
    )
    digest = hashlib.sha256(shape.encode()).hexdigest()[:12]
    assert (len(transcript.paragraphs), digest) == expected
    assert transcript.warnings == () and all(p.labelled for p in transcript.paragraphs)
