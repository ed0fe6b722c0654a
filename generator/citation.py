"""How the catalog and its entries are cited: the BibTeX and plain-text forms, made once here for
every page and download that shows them."""

from __future__ import annotations

import re

from generator.site_config import Reference, SiteConfig

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


def catalog_bibtex(config: SiteConfig) -> str:
    return bibtex(
        "mlqc-catalog",
        [
            ("title", bibtex_text(config.title)),
            ("howpublished", f"\\url{{{config.site_url}}}"),
            ("note", f"Version {config.version}"),
            ("year", config.year),
        ],
    )


def entry_bibtex(config: SiteConfig, entry_id: str, title: str, url: str) -> str:
    """An entry's record, keyed by its permanent id (a key that never changes)."""
    return bibtex(
        entry_id,
        [
            ("title", bibtex_text(title)),
            ("howpublished", f"\\url{{{url}}}"),
            ("note", f"{bibtex_text(config.title)}, version {config.version}"),
            ("year", config.year),
        ],
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
