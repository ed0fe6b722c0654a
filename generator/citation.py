"""How the catalog and its entries are cited: the BibTeX and plain-text forms, made once here for
every page and download that shows them."""

from __future__ import annotations

import re

from generator.site_config import SiteConfig

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
    return bibtex(
        f"mlqc-{entry_id}",
        [
            ("title", bibtex_text(title)),
            ("howpublished", f"\\url{{{url}}}"),
            ("note", f"{bibtex_text(config.title)}, version {config.version}"),
            ("year", config.year),
        ],
    )
