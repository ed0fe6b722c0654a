"""`catalog serve`: a live preview that tells the truth.

Three parts, none of them an MkDocs plugin hook:

- A watcher thread polls `catalog_src/` and `transcripts/` and regenerates the pages a change
  touches (`generator.live`), writing only files whose content changed. On errors the last good
  pages stay, and the errors go to the terminal and to the notice.
- The notice (`Notice`): the errors, redacted through the leak list and HTML-escaped, as one
  small script at `NOTICE` in the served site. Every preview page loads it (one entry added to
  `extra_javascript` in the preview's configuration only), and it overlays the list of errors
  (`file:line: message`, hint) on whatever page is open; with no errors it does nothing. It is
  generator-agnostic: a successor of MkDocs only has to add one script to its pages. It never
  enters `docs/`, `mkdocs.yml` or a build: it lives in this process's temporary folder.
- MkDocs' live-reload server and its build functions, driven here (`Preview`) rather than through
  `mkdocs serve`, so that this process owns the served folder: MkDocs' dirty builds never delete
  anything, so after each build the outputs of the `docs/` files that disappeared since the last
  one are deleted (a removed entry's page answers 404). A change of the notice touches a watched
  file, so the server rebuilds and reloads the browsers, which show or drop the overlay.

A catalog broken at startup does not stop the server: it serves what `docs/` holds (the pages
of the last good run, or only the hand-written ones and the 404 page), with the notice.
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import logging
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator import urls
from generator.leaks import load_leak_list
from generator.live import LiveSite
from generator.output import WriteReport
from generator.problems import CatalogError, Failed, Problem, sort_key
from generator.project import Project
from generator.reporters import redacted

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

POLL_SECONDS = 0.2
FLUSH_AFTER_SECONDS = 1.5
"""Delay before the catalog-wide pages of an update are written (see `LiveSite.flush`)."""
NOTICE = "_catalog_serve/problems.js"
"""The notice's address in the served site (never a file of `docs/`)."""
PANEL_ID = "catalog-serve-problems"

_SCRIPT = """/* catalog serve notice %(stamp)s */
(function () {
  var markup = %(markup)s, source = document.currentScript && document.currentScript.src;
  function show() {
    if (document.getElementById("%(id)s")) return;
    document.body.insertAdjacentHTML("beforeend", markup);
    var panel = document.getElementById("%(id)s");
    panel.querySelector("button").addEventListener("click", function () { panel.remove(); });
  }
  if (document.body) { show(); } else { document.addEventListener("DOMContentLoaded", show); }
  var stale = 0;  /* pages without live reload (the 404 page) reload once the errors change */
  if (source && window.fetch) setInterval(function () {
    fetch(source, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (t) {
      stale = t.indexOf("%(stamp)s") < 0 ? stale + 1 : 0;
      if (stale == 2) location.reload();
    }, function () {});
  }, 1000);
})();
"""
_PANEL_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:50vh;overflow:auto;"
    "margin:0;padding:.8rem 1.2rem;background:#fff1f0;color:#4d0000;border-top:4px solid #c62828;"
    "font:14px/1.45 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.25)"
)


def notice_script(problems: list[Problem]) -> str:
    """The notice for already redacted `problems`: a script that overlays them on the page, or
    a script that does nothing when there are none. Every text is HTML-escaped."""
    if not problems:
        return "/* catalog serve: the catalog has no errors */\n"
    items = "".join(f"<li>{_item(p)}</li>" for p in problems)
    count = f"{len(problems)} error(s)" if len(problems) != 1 else "1 error"
    markup = (
        f'<section id="{PANEL_ID}" role="alert" style="{_PANEL_STYLE}">'
        '<button type="button" style="float:right">Hide</button>'
        f"<strong>catalog serve: {count}. The pages show the catalog as it was before; "
        "fix the files below and this notice goes away by itself.</strong>"
        f'<ul style="margin:.4rem 0 0 1.2rem;padding:0">{items}</ul></section>'
    )
    data = json.dumps(markup).translate({ord(c): f"\\u{ord(c):04x}" for c in "<>&"})
    stamp = hashlib.sha256(data.encode()).hexdigest()[:16]
    return _SCRIPT % {"markup": data, "id": PANEL_ID, "stamp": stamp}


def _item(problem: Problem) -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    text = f"<code>{html.escape(where)}</code>: {html.escape(problem.message)}"
    if problem.hint:
        text += f"<br><em>hint: {html.escape(problem.hint)}</em>"
    return text


class Notice:
    """The errors the browser is told about: the catalog's (from the watcher) and the site
    build's (from `Preview`), redacted through the current leak list."""

    def __init__(self, project: Project, wake: Path) -> None:
        self.project, self.wake = project, wake
        """`wake`: a file the server watches; rewriting it makes the server rebuild and reload."""
        self.catalog: list[Problem] = []
        self.lock = threading.Lock()

    def redact(self, problems: list[Problem]) -> list[Problem]:
        project = self.project
        leaks = load_leak_list(project.leak_list_file, project.display(project.leak_list_file))
        if isinstance(leaks, Failed):  # unreadable: validation reports the list's own problem
            return sorted(problems, key=sort_key)
        return sorted((redacted(p, leaks.redact) for p in problems), key=sort_key)

    def set_catalog(self, problems: list[Problem]) -> list[Problem]:
        """Record the catalog's errors (redacted, which are returned) and wake the server when
        they changed."""
        shown = self.redact(problems)
        with self.lock:
            if shown == self.catalog:
                return shown
            self.catalog = shown
        data = [[p.path, p.line, p.message, p.hint] for p in shown]
        self.wake.write_text(json.dumps(data), encoding="utf-8")
        return shown

    def write(self, site_dir: Path, build: list[Problem]) -> list[Problem]:
        """Write the notice into the served site, with the build's own errors (returned,
        redacted)."""
        build = self.redact(build)
        with self.lock:
            script = notice_script([*self.catalog, *build])
        target = site_dir / NOTICE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(script, encoding="utf-8")
        return build


Snapshot = dict[Path, int]


def _sources(project: Project) -> Snapshot:
    state: Snapshot = {}
    for path in [*project.catalog_dir.rglob("*"), *project.transcripts_dir.rglob("*")]:
        with suppress(OSError):
            if path.is_file():
                state[path] = path.stat().st_mtime_ns
    return state


def _guarded(notice: Notice, step: Callable[[], object]) -> object | None:
    """Run a step of the watcher; its errors go to the terminal and the notice, never up (the
    watcher must outlive any error)."""
    try:
        return step()
    except CatalogError as error:
        shown = notice.set_catalog(error.problems)
    except Exception as error:  # a bug: one line instead of a traceback, and serving goes on
        bug = f"internal error ({type(error).__name__}) while regenerating the pages"
        hint = "save the file again; if it persists, restart catalog serve and report it"
        shown = notice.set_catalog([Problem("catalog serve", 0, bug, hint)])
    for problem in shown:
        print(problem.format(), file=sys.stderr)
    print(
        "catalog serve: pages kept as they were; fix the errors above (the browser shows them)",
        file=sys.stderr,
    )
    return None


def _update(live: LiveSite, changed: set[Path], notice: Notice) -> bool:
    """Bring the pages up to date; False (errors shown) when the catalog has errors."""
    started = time.perf_counter()
    report = _guarded(notice, lambda: live.update(changed))
    if not isinstance(report, WriteReport):
        return False
    notice.set_catalog([])
    took = time.perf_counter() - started
    pages = len(report.written) + len(report.removed)
    print(f"catalog serve: updated in {took:.2f}s, {pages} page(s) changed", file=sys.stderr)
    return True


def watch(
    project: Project, live: LiveSite, notice: Notice, stop: threading.Event, state: Snapshot
) -> None:
    """Poll the sources and update the generated pages on change, until `stop` is set; `state`
    is the sources as they were when first read (a change since then is caught)."""
    flush_at = None
    while not stop.wait(POLL_SECONDS):
        current = _sources(project)
        if current != state:
            changed = {p for p in current.keys() | state.keys() if current.get(p) != state.get(p)}
            state = current
            _update(live, changed, notice)
            flush_at = time.monotonic() + FLUSH_AFTER_SECONDS
        elif flush_at is not None and time.monotonic() >= flush_at:
            flush_at = None
            _guarded(notice, live.flush)


def _docs_files(docs: Path) -> set[str]:
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}


def built_path(src: str) -> str:
    """Where MkDocs (directory URLs) writes the file of the docs-relative path `src`."""
    url = urls.Target(src).url if src.endswith(".md") else src
    return url + "index.html" if url == "" or url.endswith("/") else url


def prune(site_dir: Path, gone: set[str]) -> None:
    """Delete the built outputs of the docs files `gone`, and the folders left empty."""
    for src in sorted(gone):
        path = site_dir / built_path(src)
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


class Preview:
    """MkDocs' side of the preview: its configuration with the notice's script, and builds of
    the served folder that also delete what `docs/` no longer has."""

    def __init__(self, project: Project, dev_addr: str, work: Path, notice: Notice) -> None:
        self.project, self.dev_addr, self.notice = project, dev_addr, notice
        self.site_dir = work / "site"
        self.url = ""
        """The served address, set once the server exists."""
        self.sources: set[str] = set()
        """The docs files at the last build."""

    def config(self) -> MkDocsConfig:
        from mkdocs.config import load_config
        from mkdocs.config.config_options import ExtraScriptValue

        config = load_config(
            config_file=str(self.project.mkdocs_file),
            site_dir=str(self.site_dir),
            dev_addr=self.dev_addr,
            strict=False,  # a preview shows warnings instead of stopping
        )
        config.extra_javascript.append(ExtraScriptValue(NOTICE))
        return config

    def build(self, config: MkDocsConfig | None = None) -> None:
        """A dirty build, then the deletions and the notice; never raises (the server would
        print a traceback): a failed build is one more error on the notice."""
        from mkdocs.commands.build import build

        failed: list[Problem] = []
        try:
            config = config or self.config()
            config.site_url = self.url
            sources = _docs_files(self.project.docs_dir)
            build(config, serve_url=self.url, dirty=True)
            prune(self.site_dir, self.sources - sources)
            self.sources = sources
        except Exception as error:
            name = self.project.display(self.project.mkdocs_file)
            reason = f"{type(error).__name__}: {error}".strip().rstrip(":")
            failed = [Problem(name, 0, f"the site generator failed: {reason}", "see above")]
        for problem in self.notice.write(self.site_dir, failed):
            print(f"catalog serve: {problem.format()}", file=sys.stderr)

    def error_page(self, code: int) -> bytes | None:
        """The built 404 (or 500) page, which loads the notice too."""
        try:
            return (self.site_dir / f"{code}.html").read_bytes()
        except OSError:
            return None


class _Quiet(logging.Filter):
    """Drop MkDocs' notes on what `catalog serve` does by design: pages outside the navigation
    (entries never are in it) and dirty rebuilds (only changed pages are rebuilt)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return 'not included in the "nav"' not in message and "'dirty' build" not in message


def _show_mkdocs_log() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
    handler.addFilter(_Quiet())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the server like Ctrl+C, so that the temporary folder is removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _first_config(project: Project, preview: Preview) -> MkDocsConfig:
    from mkdocs.exceptions import MkDocsException

    try:
        return preview.config()
    except MkDocsException as error:  # MkDocs has logged the details
        name = project.display(project.mkdocs_file)
        problem = Problem(name, 0, f"cannot read the site configuration: {error}")
        raise CatalogError(problem) from None


def _run(server: LiveReloadServer, dev_addr: str) -> None:
    """Serve until Ctrl+C or SIGTERM; a port that cannot be used is one clear problem."""
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        print("catalog serve: stopped", file=sys.stderr)
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        message = f"cannot serve on {dev_addr}: {error.strerror or error}"
        hint = "another server may use the port; choose one with --dev-addr 127.0.0.1:8001"
        raise CatalogError(Problem("--dev-addr", 0, message, hint)) from None
    finally:
        server.shutdown()


def serve(project: Project, dev_addr: str) -> None:
    """Serve the preview until interrupted (Ctrl+C or SIGTERM)."""
    from mkdocs.livereload import LiveReloadServer

    with _terminate_as_interrupt(), tempfile.TemporaryDirectory(prefix="catalog-serve-") as folder:
        work = Path(folder)
        notice = Notice(project, work / "wake" / "problems.json")
        notice.wake.parent.mkdir(parents=True)
        live = LiveSite(project, generate=False)
        state = _sources(project)  # before reading them: an edit from now on is caught
        if not _update(live, set(), notice):
            print("catalog serve: serving anyway; fix the errors above", file=sys.stderr)
        _show_mkdocs_log()
        preview = Preview(project, dev_addr, work, notice)
        config = _first_config(project, preview)
        server = LiveReloadServer(
            builder=preview.build,
            host=config.dev_addr.host,
            port=config.dev_addr.port,
            root=str(preview.site_dir),
            mount_path=urlsplit(config.site_url or "/").path,
        )
        server.error_handler = preview.error_page
        preview.url = server.url
        stop = threading.Event()
        watcher = threading.Thread(
            target=watch, args=(project, live, notice, stop, state), daemon=True
        )
        config.plugins.on_startup(command="serve", dirty=True)
        try:
            preview.build(config)
            for path in (config.docs_dir, str(project.mkdocs_file), str(notice.wake.parent)):
                server.watch(path)
            server = config.plugins.on_serve(server, config=config, builder=preview.build)
            for item in config.watch:
                server.watch(item)
            watcher.start()
            _run(server, dev_addr)
        finally:
            stop.set()
            if watcher.is_alive():
                watcher.join(timeout=5)
            config.plugins.on_shutdown()
