"""What the generator needs to know about the site and the catalog as a publication.

Read from plain files the project already has: `mkdocs.yml` (URLs, repository, branch) and
`CITATION.cff` (title, version, release date). Both are read as YAML data, not through MkDocs, so
a successor of MkDocs can take over the same files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.problems import CatalogError, Failed, Problem
from generator.project import Project
from generator.yaml_source import load_yaml


@dataclass(frozen=True)
class SiteConfig:
    """Publication facts used by the pages: citation, stable URLs and edit links."""

    title: str
    version: str
    date_released: str
    site_url: str
    """Absolute URL of the published site, ending with `/` (stable entry URLs hang off it)."""
    repo_url: str
    branch: str
    """Branch that `edit_uri` in mkdocs.yml points at (`edit/<branch>/docs/`)."""

    @property
    def year(self) -> str:
        """Year of the release, for citations."""
        return self.date_released[:4]

    def edit_url(self, repo_path: str) -> str:
        """The repository's web-editor URL of a file, e.g. `catalog_src/issues/x.yaml`."""
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{repo_path}"


def read_site_config(project: Project) -> SiteConfig:
    mkdocs_path, cff_path = project.mkdocs_file, project.root / "CITATION.cff"
    mkdocs = _settings(mkdocs_path, project.display(mkdocs_path))
    cff = _settings(cff_path, project.display(cff_path))
    edit_uri = str(mkdocs.get("edit_uri", ""))
    match = re.fullmatch(r"edit/([^/]+)/(?:.*/)?", edit_uri)
    if not match:
        raise CatalogError(
            Problem(
                "mkdocs.yml",
                0,
                f"edit_uri '{edit_uri}' is not of the form 'edit/<branch>/docs/'",
                "set the branch the site edits",
            )
        )
    site_url = str(mkdocs.get("site_url", "")).rstrip("/") + "/"
    return SiteConfig(
        title=str(cff.get("title", mkdocs.get("site_name", ""))),
        version=str(cff.get("version", "")),
        date_released=str(cff.get("date-released", "")),
        site_url=site_url,
        repo_url=str(mkdocs.get("repo_url", "")),
        branch=match.group(1),
    )


def _settings(path: Path, display: str) -> dict[str, object]:
    doc = load_yaml(path, display)
    if isinstance(doc, Failed):
        raise CatalogError(doc.problems)
    if not isinstance(doc.data, dict):
        raise CatalogError(Problem(display, 1, "expected a mapping of settings"))
    return doc.data
