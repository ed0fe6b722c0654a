"""The command line: exit codes, the reporters, and no traceback (or private text) on a bug."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main, parser
from generator.commands import COMMANDS
from tests.conftest import FIXTURES


def test_every_command_is_in_the_table_and_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    names = set(parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert names == set(COMMANDS)
    for name in COMMANDS:
        assert f"`catalog {name}" in readme, name


def test_an_internal_error_is_one_line_without_its_message(
    minimal: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(project, args):
        raise RuntimeError("Northfield plant text that must not be printed")

    monkeypatch.setattr(COMMANDS["validate"], "run", broken)
    run = cli(minimal, "validate")
    assert run.code == 3
    assert run.out == ""
    assert run.err == (
        "catalog: internal error: RuntimeError (run with --debug for details and report it)\n"
    )
    with pytest.raises(RuntimeError):
        main(["--root", str(minimal), "--debug", "validate"])


def test_usage_errors_exit_with_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--format", "xml"])
    assert caught.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_json_format_lists_problems_in_order(minimal: Path, cli) -> None:
    shutil.copytree(FIXTURES / "invalid" / "unknown-phase", minimal, dirs_exist_ok=True)
    (minimal / "expected.txt").unlink()
    other = minimal / "catalog_src/issues/noisy-labels.yaml"
    other.write_text(
        other.read_text().replace(
            "related: []", "related: [{id: MLQ-0002, relation: similar, reason: x}]"
        )
    )
    run = cli(minimal, "validate", "--format", "json")
    assert run.code == 1
    document = json.loads(run.out)
    assert document["errors"] == 2
    problems = document["problems"]
    assert [(p["path"], p["line"], p["severity"]) for p in problems] == [
        ("catalog_src/issues/missing-sensor-data.yaml", 4, "error"),
        ("catalog_src/issues/noisy-labels.yaml", 21, "error"),
        ("transcripts/I1.txt", 12, "warning"),  # the broken entry's code is now unmapped
    ]
    assert problems[0]["hint"] == "did you mean 'data-collection'?"
    assert problems[1]["message"] == "related[0]: an entry cannot be related to itself"


def test_json_format_of_a_valid_catalog(minimal: Path, cli) -> None:
    run = cli(minimal, "validate", "--format", "json")
    assert run.code == 0
    document = json.loads(run.out)
    assert document["errors"] == 0 and document["problems"] == []
    assert document["summary"].startswith("catalog is valid: 2 entries")
