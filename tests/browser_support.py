"""What the browser tests share: Debian's Chromium driven by Playwright, one browser and one
build of the repository's own catalog for the whole session, and a reader that records console
errors, failed requests and any request to another host.

Registered as a plugin by `tests/conftest.py`, so that every browser test module uses the same
browser (Playwright's sync API allows one at a time) and the same built site.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.cli import main

CHROMIUM = os.environ.get("CATALOG_CHROMIUM", "/usr/bin/chromium")
"""The browser: Debian's Chromium by default; another executable, or `playwright` for the
browser Playwright installed itself (on GitHub's Ubuntu runners)."""
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


def browser_available() -> bool:
    if CHROMIUM == "playwright" or Path(CHROMIUM).exists():
        return True
    if os.environ.get("CATALOG_REQUIRE_BROWSER"):
        raise RuntimeError(f"browser tests required but {CHROMIUM} is missing")
    return False


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not browser_available():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        where = {} if CHROMIUM == "playwright" else {"executable_path": CHROMIUM}
        launched = playwright.chromium.launch(args=FLAGS, **where)
        yield launched
        launched.close()


def commit_all(root: Path, date: str) -> None:
    """Make `root` a git repository with everything in one commit dated `date`."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "catalog"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own catalog, built once and served from localhost."""
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("browser") / "project", None)
    commit_all(root, "2026-11-20T12:00:00Z")  # entry histories come from git
    assert main(["--root", str(root), "build"]) == 0
    url, server = serve_folder(root / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def published(site_url: str) -> dict[str, Any]:
    """The built site's own `catalog.json`: what the pages are checked against."""
    with urllib.request.urlopen(site_url + "downloads/catalog.json") as response:
        data: dict[str, Any] = json.load(response)
    return data


class Reader:
    """A browser page that records console errors, failed requests and outside requests."""

    def __init__(self, browser: Any, site_url: str, **context: object) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.site = site_url
        self.errors: list[str] = []
        self.outside: list[str] = []
        host = urlsplit(site_url).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.errors.append(f"{r.status}: {r.url}")
        )
        self.page.on(
            "request",
            lambda r: (
                urlsplit(r.url).netloc not in (host, "")
                and not r.url.startswith("data:")
                and self.outside.append(r.url)
            ),
        )

    def open(self, path: str) -> Any:
        self.page.goto(self.site + path, wait_until="networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser: Any, site_url: str) -> Iterator[Reader]:
    r = Reader(browser, site_url)
    yield r
    r.close()


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[Reader]:
    r = Reader(browser, site_url, viewport={"width": 390, "height": 844}, has_touch=True)
    yield r
    r.close()


def axe_violations(page: Any) -> list[tuple[str, str, list[object]]]:
    """Critical and serious axe-core violations of the page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]
