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
    redirects = [p.name for p in docs.glob("MLQ-*")]
    for name in (*GENERATED_DIRS, *GENERATED_FILES, *redirects):
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


def fields(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text())


def an_entry(root: Path, other_than: set[str] = frozenset()) -> Path:
    """An entry of the real catalog that is cited by an interview and shares its phase with
    others (so that the pages touching it are fewer than all)."""
    paths = sorted((root / "catalog_src/issues").glob("*.yaml"))
    return next(p for p in paths if p.stem not in other_than)


def test_editing_a_title_rewrites_only_the_pages_showing_it(
    live: LiveSite, real: Path, tmp_path: Path
) -> None:
    path = an_entry(real)
    data = fields(path)
    path.write_text(
        re.sub(r"^title: .*$", "title: A title nobody had before", path.read_text(), flags=re.M)
    )
    first = set(live.update({path}).written)
    assert f"issues/{path.stem}.md" in first
    assert "issues/index.md" not in first  # catalog-wide lists come a moment later
    written = first | set(live.flush().written)
    assert "issues/index.md" in written and f"phases/{data['phase']}.md" in written
    interview = data["quotes"][0]["interview"]
    assert f"interviews/{interview}.md" in written  # its excerpts say which entries cite them
    untouched = an_entry(real, {path.stem, *(r["id"] for r in data.get("related", []))})
    assert f"issues/{untouched.stem}.md" not in written or untouched.stem in str(data)
    pages = {p for p in written if not p.startswith(("pagefind/", "downloads/"))}
    assert len(pages) < 40  # the entry's own, its group's, tags', phase's, … not every page
    assert_same_as_full_regeneration(real, tmp_path, live)


def test_adding_and_deleting_entries(live: LiveSite, real: Path, tmp_path: Path) -> None:
    source = an_entry(real)
    new = entry(real, "a-new-entry")
    new.write_text(
        re.sub(
            r"^title: .*$",
            "title: A new entry",
            re.sub(
                r"^aliases:.*$",
                "aliases: []",
                re.sub(r"^id: .*$", "id: MLQ-9999", source.read_text(), flags=re.M),
                flags=re.M,
            ),
            flags=re.M,
        )
    )
    live.update({new})
    assert (real / "docs/issues/a-new-entry.md").is_file()
    live.flush()
    assert (real / "docs/MLQ-9999/index.html").is_file()
    assert_same_as_full_regeneration(real, tmp_path, live)
    new.unlink()
    report = live.update({new})
    assert "issues/a-new-entry.md" in report.removed
    assert not (real / "docs/MLQ-9999").exists()
    assert_same_as_full_regeneration(real, tmp_path, live)


def test_a_broken_edit_changes_nothing_then_a_fix_recovers(
    live: LiveSite, real: Path, tmp_path: Path
) -> None:
    before = generated(real / "docs")
    path = an_entry(real)
    good = path.read_text()
    path.write_text(re.sub(r"^phase: .*$", "phase: nowhere", good, flags=re.M))
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
