"""How the catalog and its entries are cited: the BibTeX and plain-text forms, made once here for
every page and download that shows them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator.site_config import Person, Reference, SiteConfig

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


def bibtex(key: str, fields: list[tuple[str, str]]) -> str:
    """A `@misc` record; field values are given already escaped."""
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


@dataclass(frozen=True)
class Citation:
    """One work's citation in the three forms the pages offer (each with a copy button)."""

    text: str
    bibtex: str
    cff: str


def _authors_bibtex(people: tuple[Person, ...]) -> str:
    names = [
        f"{bibtex_text(p.family)}, {bibtex_text(p.given)}"
        if p.given
        else f"{{{bibtex_text(p.family)}}}"
        for p in people
    ]
    return " and ".join(names)


def _authors_text(people: tuple[Person, ...]) -> str:
    return ", ".join(f"{p.family}, {p.initials}" if p.given else p.family for p in people)


def _authors_cff(people: tuple[Person, ...]) -> list[str]:
    lines = ["authors:"]
    for p in people:
        if p.given:
            lines += [
                f"  - family-names: {json.dumps(p.family)}",
                f"    given-names: {json.dumps(p.given)}",
            ]
        else:
            lines.append(f"  - name: {json.dumps(p.family)}")
    return lines


def _doi_fields(config: SiteConfig) -> list[tuple[str, str]]:
    return [("doi", config.doi)] if config.doi else []


def catalog_citation(config: SiteConfig) -> Citation:
    fields = [
        ("author", _authors_bibtex(config.authors)),
        ("title", bibtex_text(config.title)),
        ("howpublished", f"\\url{{{config.site_url}}}"),
        ("note", f"Version {config.version}"),
        ("year", config.year),
        *_doi_fields(config),
    ]
    text = f"{_authors_text(config.authors)} ({config.year}). {config.title}"
    text += f" (version {config.version})."
    text += f" {config.site_url}" + (f" doi:{config.doi}" if config.doi else "")
    cff = [
        "cff-version: 1.2.0",
        f"title: {json.dumps(config.title)}",
        "type: dataset",
        *_authors_cff(config.authors),
        f'version: "{config.version}"',
        f'date-released: "{config.date_released}"',
        f"url: {json.dumps(config.site_url)}",
        *([f"doi: {config.doi}"] if config.doi else []),
    ]
    return Citation(text, bibtex("mlqc-catalog", fields), "\n".join(cff))


def entry_citation(config: SiteConfig, entry_id: str, title: str, url: str) -> Citation:
    """An entry's citation, keyed by its permanent id (a key that never changes)."""
    fields = [
        ("author", _authors_bibtex(config.authors)),
        ("title", bibtex_text(f"{entry_id}: {title}")),
        ("howpublished", f"\\url{{{url}}}"),
        ("note", f"{bibtex_text(config.title)}, version {config.version}"),
        ("year", config.year),
        *_doi_fields(config),
    ]
    text = (
        f"{_authors_text(config.authors)} ({config.year}). {entry_id}: {title}. In {config.title} "
        f"(version {config.version}). {url}"
    )
    cff = [
        "cff-version: 1.2.0",
        f"title: {json.dumps(f'{entry_id}: {title}')}",
        "type: dataset",
        *_authors_cff(config.authors),
        f'version: "{config.version}"',
        f'date-released: "{config.date_released}"',
        f"url: {json.dumps(url)}",
        *([f"doi: {config.doi}"] if config.doi else []),
    ]
    return Citation(text, bibtex(entry_id, fields), "\n".join(cff))


def quote_citation(config: SiteConfig, interview: str, paragraph: int, url: str) -> str:
    """One quote, cited by its interview and paragraph: `interview I32, ¶73`."""
    return (
        f"{_authors_text(config.authors)} ({config.year}). {config.title} (version "
        f"{config.version}), interview {interview}, ¶{paragraph}. {url}"
    )


def reference_text(ref: Reference) -> str:
    """A work cited in plain text: `P.-O. Côté, A. Nikanjam, …, "Title", Journal (2024),
    doi:…` (initials and family names, the form the site prints)."""
    names = ", ".join(f"{p.initials} {p.family}".strip() for p in ref.authors)
    parts = [names, f"“{ref.title}”"]
    parts += [f"{ref.journal} ({ref.year})" if ref.journal else ref.year]
    text = ", ".join(p for p in parts if p)
    return text + (f", doi:{ref.doi}" if ref.doi else "") + (f", {ref.url}" if ref.url else "")


def own_strings(config: SiteConfig) -> list[str]:
    """The publication's own addresses and the citations it prints: published as they are, so
    the leak check ignores exactly these strings (a fork's addresses included)."""
    strings = [config.site_url, config.repo_url, config.repo_name]
    strings += [reference_text(r) for r in config.references]
    strings += [r.url for r in config.references] + [r.doi for r in config.references]
    return [s for s in strings if s]
