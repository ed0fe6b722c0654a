"""The generated tree kept up to date by `catalog serve`, regenerating only what a change touches.

Saving an entry re-checks that entry alone (its file, its quotes, the references between
entries), rebuilds the view reusing the entry views and excerpts that did not change, and
re-renders only the pages that show the entry: its own, its related entries' and phase
neighbours', its phase and dimension pages, the interviews it cites, and the catalog-wide lists.
Entry pages are written at once and the rest a moment later (`flush`), so that MkDocs rebuilds
the page being edited first. Any other change (registries, transcripts, rules) regenerates
everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator import urls
from generator.build import all_downloads, published_history, release_snapshots, write_generated
from generator.check import CheckedCatalog, check_project, recheck_entries
from generator.history import History
from generator.output import WriteReport, write_tree
from generator.problems import CatalogError
from generator.project import Project
from generator.render.pages import page_renderers
from generator.render.site import SiteView, ViewMemo, build_view
from generator.search_index import search_files, search_records
from generator.site_config import SiteConfig, read_site_config
from generator.timeline import entry_timelines

CATALOG_WIDE = tuple(
    t.src
    for t in (
        urls.HOME,
        urls.ISSUES,
        urls.EVIDENCE,
        urls.CHANGELOG,
        urls.PHASES,
        urls.DIMENSIONS,
        urls.INTERVIEWS,
        urls.GROUPS,
        urls.TAGS,
        urls.GRID,
        urls.MITIGATIONS,
        urls.DOWNLOADS,
    )
)
"""Pages that list or count every entry, re-rendered on any entry change."""


def pages_showing(view: SiteView, slugs: set[str]) -> set[str]:
    """Docs-relative paths of the pages that show anything of the entries `slugs`."""
    pages = set(CATALOG_WIDE)
    for e in [*view.entries, *view.former]:
        if e.slug not in slugs:
            continue
        pages.add(e.page.src)
        neighbours = [*(r.view for r in e.related), *(n for n in (e.previous, e.next) if n)]
        pages.update(other.page.src for other in neighbours)
        pages.add(urls.phase(e.phase.id).src)
        pages.add(urls.group(e.group.id).src)
        pages.update(s.page.src for s in view.entries if s.group.id == e.group.id)  # siblings
        pages.update(link.target.src for link in e.tag_links)
        pages.update(c.category.target.src for c in e.mitigations if c.category)
        pages.update(urls.dimension(d.id).src for d in [e.primary, *e.dimensions])
        pages.update(urls.interview(i).src for i in [*e.interviews, *e.counter_interviews])
        pages.add(urls.id_redirect(e.id).src)
        pages.update(urls.alias_redirect(a).src for a in e.entry.aliases)
    return pages


class LiveSite:
    """A project's checked catalog and view, held in memory between changes."""

    def __init__(self, project: Project, *, generate: bool = True) -> None:
        """Generate everything at once (raising `CatalogError` on errors), or, with
        `generate=False`, at the first `update` (which a broken catalog cannot stop)."""
        self.project = project
        self.memo = ViewMemo()
        self.view: SiteView | None = None
        self.checked: CheckedCatalog | None = None
        self.pending: dict[str, Callable[[], str]] = {}
        """Pages `update` left for `flush` (path → renderer): entry pages come first, so that
        the page being edited reloads without waiting for the long catalog-wide lists."""
        self.pending_view: SiteView | None = None
        self.pending_history: History = None
        if generate:
            self.regenerate()

    def regenerate(self) -> WriteReport:
        """Check and generate everything; on errors raise `CatalogError` (pages stay as they
        were, and the next change regenerates everything again)."""
        self.checked = None
        self.config: SiteConfig = read_site_config(self.project)  # mkdocs.yml, CITATION.cff
        self.pending, self.pending_view = {}, None
        self.memo.clear()  # transcripts or rules may have changed: no excerpt can be reused
        checked = check_project(self.project)
        if not checked.ok:
            raise CatalogError(checked.problems.errors)
        view = build_view(checked, self.memo, drafts=True)
        report = write_generated(self.project, view, published_history(self.project, checked))
        self.checked, self.view = checked, view
        return report

    def update(self, changed: set[Path]) -> WriteReport:
        """Bring the generated tree up to date with the changed source files."""
        issues = self.project.issues_dir.resolve()
        if (
            self.checked is None
            or self.view is None
            or not changed
            or any(p.resolve().parent != issues or p.suffix != ".yaml" for p in changed)
        ):
            return self.regenerate()
        slugs = {p.stem for p in changed}
        self.flush()  # what the previous update left is rendered from its own view, first
        before = pages_showing(self.view, slugs)
        checked = recheck_entries(self.checked, changed)
        if not checked.ok:
            self.checked = None  # updated in place: the next change starts afresh
            raise CatalogError(checked.problems.errors)
        view = build_view(checked, self.memo, drafts=True)
        history = published_history(self.project, checked)
        timelines = entry_timelines(self.project, history)
        snapshots = list(release_snapshots(self.project))
        makers = page_renderers(view, self.config, history, timelines, snapshots)
        removed = {p for p in before if p not in makers}  # a deleted entry's pages, redirects
        wanted = sorted((before | pages_showing(view, slugs)) - removed)
        report = self._write({p: makers[p]() for p in wanted if urls.is_entry_page(p)})
        for rel in sorted(removed):
            path = self.project.docs_dir / rel
            if path.is_file():
                path.unlink()
                report.removed.append(rel)
                if path.name == "index.html" and not any(path.parent.iterdir()):
                    path.parent.rmdir()  # a redirect's own folder
        self.pending = {p: makers[p] for p in wanted if not urls.is_entry_page(p)}
        self.pending_view = view
        self.pending_history = history
        self.checked, self.view = checked, view
        return report

    def flush(self) -> WriteReport:
        """Render and write what `update` left for later: the catalog-wide lists, phase,
        dimension and interview pages, the downloads and the search index (whose chunks are
        named by their content: the previous ones are removed)."""
        if self.pending_view is None:
            return WriteReport()
        files: dict[str, str | bytes] = {path: make() for path, make in self.pending.items()}
        timelines = entry_timelines(self.project, self.pending_history)
        snapshots = release_snapshots(self.project)
        files.update(all_downloads(self.pending_view, self.config, timelines, snapshots))
        files.update(search_files(search_records(self.pending_view)))
        self.pending, self.pending_view = {}, None
        return self._write(files, owned=(urls.SEARCH_BUNDLE,))

    def _write(self, files: dict[str, str | bytes], owned: tuple[str, ...] = ()) -> WriteReport:
        staging = self.project.cache_dir / "staging"
        return write_tree(self.project.docs_dir, files, owned, (), staging)
