"""Render the site view into Markdown pages with Jinja2 (StrictUndefined, HTML autoescaping).

Pages are returned as a mapping of paths relative to the docs folder to their text; writing them
is the output step's job. Every page is plain Markdown that `mkdocs build` renders with
`attr_list`, `md_in_html`, `tables` and `toc`: no MkDocs plugin hook is involved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.diff import History
from generator.render.reference import reference
from generator.render.text import markdown_block, markdown_inline, md_text
from generator.render.views import SiteView
from generator.site_config import SiteConfig

MATRIX_MAX_INTERVIEWS = 30
"""Up to this many interviews the evidence page is a full issues-by-interviews matrix; beyond,
each issue lists its supporting interviews (a 1,000 by 100 grid is unreadable and heavy)."""
GENERATED_DIRS = ("issues", "interviews", "phases", "dimensions", "downloads")
"""Sub-folders of `docs/` owned by the generator (ignored by git, rewritten by each build)."""
GENERATED_FILES = ("index.md", "evidence.md", "reference.md", "changelog.md")
"""Files at the top of `docs/` owned by the generator."""


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
        bibtex=bibtex_text,
        cell=lambda html: Markup(str(html).replace("|", "&#124;")),
    )
    return env


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
}


def bibtex_text(text: str) -> str:
    """Text safe inside a BibTeX braced field: special characters escaped, on one line."""
    return re.sub(r"[\\{}%&#_$]", lambda m: _BIBTEX_SPECIAL[m.group()], " ".join(str(text).split()))


def page_renderers(
    site: SiteView, config: SiteConfig, history: History
) -> dict[str, Callable[[], str]]:
    """Every generated page as docs-relative path → function rendering its Markdown."""
    env = environment()
    common = {"site": site, "config": config}
    current = {e.id for e in site.entries}

    def page(template: str, **values: object) -> Callable[[], str]:
        return lambda: env.get_template(template).render(**values, **common)

    pages = {
        "index.md": page("home.md.j2"),
        "evidence.md": page("evidence.md.j2", matrix_max=MATRIX_MAX_INTERVIEWS),
        "downloads/index.md": page("downloads.md.j2"),
        "reference.md": page("reference.md.j2", reference=reference()),
        "changelog.md": page("changelog.md.j2", history=history, current=current),
        "issues/index.md": page("issues.md.j2"),
        "phases/index.md": page("phases.md.j2"),
        "dimensions/index.md": page("dimensions.md.j2"),
        "interviews/index.md": page("interviews.md.j2"),
    }
    pages.update({f"issues/{v.id}.md": page("entry.md.j2", e=v) for v in site.entries})
    pages.update({f"phases/{v.phase.id}.md": page("phase.md.j2", p=v) for v in site.phases})
    pages.update(
        {f"dimensions/{v.dimension.id}.md": page("dimension.md.j2", d=v) for v in site.dimensions}
    )
    pages.update(
        {f"interviews/{v.interview.id}.md": page("interview.md.j2", i=v) for v in site.interviews}
    )
    return pages


def render_pages(site: SiteView, config: SiteConfig, history: History) -> dict[str, str]:
    """Every generated page: docs-relative path → Markdown."""
    return {path: render() for path, render in page_renderers(site, config, history).items()}
