"""Check the built site: no anonymised term in any published file, no broken internal link."""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.anonymise import Anonymiser, leak_problem
from generator.problems import Problem

_TAG = re.compile(r"<[^>]*>")
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|"
    r"sup|time|u|var|wbr)\b[^>]*>",
    re.IGNORECASE,
)
_TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".csv", ".txt", ".md", ".js", ".css", ".svg"}
_MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg"}


def _theme_root() -> Path | None:
    """Folder of the theme's own files, which the build copies unchanged: no catalog content."""
    try:
        import material  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the theme is a dependency
        return None
    return Path(material.__file__).parent / "templates"


def _is_theme_copy(theme: Path | None, rel: str, data: bytes) -> bool:
    if theme is None:
        return False
    original = theme / rel
    try:
        return original.stat().st_size == len(data) and original.read_bytes() == data
    except OSError:
        return False


def _text_of(markup: str) -> str:
    """What a reader sees: inline tags removed (a name split by them is joined again), other
    tags turned into spaces, entities decoded."""
    return html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", markup)))


def _readable(path: Path, data: bytes) -> tuple[list[str], bool] | None:
    """The lines a reader or a machine could get from the file, and whether they are markup;
    JSON is read as its decoded strings, gzip through. None for files that are not text."""
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
        path = path.with_suffix("")
    if path.suffix not in _TEXT_SUFFIXES:
        return None
    text = data.decode("utf-8", errors="replace")
    markup = path.suffix in _MARKUP_SUFFIXES
    if path.suffix == ".json":
        with contextlib.suppress(ValueError):
            text, markup = "\n".join(_strings(json.loads(text))), True
    return text.split("\n"), markup


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def find_leaks(site_dir: Path, anonymiser: Anonymiser) -> list[Problem]:
    """Every anonymised term found in a published file, by file and line.

    Lines repeated across pages (the theme's header, navigation and footer) are scanned once,
    and a file's new lines are scanned together; only a file with a finding is scanned again
    line by line, to report where.
    """
    theme = _theme_root()
    problems: list[Problem] = []
    clean: set[str] = set()
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        if _is_theme_copy(theme, rel, data):
            continue
        readable = _readable(path, data)
        if readable is None:
            continue
        lines, markup = readable
        fresh = []  # (line number, text) of lines not seen in an earlier file: raw and as read
        for number, line in enumerate(lines, 1):
            if line not in clean:
                fresh.append((number, line))
                if markup and ("<" in line or "&" in line):
                    fresh.append((number, _text_of(line)))
        if not anonymiser.find_published("\n".join(line for _, line in fresh)):
            clean.update(line for _, line in fresh)
            continue
        reported: set[str] = set()
        for number, line in fresh:
            for r in anonymiser.find_published(line):
                if r.tag not in reported:
                    reported.add(r.tag)
                    problems.append(
                        leak_problem(f"site/{rel}", number, line[r.start : r.end], r.tag)
                    )
    return problems


_HREF = re.compile(r"""\s(?:href|src)=(["'])(.*?)\1""")
_ID = re.compile(r"""\sid=(["'])(.*?)\1""")


def find_broken_links(site_dir: Path) -> list[Problem]:
    """Relative links between built pages whose target file or anchor does not exist."""
    root = str(site_dir)
    pages = {str(p): p.read_text("utf-8", errors="replace") for p in site_dir.rglob("*.html")}
    ids: dict[str, set[str]] = {}
    resolved: dict[tuple[str, str], str | None] = {}
    problems = []
    for page, text in pages.items():
        folder = os.path.dirname(page)
        for match in _HREF.finditer(text):
            url = match.group(2)
            if url.startswith(("#", "/", "mailto:", "http://", "https://", "data:", "javascript:")):
                continue
            key = (folder, url)
            if key not in resolved:
                resolved[key] = _link_problem(folder, html.unescape(url), pages, ids, root)
            if resolved[key]:
                rel = os.path.relpath(page, root).replace(os.sep, "/")
                problems.append(Problem(f"site/{rel}", 0, f"{resolved[key]} '{url}'"))
    return problems


def _link_problem(
    folder: str, url: str, pages: dict[str, str], ids: dict[str, set[str]], root: str
) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    target = os.path.normpath(os.path.join(folder, unquote(parts.path)))
    if os.path.isdir(target):
        target = os.path.join(target, "index.html")
    if not os.path.exists(target):
        return "broken link to"
    if parts.fragment and target.endswith(".html"):
        if target not in ids:
            body = pages.get(target)
            if body is None:
                body = Path(target).read_text("utf-8", errors="replace")
            ids[target] = {html.unescape(m.group(2)) for m in _ID.finditer(body)}
        if unquote(parts.fragment) not in ids[target]:
            return "link to missing anchor"
    return None
