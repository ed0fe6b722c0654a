"""Check the built site before it is published: no listed name in any published byte, and no
broken internal link. Each file is read once for both checks.

Every file is scanned whatever its suffix: text as a reader or a program would see it (markup
with its tags removed and entities decoded, JSON as its decoded strings), compressed files
through their decompression, PNG images through their text chunks. A file that cannot be read
is refused rather than skipped. The theme's own files, copied unchanged, hold no catalog content.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import cbor2

from generator import parallel
from generator.leaks import LeakList, leak_problem
from generator.problems import Problem

_TAG = re.compile(r"<[^>]*>")
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|"
    r"sup|time|u|var|wbr)\b[^>]*>",
    re.IGNORECASE,
)
_MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg", ".qde", ".qdc"}
_ARCHIVE_SUFFIXES = {".qdpx", ".zip"}
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024
"""Largest unpacked archive the scan reads (the catalog's own project is under 5 MB)."""
_HREF = re.compile(r"""\s(?:href|src)=(["'])(.*?)\1""")
_ID = re.compile(r"""\sid=(["'])(.*?)\1""")
PARALLEL_MIN_FILES = 500
"""Below this many files the scan runs in one process (starting workers costs more)."""
_EXTERNAL = ("#", "/", "mailto:", "http://", "https://", "data:", "javascript:")


class Unreadable(Exception):
    """A published file whose content cannot be checked."""


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
    tags turned into spaces (entities are decoded by the folding)."""
    return _TAG.sub(" ", _INLINE_TAG.sub("", markup))


def _png_text(data: bytes) -> str:
    """The text chunks of a PNG image (tEXt, zTXt, iTXt): all the words an image file holds."""
    texts, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt":
            texts.append(chunk.replace(b"\0", b" ").decode("latin-1"))
        elif kind in (b"zTXt", b"iTXt"):
            keyword, _, rest = chunk.partition(b"\0")
            body = rest[1:] if kind == b"zTXt" else rest[2:].split(b"\0", 2)[-1]
            compressed = rest[:1] == b"\0" if kind == b"zTXt" else chunk[len(keyword) + 1] == 1
            texts.append(keyword.decode("latin-1"))
            texts.append((zlib.decompress(body) if compressed else body).decode("utf-8", "replace"))
        pos += 12 + length
    return "\n".join(texts)


_GZIP = b"\x1f\x8b"
_PAGEFIND_SIGNATURE = b"pagefind_dcd"
"""What Pagefind puts before each chunk of its index, once decompressed."""
_PAGEFIND_CBOR = {".pf_index", ".pf_meta", ".pf_filter"}
_WASM = b"\0asm"


def _pagefind_lines(path: Path, data: bytes) -> list[str]:
    """A chunk of the search index (gzip, then Pagefind's signature): fragments are JSON (the
    indexed text), the word index and metadata CBOR (their strings). Pagefind's WebAssembly
    engine (`wasm.en.pagefind`) is code the Pagefind binary writes, holding no catalog text."""
    try:
        data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise Unreadable(f"cannot decompress it ({error})") from None
    data = data.removeprefix(_PAGEFIND_SIGNATURE)
    if path.suffix == ".pagefind" and data.startswith(_WASM):
        return []
    if path.suffix in _PAGEFIND_CBOR:
        try:
            return list(_strings(cbor2.loads(data)))
        except (cbor2.CBORDecodeError, ValueError) as error:
            raise Unreadable(f"cannot decode its CBOR ({error})") from None
    try:
        return "\n".join(_strings(json.loads(data))).split("\n")
    except ValueError:
        raise Unreadable("its content is not text the leak check can read") from None


def readable(path: Path, data: bytes) -> tuple[list[str], bool]:
    """The lines a reader or a program could get from the file, and whether they are markup."""
    suffix = path.suffix.lower()
    if suffix.startswith(".pf_") or suffix == ".pagefind":
        return _pagefind_lines(path, data), False
    if suffix == ".gz" or data.startswith(_GZIP):
        try:
            return readable(path.with_suffix(""), gzip.decompress(data))
        except (OSError, EOFError, zlib.error) as error:
            raise Unreadable(f"cannot decompress it ({error})") from None
    if suffix in _ARCHIVE_SUFFIXES:
        return _archive_lines(data), True
    if suffix == ".png" or data[:8] == b"\x89PNG\r\n\x1a\n":
        return _png_text(data).split("\n"), False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("its content is not text the leak check can read") from None
    if suffix == ".json":
        try:
            return "\n".join(_strings(json.loads(text))).split("\n"), True
        except ValueError:
            pass
    return text.split("\n"), suffix in _MARKUP_SUFFIXES


def _archive_lines(data: bytes) -> list[str]:
    """Every member of a zip archive (a REFI-QDA project), read as its own suffix says."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_ARCHIVE_BYTES:
                raise Unreadable("the archive unpacks to more than the scan reads")
            lines: list[str] = []
            for member in members:
                if not member.is_dir():
                    found, _ = readable(Path(member.filename), archive.read(member))
                    lines += found
            return lines
    except (zipfile.BadZipFile, zlib.error, OSError) as error:
        raise Unreadable(f"cannot unpack it ({error})") from None


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


@dataclass
class FileScan:
    """What one published file holds for the checks."""

    page: str
    problems: list[Problem] = field(default_factory=list)
    links: set[str] | None = None
    """A page's relative links (None for a file that is not a page)."""
    ids: set[str] | None = None
    """A page's element ids (anchors)."""


@dataclass
class SiteScan:
    """One pass over a built site."""

    site_dir: Path
    leaks: LeakList
    problems: list[Problem] = field(default_factory=list)
    clean: set[str] = field(default_factory=set)
    """Lines already found clean (the theme's header, navigation and footer repeat)."""
    links: dict[str, set[str]] = field(default_factory=dict)
    """Page → the relative links it holds."""
    ids: dict[str, set[str]] = field(default_factory=dict)
    """Page → the ids of its elements (anchors)."""

    theme: Path | None = None
    """Folder of the theme's own files (set by `run`)."""

    def run(self, jobs: int = 1) -> list[Problem]:
        """Scan every published file, in `jobs` processes where the platform forks, then check
        the links. The problems are the same, in the same order, whatever `jobs`."""
        self.theme = _theme_root()
        paths = [p for p in sorted(self.site_dir.rglob("*")) if p.is_file() and not p.is_symlink()]
        if jobs > 1 and len(paths) >= PARALLEL_MIN_FILES and parallel.can_fork():
            scans = parallel.fork_map(self.scan_file, paths, jobs)
        else:
            scans = [self.scan_file(path) for path in paths]
        for scan in scans:
            self.problems += scan.problems
            if scan.links is not None and scan.ids is not None:
                self.links[scan.page] = scan.links
                self.ids[scan.page] = scan.ids
        self._check_links()
        return self.problems

    def scan_file(self, path: Path) -> FileScan:
        """One file's leak problems, and a page's links and anchors. Only `clean` is updated
        (a cache: each worker process keeps its own)."""
        rel = path.relative_to(self.site_dir).as_posix()
        data = path.read_bytes()
        if _is_theme_copy(self.theme, rel, data):
            return FileScan(str(path))
        try:
            lines, markup = readable(path, data)
        except Unreadable as why:
            problem = Problem(f"site/{rel}", 0, f"cannot check this file for names: {why}")
            return FileScan(str(path), [problem])
        scan = FileScan(str(path), self._leaks_in(rel, lines, markup))
        if path.suffix == ".html":
            text = "\n".join(lines)
            scan.links = {m.group(2) for m in _HREF.finditer(text)}
            scan.ids = {html.unescape(m.group(2)) for m in _ID.finditer(text)}
        return scan

    def _leaks_in(self, rel: str, lines: list[str], markup: bool) -> list[Problem]:
        fresh = []  # (line number, text) of lines not seen in an earlier file: raw and as read
        for number, line in enumerate(lines, 1):
            if line not in self.clean:
                fresh.append((number, line))
                if markup and "<" in line:
                    fresh.append((number, _text_of(line)))
        if not self.leaks.find("\n".join(line for _, line in fresh)):
            self.clean.update(line for _, line in fresh)
            return []
        problems: list[Problem] = []
        reported: set[str] = set()
        lines_reported: set[int] = set()
        for number, line in fresh:
            found = [f for f in self.leaks.find(line) if f.words not in reported]
            if found and number not in lines_reported:
                longest = max(found, key=lambda f: len(f.words))
                reported.update(f.words for f in found)
                lines_reported.add(number)
                problems.append(leak_problem(f"site/{rel}", number, longest))
        return problems

    def _check_links(self) -> None:
        root = str(self.site_dir)
        for page, urls in sorted(self.links.items()):
            folder = os.path.dirname(page)
            for url in sorted(urls):
                if url.startswith(_EXTERNAL):
                    continue
                problem = self._link_problem(folder, html.unescape(url))
                if problem:
                    rel = os.path.relpath(page, root).replace(os.sep, "/")
                    self.problems.append(Problem(f"site/{rel}", 0, f"{problem} '{url}'"))

    def _link_problem(self, folder: str, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        target = os.path.normpath(os.path.join(folder, unquote(parts.path)))
        if os.path.isdir(target):
            target = os.path.join(target, "index.html")
        if not os.path.exists(target):
            return "broken link to"
        fragment = unquote(parts.fragment)
        if fragment and target.endswith(".html") and fragment not in self.ids.get(target, set()):
            return "link to missing anchor"
        return None


def scan_site(site_dir: Path, leaks: LeakList, jobs: int = 1) -> list[Problem]:
    """Every listed name in a published file and every broken internal link."""
    return SiteScan(site_dir, leaks).run(jobs)
