"""Check the built site: no anonymised term in any published file, no broken internal link."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.anonymise import Anonymiser, leak_problem
from generator.problems import Problem

_TAG = re.compile(r"<[^>]*>")
_TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".csv", ".txt", ".md", ".js", ".css", ".svg"}


def _theme_root() -> Path | None:
    """Folder of the theme's own files, which the build copies unchanged: no catalog content."""
    try:
        import material
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


def _views(path: Path, data: bytes) -> Iterator[str]:
    """Texts a reader or a machine could get from the file: raw, tag-stripped, decoded."""
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return
        path = path.with_suffix("")
    if path.suffix not in _TEXT_SUFFIXES:
        return
    text = data.decode("utf-8", errors="replace")
    yield text
    if path.suffix in {".html", ".htm", ".xml", ".svg"}:
        yield html.unescape(_TAG.sub("", text))
        yield html.unescape(_TAG.sub(" ", text))
    if path.suffix == ".json":
        try:
            strings = list(_strings(json.loads(text)))
        except ValueError:
            return
        joined = "\n".join(strings)
        yield joined
        yield html.unescape(_TAG.sub("", joined))


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
    """Every anonymised term found in a published file, by file and line."""
    theme = _theme_root()
    problems: list[Problem] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        if _is_theme_copy(theme, rel, data):
            continue
        reported: set[str] = set()
        for view in _views(path, data):
            for found in anonymiser.find_published(view):
                term = view[found.start : found.end]
                if found.tag in reported:
                    continue
                reported.add(found.tag)
                line = view.count("\n", 0, found.start) + 1
                problems.append(leak_problem(f"site/{rel}", line, term, found.tag))
    return problems


_HREF = re.compile(r"""\s(?:href|src)=(["'])(.*?)\1""")
_ID = re.compile(r"""\sid=(["'])(.*?)\1""")


def find_broken_links(site_dir: Path) -> list[Problem]:
    """Relative links between built pages whose target file or anchor does not exist."""
    pages = {p: p.read_text("utf-8", errors="replace") for p in site_dir.rglob("*.html")}
    ids: dict[Path, set[str]] = {}
    problems = []
    for page, text in pages.items():
        for match in _HREF.finditer(text):
            url = html.unescape(match.group(2))
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("/", "mailto:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            rel = page.relative_to(site_dir).as_posix()
            if not target.exists():
                problems.append(Problem(f"site/{rel}", 0, f"broken link to '{url}'"))
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    body = pages.get(target) or target.read_text("utf-8", errors="replace")
                    ids[target] = {html.unescape(m.group(2)) for m in _ID.finditer(body)}
                if unquote(parts.fragment) not in ids[target]:
                    problems.append(Problem(f"site/{rel}", 0, f"link to missing anchor '{url}'"))
    return problems
