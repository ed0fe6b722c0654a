"""What contributor markup may do: the one policy that validation checks and rendering applies.

Contributor Markdown is rendered by markdown-it-py with raw HTML and images off; a link is kept
only when `is_safe_url` accepts its target. Validation parses the same text with the same rules
(but keeping every link, so that an unsafe one can be named), so a text that validates renders
exactly as written, and a text that would lose a link is refused with the field named.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
"""Characters browsers skip when they read a URL's scheme (`java\tscript:`)."""


def is_safe_url(url: str) -> bool:
    """http(s) and mailto links, and relative links (`guide.md#a:b`, `../x/`, `#top`)."""
    scheme = _SCHEME.match(_IGNORED.sub("", url))
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _configured(md: MarkdownIt) -> MarkdownIt:
    md.enable(["table", "strikethrough"])
    return md


@lru_cache(maxsize=1)
def renderer() -> MarkdownIt:
    """The parser that renders contributor Markdown into the pages."""
    md = _configured(
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    )
    md.disable(["image"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def inspector() -> MarkdownIt:
    """The same grammar with every link and image kept, so that validation can name them."""
    md = _configured(MarkdownIt("commonmark", {"html": True}))
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md
