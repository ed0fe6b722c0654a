"""`catalog serve`'s incremental regeneration: after any change, the generated tree is exactly
what a full regeneration would write, and an entry edit rewrites only the pages showing it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import generate
from generator.live import LiveSite
from generator.problems import CatalogError
from generator.project import Project
from generator.urls import GENERATED_DIRS, GENERATED_FILES


def generated(docs: Path) -> dict[str, bytes]:
    found = {}
    for name in (*GENERATED_DIRS, *GENERATED_FILES):
        path = docs / name
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        found.update({f.relative_to(docs).as_posix(): f.read_bytes() for f in files if f.is_file()})
    return found


def assert_same_as_full_regeneration(root: Path, tmp_path: Path, live: LiveSite) -> None:
    live.flush()
    twin = tmp_path / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns("docs", ".catalog-cache", "site"))
    shutil.copytree(
        root / "docs",
        twin / "docs",
        ignore=lambda d, names: [
            n for n in names if n in GENERATED_DIRS + GENERATED_FILES and Path(d) == root / "docs"
        ],
    )
    generate(Project(twin))
    assert generated(root / "docs") == generated(twin / "docs")


@pytest.fixture
def live(real: Path) -> LiveSite:
    return LiveSite(Project(real))


def entry(root: Path, name: str) -> Path:
    return root / "catalog_src/issues" / f"{name}.yaml"


def test_editing_a_title_rewrites_only_the_pages_showing_it(
    live: LiveSite, real: Path, tmp_path: Path
) -> None:
    path = entry(real, "cold-start-latency")
    path.write_text(
        re.sub(r"^title: .*$", "title: Cold starts of large models", path.read_text(), flags=re.M)
    )
    first = set(live.update({path}).written)
    assert "issues/cold-start-latency.md" in first
    assert "issues/index.md" not in first  # catalog-wide lists come a moment later
    written = first | set(live.flush().written)
    assert "issues/index.md" in written and "phases/model-deployment.md" in written
    assert "interviews/I32.md" in written  # its excerpts say which entries cite them
    assert "issues/missing-values.md" not in written  # shows nothing of this entry
    assert len(written) < 25
    assert_same_as_full_regeneration(real, tmp_path, live)


def test_adding_and_deleting_entries(live: LiveSite, real: Path, tmp_path: Path) -> None:
    new = entry(real, "cold-starts-again")
    new.write_text(
        entry(real, "cold-start-latency")
        .read_text()
        .replace("id: cold-start-latency", "id: cold-starts-again")
    )
    live.update({new})
    assert (real / "docs/issues/cold-starts-again.md").is_file()
    assert_same_as_full_regeneration(real, tmp_path, live)
    new.unlink()
    report = live.update({new})
    assert report.removed == ["issues/cold-starts-again.md"]
    assert_same_as_full_regeneration(real, tmp_path, live)


def test_a_broken_edit_changes_nothing_then_a_fix_recovers(
    live: LiveSite, real: Path, tmp_path: Path
) -> None:
    before = generated(real / "docs")
    path = entry(real, "data-drift")
    good = path.read_text()
    path.write_text(good.replace("phase: model-maintenance", "phase: nowhere"))
    with pytest.raises(CatalogError) as caught:
        live.update({path})
    assert "phase: unknown phase 'nowhere'" in caught.value.problems[0].message
    assert generated(real / "docs") == before
    path.write_text(re.sub(r"^summary: (.*)$", r"summary: Fixed. \1", good, flags=re.M))
    live.update({path})
    assert_same_as_full_regeneration(real, tmp_path, live)


def test_other_changes_regenerate_everything(live: LiveSite, real: Path, tmp_path: Path) -> None:
    phases = real / "catalog_src/phases.yaml"
    phases.write_text(phases.read_text().replace("title: Model deployment", "title: Deployment"))
    assert "title: Deployment" in phases.read_text()
    live.update({phases})
    assert "Deployment" in (real / "docs/phases/model-deployment.md").read_text()
    assert_same_as_full_regeneration(real, tmp_path, live)
