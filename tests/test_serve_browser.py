"""`catalog serve` in a real browser: a real server process on a copy of the minimal project,
Debian's headless Chromium through Playwright, and a reader whose open page must tell the truth.

One server is shared by the module's tests (each puts the project back as it found it); waits
poll with generous timeouts, they never sleep a fixed time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve import NOTICE
from tests.browser_support import browser_available
from tests.conftest import INTEGRATION, copy_project
from tests.test_serve import fetch, serving, status, wait_until

WAIT_MS = 30_000
"""How long a page may take to show a change (a bound on a hang, not a speed test)."""
PANEL = "#catalog-serve-problems"
ENTRY = "catalog_src/issues/missing-sensor-data.yaml"

pytestmark = pytest.mark.browser

if not browser_available():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = copy_project(tmp_path_factory.mktemp("serve") / "project", INTEGRATION / "minimal")
    with serving(root) as (base, _):
        yield root, base


@pytest.fixture
def entry(preview) -> Iterator[Path]:
    """The entry file a test breaks; put back afterwards, and the notice gone, for the next."""
    root, base = preview
    path = root / ENTRY
    good = path.read_text()
    yield path
    path.write_text(good)
    assert wait_until(lambda: "no errors" in fetch(base + NOTICE)), "the project was not put back"


@pytest.fixture
def page(browser, entry) -> Iterator[object]:
    """A reader's page, closed before the entry is put back (so no live reload races the
    close, which can hang Chromium's context close)."""
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    leave(opened)
    context.close()


def open_page(page, url: str) -> object:
    """`page.goto`, tried again when a live reload of the page interrupted it."""
    for attempt in range(3):
        try:
            return page.goto(url, wait_until="load", timeout=10_000)
        except sync_api.Error:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def leave(page) -> None:
    """Navigate away from the preview (its scripts reload the page), before closing."""
    with contextlib.suppress(sync_api.Error):
        open_page(page, "about:blank")


def test_an_error_shows_on_the_open_page_and_goes_away_when_fixed(page, preview, entry) -> None:
    _, base = preview
    open_page(page, base + "issues/noisy-labels/")  # another entry's page: any page tells
    expect(page.locator(PANEL)).to_have_count(0)
    good = entry.read_text()
    entry.write_text(good.replace("were empty", "were corrupted"))
    panel = page.locator(PANEL)
    expect(panel).to_contain_text(f"{ENTRY}:12: quotes[0]: quote not found in I1", timeout=WAIT_MS)
    expect(panel).to_contain_text("hint: the quote has 'corrupted' where the transcript has")
    expect(page.locator("h1")).to_contain_text("Noisy labels")  # the last good page stays
    entry.write_text(good)
    expect(panel).to_have_count(0, timeout=WAIT_MS)


def test_invalid_yaml_is_shown_with_its_line(page, preview, entry) -> None:
    _, base = preview
    open_page(page, base + "issues/")
    entry.write_text(entry.read_text().replace("dimensions: [data-quality]", "dimensions: [data"))
    panel = page.locator(PANEL)
    expect(panel).to_contain_text(f"{ENTRY}:", timeout=WAIT_MS)
    expect(panel).to_contain_text("invalid YAML")
    assert panel.locator("code").first.inner_text().startswith(f"{ENTRY}:")


def test_markup_is_shown_as_text_and_names_are_masked(page, preview, entry) -> None:
    _, base = preview
    open_page(page, base + "about/")  # a hand-written page
    hostile = 'phase: "<img src=x onerror=window.pwned=1> Northfield"'
    entry.write_text(entry.read_text().replace("phase: data-collection", hostile))
    panel = page.locator(PANEL)
    expect(panel).to_contain_text("<img src=x onerror=window.pwned=1> N*********", timeout=WAIT_MS)
    expect(panel.locator("img")).to_have_count(0)
    page.wait_for_function("() => window.pwned === undefined", timeout=5_000)
    expect(page.locator("body")).not_to_contain_text("Northfield")
    assert "Northfield" not in fetch(base + NOTICE)


def test_a_deleted_entry_is_gone_from_the_open_site(page, preview, entry) -> None:
    _, base = preview
    url = base + "issues/missing-sensor-data/"
    open_page(page, base + "issues/")
    listed = page.locator('a[href$="missing-sensor-data/"]')
    expect(listed.first).to_be_attached()
    good = entry.read_text()
    entry.unlink()
    try:
        expect(listed).to_have_count(0, timeout=WAIT_MS)  # the open list, by live reload
        expect(page.locator("body")).not_to_contain_text("Missing sensor readings")
        expect(page.locator(PANEL)).to_have_count(0)
        assert wait_until(lambda: status(url) == 404), "the deleted entry's page is still served"
    finally:
        entry.write_text(good)
    expect(listed.first).to_be_attached(timeout=WAIT_MS)  # back, by live reload


def test_a_catalog_broken_at_startup_shows_its_errors_until_fixed(browser, tmp_path) -> None:
    root = copy_project(tmp_path / "project", INTEGRATION / "minimal")
    path = root / ENTRY
    good = path.read_text()
    path.write_text(good.replace("were empty", "were corrupted"))
    with serving(root) as (base, _):
        context = browser.new_context()
        page = context.new_page()
        response = open_page(page, base)  # nothing generated yet: the 404 page, with the notice
        assert response.status == 404
        panel = page.locator(PANEL)
        expect(panel).to_contain_text(f"{ENTRY}:12: quotes[0]: quote not found", timeout=WAIT_MS)
        path.write_text(good)
        expect(panel).to_have_count(0, timeout=WAIT_MS)
        expect(page.locator("body")).to_contain_text("Missing sensor readings", timeout=WAIT_MS)
        leave(page)
        context.close()
