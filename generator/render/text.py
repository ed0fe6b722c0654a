"""Safe rendering of contributor-written text into the generated pages.

Contributor Markdown is rendered by markdown-it-py with raw HTML off, so the resulting HTML holds
only the tags markdown-it itself writes; link targets other than http(s), mailto and relative
URLs are dropped. Plain text goes into pages HTML-escaped, or Markdown-escaped where it must sit
in a Markdown construct (link text, headings).
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from generator.markup import renderer


def markdown_block(text: str, css_class: str = "") -> Markup:
    """Contributor Markdown as HTML, safe to place in a raw HTML block; `css_class` goes on
    its first paragraph."""
    html = renderer().render(text).strip()
    if css_class and html.startswith("<p>"):
        html = f'<p class="{escape(css_class)}">' + html[3:]
    return Markup(html)


def markdown_inline(text: str) -> Markup:
    """Contributor Markdown of one line (no paragraphs) as inline HTML."""
    return Markup(renderer().renderInline(text).strip())


_MD_INLINE = re.compile(r"([\\`*_{}\[\]|])")
"""Characters with an inline meaning in Python-Markdown (with `attr_list` and `tables`)."""
_MD_LINE_START = re.compile(r"^([#>+-]|\d+[.)])")
"""What would turn the start of a line into a heading, quote, list or list item."""


def md_text(text: str) -> str:
    """Plain text escaped for a Markdown context: nothing in it is read as markup or HTML."""
    text = _MD_INLINE.sub(r"\\\1", escape(" ".join(text.split()), quote=False))
    return _MD_LINE_START.sub(
        lambda m: (
            "\\" + m.group(1) if len(m.group(1)) == 1 else m.group(1)[:-1] + "\\" + m.group(1)[-1]
        ),
        text,
    )
