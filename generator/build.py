"""`catalog build`: check, generate the Markdown tree, build it with MkDocs, check the output,
then swap the new site in. A failed build leaves the existing site untouched."""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator import parallel, urls
from generator.check import CheckedCatalog, check_project
from generator.exports import EntryHistory, export_files
from generator.history import History, releases, version_key, with_titles
from generator.output import WriteReport, write_tree
from generator.problems import CatalogError, Problem
from generator.project import Project
from generator.publish import (
    check_site_dir,
    discard,
    environment_problem,
    new_build,
    switch_to,
)
from generator.qda.export import qda_files
from generator.release import RELEASES
from generator.render.pages import render_pages
from generator.render.site import SiteView, ViewMemo, build_view
from generator.search_index import search_files, search_records
from generator.site_config import SiteConfig, read_site_config
from generator.site_scan import scan_site
from generator.timeline import EntryTimeline, entry_timelines
from generator.urls import GENERATED_DIRS, GENERATED_FILES, GENERATED_PATTERNS


@dataclass
class BuildReport:
    checked: CheckedCatalog
    written: WriteReport
    site_dir: Path
    pages: int


def generate(
    project: Project,
    checked: CheckedCatalog | None = None,
    memo: ViewMemo | None = None,
    drafts: bool = False,
    jobs: int = 1,
) -> tuple[CheckedCatalog, WriteReport, int]:
    """Check the catalog and write the generated Markdown tree into `docs/`.

    Raises `CatalogError` with every error found; nothing is written then. Pages are
    rendered by `jobs` processes (only where no thread of the caller's is running).
    """
    checked = checked or check_project(project)
    if not checked.ok:
        raise CatalogError(checked.problems.errors)
    view = build_view(checked, memo, drafts)
    report = write_generated(project, view, published_history(project, checked), jobs)
    return checked, report, report.total


def published_history(project: Project, checked: CheckedCatalog) -> History:
    """The release history as the changelog shows it: old titles pass through today's leak
    list, so a name listed later is removed from every release's notes too."""
    return with_titles(releases(project), checked.leaks.replace)


def generated_files(
    project: Project, view: SiteView, history: History, jobs: int = 1
) -> dict[str, str | bytes]:
    """Every page and download: docs-relative path → content."""
    config = read_site_config(project)
    timelines = entry_timelines(project, history)
    snapshots = release_snapshots(project)
    pages = render_pages(view, config, history, timelines, list(snapshots), jobs)
    files: dict[str, str | bytes] = dict(pages)
    files.update(all_downloads(view, config, timelines, snapshots))
    files.update(search_files(search_records(view)))
    return files


def all_downloads(
    view: SiteView,
    config: SiteConfig,
    timelines: dict[str, EntryTimeline] | None,
    snapshots: dict[str, bytes],
) -> dict[str, str | bytes]:
    """The downloads: this version's files, `catalog-latest.json`, and every release's data."""
    files: dict[str, str | bytes] = dict(download_files(view, config, timelines))
    files[urls.CATALOG_LATEST.src] = files[urls.CATALOG_JSON.src]
    for tag, data in snapshots.items():
        files[urls.release_download(tag).src] = data
    return files


def release_snapshots(project: Project) -> dict[str, bytes]:
    """Tag → the catalog.json that `catalog release` kept for it, oldest first."""
    folder = project.root / RELEASES
    found = [p for p in folder.glob("v*/catalog.json")] if folder.is_dir() else []
    return {
        p.parent.name: p.read_bytes()
        for p in sorted(found, key=lambda p: version_key(p.parent.name))
    }


def download_files(
    view: SiteView, config: SiteConfig, timelines: dict[str, EntryTimeline] | None = None
) -> dict[str, str | bytes]:
    histories = {
        i: EntryHistory(
            created=t.created, modified=t.modified, releases=[tag for tag, _ in t.releases]
        )
        for i, t in (timelines or {}).items()
    }
    files: dict[str, str | bytes] = dict(
        export_files(view, name=config.title, version=config.version, histories=histories)
    )
    files.update(qda_files(view, config))
    return files


def write_generated(
    project: Project, view: SiteView, history: History, jobs: int = 1
) -> WriteReport:
    """Write every generated file into `docs/` and delete those no longer generated."""
    files = generated_files(project, view, history, jobs)
    staging = project.cache_dir / "staging"
    owned = GENERATED_DIRS + tuple(
        p.name for pattern in GENERATED_PATTERNS for p in project.docs_dir.glob(pattern)
    )
    try:
        return write_tree(project.docs_dir, files, owned, GENERATED_FILES, staging)
    except OSError as error:
        raise environment_problem(project.docs_dir, error) from None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def source_date_epoch(project: Project) -> str | None:
    """SOURCE_DATE_EPOCH for the build: the environment's, else the last commit's time, so that
    two builds of the same sources are byte-identical (sitemap dates included)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(
            ["git", "-C", str(project.root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else None


def run_mkdocs(project: Project, site_dir: Path) -> None:
    """`mkdocs build --strict` into `site_dir`; warnings become problems."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    display = project.display(project.mkdocs_file)
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    epoch, saved = source_date_epoch(project), os.environ.get("SOURCE_DATE_EPOCH")
    try:
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
        config = load_config(str(project.mkdocs_file), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except OSError as error:
        raise environment_problem(site_dir, error) from None
    except (Abort, ConfigurationError, MkDocsException) as error:
        problems = [Problem(display, 0, f"mkdocs: {m}") for m in handler.messages]
        if not problems or not isinstance(error, Abort):
            problems.append(Problem(display, 0, f"mkdocs build failed: {error}"))
        raise CatalogError(problems) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def build_site(project: Project, site_dir: Path, drafts: bool = False) -> BuildReport:
    """The whole build; on any problem raise `CatalogError` and keep the published site.
    Drafts are left out unless `drafts` (a preview)."""
    target = check_site_dir(project, site_dir)
    jobs = parallel.cpus()
    checked, written, pages = generate(project, drafts=drafts, jobs=jobs)
    build = new_build(target)
    try:
        run_mkdocs(project, build)
        problems = scan_site(build, checked.leaks, jobs)
        if problems:
            raise CatalogError(problems)
        switch_to(build, target)
    except BaseException:
        discard(build)
        raise
    return BuildReport(checked, written, target, pages)
