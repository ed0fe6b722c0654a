"""The built catalog in a real browser: Debian's Chromium driven by Playwright.

The site is the repository's own catalog, built once, served from localhost. Every page kind is
loaded with no console error, no failed request and no request to any other host; the table's
filters and sorting, search, quote links, related links, downloads, themes and accessibility
(axe-core) are exercised as a reader would.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.cli import main
from tests.conftest import copy_project

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

pytestmark = pytest.mark.browser

if CHROMIUM != "playwright" and not Path(CHROMIUM).exists():
    if os.environ.get("CATALOG_REQUIRE_BROWSER"):
        raise RuntimeError(
            f"browser tests required but {CHROMIUM} is missing: apt-get install chromium"
        )
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("browser") / "project", None)
    assert main(["--root", str(root), "build"]) == 0
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        where = {} if CHROMIUM == "playwright" else {"executable_path": CHROMIUM}
        launched = playwright.chromium.launch(args=FLAGS, **where)
        yield launched
        launched.close()


class Reader:
    """A browser page that records console errors, failed requests and outside requests."""

    def __init__(self, browser, site_url: str, **context: object) -> None:
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

    def open(self, path: str) -> object:
        self.page.goto(self.site + path, wait_until="networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser, site_url: str) -> Iterator[Reader]:
    r = Reader(browser, site_url)
    yield r
    r.close()


def catalog(site_url: str) -> dict:
    import urllib.request

    with urllib.request.urlopen(site_url + "downloads/catalog.json") as response:
        return json.load(response)


PAGES = [
    "",
    "issues/",
    "evidence/",
    "phases/",
    "phases/model-deployment/",
    "dimensions/",
    "dimensions/data-quality/",
    "interviews/",
    "interviews/I32/",
    "downloads/",
    "about/",
    "issues/missing-values/",
]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_kind_loads_cleanly_and_stays_local(reader: Reader, path: str) -> None:
    page = reader.open(path)
    assert page.locator("h1").count() == 1
    assert reader.errors == []
    assert reader.outside == []


def test_table_filters_by_phase_dimension_tag_and_text(reader: Reader, site_url: str) -> None:
    page = reader.open("issues/")
    rows = page.locator("[data-issue-table] tbody tr")
    total = rows.count()
    assert total == len(catalog(site_url)["issues"])
    page.select_option("select[data-filter=phase]", "model-deployment")
    visible = page.locator("[data-issue-table] tbody tr:not([hidden])")
    phases = visible.evaluate_all("rows => rows.map(r => r.dataset.phase)")
    assert phases and set(phases) == {"model-deployment"}
    assert (
        page.locator("[data-table-count]").inner_text() == f"{len(phases)} of {total} issues shown"
    )
    page.select_option("select[data-filter=dimension]", "efficiency")
    dims = visible.evaluate_all("rows => rows.map(r => r.dataset.dimensions)")
    assert dims and all("efficiency" in d.split() for d in dims)
    page.click("[data-filter-reset]")
    assert visible.count() == total
    tag = page.locator("select[data-filter=tag] option").nth(1).get_attribute("value")
    page.select_option("select[data-filter=tag]", tag)
    tags = visible.evaluate_all("rows => rows.map(r => JSON.parse(r.dataset.tags))")
    assert tags and all(tag in t for t in tags)
    page.click("[data-filter-reset]")
    page.fill("input[data-filter=text]", "latency")
    titles = visible.evaluate_all("rows => rows.map(r => r.textContent.toLowerCase())")
    assert titles and all("latency" in t for t in titles)
    assert reader.errors == []


def test_table_sorts_by_evidence_and_title_with_the_keyboard(reader: Reader) -> None:
    page = reader.open("issues/")
    header = page.locator("th[data-sort-key=evidence] button")
    header.focus()
    page.keyboard.press("Enter")
    evidence = page.locator("[data-issue-table] tbody tr").evaluate_all(
        "rows => rows.map(r => Number(r.dataset.evidence))"
    )
    assert evidence == sorted(evidence, reverse=True)
    assert page.locator("th[data-sort-key=evidence]").get_attribute("aria-sort") == "descending"
    title = page.locator("th[data-sort-key=title] button")
    title.focus()
    page.keyboard.press("Enter")
    titles = page.locator("[data-issue-table] tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.title)"
    )
    assert titles == sorted(titles, key=str.casefold)


def test_table_is_a_plain_complete_table_without_javascript(browser, site_url: str) -> None:
    r = Reader(browser, site_url, java_script_enabled=False)
    try:
        page = r.open("issues/")
        rows = page.locator("[data-issue-table] tbody tr")
        assert rows.count() == len(catalog(site_url)["issues"])
        assert page.locator("[data-table-controls]").is_hidden()
        href = rows.first.locator("a").get_attribute("href")
        page.click(f"[data-issue-table] a[href='{href}']")
        assert page.locator(".entry-summary").is_visible()
    finally:
        r.close()


def test_search_finds_an_entry_ranked_above_excerpts(reader: Reader) -> None:
    page = reader.open("")
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("cold start", delay=20)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for()
    first = results.first.get_attribute("href")
    assert "/issues/" in first
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    interviews = [i for i, h in enumerate(hrefs) if "/interviews/" in h]
    issues = [i for i, h in enumerate(hrefs) if "/issues/" in h]
    assert not interviews or min(issues) < min(interviews)
    results.first.click()
    page.wait_for_load_state("networkidle")
    assert "/issues/" in page.url
    assert reader.errors == []


def test_quote_link_lands_on_the_highlighted_passage(reader: Reader) -> None:
    page = reader.open("issues/missing-values/")
    link = page.locator("a.quote-link").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("#" + target)
    passage = page.locator(f"#{target}")
    assert passage.evaluate("el => el.matches(':target')")
    assert passage.locator("mark").count() >= 1
    box = passage.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    outline = passage.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_related_links_work_both_ways(reader: Reader, site_url: str) -> None:
    data = catalog(site_url)
    listed = next(i for i in data["issues"] if i["related"])
    other = listed["related"][0]
    page = reader.open(f"issues/{listed['id']}/")
    page.click(f"#related-issues + ul a[href='../{other}/']")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/issues/{other}/")
    assert page.locator(f"#related-issues + ul a[href='../{listed['id']}/']").count() == 1


def test_downloaded_json_is_valid_against_its_schema(reader: Reader) -> None:
    import jsonschema

    page = reader.open("downloads/")
    with page.expect_download() as info:
        page.evaluate("""() => { const a = document.querySelector("a[href='catalog.json']");
                                 a.setAttribute('download', 'catalog.json'); a.click(); }""")
    data = json.loads(Path(info.value.path()).read_text())
    schema = page.request.get(reader.site + "downloads/catalog.schema.json").json()
    jsonschema.validate(data, schema)
    assert len(data["issues"]) >= 35


def test_dark_theme_and_phone_layout(browser, site_url: str) -> None:
    r = Reader(browser, site_url, viewport={"width": 375, "height": 740})
    try:
        for path in ("issues/", "issues/missing-values/", "interviews/I32/", ""):
            page = r.open(path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 375 + 1, path
        page = r.open("")
        scheme = lambda: page.evaluate("() => document.body.dataset.mdColorScheme")  # noqa: E731
        before = scheme()
        page.locator("form[data-md-component=palette] label:visible").first.click()
        assert scheme() != before and {before, scheme()} == {"default", "slate"}
        assert r.errors == [] and r.outside == []
    finally:
        r.close()


AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["", "issues/", "issues/missing-values/", "interviews/I32/", "evidence/", "downloads/"]
)
def test_no_serious_accessibility_violation(browser, site_url: str, path: str, scheme: str) -> None:
    r = Reader(browser, site_url, color_scheme=scheme)
    try:
        page = r.open(path)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default"
        )
        serious = axe_violations(page)
    finally:
        r.close()
    assert serious == []


def axe_violations(page) -> list[tuple[str, str, list[object]]]:
    """Critical and serious axe-core violations of the page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]
