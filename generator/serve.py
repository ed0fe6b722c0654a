"""`catalog serve`: MkDocs' live-reload server on the generated tree, plus a watcher that
regenerates pages when an entry, a registry, a transcript or the rules change.

The watcher regenerates only the pages a change touches (see `generator.live`) and writes only files
whose content changed; MkDocs' own watcher then rebuilds those pages (a dirty build) and reloads
the browser. Errors are printed and the last good pages stay.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from generator.live import LiveSite
from generator.problems import CatalogError
from generator.project import Project

POLL_SECONDS = 0.2


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    state: dict[Path, float] = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    try:
                        state[path] = path.stat().st_mtime_ns
                    except OSError:
                        continue
    return state


def _update(live: LiveSite, changed: set[Path]) -> None:
    started = time.perf_counter()
    try:
        report = live.update(changed)
    except CatalogError as error:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        print("catalog serve: pages kept as they were; fix the errors above", file=sys.stderr)
        return
    took = time.perf_counter() - started
    pages = len(report.written) + len(report.removed)
    print(f"catalog serve: updated in {took:.2f}s, {pages} page(s) changed", file=sys.stderr)


FLUSH_AFTER_SECONDS = 1.5
"""Delay before the catalog-wide pages of an update are written (see `LiveSite.flush`)."""


def watch(project: Project, live: LiveSite, stop: threading.Event) -> None:
    """Poll the sources and update the generated pages on change, until `stop` is set."""
    folders = [project.catalog_dir, project.transcripts_dir]
    state = _snapshot(folders)
    flush_at = None
    while not stop.wait(POLL_SECONDS):
        current = _snapshot(folders)
        if current != state:
            changed = {p for p in current.keys() | state.keys() if current.get(p) != state.get(p)}
            state = current
            _update(live, changed)
            flush_at = time.monotonic() + FLUSH_AFTER_SECONDS
        elif flush_at is not None and time.monotonic() >= flush_at:
            flush_at = None
            live.flush()


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


def serve(project: Project, dev_addr: str) -> None:
    """Serve the preview until interrupted (Ctrl+C)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    live = LiveSite(project)  # fails early, with the errors, if the catalog is broken
    _show_mkdocs_log()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(project, live, stop), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(
            config_file=str(project.mkdocs_file),
            livereload=True,
            build_type="dirty",
            dev_addr=dev_addr,
            strict=False,  # a preview shows warnings instead of stopping
        )
    finally:
        stop.set()
