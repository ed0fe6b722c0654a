"""Refuse contributor text that could run in a reader's browser or hide what it says.

The renderer already makes such text inert (HTML escaped, markdown-it with raw HTML off, unsafe
link targets dropped); validation refuses it earlier so that the contributor learns which field
is wrong instead of seeing a silently defused page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from markdown_it.token import Token

from generator.markup import MARKDOWN, TextKind, inspector, is_safe_url

_SUSPECT_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\U0010ffff]")
"""Control characters and every non-ASCII character (checked one by one for format ones)."""
_MAY_LINK = re.compile(r"[\[<]|://|:\S")
"""Text without these cannot hold a link or an image, so it need not be parsed."""
_TAG = re.compile(r"<[A-Za-z/!?][^>]*>?")


def problems_in(text: str, kind: TextKind) -> Iterator[str]:
    """What is unsafe in one field's text, as messages naming what was found: the same checks
    for every field, and for Markdown fields the links and images too."""
    for match in _SUSPECT_CHARACTER.finditer(text):
        char = match.group()
        if unicodedata.category(char) in ("Cc", "Cf"):
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            yield f"contains the invisible or control character U+{ord(char):04X} ({name})"
            break
    if tag := _TAG.search(text):
        yield f"contains raw HTML ('{tag.group()[:30]}'): write plain text or Markdown"
    if kind != MARKDOWN or not _MAY_LINK.search(text):
        return
    for token in _walk(inspector().parse(text)):
        if token.type == "image":
            yield "contains an image: images are not allowed in catalog text"
        target = token.attrGet("href") if token.type == "link_open" else None
        if target is not None and not is_safe_url(str(target)):
            yield f"links to '{str(target)[:40]}': only http(s), mailto and relative links allowed"


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)
