"""Render the site view into Markdown pages with Jinja2 (StrictUndefined, HTML autoescaping).

Pages are returned as a mapping of paths relative to the docs folder to their text; writing them
is the output step's job. Every page is plain Markdown that `mkdocs build` renders with
`attr_list`, `tables` and `toc`: no MkDocs plugin hook is involved. Templates hold presentation
only: URLs come from `generator.urls` (through the `link` and `href` filters, relative to the
page being rendered), citations from `generator.citation`, edit links from the site config.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from generator import files, parallel, urls
from generator.citation import Citation, catalog_citation, entry_citation
from generator.history import History
from generator.models import EVIDENCE_TYPES
from generator.render.reference import reference
from generator.render.site import SiteView
from generator.render.text import markdown_block, markdown_inline, md_text
from generator.render.views import EntryView
from generator.site_config import SiteConfig
from generator.timeline import EntryTimeline
from generator.urls import Target

PARALLEL_MIN_PAGES = 400
"""Below this many pages they are rendered in one process (starting workers costs more)."""
MATRIX_MAX_INTERVIEWS = 30
"""Up to this many interviews the evidence page is a full issues-by-interviews matrix; beyond,
each issue lists its supporting interviews (a 1,000 by 100 grid is unreadable and heavy)."""


@pass_context
def _link(context: Context, target: Target, anchor: str = "") -> str:
    """Markdown link from the page being rendered to `target`."""
    page: Target = context["page"]
    return page.link(target, anchor)


@pass_context
def _href(context: Context, target: Target, anchor: str = "") -> str:
    """HTML link from the page being rendered to `target`."""
    page: Target = context["page"]
    return page.href(target, anchor)


def _codeblock(text: str) -> Markup:
    """Text as an indented Markdown code block: Markdown escapes what is in it, so it is not
    HTML-escaped twice (a `"` stays a `"`)."""
    return Markup("\n".join("    " + line if line else "" for line in str(text).split("\n")))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=lambda text: Markup(md_text(text)),
        markdown=markdown_block,
        inline=markdown_inline,
        yaml=lambda text: Markup(json.dumps(" ".join(str(text).split()), ensure_ascii=False)),
        plural=lambda n, word: f"{n} {word}{'' if n == 1 else 's'}",
        cell=lambda html: Markup(str(html).replace("|", "&#124;")),
        link=_link,
        href=_href,
        codeblock=_codeblock,
    )
    return env


@dataclass(frozen=True)
class EntryPublication:
    """What an entry page says about the entry as a publication."""

    url: str
    """Absolute URL of the entry page."""
    citation: Citation
    edit_url: str
    suggest_url: str
    """A prefilled correction report on the code host."""
    """The repository's web editor on the entry's YAML file."""


def publication(view: EntryView, config: SiteConfig) -> EntryPublication:
    url = view.page.absolute(config.site_url)
    return EntryPublication(
        url=url,
        citation=entry_citation(config, view.id, view.entry.title, url),
        edit_url=config.edit_url(files.entry_path(view.slug)),
        suggest_url=config.issue_url(
            "correction.yml", f"[{view.id}] {view.entry.title}", entry=f"{view.id} {url}"
        ),
    )


def onward(view: EntryView, by_id: dict[str, EntryView]) -> EntryView | None:
    """The live entry a deprecated or retired one points readers to."""
    target = view.entry.replaced_by or view.entry.merged_into
    return by_id.get(target) if target else None


def page_renderers(
    site: SiteView,
    config: SiteConfig,
    history: History,
    timelines: dict[str, EntryTimeline] | None = None,
    snapshots: list[str] | None = None,
) -> dict[str, Callable[[], str]]:
    """Every generated page as docs-relative path → function rendering it. `snapshots` are the
    tags whose data `catalog release` kept (offered on the downloads page)."""
    env = environment()
    common: dict[str, Any] = {
        "site": site,
        "config": config,
        "targets": urls,
        "evidence_help": EVIDENCE_TYPES,
        "timelines": timelines or {},
    }
    by_id = {v.id: v for v in [*site.entries, *site.former]}
    groups = {g.group.id: g.entries for g in site.groups}
    current = {e.slug: e.page for e in site.entries}

    def page(target: Target, template: str, **values: object) -> tuple[str, Callable[[], str]]:
        def render() -> str:
            return env.get_template(template).render(**values, **common, page=target)

        return target.src, render

    pages = dict(
        [
            page(urls.HOME, "home.md.j2"),
            page(urls.EVIDENCE, "evidence.md.j2", matrix_max=MATRIX_MAX_INTERVIEWS),
            page(
                urls.DOWNLOADS,
                "downloads.md.j2",
                cite=catalog_citation(config),
                releases=[urls.release_download(t) for t in reversed(snapshots or [])],
            ),
            page(urls.REFERENCE, "reference.md.j2", reference=reference()),
            page(urls.CHANGELOG, "changelog.md.j2", history=history, current=current),
            page(urls.ISSUES, "issues.md.j2"),
            page(urls.GROUPS, "groups.md.j2"),
            page(urls.PHASES, "phases.md.j2"),
            page(urls.DIMENSIONS, "dimensions.md.j2"),
            page(urls.INTERVIEWS, "interviews.md.j2"),
            page(urls.TAGS, "tags.md.j2", tags=site.tag_views),
            page(urls.GRID, "grid.md.j2", rows=site.grid()),
            page(urls.MITIGATIONS, "mitigations.md.j2", categories=site.mitigation_categories),
        ]
    )
    pages.update(
        page(
            v.page,
            "entry.md.j2",
            e=v,
            cite=publication(v, config),
            onward=onward(v, by_id),
            siblings=[s for s in groups.get(v.group.id, []) if s is not v],
            tags=v.tag_links,
        )
        for v in [*site.entries, *site.former]
    )
    pages.update(page(v.page, "group.md.j2", g=v) for v in site.groups)
    pages.update(page(v.page, "tag.md.j2", t=v) for v in site.tag_views)
    pages.update(page(v.page, "mitigation.md.j2", c=v) for v in site.mitigation_categories)
    pages.update(redirect_renderers(site, config))
    pages.update(page(v.page, "phase.md.j2", p=v) for v in site.phases)
    pages.update(page(v.page, "dimension.md.j2", d=v) for v in site.dimensions)
    pages.update(page(v.page, "interview.md.j2", i=v) for v in site.interviews)
    return pages


def render_pages(
    site: SiteView,
    config: SiteConfig,
    history: History,
    timelines: dict[str, EntryTimeline] | None = None,
    snapshots: list[str] | None = None,
    jobs: int = 1,
) -> dict[str, str]:
    """Every generated page: docs-relative path → Markdown (and the redirect pages' HTML),
    rendered by `jobs` processes where the platform forks (the same pages whatever `jobs`)."""
    renderers = page_renderers(site, config, history, timelines, snapshots)
    paths = list(renderers)
    if jobs < 2 or len(paths) < PARALLEL_MIN_PAGES or not parallel.can_fork():
        return {path: render() for path, render in renderers.items()}
    env = environment()
    for name in env.list_templates():
        env.get_template(name)  # compiled once, before the workers are forked
    texts = parallel.fork_map(lambda path: renderers[path](), paths, jobs)
    return dict(zip(paths, texts, strict=True))


def redirect_renderers(site: SiteView, config: SiteConfig) -> dict[str, Callable[[], str]]:
    """Plain HTML pages from every permanent id and every former slug to the entry's page,
    written by the tool itself (`rel=canonical` and a meta refresh, no site-generator plugin),
    so that they survive a change of site generator."""
    template = environment().get_template("redirect.html.j2")
    pages: dict[str, Callable[[], str]] = {}
    for view in [*site.entries, *site.former]:
        for target in [urls.id_redirect(view.id), *map(urls.alias_redirect, view.entry.aliases)]:
            values = {
                "title": f"{view.id} {view.entry.title}",
                "canonical": view.page.absolute(config.site_url),
                "href": target.href(view.page),
            }
            pages[target.src] = functools.partial(template.render, **values)
    return pages
