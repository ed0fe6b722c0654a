"""The search benchmark: `python -m bench.search [--sizes 108,1000] [--out FILE]`.

For each size it makes a project (108 entries: a copy of the real catalog; any other size: a
synthetic catalog from `bench.synth`, with a transcript per ten entries as `python -m bench`
uses) and builds it twice with `catalog build`: as it is (Pagefind, the header's own search box)
and with Material's built-in search (`plugins: [search]`, `search.suggest` and
`search.highlight`, the theme's folder without our header partial, so that Material's search box
is used, and without `assets/search.js`). Each site is served by a local threaded HTTP server
that gzips text files as GitHub Pages does and counts every byte it sends, and is measured in
headless Chromium, each run in a fresh browser context (cold cache):

- page load: an entry page opened until the network is idle; the bytes sent, and those of
  search files (Material: `search/` and its search worker; ours: `assets/search.js`, `pagefind/`);
- a query: the search box focused and the query typed (100 ms between keys), until the first
  result for the whole query is shown (Material: a result linking with `?h=<query>`; ours: the
  form's `catalog-search-results` event with a `a.catalog-search__link` shown); the bytes sent
  from focusing until then, and the time from the last key press to that result;
- readiness: Material's search worker reporting its index built (time from DOMContentLoaded);
  and, for both, the first result when the query is typed at DOMContentLoaded, without waiting;
- the top three results of each query (ours: the issues, and the first interview excerpt).

Bytes are counted by the server (headers and body as sent, compressed where it compresses),
not by the browser: both engines fetch their index chunks from a Web Worker, whose requests the
page's DevTools session does not report in full. Timings are medians of `--reps` runs, on each
network profile: `local` (loopback, no limit) and `throttled` (one shared 10 Mbit/s link, 40 ms
round trip per request). The build time of each site is the full `catalog build` (Pagefind's
indexing, which `catalog build` always runs, is also timed alone). Results go to
bench/results/search.json; the tables are printed. It is a benchmark, not part of the test suite.
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import json
import mimetypes
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import yaml

from bench.synth import REPO, make_project
from tests.browser_support import CHROMIUM
from tests.browser_support import FLAGS as CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PYTHON = sys.executable
REAL_ENTRIES = len(list((REPO / "catalog_src/issues").glob("*.yaml")))
QUERIES = ("latency", "drift", "explain", "label")
ENGINES = ("pagefind", "material")
TYPING_DELAY_MS = 100
QUERY_TIMEOUT_MS = 120_000
SEARCH_BOX = {"pagefind": "#catalog-search-input", "material": "input.md-search__input"}


@dataclass(frozen=True)
class Network:
    """A network profile: None for an unlimited loopback."""

    bytes_per_second: float | None = None
    round_trip_s: float = 0.0

    def describe(self) -> str:
        if self.bytes_per_second is None:
            return "loopback, no limit"
        return (
            f"one shared {self.bytes_per_second * 8 / 1e6:g} Mbit/s link, "
            f"{self.round_trip_s * 1000:g} ms round trip per request"
        )


NETWORKS = {"local": Network(), "throttled": Network(10e6 / 8, 0.040)}


# --- the projects -------------------------------------------------------------------------


def transcripts_for(entries: int) -> int:
    """Transcripts of a synthetic project, as `python -m bench` pairs them (50:5, 200:20,
    1000:100): one per ten entries."""
    return max(1, entries // 10)


def _generated(name: str) -> bool:
    """A top-level name of `docs/` that `catalog build` owns (never copied into a project)."""
    from generator.urls import GENERATED_DIRS, GENERATED_FILES, GENERATED_PATTERNS

    return (
        name in GENERATED_DIRS
        or name in GENERATED_FILES
        or any(fnmatch.fnmatch(name, p) for p in GENERATED_PATTERNS)
    )


def copy_real_project(target: Path) -> Path:
    """The real catalog (sources, transcripts, hand-written pages, theme) at `target`."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(REPO / name, target / name)
    for name in ("catalog_src", "transcripts"):
        shutil.copytree(REPO / name, target / name)
    if (REPO / "releases").is_dir():
        shutil.copytree(REPO / "releases", target / "releases")
    shutil.copytree(REPO / "generator/theme", target / "generator/theme")
    shutil.copytree(
        REPO / "docs",
        target / "docs",
        ignore=lambda d, names: [n for n in names if Path(d) == REPO / "docs" and _generated(n)],
    )
    return target


def synthetic_project(target: Path, entries: int) -> tuple[Path, list[str]]:
    """`bench.synth.make_project` at `target`, and the notes of what had to be added to it."""
    make_project(target, entries=entries, transcripts=transcripts_for(entries))
    notes = []
    for name in ("mitigations.yaml", "settings.yaml"):
        source, copy = REPO / "catalog_src" / name, target / "catalog_src" / name
        if source.is_file() and not copy.exists():
            shutil.copy(source, copy)
            notes.append(f"bench.synth.make_project does not copy catalog_src/{name}; copied")
    for path in (target / "docs").iterdir():
        if _generated(path.name):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return target, notes


MATERIAL_FEATURES = ("search.suggest", "search.highlight")
MATERIAL_THEME = "material_theme"
"""The Material variant's theme folder: generator/theme without partials/header.html."""


def material_config(config: dict[str, Any]) -> dict[str, Any]:
    """The project's `mkdocs.yml` with Material's built-in search instead of ours."""
    theme = dict(config["theme"])
    features = list(theme.get("features", []))
    theme["features"] = features + [f for f in MATERIAL_FEATURES if f not in features]
    theme["custom_dir"] = MATERIAL_THEME
    scripts = [s for s in config.get("extra_javascript", []) if s != "assets/search.js"]
    return {**config, "theme": theme, "plugins": ["search"], "extra_javascript": scripts}


def material_project(project: Path, target: Path) -> Path:
    """A copy of `project` whose site uses Material's search (see `material_config`)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".catalog-cache"))
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = project / config["theme"]["custom_dir"]
    shutil.copytree(
        theme,
        target / MATERIAL_THEME,
        ignore=lambda d, names: ["header.html"] if Path(d) == theme / "partials" else [],
    )
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(material_config(config), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return target


# --- building -----------------------------------------------------------------------------

PAGEFIND_STEP = (
    "import json, sys, time; from pathlib import Path; from generator.project import Project; "
    "from generator.check import check_project; from generator.render.site import build_view; "
    "from generator.search_index import search_files, search_records; "
    "view = build_view(check_project(Project(Path(sys.argv[1])))); t = time.perf_counter(); "
    "records = search_records(view); files = search_files(records); "
    "print(json.dumps({'seconds': time.perf_counter() - t, "
    "'records': {k: len(v) for k, v in records.items()}}))"
)


def pagefind_step(project: Path) -> dict[str, Any]:
    """Pagefind's indexing alone (records from the view, both bundles written), in a fresh
    process."""
    out = subprocess.run(
        [PYTHON, "-c", PAGEFIND_STEP, str(project)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    return {"seconds": round(result["seconds"], 2), "records": result["records"]}


def build(project: Path, site: Path) -> dict[str, Any]:
    """`catalog build --site-dir site` in a fresh process: seconds, and the output on failure."""
    started = time.perf_counter()
    out = subprocess.run(
        [PYTHON, "-m", "generator", "--root", str(project), "build", "--site-dir", str(site)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"ok": out.returncode == 0, "seconds": round(seconds, 2)}
    if out.returncode != 0:
        result["output"] = (out.stdout + out.stderr)[-3000:]
    return result


def folder_size(folder: Path) -> dict[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


# --- serving ------------------------------------------------------------------------------

COMPRESSED_TYPES = (
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


def content_type(path: str) -> str:
    """The type GitHub Pages would send: Pagefind's chunks and engine are binary."""
    guessed = mimetypes.guess_type(path)[0]
    return guessed or "application/octet-stream"


def compressible(kind: str) -> bool:
    """Whether the server gzips a response of this type (as GitHub Pages does: text, JSON,
    scripts, SVG; not the binary types, which Pagefind already gzips itself)."""
    return kind.startswith("text/") or kind in COMPRESSED_TYPES


def search_asset(engine: str, path: str) -> bool:
    """Whether a site path belongs to the engine's search (its cost on a page load)."""
    path = path.lstrip("/")
    if engine == "material":
        return path.startswith("search/") or (
            path.startswith("assets/javascripts/workers/search.") and path.endswith(".js")
        )
    return path == "assets/search.js" or path.startswith("pagefind/")


def index_chunk(path: str) -> bool:
    """Whether a path is a chunk of an index (Pagefind's `.pf_*` files, Material's
    `search_index.json`) rather than the engine's code."""
    name = path.rsplit("/", 1)[-1]
    return ".pf_" in name or name == "search_index.json"


@dataclass(frozen=True)
class Sent:
    """One response, as the server sent it."""

    phase: str
    path: str
    wire: int
    """Bytes written to the socket (status line, headers and body; the body gzipped or not)."""
    raw: int
    """Bytes of the file served."""
    end: float
    """When the last byte was written (seconds since the epoch)."""


class Link:
    """One shared link of limited bandwidth: each chunk written waits for its turn."""

    CHUNK = 16 * 1024

    def __init__(self, network: Network) -> None:
        self.network = network
        self.lock = threading.Lock()
        self.free_at = 0.0

    def send(self, write: Callable[[bytes], object], data: bytes) -> None:
        rate = self.network.bytes_per_second
        for start in range(0, len(data), self.CHUNK):
            chunk = data[start : start + self.CHUNK]
            if rate is not None:
                with self.lock:
                    self.free_at = max(time.monotonic(), self.free_at) + len(chunk) / rate
                    until = self.free_at
                time.sleep(max(0.0, until - time.monotonic()))
            write(chunk)


class _Counting:
    """A socket writer that counts what it writes."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.count = inner, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        written: int = self.inner.write(data)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SiteServer(ThreadingHTTPServer):
    """A static server of one built site that gzips text (cached) and logs every response."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.link = Link(NETWORKS["local"])
        self.phase = "load"
        self.sent: list[Sent] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.last_activity = time.monotonic()
        self.gzipped: dict[Path, bytes] = {}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def begin(self, phase: str) -> None:
        with self.lock:
            self.phase = phase

    def reset(self) -> None:
        """Forget the responses sent (once the previous run's have all been sent)."""
        self.wait_idle()
        with self.lock:
            self.sent = []

    def wait_idle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Until no response is being sent and none has been for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                idle = self.in_flight == 0 and time.monotonic() - self.last_activity >= quiet
            if idle:
                return
            time.sleep(0.05)

    def file(self, path: str) -> Path | str | None:
        """The file for a request path; a `str` is a redirect's location."""
        relative = unquote(urlsplit(path).path).lstrip("/")
        candidate = (self.root / relative).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None
        if candidate.is_dir():
            if relative and not relative.endswith("/"):
                return "/" + relative + "/"
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def body(self, file: Path, gzip_ok: bool) -> tuple[bytes, bool, int]:
        """(body, gzipped, raw size)."""
        data = file.read_bytes()
        if not (gzip_ok and compressible(content_type(file.name))):
            return data, False, len(data)
        with self.lock:
            cached = self.gzipped.get(file)
        if cached is None:
            cached = gzip.compress(data, compresslevel=6, mtime=0)
            with self.lock:
                self.gzipped[file] = cached
        return cached, True, len(data)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SiteServer

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counting(self.wfile)  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.in_flight += 1
            phase, link = server.phase, server.link
        counter: _Counting = self.wfile  # type: ignore[assignment]
        before = counter.count
        try:
            raw = self._respond(link)
        finally:
            with server.lock:
                server.in_flight -= 1
                server.last_activity = time.monotonic()
                server.sent.append(
                    Sent(phase, urlsplit(self.path).path, counter.count - before, raw, time.time())
                )

    def _respond(self, link: Link) -> int:
        time.sleep(link.network.round_trip_s)
        found = self.server.file(self.path)
        if isinstance(found, str):
            self.send_response(301)
            self.send_header("Location", found)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 0
        if found is None:
            body, gzipped, raw = b"not found", False, 0
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        else:
            gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
            body, gzipped, raw = self.server.body(found, gzip_ok)
            self.send_response(200)
            self.send_header("Content-Type", content_type(found.name))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        link.send(self.wfile.write, body)
        return raw


def totals(sent: Iterable[Sent]) -> dict[str, int]:
    items = list(sent)
    return {
        "wire_bytes": sum(s.wire for s in items),
        "raw_bytes": sum(s.raw for s in items),
        "requests": len(items),
    }


def load_and_query_bytes(
    engine: str, sent: list[Sent], result_epoch: float | None
) -> dict[str, Any]:
    """The page load's bytes (all, and the search's), and the query's (until its first result,
    and in all)."""
    load = [s for s in sent if s.phase == "load"]
    query = [s for s in sent if s.phase == "query"]
    until = [s for s in query if result_epoch is not None and s.end <= result_epoch]
    return {
        "page_load": totals(load),
        "page_load_search": totals(s for s in load if search_asset(engine, s.path)),
        "query_until_result": totals(until),
        "query_index_chunks": totals(s for s in until if index_chunk(s.path)),
        "query_total": totals(query),
        "query_paths": sorted({s.path for s in query}),
    }


# --- the browser --------------------------------------------------------------------------

INIT_SCRIPT = """
(() => {
  const QUERY = %(query)s, ENGINE = %(engine)s;
  const bench = (window.__bench = { query: QUERY });
  document.addEventListener("keydown", () => { bench.lastKey = performance.now(); }, true);
  if (ENGINE === "material") {
    /* Material's search worker posts {type: 1} (READY) once its index is built. */
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(url, options) {
        super(url, options);
        this.addEventListener("message", (event) => {
          if (event.data && event.data.type === 1 && bench.ready === undefined)
            bench.ready = performance.now();
        });
      }
    };
  }
  document.addEventListener("DOMContentLoaded", () => {
    if (ENGINE === "material") {
      const list = document.querySelector(".md-search-result__list");
      if (!list) { bench.failed = "no Material search result list"; return; }
      new MutationObserver(() => {
        if (bench.result !== undefined) return;
        for (const a of list.querySelectorAll("a.md-search-result__link")) {
          if (new URL(a.href).searchParams.get("h") === bench.query) {
            bench.result = performance.now();
            return;
          }
        }
      }).observe(list, { childList: true, subtree: true });
      return;
    }
    const form = document.querySelector("[data-catalog-search]");
    if (!form) { bench.failed = "no [data-catalog-search] form"; return; }
    const box = form.querySelector(".catalog-search__results");
    form.addEventListener("catalog-search-results", (event) => {
      if (bench.result === undefined && event.detail.query === bench.query &&
          box.querySelector("a.catalog-search__link")) bench.result = performance.now();
    });
    new MutationObserver(() => {
      const empty = box.querySelector(".catalog-search__empty");
      if (empty && bench.failed === undefined) bench.failed = empty.textContent;
    }).observe(box, { childList: true, subtree: true });
  });
})();
"""

READ_STATE = """
() => ({
  bench: window.__bench,
  dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventStart,
  origin: performance.timeOrigin,
})
"""

READ_PAGEFIND = """
() => {
  const lists = {};
  const headings = document.querySelectorAll(".catalog-search__results .catalog-search__heading");
  for (const heading of headings) {
    const kind = /^Issues/.test(heading.textContent) ? "issues" : "excerpts";
    const ul = heading.nextElementSibling;
    lists[kind] = {
      heading: heading.textContent.trim(),
      items: Array.from(ul ? ul.querySelectorAll("a.catalog-search__link") : []).map((a) => ({
        id: (a.querySelector(".entry-id") || {}).textContent || "",
        title: a.querySelector(".catalog-search__title").textContent.trim(),
        text: a.querySelector(".catalog-search__text").textContent.trim().slice(0, 200),
        href: a.getAttribute("href"),
      })),
    };
  }
  return lists;
}
"""

READ_MATERIAL = """
() => ({
  heading: (document.querySelector(".md-search-result__meta") || {}).textContent || "",
  items: Array.from(document.querySelectorAll(".md-search-result__list > .md-search-result__item"))
    .map((li) => {
      const a = li.querySelector("a.md-search-result__link");
      const title = a && a.querySelector("h1, h2");
      return {
        title: title ? title.textContent.trim() : "",
        href: a ? new URL(a.href).pathname : "",
      };
    }),
})
"""


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass
class Run:
    """One measurement in a fresh browser context."""

    engine: str
    query: str
    timings: dict[str, float | None] = field(default_factory=dict)
    bytes: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    failed: str | None = None


def measure(
    browser: Browser,
    server: SiteServer,
    url: str,
    engine: str,
    query: str,
    at_once: bool = False,
    then: str | None = None,
) -> Run:
    """Open `url`, then type `query` in the search box: after the page has settled (and, for
    Material, its index is built), or at DOMContentLoaded when `at_once`; then, in the same
    page, empty the box and type `then` (a second query, the engine warm)."""
    run = Run(engine, query)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    script = INIT_SCRIPT % {"query": json.dumps(query), "engine": json.dumps(engine)}
    context.add_init_script(script)
    page = context.new_page()
    page.on("console", lambda m: run.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: run.errors.append(f"page error: {e}"))
    try:
        server.reset()
        server.begin("load")
        page.goto(url, wait_until="domcontentloaded" if at_once else "networkidle")
        if engine == "material" and not at_once:
            page.wait_for_function("window.__bench.ready !== undefined", timeout=QUERY_TIMEOUT_MS)
        server.begin("query")
        page.focus(SEARCH_BOX[engine])
        page.keyboard.type(query, delay=0 if at_once else TYPING_DELAY_MS)
        page.wait_for_function(
            "window.__bench.result !== undefined || window.__bench.failed !== undefined",
            timeout=QUERY_TIMEOUT_MS,
        )
        server.wait_idle()
        state = page.evaluate(READ_STATE)
        bench = state["bench"]
        run.failed = bench.get("failed") if bench.get("result") is None else None
        result, dcl = bench.get("result"), state["dcl"]
        run.timings = {
            "ready_ms": _ms(bench["ready"] - dcl) if "ready" in bench else None,
            "key_to_result_ms": _ms(result - bench["lastKey"]) if result else None,
            "dcl_to_result_ms": _ms(result - dcl) if result else None,
        }
        epoch = (state["origin"] + result) / 1000 if result else None
        run.bytes = load_and_query_bytes(engine, list(server.sent), epoch)
        run.results = page.evaluate(READ_PAGEFIND if engine == "pagefind" else READ_MATERIAL)
        if then and result:
            try:
                second_query(page, server, engine, then, run)
            except Exception as error:  # the first query's figures stand
                run.errors.append(f"second query {then!r}: {type(error).__name__}: {error}")
    except Exception as error:  # a timeout or a broken page is a finding, not a crash
        run.failed = f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        context.close()
    return run


def second_query(page: Page, server: SiteServer, engine: str, query: str, run: Run) -> None:
    """Empty the search box and type `query`: the time to its first result and its bytes."""
    page.evaluate("(q) => { window.__bench.query = q; window.__bench.result = undefined; }", query)
    page.fill(SEARCH_BOX[engine], "")
    time.sleep(0.5)  # the emptied box settles (ours closes after its debounce)
    server.reset()
    server.begin("query")
    page.keyboard.type(query, delay=TYPING_DELAY_MS)
    page.wait_for_function("window.__bench.result !== undefined", timeout=QUERY_TIMEOUT_MS)
    server.wait_idle()
    bench = page.evaluate("() => window.__bench")
    run.timings["then_key_to_result_ms"] = _ms(bench["result"] - bench["lastKey"])
    run.bytes["then_query"] = totals(server.sent)


def median(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return round(statistics.median(found), 1) if found else None


def top_titles(engine: str, results: dict[str, Any], count: int = 3) -> list[str]:
    """The first `count` results as the table shows them."""
    if engine == "pagefind":
        items = results.get("issues", {}).get("items", [])[:count]
        return [f"{i['id']} {i['title']}".strip() for i in items]
    return [f"{i['title']} ({i['href'].strip('/')})" for i in results.get("items", [])[:count]]


def first_excerpt(results: dict[str, Any]) -> str | None:
    items = results.get("excerpts", {}).get("items", [])
    if not items:
        return None
    text = " ".join(items[0]["text"].split())
    return f"{items[0]['title']}: {text[:90]}{'…' if len(text) > 90 else ''}"


FOLLOW_UPS = tuple(zip(QUERIES, (*QUERIES[1:], QUERIES[0]), strict=True))
"""Each query, and the query typed after it in the same page (the engine warm)."""


def measure_engine(
    browser: Browser, site: Path, engine: str, networks: list[str], reps: int
) -> dict[str, Any]:
    """Every measurement of one built site, on each network profile."""
    entry = sorted(p.name for p in (site / "issues").iterdir() if p.is_dir())[0]
    out: dict[str, Any] = {"page": f"issues/{entry}/", "networks": {}}
    errors: set[str] = set()
    with SiteServer(site) as server:
        url = server.base + out["page"]
        for name in networks:
            server.link = Link(NETWORKS[name])
            measure(browser, server, url, engine, QUERIES[0])  # warm-up: gzip cache, disk
            runs = [
                measure(browser, server, url, engine, query, then=then)
                for query, then in FOLLOW_UPS
                for _ in range(reps)
            ]
            at_once = [
                measure(browser, server, url, engine, QUERIES[0], at_once=True) for _ in range(reps)
            ]
            errors.update(e for r in [*runs, *at_once] for e in r.errors)
            out["networks"][name] = {
                "queries": summarise_queries(engine, runs),
                "ready_ms": median(r.timings.get("ready_ms") for r in [*runs, *at_once]),
                "at_once_dcl_to_result_ms": median(
                    r.timings.get("dcl_to_result_ms") for r in at_once
                ),
                "at_once_runs_ms": [r.timings.get("dcl_to_result_ms") for r in at_once],
                "at_once_failures": sorted({r.failed for r in at_once if r.failed}),
            }
    out["console_errors"] = sorted(errors)
    return out


def summarise_queries(engine: str, runs: list[Run]) -> dict[str, dict[str, Any]]:
    """Each query's figures: as the page's first query, and as its second."""
    queries = {q: summarise(engine, [r for r in runs if r.query == q]) for q in QUERIES}
    for query, then in FOLLOW_UPS:
        before = [r for r in runs if r.query == query and not r.failed]
        queries[then]["as_second_query"] = {
            "after": query,
            "key_to_result_ms": median(r.timings.get("then_key_to_result_ms") for r in before),
            "key_to_result_runs_ms": [r.timings.get("then_key_to_result_ms") for r in before],
            "bytes": next((r.bytes["then_query"] for r in before if "then_query" in r.bytes), None),
        }
    return queries


def summarise(engine: str, runs: list[Run]) -> dict[str, Any]:
    ok = [r for r in runs if not r.failed]
    first = ok[0] if ok else None
    by_bytes = sorted(ok, key=lambda r: r.bytes["query_until_result"]["wire_bytes"])
    rankings = {json.dumps(top_titles(engine, r.results)) for r in ok}
    summary: dict[str, Any] = {
        "key_to_result_ms": median(r.timings.get("key_to_result_ms") for r in ok),
        "key_to_result_runs_ms": [r.timings.get("key_to_result_ms") for r in runs],
        "failures": sorted({r.failed for r in runs if r.failed}),
        "ranking_stable": len(rankings) <= 1,
        "query_bytes_runs": [r.bytes["query_until_result"]["wire_bytes"] for r in ok],
    }
    if first is not None:
        summary["bytes"] = by_bytes[(len(by_bytes) - 1) // 2].bytes  # the median run's
        summary["results"] = first.results
        summary["top3"] = top_titles(engine, first.results)
        if engine == "pagefind":
            summary["first_excerpt"] = first_excerpt(first.results)
    return summary


# --- the run ------------------------------------------------------------------------------


def prepare(entries: int, workdir: Path) -> tuple[Path, dict[str, Any]]:
    target = workdir / f"catalog-{entries}"
    if entries == REAL_ENTRIES:
        return copy_real_project(target), {"source": "the real catalog", "notes": []}
    project, notes = synthetic_project(target, entries)
    return project, {"source": "bench.synth", "notes": notes}


def run_size(
    entries: int, workdir: Path, networks: list[str], reps: int, browser: Browser
) -> dict[str, Any]:
    project, info = prepare(entries, workdir)
    projects = {
        "pagefind": project,
        "material": material_project(project, workdir / f"material-{entries}"),
    }
    row: dict[str, Any] = {
        "entries": entries,
        "transcripts": len(list((project / "transcripts").glob("*.txt"))),
        **info,
        "pagefind_step": pagefind_step(project),
        "engines": {},
    }
    for engine in ENGINES:
        print(f"[{entries}] building the {engine} site", file=sys.stderr, flush=True)
        site = workdir / f"site-{engine}-{entries}"
        built = build(projects[engine], site)
        result: dict[str, Any] = {"build": built}
        if built["ok"]:
            site = site.resolve()
            result["index_on_disk"] = folder_size(
                site / ("pagefind" if engine == "pagefind" else "search")
            )
            if engine == "material":
                result["unused_pagefind_on_disk"] = folder_size(site / "pagefind")
            print(f"[{entries}] measuring the {engine} site", file=sys.stderr, flush=True)
            result.update(measure_engine(browser, site, engine, networks, reps))
        row["engines"][engine] = result
    return row


def run(sizes: list[int], networks: list[str], reps: int, workdir: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            rows = [run_size(n, workdir, networks, reps, browser) for n in sizes]
            version = browser.version
        finally:
            browser.close()
    return {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "chromium": version,
        "networks": {n: NETWORKS[n].describe() for n in networks},
        "typing_delay_ms": TYPING_DELAY_MS,
        "reps": reps,
        "queries": list(QUERIES),
        "sizes": rows,
    }


# --- the tables ---------------------------------------------------------------------------


NONE = "-"


def kb(value: int | None) -> str:
    return NONE if value is None else f"{value / 1000:,.1f}"


def ms(value: float | None) -> str:
    return NONE if value is None else f"{value:,.0f}"


def dig(data: Any, *keys: str) -> Any:
    """`data[k1][k2]…`, or None where a key is missing."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def per_network(result: dict[str, Any], *keys: str) -> str:
    """One figure per network profile, `local / throttled`."""
    return " / ".join(ms(dig(n, *keys)) for n in result["networks"].values())


def first_network(result: dict[str, Any]) -> dict[str, Any]:
    """The figures of the first network profile (bytes and rankings do not depend on it)."""
    found: dict[str, Any] = next(iter(result.get("networks", {}).values()), {})
    return found


def figures_table(result: dict[str, Any]) -> str:
    names = " / ".join(result["networks"])
    lines = [
        f"| entries | engine | build (s) | search files on disk (kB, files) | page load (kB) "
        f"| of which search (kB) | DCL → index ready (ms, {names}) "
        f"| DCL → first result, typed at once (ms, {names}) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["sizes"]:
        for engine, r in row["engines"].items():
            if not r["build"]["ok"]:
                lines.append(f"| {row['entries']} | {engine} | build failed | | | | | |")
                continue
            queries = first_network(r).get("queries", {}).values()
            load = next((q["bytes"] for q in queries if "bytes" in q), None)
            if load is None:
                lines.append(f"| {row['entries']} | {engine} | every query failed | | | | | |")
                continue
            disk = r["index_on_disk"]
            ready = per_network(r, "ready_ms") if engine == "material" else "on first query"
            lines.append(
                f"| {row['entries']} | {engine} | {r['build']['seconds']} "
                f"| {kb(disk['bytes'])} ({disk['files']}) "
                f"| {kb(load['page_load']['wire_bytes'])} "
                f"| {kb(load['page_load_search']['wire_bytes'])} | {ready} "
                f"| {per_network(r, 'at_once_dcl_to_result_ms')} |"
            )
    return "\n".join(lines)


def query_table(result: dict[str, Any]) -> str:
    names = " / ".join(result["networks"])
    lines = [
        f"| entries | engine | query | fetched for the query (kB, requests) "
        f"| of which index chunks (kB) | last key → first result (ms, {names}) "
        f"| as the page's second query: kB, last key → first result (ms, {names}) |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for row in result["sizes"]:
        for engine, r in row["engines"].items():
            if not r["build"]["ok"]:
                continue
            for query in QUERIES:
                fetched = dig(first_network(r), "queries", query, "bytes") or {}
                until, chunks = fetched.get("query_until_result"), fetched.get("query_index_chunks")
                cost = f"{kb(until['wire_bytes'])} ({until['requests']})" if until else NONE
                index = kb(chunks["wire_bytes"]) if chunks else NONE
                time_ = per_network(r, "queries", query, "key_to_result_ms")
                second = dig(first_network(r), "queries", query, "as_second_query", "bytes")
                warm = per_network(r, "queries", query, "as_second_query", "key_to_result_ms")
                warm = f"{kb(second['wire_bytes']) if second else NONE}, {warm}"
                lines.append(
                    f"| {row['entries']} | {engine} | {query} | {cost} | {index} | {time_} "
                    f"| {warm} |"
                )
    return "\n".join(lines)


def cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def rankings_table(result: dict[str, Any]) -> str:
    lines = [
        "| entries | query | Pagefind: top 3 issues | Pagefind: first excerpt "
        "| Material: top 3 results |",
        "|---:|---|---|---|---|",
    ]
    for row in result["sizes"]:
        engines = row["engines"]
        for query in QUERIES:
            cells = []
            for engine in ENGINES:
                q = dig(first_network(engines.get(engine, {})), "queries", query) or {}
                cells.append("<br>".join(map(cell, q.get("top3", []))) or NONE)
                if engine == "pagefind":
                    cells.append(cell(q.get("first_excerpt") or NONE))
            lines.append(f"| {row['entries']} | {query} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def notes(result: dict[str, Any]) -> list[str]:
    out = [f"Measured {result['date']} on {result['machine']}, Chromium {result['chromium']}."]
    out += [f"Network `{name}`: {text}." for name, text in result["networks"].items()]
    for row in result["sizes"]:
        step = row["pagefind_step"]
        out.append(
            f"{row['entries']} entries ({row['source']}, {row['transcripts']} transcripts): "
            f"Pagefind indexing {step['seconds']} s for {step['records']} records "
            "(part of both builds)."
        )
        out += [f"{row['entries']} entries: {n}." for n in row["notes"]]
        for engine, r in row["engines"].items():
            if not r["build"]["ok"]:
                out.append(f"{row['entries']} {engine}: build failed: {r['build']['output']}")
            for error in r.get("console_errors", []):
                out.append(f"{row['entries']} {engine}: console error: {error}")
            for name, n in r.get("networks", {}).items():
                fails = {f for q in n["queries"].values() for f in q["failures"]}
                fails |= set(n["at_once_failures"])
                out += [f"{row['entries']} {engine} ({name}): failed: {f}" for f in sorted(fails)]
                unstable = [q for q, v in n["queries"].items() if not v["ranking_stable"]]
                if unstable:
                    out.append(f"{row['entries']} {engine} ({name}): ranking varied: {unstable}")
    return out


def report(result: dict[str, Any]) -> str:
    return "\n\n".join(
        [
            figures_table(result),
            query_table(result),
            rankings_table(result),
            "\n".join(f"- {n}" for n in notes(result)),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", default=f"{REAL_ENTRIES},1000", help="entry counts")
    parser.add_argument("--out", type=Path, default=REPO / "bench/results/search.json")
    parser.add_argument("--reps", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--networks", default=",".join(NETWORKS), help="network profiles")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    networks = args.networks.split(",")
    if unknown := set(networks) - set(NETWORKS):
        parser.error(f"unknown network profile(s): {', '.join(sorted(unknown))}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(sizes, networks, args.reps, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="catalog-search-bench-") as folder:
            result = run(sizes, networks, args.reps, Path(folder))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report(result))


if __name__ == "__main__":
    main()
