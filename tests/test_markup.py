"""One markup policy: what validation accepts is exactly what the renderer keeps."""

from __future__ import annotations

import pytest

from generator.markup import MARKDOWN, is_safe_url
from generator.render.text import markdown_block
from generator.safety import problems_in

SAFE = [
    "guide.md#a:b",  # once accepted by validation and dropped by the renderer
    "../about.md",
    "#top",
    "/catalog/issues/",
    "https://example.org/a?b=c:d",
    "http://example.org",
    "mailto:team@example.org",
    "HTTPS://EXAMPLE.ORG",
]
UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
    "ftp://example.org",
]


@pytest.mark.parametrize("url", SAFE + UNSAFE)
def test_validation_and_rendering_agree_on_every_link(url: str) -> None:
    text = f"See [the guide]({url})."
    refused = any("links to" in message for message in problems_in(text, MARKDOWN))
    rendered = "<a href=" in markdown_block(text)
    assert refused != rendered
    assert rendered == (url in SAFE) == is_safe_url(url)


@pytest.mark.parametrize(
    "url", ["java\tscript:alert(1)", " javascript:alert(1)", "\x01javascript:x"]
)
def test_characters_browsers_skip_do_not_hide_a_scheme(url: str) -> None:
    assert not is_safe_url(url)


def test_a_relative_link_with_a_colon_in_its_anchor_is_rendered() -> None:
    assert list(problems_in("[g](guide.md#a:b)", MARKDOWN)) == []
    assert str(markdown_block("[g](guide.md#a:b)")) == '<p><a href="guide.md#a:b">g</a></p>'


def test_every_string_field_has_a_kind() -> None:
    """A new field cannot be forgotten: it must say how it is checked and shown."""
    from generator.files import FILE_KINDS
    from generator.markup import string_fields

    missing = [
        f"{model.__name__}.{name}"
        for kind in FILE_KINDS
        for model, name, found in string_fields(kind.model)
        if found is None
    ]
    assert missing == [], "annotate these with MARKDOWN, PLAIN or IDENTIFIER"
