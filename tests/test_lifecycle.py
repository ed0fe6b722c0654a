"""Citable and permanent: ids that never change, an entry lifecycle with redirects, releases a
paper can pin, and a guard that keeps every release's promises (on real git repositories)."""

from __future__ import annotations

import json
import re
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.identity import entry_uuid, next_id
from generator.release import write_archive
from tests.conftest import REPO

ISSUES = "catalog_src/issues"


def git(root: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": "2026-01-02T00:00:00",
        "GIT_AUTHOR_DATE": "2026-01-02T00:00:00",
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
    }
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


@pytest.fixture
def repo(minimal: Path) -> Path:
    git(minimal, "init", "-q", "-b", "main")
    (minimal / ".gitignore").write_text(
        "site\n.site.builds/\n.catalog-cache/\ndist/\ndocs/issues/\n"
    )
    git(minimal, "add", "-A")
    git(minimal, "commit", "-qm", "first")
    return minimal


def rename(root: Path, old: str, new: str) -> None:
    path = root / ISSUES / f"{old}.yaml"
    text = path.read_text().replace("single_source: true", f"single_source: true\naliases: [{old}]")
    (root / ISSUES / f"{new}.yaml").write_text(text)
    path.unlink()


# ---- ids ----------------------------------------------------------------------------------------


def test_every_real_entry_has_a_permanent_id() -> None:
    ids = []
    for path in sorted((REPO / ISSUES).glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        assert re.fullmatch(r"MLQ-\d{4}", data["id"]), path
        ids.append(data["id"])
    assert len(ids) == len(set(ids)) > 50


def test_uuids_derive_from_ids_and_never_change() -> None:
    assert entry_uuid("MLQ-0042") == entry_uuid("MLQ-0042")
    assert entry_uuid("MLQ-0042") == str(
        uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "urn:ml-quality-catalog"), "MLQ-0042")
    )
    assert entry_uuid("MLQ-0042") != entry_uuid("MLQ-0043")
    assert next_id({"MLQ-0001", "MLQ-0007"}) == "MLQ-0008"


def test_an_id_page_and_old_slugs_lead_to_the_entry(minimal: Path, cli) -> None:
    rename(minimal, "noisy-labels", "label-noise")
    run = cli(minimal, "build")
    assert run.code == 0, run.out
    site = minimal / "site"
    for old in ("issues/noisy-labels/index.html", "MLQ-0002/index.html"):
        page = (site / old).read_text()
        assert (
            'rel="canonical" href="https://ml-quality-catalog.github.io/catalog/issues/label-noise/"'
            in page
        )
        href = re.search(r'content="0; url=([^"]+)"', page).group(1)
        assert (site / old).parent.joinpath(href, "index.html").resolve().is_file(), href
    assert "MLQ-0002" in (site / "issues/label-noise/index.html").read_text()
    data = json.loads((site / "downloads/catalog.json").read_text())
    issue = next(i for i in data["issues"] if i["id"] == "MLQ-0002")
    assert issue["slug"] == "label-noise" and issue["aliases"] == ["noisy-labels"]
    assert issue["uuid"] == entry_uuid("MLQ-0002")
    assert data["schema_version"]


# ---- lifecycle --------------------------------------------------------------------------------


def set_fields(root: Path, slug: str, **fields: str) -> None:
    path = root / ISSUES / f"{slug}.yaml"
    text = path.read_text()
    for name, value in fields.items():
        if re.search(rf"^{name}:", text, re.M):
            text = re.sub(rf"^{name}:.*$", f"{name}: {value}", text, flags=re.M)
        else:
            text += f"{name}: {value}\n"
    path.write_text(text)


def test_a_deprecated_entry_keeps_its_page_with_a_pointer_onward(minimal: Path, cli) -> None:
    set_fields(minimal, "noisy-labels", status="deprecated", replaced_by="MLQ-0001")
    assert cli(minimal, "build").code == 0
    page = (minimal / "site/issues/noisy-labels/index.html").read_text()
    assert "This entry is deprecated." in page
    assert 'href="../missing-sensor-data/">Missing sensor readings (MLQ-0001)</a>' in page
    table = (minimal / "site/issues/index.html").read_text()
    assert "noisy-labels" not in table.split("<tbody>")[1]  # lists show live entries only


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"status": "stable", "replaced_by": "MLQ-0001"},
            "replaced_by: only a deprecated or retired entry points onward",
        ),
        (
            {"status": "deprecated", "replaced_by": "MLQ-0077"},
            "replaced_by: no entry with id 'MLQ-0077'",
        ),
        (
            {"status": "deprecated", "replaced_by": "MLQ-0002"},
            "replaced_by: 'MLQ-0002' leads back to MLQ-0002 (a cycle)",
        ),
    ],
)
def test_pointers_onward_are_checked(minimal: Path, cli, fields: dict, message: str) -> None:
    set_fields(minimal, "noisy-labels", **fields)
    run = cli(minimal, "validate")
    assert run.code == 1
    assert any(message in line for line in run.lines), run.out


def test_a_pointer_at_a_retired_entry_and_a_cycle_of_two(minimal: Path, cli) -> None:
    set_fields(minimal, "missing-sensor-data", status="retired")
    set_fields(minimal, "noisy-labels", status="deprecated", replaced_by="MLQ-0001")
    run = cli(minimal, "validate")
    assert any("replaced_by: 'MLQ-0001' is retired" in line for line in run.lines), run.out
    set_fields(minimal, "missing-sensor-data", status="deprecated", replaced_by="MLQ-0002")
    run = cli(minimal, "validate")
    assert any("leads back to" in line for line in run.lines), run.out


def test_a_copy_under_a_new_slug_is_refused(minimal: Path, cli) -> None:
    source = (minimal / ISSUES / "noisy-labels.yaml").read_text()
    (minimal / ISSUES / "noisy-labels-copy.yaml").write_text(
        source.replace("id: MLQ-0002", "id: MLQ-0003")
    )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert any(
        "noisy-labels-copy.yaml:2: title: the title 'noisy labels from several labelling teams' "
        "is already noisy-labels's" in line
        for line in run.lines
    ), run.out


def test_drafts_are_previewed_and_never_released(minimal: Path, cli) -> None:
    set_fields(minimal, "noisy-labels", status="draft")
    assert cli(minimal, "build").code == 0
    assert not (minimal / "site/issues/noisy-labels").exists()
    assert cli(minimal, "build", "--drafts").code == 0
    assert "Draft:" in (minimal / "site/issues/noisy-labels/index.html").read_text()


# ---- the guard --------------------------------------------------------------------------------


def released_repo(repo: Path, cli) -> Path:
    run = cli(repo, "release", "0.1.1", "--date", "2026-02-01")
    assert run.code == 0, run.out
    return repo


def test_the_guard_accepts_a_rename_with_an_alias_and_a_merge(repo: Path, cli) -> None:
    released_repo(repo, cli)
    rename(repo, "noisy-labels", "label-noise")
    assert cli(repo, "guard").code == 0
    set_fields(repo, "label-noise", status="retired", merged_into="MLQ-0001")
    run = cli(repo, "guard")
    assert run.code == 0, run.out
    assert "every id and address of 1 release(s) still works" in run.err


def test_the_guard_refuses_a_removed_id_and_a_rename_without_redirect(repo: Path, cli) -> None:
    released_repo(repo, cli)
    (repo / ISSUES / "noisy-labels.yaml").rename(repo / ISSUES / "label-noise.yaml")
    run = cli(repo, "guard")
    assert run.code == 1
    assert any("MLQ-0002 was 'noisy-labels' in v0.1.1" in line for line in run.lines), run.out
    assert any(
        "the address issues/noisy-labels/, published in v0.1.1, leads nowhere" in line
        for line in run.lines
    )
    (repo / ISSUES / "label-noise.yaml").unlink()
    set_fields(repo, "missing-sensor-data", related="[]")
    run = cli(repo, "guard")
    assert any(
        "MLQ-0002 (noisy-labels), published in v0.1.1, no longer exists" in line
        for line in run.lines
    )


def test_the_guard_refuses_a_reused_id(repo: Path, cli) -> None:
    """An id released for one entry, given to another (the first one removed)."""
    released_repo(repo, cli)
    source = (repo / ISSUES / "noisy-labels.yaml").read_text()
    (repo / ISSUES / "noisy-labels.yaml").unlink()
    (repo / ISSUES / "sensor-clock-drift.yaml").write_text(
        source.replace(
            "title: Noisy labels from several labelling teams", "title: Sensor clocks drift"
        )
    )
    run = cli(repo, "guard")
    assert run.code == 1
    assert any(
        "catalog_src/issues/sensor-clock-drift.yaml:1: MLQ-0002 was 'noisy-labels'" in line
        and "reused" in line
        for line in run.lines
    ), run.out


def test_catalog_new_never_reuses_a_released_id(repo: Path, cli) -> None:
    released_repo(repo, cli)
    (
        repo / ISSUES / "noisy-labels.yaml"
    ).unlink()  # the guard would refuse this; new must not reuse
    assert cli(repo, "new", "Clock drift", "--phase", "data-collection").code == 0
    assert "\nid: MLQ-0003\n" in (repo / ISSUES / "clock-drift.yaml").read_text()


# ---- releases -------------------------------------------------------------------------------


def test_a_release_makes_the_tag_the_notes_the_snapshot_and_the_archive(repo: Path, cli) -> None:
    released_repo(repo, cli)
    assert git(repo, "tag", "--list").split() == ["v0.1.1"]
    assert git(repo, "status", "--porcelain") == ""
    cff = (repo / "CITATION.cff").read_text()
    assert 'version: "0.1.1"' in cff and 'date-released: "2026-02-01"' in cff
    notes = (repo / "releases/v0.1.1/notes.md").read_text()
    assert "## Added (2)" in notes and "Missing sensor readings (`missing-sensor-data`)" in notes
    snapshot = json.loads((repo / "releases/v0.1.1/catalog.json").read_text())
    assert snapshot["version"] == "0.1.1"
    archive = repo / "dist/ml-quality-issues-catalog-v0.1.1.zip"
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert {
            "data/catalog.json",
            "data/catalog.csv",
            "data/catalog.schema.json",
            "NOTES.md",
            "README.md",
            "LICENSE.txt",
            "CITATION.cff",
            "excerpts/I1.txt",
            "schema/entry.schema.json",
        } <= names
        excerpts = z.read("excerpts/I1.txt").decode()
    assert "[Place A] plant" in excerpts and "Northfield" not in excerpts
    assert "¶6" not in excerpts  # uncited paragraphs are not published
    # the next release lists what changed, by field; the site offers both releases' data
    set_fields(repo, "noisy-labels", summary="Labels disagree between labelling teams.")
    git(repo, "commit", "-qam", "edit")
    assert cli(repo, "release", "0.2.0", "--date", "2026-03-01").code == 0
    notes = (repo / "releases/v0.2.0/notes.md").read_text()
    assert "## Changed (1)" in notes and "(`noisy-labels`): summary" in notes
    assert cli(repo, "build").code == 0
    assert (repo / "site/downloads/catalog-v0.1.1.json").is_file()
    assert (repo / "site/downloads/catalog-v0.2.0.json").is_file()
    page = (repo / "site/issues/noisy-labels/index.html").read_text()
    assert "first published 2026-01-02" in page and "v0.2.0: summary" in page


def test_a_release_is_refused_from_a_dirty_or_invalid_tree(repo: Path, cli) -> None:
    (repo / "scratch.txt").write_text("x")
    run = cli(repo, "release", "0.2.0")
    assert run.code == 1 and "uncommitted change" in run.out
    (repo / "scratch.txt").unlink()
    assert cli(repo, "release", "1.0").code == 1
    released_repo(repo, cli)
    run = cli(repo, "release", "0.1.0")
    assert run.code == 1 and "is not after v0.1.1" in run.out


def test_archives_are_byte_identical(tmp_path: Path) -> None:
    members = {"b.txt": b"two", "a.txt": b"one"}
    write_archive(tmp_path / "one.zip", members)
    write_archive(tmp_path / "two.zip", dict(reversed(members.items())))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
