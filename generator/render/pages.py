"""Render the site view into Markdown pages with Jinja2 (StrictUndefined, HTML autoescaping).

Pages are returned as a mapping of paths relative to the docs folder to their text; writing them
is the output step's job. Every page is plain Markdown that `mkdocs build` renders with
`attr_list`, `md_in_html`, `tables` and `toc`: no MkDocs plugin hook is involved.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.diff import History
from generator.render.reference import reference
from generator.render.text import html_text, markdown_block, markdown_inline, md_text
from generator.render.views import SiteView
from generator.site_config import SiteConfig

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
        text=html_text,
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


def render_pages(site: SiteView, config: SiteConfig, history: History) -> dict[str, str]:
    """Every generated page: docs-relative path → Markdown text."""
    env = environment()
    common = {"site": site, "config": config}
    current = {e.id for e in site.entries}
    pages = {
        "index.md": env.get_template("home.md.j2").render(**common),
        "evidence.md": env.get_template("evidence.md.j2").render(**common),
        "downloads/index.md": env.get_template("downloads.md.j2").render(**common),
        "reference.md": env.get_template("reference.md.j2").render(reference=reference()),
        "changelog.md": env.get_template("changelog.md.j2").render(
            history=history, current=current, **common
        ),
        "issues/index.md": env.get_template("issues.md.j2").render(**common),
        "phases/index.md": env.get_template("phases.md.j2").render(**common),
        "dimensions/index.md": env.get_template("dimensions.md.j2").render(**common),
        "interviews/index.md": env.get_template("interviews.md.j2").render(**common),
    }
    entry = env.get_template("entry.md.j2")
    for view in site.entries:
        pages[f"issues/{view.id}.md"] = entry.render(e=view, **common)
    phase = env.get_template("phase.md.j2")
    for view in site.phases:
        pages[f"phases/{view.phase.id}.md"] = phase.render(p=view, **common)
    dimension = env.get_template("dimension.md.j2")
    for view in site.dimensions:
        pages[f"dimensions/{view.dimension.id}.md"] = dimension.render(d=view, **common)
    interview = env.get_template("interview.md.j2")
    for view in site.interviews:
        pages[f"interviews/{view.interview.id}.md"] = interview.render(i=view, **common)
    return pages
