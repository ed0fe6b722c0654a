"""Where every generated page, anchor and download lives: the one owner of the site's layout.

A `Target` knows its source path in `docs/` and its URL in the built site (MkDocs' directory
URLs: `issues/x.md` is served at `issues/x/`), so links between them are computed here and
nowhere else: Markdown links between source files (MkDocs validates them), HTML links between
URLs (for raw HTML blocks), absolute URLs for citations.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin


@dataclass(frozen=True, order=True)
class Target:
    """A page or a file of the site."""

    src: str
    """Path in `docs/`, e.g. `issues/missing-values.md` or `downloads/catalog.json`."""

    @property
    def url(self) -> str:
        """Site-relative URL: `issues/missing-values/`, `issues/`, `` for the home page."""
        if self.src.endswith("/index.html"):
            return self.src[: -len("index.html")]
        if not self.src.endswith(".md"):
            return self.src
        if self.src == "index.md":
            return ""
        if self.src.endswith("/index.md"):
            return self.src[: -len("index.md")]
        return self.src[: -len(".md")] + "/"

    def link(self, target: Target, anchor: str = "") -> str:
        """A Markdown link from this page's source to `target`'s (`../interviews/I7.md#p4`)."""
        path = posixpath.relpath(target.src, posixpath.dirname(self.src) or ".")
        return path + (f"#{anchor}" if anchor else "")

    def href(self, target: Target, anchor: str = "") -> str:
        """An HTML link from this page's URL to `target`'s (`../../interviews/I7/#p4`)."""
        start = self.url.rstrip("/") or "."
        if target.url.endswith("/") or target.url == "":
            path = posixpath.relpath(target.url.rstrip("/") or ".", start) + "/"
            path = "" if path == "./" else path
        else:
            path = posixpath.relpath(target.url, start)
        return path + (f"#{anchor}" if anchor else "")

    def absolute(self, site_url: str) -> str:
        """The page's published address under `site_url` (which ends with `/`)."""
        return urljoin(site_url, self.url)


HOME = Target("index.md")
ISSUES = Target("issues/index.md")
GROUPS = Target("groups/index.md")
TAGS = Target("tags/index.md")
MITIGATIONS = Target("mitigations/index.md")
GRID = Target("grid.md")
EVIDENCE = Target("evidence.md")
PHASES = Target("phases/index.md")
DIMENSIONS = Target("dimensions/index.md")
INTERVIEWS = Target("interviews/index.md")
DOWNLOADS = Target("downloads/index.md")
REFERENCE = Target("reference.md")
CHANGELOG = Target("changelog.md")
ABOUT = Target("about.md")
"""Hand-written (not generated)."""

CATALOG_JSON = Target("downloads/catalog.json")
CATALOG_SCHEMA = Target("downloads/catalog.schema.json")
CATALOG_CSV = Target("downloads/catalog.csv")
CATALOG_LATEST = Target("downloads/catalog-latest.json")


def release_download(tag: str) -> Target:
    """The catalog of one release, e.g. `downloads/catalog-v1.0.0.json`."""
    return Target(f"downloads/catalog-{tag}.json")


SEARCH_BUNDLE = "pagefind"
"""Folder of the search index (Pagefind's script and chunks), generated into `docs/`."""
CATALOG_QDPX = Target("downloads/catalog.qdpx")
"""The catalog as a REFI-QDA project (transcripts, codebook, coded quotes)."""
CATALOG_QDC = Target("downloads/catalog.qdc")
"""The catalog's codebook alone (REFI-QDA)."""


def entry(entry_id: str) -> Target:
    return Target(f"issues/{entry_id}.md")


def interview(interview_id: str) -> Target:
    return Target(f"interviews/{interview_id}.md")


def phase(phase_id: str) -> Target:
    return Target(f"phases/{phase_id}.md")


def dimension(dimension_id: str) -> Target:
    return Target(f"dimensions/{dimension_id}.md")


def group(group_id: str) -> Target:
    return Target(f"groups/{group_id}.md")


def tag(slug: str) -> Target:
    return Target(f"tags/{slug}.md")


def mitigation(category_id: str) -> Target:
    return Target(f"mitigations/{category_id}.md")


def redirect(path: str) -> Target:
    """A redirect page the tool writes itself (plain HTML, copied as it is by the site
    generator): `MLQ-0042/index.html` for an id, `issues/<old-slug>/index.html` for an alias."""
    return Target(f"{path}/index.html")


def id_redirect(entry_id: str) -> Target:
    return redirect(entry_id)


def alias_redirect(slug: str) -> Target:
    return redirect(f"issues/{slug}")


def paragraph_anchor(n: int) -> str:
    """Anchor of a transcript paragraph on its interview page: `p42`."""
    return f"p{n}"


GENERATED_DIRS = (
    "issues",
    "interviews",
    "phases",
    "dimensions",
    "groups",
    "tags",
    "mitigations",
    "downloads",
    SEARCH_BUNDLE,
)
"""Sub-folders of `docs/` owned by the generator (ignored by git, rewritten by each build)."""
GENERATED_FILES = tuple(t.src for t in (HOME, EVIDENCE, GRID, REFERENCE, CHANGELOG))
"""Files at the top of `docs/` owned by the generator."""
GENERATED_PATTERNS = ("MLQ-[0-9][0-9][0-9][0-9]",)
"""Top folders of `docs/` owned by the generator, by pattern (the id redirects)."""


def is_entry_page(src: str) -> bool:
    return src.startswith("issues/") and src != ISSUES.src
