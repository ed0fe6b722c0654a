"""WebVTT captions and Word documents read into the same paragraphs as their text equivalent."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from generator.problems import Failed
from generator.transcript_formats import as_text
from generator.transcripts import read_transcript

TEXT_EQUIVALENT = """Interview 12

Interviewer 1
So, what went wrong with the data? Tell us everything.

Interviewee
The sensors dropped readings, about 10% of them. Café & bar data too.

Interviewee
Then the labels were noisy.

Interviewer 1: And what did you do?

Interviewee: We retrained.
"""

VTT = """WEBVTT

NOTE made by a video-call tool; the timings are dropped

1
00:00:01.000 --> 00:00:03.500
<v Interviewer 1>So, what went wrong with the data?</v>

2
00:00:03.600 --> 00:00:05.000
<v Interviewer 1>Tell us everything.</v>

3
00:00:05.200 --> 00:00:09.000
<v.loud Interviewee>The sensors dropped readings,
about 10% of them. Café &amp; bar data too.</v>

00:00:09.500 --> 00:00:11.000
<v Interviewer 1>And what did you do?</v>
<v Interviewee>We retrained.</v>
"""


def paragraphs(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    transcript = read_transcript(path, path.name)
    assert not isinstance(transcript, Failed), transcript
    return [(p.speaker, p.text, p.codes) for p in transcript.paragraphs]


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "I12.txt"
    path.write_text(TEXT_EQUIVALENT, encoding="utf-8")
    return path


def test_webvtt_voices_and_cues_read_as_their_text_equivalent(tmp_path: Path) -> None:
    vtt = tmp_path / "I12.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    expected = [
        ("interviewer", "So, what went wrong with the data? Tell us everything.", ()),
        (
            "interviewee",
            "The sensors dropped readings, about 10% of them. Café & bar data too.",
            (),
        ),
        ("interviewer", "And what did you do?", ()),
        ("interviewee", "We retrained.", ()),
    ]
    assert paragraphs(vtt) == expected
    line_of_first_cue = VTT.splitlines().index("00:00:01.000 --> 00:00:03.500") + 1
    assert read_transcript(vtt, "I12.vtt").paragraphs[0].line == line_of_first_cue  # type: ignore[union-attr]
    same = tmp_path / "same.txt"
    same.write_text(
        "Interviewer 1: So, what went wrong with the data? Tell us everything.\n\n"
        "Interviewee: The sensors dropped readings, about 10% of them. Café & bar data too.\n\n"
        "Interviewer 1: And what did you do?\n\nInterviewee: We retrained.\n"
    )
    assert paragraphs(same) == expected


def test_webvtt_cues_with_inline_labels(tmp_path: Path) -> None:
    vtt = tmp_path / "I3.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\nInterviewer: What is your role?\n\n"
        "00:02.000 --> 00:04.000\nInterviewee: I build models.\n\n"
        "00:04.000 --> 00:05.000\nMostly forecasts.\n"
    )
    assert paragraphs(vtt) == [
        ("interviewer", "What is your role?", ()),
        ("interviewee", "I build models. Mostly forecasts.", ()),
    ]


@pytest.mark.parametrize(
    ("body", "line", "why"),
    [
        ("00:01.000 --> 00:02.000\n<v Jordan Example>Hello.\n", 3, "the voice of this cue is not"),
        ("00:01.000 --> 00:02.000\nHello.\n\n00:02.000 --> 00:03.000\nHi.\n", 3, "no cue has"),
    ],
)
def test_webvtt_whose_speakers_cannot_be_told_apart(
    tmp_path: Path, body: str, line: int, why: str
) -> None:
    vtt = tmp_path / "I3.vtt"
    vtt.write_text("WEBVTT\n\n" + body)
    failed = read_transcript(vtt, "I3.vtt")
    assert isinstance(failed, Failed)
    message = failed.problems[0].format()
    assert message.startswith(f"I3.vtt:{line}: the speakers cannot be told apart: {why}")
    assert "Jordan" not in message  # a voice's name is never repeated


def test_a_file_that_is_not_webvtt(tmp_path: Path) -> None:
    vtt = tmp_path / "I3.vtt"
    vtt.write_text("Interviewer: hello\n")
    failed = read_transcript(vtt, "I3.vtt")
    assert isinstance(failed, Failed)
    assert failed.problems[0].format().startswith("I3.vtt:1: not a WebVTT file")


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        label, sep, rest = text.partition(": ")
        if sep and label.startswith("Interview"):
            paragraph.add_run(label + ":").bold = True  # labels in bold, as Word transcripts do
            paragraph.add_run(" " + rest)
        else:
            lines = text.split("\n")
            run = paragraph.add_run(lines[0])
            for more in lines[1:]:
                run.add_break()
                run.add_text(more)
    document.save(str(path))
    return path


def test_a_word_transcript_reads_as_its_text_equivalent(tmp_path: Path, text_file: Path) -> None:
    made = make_docx(
        tmp_path / "I12.docx",
        [
            "Interview 12",
            "Interviewer 1",
            "So, what went wrong with the data?\nTell us everything.",
            "Interviewee",
            "The sensors dropped readings, about 10% of them. Café & bar data too.",
            "",
            "Interviewee",
            "Then the labels were noisy.",
            "Interviewer 1: And what did you do?",
            "Interviewee: We retrained.",
        ],
    )
    assert paragraphs(made) == paragraphs(text_file)
    transcript = read_transcript(made, made.name)
    assert not isinstance(transcript, Failed)
    assert transcript.id == "I12"
    assert [p.line for p in transcript.paragraphs] == [3, 5, 8, 9, 10]  # the document's paragraphs
    assert as_text(made, made.name) != as_text(text_file, text_file.name)  # layouts differ...
    assert paragraphs(made) == paragraphs(text_file)  # ...the paragraphs do not


def test_a_word_transcript_without_labels_is_located(tmp_path: Path) -> None:
    made = make_docx(tmp_path / "I5.docx", ["Interview 5", "We talked.", "It was missing."])
    failed = read_transcript(made, "I5.docx")
    assert isinstance(failed, Failed)
    assert (
        failed.problems[0]
        .format()
        .startswith("I5.docx:2: no speaker label recognised before this text")
    )


def test_a_file_that_is_not_a_word_document(tmp_path: Path) -> None:
    fake = tmp_path / "I5.docx"
    fake.write_text("Interviewer: hello\n")
    failed = read_transcript(fake, "I5.docx")
    assert isinstance(failed, Failed)
    assert failed.problems[0].format() == (
        "I5.docx: not a Word document (.docx) the reader can open"
    )


def test_a_raw_webvtt_export_in_the_private_tier_becomes_a_public_text_transcript(
    minimal: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "private"
    (private / "raw").mkdir(parents=True)
    (private / "raw/I1.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:03.000\n<v Interviewer 1>Thanks for joining, Dana.</v>\n\n"
        "00:03.000 --> 00:06.000\n<v Interviewee>Half of the readings from the Northfield "
        "plant were empty.</v>\n"
    )
    (private / "pseudonymisation-key.yaml").write_text(
        "transcripts:\n  - interview: I1\n    raw: raw/I1.vtt\n    terms:\n"
        "      - {term: Dana, tag: '[Interviewer]', reason: the interviewer}\n"
        "      - {term: Northfield, tag: '[Place A]', reason: the town}\n"
    )
    monkeypatch.setenv("CATALOG_PRIVATE_DIR", str(private))
    run = cli(minimal, "pseudonymise")
    assert run.code == 0, run.out
    public = minimal / "transcripts/I1.txt"
    assert "Northfield" not in public.read_text() and "Dana" not in public.read_text()
    assert paragraphs(public) == [
        ("interviewer", "Thanks for joining, [Interviewer].", ()),
        ("interviewee", "Half of the readings from the [Place A] plant were empty.", ()),
    ]
