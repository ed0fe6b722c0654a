"""What contributor markup may do: the one policy that validation checks and rendering applies.

Contributor Markdown is rendered by markdown-it-py with raw HTML and images off; a link is kept
only when `is_safe_url` accepts its target. Validation parses the same text with the same rules
(but keeping every link, so that an unsafe one can be named), so a text that validates renders
exactly as written, and a text that would lose a link is refused with the field named.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel


@dataclass(frozen=True)
class TextKind:
    """How a contributor's string is checked and shown; every string field of the models has
    one (`Annotated[str, ..., MARKDOWN]`), and a test fails when a new field lacks it."""

    name: str


MARKDOWN = TextKind("markdown")
"""Rendered by markdown-it (raw HTML and images off, safe links only); links are checked."""
PLAIN = TextKind("plain")
"""Shown as text: HTML-escaped, and Markdown-escaped where it sits in Markdown."""
IDENTIFIER = TextKind("identifier")
"""Restricted by its pattern to letters, digits and hyphens: nothing in it can be markup."""


def text_kind(annotation: Any, metadata: list[Any] | None = None) -> TextKind | None:
    """The kind of a string field (or of the strings in a list field), or None."""
    for item in metadata or []:
        if isinstance(item, TextKind):
            return item
    for arg in typing.get_args(annotation):
        if isinstance(arg, TextKind):
            return arg
        found = text_kind(arg)
        if found is not None:
            return found
    return None


def string_fields(model: type[BaseModel]) -> Iterator[tuple[type[BaseModel], str, TextKind | None]]:
    """Every field holding strings in `model` and the models nested in it, with its kind."""
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            if _holds_strings(info.annotation):
                yield current, name, text_kind(info.annotation, info.metadata)
            stack.extend(_models_in(info.annotation))


def _holds_strings(annotation: Any) -> bool:
    return annotation is str or any(_holds_strings(a) for a in typing.get_args(annotation))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _models_in(a)]


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
