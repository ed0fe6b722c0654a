"""What the generator needs to know about the site and the catalog as a publication.

Read from plain files the project already has: `mkdocs.yml` (URLs, repository, branch) and
`CITATION.cff` (title, version, release date). Both are read as YAML data, not through MkDocs, so
a successor of MkDocs can take over the same files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from generator.problems import CatalogError, Failed, Problem
from generator.project import Project
from generator.yaml_source import load_yaml


@dataclass(frozen=True)
class Person:
    """An author, as CITATION.cff names them."""

    given: str
    family: str

    @property
    def initials(self) -> str:
        """`J.-L.` for Jean-Luc, `A.` for Ada."""
        return "-".join(part[:1] + "." for part in self.given.split("-") if part)

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class Reference:
    """A work the catalog rests on (CITATION.cff `references`): the study and its data."""

    kind: str
    title: str
    authors: tuple[Person, ...]
    year: str
    journal: str = ""
    doi: str = ""
    url: str = ""


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
    repo_name: str = ""
    authors: tuple[Person, ...] = ()
    doi: str = ""
    """This version's DOI, once a data repository gave one (CITATION.cff `doi`)."""
    concept_doi: str = ""
    """The DOI of every version, leading to the latest (an `identifiers` item of CITATION.cff
    whose description says `concept` or `all versions`)."""
    references: tuple[Reference, ...] = ()

    @property
    def year(self) -> str:
        """Year of the release, for citations."""
        return self.date_released[:4]

    def issue_url(self, template: str, title: str, **fields: str) -> str:
        """A new issue on the code host, from an issue form, with fields filled in."""
        query = urlencode({"template": template, "title": title, **fields})
        return f"{self.repo_url.rstrip('/')}/issues/new?{query}"

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
        repo_name=str(mkdocs.get("repo_name", "")),
        authors=_people(cff.get("authors")),
        doi=str(cff.get("doi", "")),
        concept_doi=_concept_doi(cff.get("identifiers")),
        references=tuple(_reference(r) for r in _items(cff.get("references"))),
    )


def _concept_doi(value: object) -> str:
    for item in _items(value):
        words = str(item.get("description", "")).lower()
        if item.get("type") == "doi" and ("concept" in words or "all versions" in words):
            return str(item.get("value", ""))
    return ""


def _items(value: object) -> list[dict[str, object]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _people(value: object) -> tuple[Person, ...]:
    people = []
    for item in _items(value):
        given = str(item.get("given-names", ""))
        family = str(item.get("family-names", item.get("name", "")))
        people.append(Person(given, family))
    return tuple(people)


def _reference(item: dict[str, object]) -> Reference:
    journal = item.get("journal", "")
    return Reference(
        kind=str(item.get("type", "")),
        title=str(item.get("title", "")),
        authors=_people(item.get("authors")),
        year=str(item.get("year", "")),
        journal=str(journal),
        doi=str(item.get("doi", "")),
        url=str(item.get("url", "")),
    )


def _settings(path: Path, display: str) -> dict[str, object]:
    doc = load_yaml(path, display)
    if isinstance(doc, Failed):
        raise CatalogError(doc.problems)
    if not isinstance(doc.data, dict):
        raise CatalogError(Problem(display, 1, "expected a mapping of settings"))
    return doc.data
