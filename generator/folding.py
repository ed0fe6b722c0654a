"""Text folded the way a reader's eye sees it, so that a name written in disguise is still found.

Folding decodes what a browser would (HTML entities, percent-escapes in URLs), applies Unicode
compatibility normalisation, drops combining marks without splitting the word (`cafe\u0301`),
maps confusable letters to their Latin skeleton (a Cyrillic a, a dotless i: Unicode's
confusables data, from the maintained `confusable-homoglyphs` package), lower-cases, and turns
every separator (hyphens, underscores, apostrophes, zero-width characters, punctuation) into a
space. The folded text is a sequence of words separated by single spaces.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote

_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


_INVISIBLE = "\x00"
"""Stands for a zero-width or format character while folding (see `fold_variants`)."""


def fold(text: str) -> str:
    """The words of `text` as a reader sees them, lower-case, separated by single spaces;
    invisible characters are dropped (`Da<zero-width space>na` reads `dana`)."""
    return fold_variants(text)[0]


def fold_variants(text: str) -> list[str]:
    """`fold(text)`, and when the text holds invisible characters, also the reading where they
    separate words (`First<zero-width space>Last` reads `first last` too)."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "%" in text:
        text = _PERCENT.sub(lambda m: unquote(m.group(), errors="replace") or m.group(), text)
    if text.isascii():
        return [_ASCII_SEPARATORS.sub(" ", text.lower()).strip()]
    folded = text.translate(_FOLD_TABLE)
    joined = _SPACES.sub(" ", folded.replace(_INVISIBLE, "")).strip()
    if _INVISIBLE not in folded:
        return [joined]
    return [joined, _SPACES.sub(" ", folded.replace(_INVISIBLE, " ")).strip()]


class _FoldTable(dict[int, str]):
    """Code point → `_fold_char` of it, filled as characters are met, for `str.translate`
    (one C-level pass over the text instead of a Python call per character)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


def _fold_char(char: str) -> str:
    """One character as folded text: letters and digits (possibly several), '' for a combining
    mark, `_INVISIBLE` for a format character, ' ' for anything else."""
    if char.isascii():
        return char.lower() if char.isalnum() else " "
    category = unicodedata.category(char)
    if category in ("Mn", "Me"):
        return ""  # a combining mark joins its base letter
    if category == "Cf":
        return _INVISIBLE
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        if not part.isascii():
            part = _skeleton().get(part, part)
        for c in part.casefold():
            if not unicodedata.combining(c):
                out.append(c if c.isalnum() else " ")
    return "".join(out) or " "


@lru_cache(maxsize=1)
def _skeleton() -> dict[str, str]:
    """Confusable character → its Latin letters or digits (only mappings to ASCII are kept)."""
    data = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    mapping: dict[str, str] = {}
    for char, entries in json.loads(data).items():
        for entry in entries:
            target = "".join(
                c for c in unicodedata.normalize("NFKD", entry["c"]) if not unicodedata.combining(c)
            )
            if target.isascii() and target.isalnum() and target != char:
                mapping[char] = target
                break
    return mapping


_FOLD_TABLE = _FoldTable()


def words(text: str) -> list[str]:
    """The folded words of a text."""
    folded = fold(text)
    return folded.split(" ") if folded else []
