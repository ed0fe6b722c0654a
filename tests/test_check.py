"""`catalog validate`'s checks across files: transcripts, speaker corrections, codes, rules."""

from __future__ import annotations

from pathlib import Path

INTERVIEWS = "catalog_src/interviews.yaml"


def append(root: Path, path: str, text: str) -> None:
    target = root / path
    target.write_text(target.read_text() + text)


def test_a_new_speaker_correction_is_applied_even_with_a_warm_cache(minimal: Path, cli) -> None:
    """The cached transcript depends on the corrections: changing them must not serve it stale."""
    assert cli(minimal, "validate").code == 0  # the cache now holds the uncorrected transcript
    append(
        minimal,
        INTERVIEWS,
        "  speaker_corrections:\n    - {paragraph: 3, speaker: interviewer, reason: test}\n",
    )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert any(
        "noisy-labels.yaml:11: quotes[0]: these are the interviewer's words (paragraph 3 of I1)"
        in line
        for line in run.lines
    ), run.out


def test_a_correction_past_the_last_paragraph_is_located(minimal: Path, cli) -> None:
    append(
        minimal,
        INTERVIEWS,
        "  speaker_corrections:\n    - {paragraph: 60, speaker: interviewer, reason: test}\n",
    )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert (
        f"{INTERVIEWS}:8: I1: speaker_corrections[0]: the transcript has 6 paragraphs, not 60"
        in run.lines
    )


def test_a_transcript_whose_header_names_another_interview(minimal: Path, cli) -> None:
    transcript = minimal / "transcripts/I1.txt"
    transcript.write_text(transcript.read_text().replace("Interview 1\n", "Interview 2\n"))
    run = cli(minimal, "validate")
    assert run.code == 1
    assert (
        "transcripts/I1.txt:1: transcript header names interview 'I2' but interviews.yaml "
        "lists it as I1" in run.lines
    )


def test_a_code_explained_as_not_an_issue_but_mapped_by_an_entry(minimal: Path, cli) -> None:
    (minimal / "catalog_src/codes.yaml").write_text(
        "- code: Data-noisy-labels\n  reason: Not an issue.\n"
    )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert run.lines == [
        "catalog_src/codes.yaml:1: code 'Data-noisy-labels' is listed as not an issue but "
        "entries cover it (hint: remove it from codes.yaml or from the entries)"
    ]


def test_a_code_explained_in_codes_yaml_that_no_transcript_has(minimal: Path, cli) -> None:
    (minimal / "catalog_src/codes.yaml").write_text(
        "- code: Data-noisy-label\n  reason: Not an issue.\n"
    )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert run.lines[0].startswith(
        "catalog_src/codes.yaml:1: code 'Data-noisy-label' does not occur in any transcript "
        "(hint: did you mean 'Data-noisy-labels'?)"
    )


def test_a_code_listed_twice_in_codes_yaml(minimal: Path, cli) -> None:
    (minimal / "catalog_src/codes.yaml").write_text(
        "- code: Data-missing-values\n  reason: a\n- code: Data-missing-values\n  reason: b\n"
    )
    run = cli(minimal, "validate")
    assert "catalog_src/codes.yaml:3: duplicate id 'Data-missing-values' (hint: each record " in (
        run.out
    )
