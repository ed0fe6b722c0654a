"""`catalog diff`, the changelog page and `catalog coverage`, on a real git repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_COMMITTER_DATE": "2026-01-02T00:00:00",
            "PATH": "/usr/bin:/bin",
        },
    )


@pytest.fixture
def repo(minimal: Path) -> Path:
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "add", "-A")
    git(minimal, "commit", "-qm", "first")
    git(minimal, "tag", "v0.1.0")
    return minimal


def edit(root: Path) -> None:
    entry = root / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(
        entry.read_text().replace(
            "Noisy labels from several labelling teams", "Noisy labels from many teams"
        )
    )
    added = root / "catalog_src/issues/sensor-gaps.yaml"
    added.write_text(
        (root / "catalog_src/issues/missing-sensor-data.yaml")
        .read_text()
        .replace("id: MLQ-0001", "id: MLQ-0003")
        .replace("title: Missing sensor readings", "title: Sensor gaps")
        .replace(
            'related: [{id: MLQ-0002, relation: co-occurs, reason: "Met in the same data."}]',
            "related: []",
        )
    )


def test_diff_reports_added_and_edited_entries(repo: Path, cli) -> None:
    edit(repo)
    run = cli(repo, "diff", "v0.1.0")
    assert run.code == 0
    assert run.out.splitlines() == [
        "## Catalog changes since `v0.1.0`",
        "",
        "### Added (1)",
        "",
        "- `sensor-gaps`: Sensor gaps",
        "",
        "### Changed (1)",
        "",
        "- `noisy-labels`: Noisy labels from many teams (title)",
        "  - `title`: “Noisy labels from several labelling teams” → “Noisy labels from many teams”",
    ]


def test_diff_reports_removed_entries_and_no_change(repo: Path, cli) -> None:
    assert cli(repo, "diff", "v0.1.0").out == "No catalog entry changed since `v0.1.0`.\n"
    (repo / "catalog_src/issues/noisy-labels.yaml").unlink()
    run = cli(repo, "diff", "main")
    assert (
        "### Removed (1)\n\n- `noisy-labels`: Noisy labels from several labelling teams" in run.out
    )


def test_diff_of_an_unknown_revision_is_a_clear_error(repo: Path, cli) -> None:
    run = cli(repo, "diff", "v9")
    assert run.code == 1
    assert run.lines == [
        "(git): unknown revision 'v9' (hint: give a branch, tag or commit, e.g. main or v0.1.0)"
    ]


def test_changelog_page_lists_releases_and_unreleased_changes(repo: Path, cli) -> None:
    edit(repo)
    assert cli(repo, "build").code == 0
    page = (repo / "docs/changelog.md").read_text()
    unreleased, release = page.split("## Unreleased")[1].split("## v0.1.0 (2026-01-02)")
    assert "[Sensor gaps](issues/sensor-gaps.md)" in unreleased
    assert "[Noisy labels from many teams](issues/noisy-labels.md): title" in unreleased
    assert "**Added (2)**" in release
    assert (repo / "site/changelog/index.html").is_file()


def test_changelog_without_git_history(minimal: Path, cli) -> None:
    assert cli(minimal, "build").code == 0
    assert "release history is not available" in (minimal / "docs/changelog.md").read_text()


def test_coverage_report(minimal: Path, cli) -> None:
    run = cli(minimal, "coverage", "--min-entries", "3")
    assert run.code == 0
    assert "Entries citing each interview: I1 2" in run.out
    assert "## Interviews cited by fewer than 3 entries (1)\n\n- I1: 2" in run.out
    assert "## Entries resting on a single interview, of 2 (at most a fifth) (2)" in run.out
    assert "## Entries without a mitigation (1)\n\n- noisy-labels" in run.out
    assert "Quotes by kind of evidence: experienced 3, practice 1" in run.out
    entry = minimal / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(entry.read_text().replace("codes: [Data-noisy-labels]", "codes: []"))
    run = cli(minimal, "coverage")
    assert (
        "## Researchers' codes not mapped to an entry or codes.yaml (1)\n\n- Data-noisy-labels"
        in run.out
    )
    assert "## Coded transcript passages no entry quotes (0)" in run.out


def test_diff_and_changelog_work_in_a_project_below_the_repository_top(
    tmp_path: Path, minimal: Path, cli
) -> None:
    top = tmp_path / "monorepo"
    project = top / "research" / "catalog"
    project.parent.mkdir(parents=True)
    minimal.rename(project)
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "first")
    git(top, "tag", "v0.1.0")
    edit(project)
    run = cli(project, "diff", "v0.1.0")
    assert run.code == 0, run.out
    assert "- `sensor-gaps`: Sensor gaps" in run.out
    assert cli(project, "build").code == 0
    page = (project / "docs/changelog.md").read_text()
    assert "## Unreleased" in page and "## v0.1.0 (2026-01-02)" in page
    assert "**Added (2)**" in page.split("## v0.1.0")[1]


def test_a_git_failure_is_reported_not_hidden(repo: Path, cli) -> None:
    """A tag that does not point at a commit once made every entry look unreleased."""
    blob = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-w", "mkdocs.yml"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(repo, "tag", "v0.2.0", blob)
    run = cli(repo, "build")
    assert run.code == 1
    assert run.lines and run.lines[0].startswith("(git): git ls-tree: ")


def test_changed_fields_are_shown_before_and_after(repo: Path, cli) -> None:
    entry = repo / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(entry.read_text().replace("tags: [labels]", "tags: [labels, annotation]"))
    run = cli(repo, "diff", "v0.1.0")
    assert "- `noisy-labels`: Noisy labels from several labelling teams (tags)" in run.out
    assert "  - `tags`: [labels] → [labels, annotation]" in run.out
    description = entry.read_text().split("description: ")[1].split("\n")[0]
    entry.write_text(entry.read_text().replace(description, "|\n  Line one.\n  Line two."))
    run = cli(repo, "diff", "v0.1.0")
    assert f"    -{description}" in run.out and "    +Line two." in run.out
    entry.write_text(entry.read_text().replace("|\n  Line one.\n  Line two.", description))
    data = cli(repo, "diff", "v0.1.0", "--format", "json")
    changed = json.loads(data.out)["result"]["changed"]
    assert changed == [
        {
            "id": "noisy-labels",
            "title": "Noisy labels from several labelling teams",
            "fields": [{"name": "tags", "before": ["labels"], "after": ["labels", "annotation"]}],
        }
    ]
