"""`catalog validate` on the minimal project and on one broken variant per kind of error.

Each folder under tests/fixtures/invalid/ overlays the minimal project with the files that break
it, and `expected.txt` holds the start of the message the validator must print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_minimal_project_is_valid(minimal: Path, cli) -> None:
    run = cli(minimal, "validate")
    assert run.code == 0, run.out
    assert run.out == ""
    assert "2 entries, 4 quotes found in 1 transcripts" in run.err


@pytest.mark.parametrize("case", CASES)
def test_each_error_is_reported_with_file_and_line(case: str, minimal: Path, cli) -> None:
    overlay = FIXTURES / "invalid" / case
    shutil.copytree(overlay, minimal, dirs_exist_ok=True)
    (minimal / "expected.txt").unlink()
    expected = (overlay / "expected.txt").read_text().strip()
    run = cli(minimal, "validate")
    assert run.code == 1
    errors = [line for line in run.lines if ": warning: " not in line]
    assert len(errors) == 1, run.out
    assert errors[0].startswith(expected), run.out
    assert "1 error(s)" in run.err
    assert "Traceback" not in run.out + run.err


def test_all_problems_are_reported_at_once(minimal: Path, cli) -> None:
    for number, case in ((10, "unknown-phase"), (11, "related-self")):
        source = FIXTURES / "invalid" / case / "catalog_src/issues/missing-sensor-data.yaml"
        target = minimal / "catalog_src/issues" / f"{case}.yaml"
        target.write_text(
            source.read_text()
            .replace("id: MLQ-0001", f"id: MLQ-00{number}")
            .replace("title: Missing sensor readings", f"title: Case {case}")
            .replace("{id: MLQ-0001,", f"{{id: MLQ-00{number},")
        )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert any("unknown-phase.yaml:4: phase: unknown phase" in line for line in run.lines)
    assert any("related-self.yaml:14: related[0]: an entry cannot" in line for line in run.lines)
    assert "2 error(s)" in run.err


def test_github_format_annotates_the_line(minimal: Path, cli) -> None:
    shutil.copytree(FIXTURES / "invalid" / "unknown-phase", minimal, dirs_exist_ok=True)
    run = cli(minimal, "validate", "--format", "github")
    assert run.code == 1
    assert (
        "::error file=catalog_src/issues/missing-sensor-data.yaml,line=4,title=catalog validate::"
        "phase: unknown phase 'data-colection' (hint: did you mean 'data-collection'?)"
    ) in run.lines


def test_unmapped_code_is_a_warning_not_an_error(minimal: Path, cli) -> None:
    entry = minimal / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(entry.read_text().replace("codes: [Data-noisy-labels]", "codes: []"))
    run = cli(minimal, "validate")
    assert run.code == 0
    assert run.lines == [
        "transcripts/I1.txt:18: warning: code 'Data-noisy-labels' is neither in an entry's codes "
        "nor explained in catalog_src/codes.yaml (hint: map it to the entries it supports, or "
        "explain in codes.yaml why it is not an issue)"
    ]
