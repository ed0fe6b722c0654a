"""The built catalog in a real browser (Debian's Chromium through Playwright): every page kind
loads cleanly and stays local, the issue table finds what a reader types, nothing overflows a
phone, the navigation is what a reader needs, and axe-core finds no serious violation.

The site is the repository's own catalog, built once per session (`tests/browser_support.py`);
expectations are read from the site's own `catalog.json`, not written into the tests.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser_support import Reader, axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "issues/",
    "issues/inference-latency/",
    "grid/",
    "groups/",
    "groups/data-validation/",
    "mitigations/",
    "mitigations/monitor-production/",
    "tags/",
    "tags/latency/",
    "evidence/",
    "phases/model-deployment/",
    "dimensions/efficiency/",
    "interviews/",
    "interviews/I23/",
    "downloads/",
    "about/",
    "method/",
    "reference/",
    "changelog/",
]
ROWS = "[data-issue-table] tbody tr"
VISIBLE = ROWS + ":not([hidden])"


@pytest.mark.parametrize("path", PAGES)
def test_each_page_kind_loads_cleanly_and_stays_local(reader: Reader, path: str) -> None:
    page = reader.open(path)
    assert page.locator("h1").count() == 1
    assert reader.errors == []
    assert reader.outside == []


def test_permanent_id_address_leads_to_the_entry(reader: Reader, published: dict) -> None:
    issue = published["issues"][0]
    page = reader.open(f"{issue['id']}/")
    page.wait_for_url(re.compile(re.escape(issue["url"]) + "$"))
    assert page.title().startswith(f"{issue['id']} {issue['title']}")


def _text_of(issue: dict[str, Any]) -> str:
    claims = [*issue["causes"], *issue["mitigations"], *issue["counter_evidence"]]
    parts = [issue["id"], issue["title"], issue["summary"], issue["description"]]
    parts += [c["text"] for c in claims] + issue["tags"] + issue["aliases"]
    return " ".join(parts).casefold()


def _visible_ids(page: Any) -> set[str]:
    return set(page.locator(VISIBLE + " .entry-id").all_inner_texts())


@pytest.mark.parametrize("words", ["latency", "drift", "imputation", "MLQ-0085"])
def test_table_filter_reads_every_field_a_reader_expects(
    reader: Reader, published: dict, words: str
) -> None:
    live = [i for i in published["issues"] if i["status"] == "stable"]
    expected = {i["id"] for i in live if all(w in _text_of(i) for w in words.casefold().split())}
    page = reader.open("issues/")
    page.fill("input[data-filter=q]", words)
    assert expected and _visible_ids(page) == expected
    assert page.locator("[data-table-count]").inner_text() == (
        f"{len(expected)} of {len(live)} issues shown"
    )


def test_table_filters_combine_and_live_in_the_address(reader: Reader, published: dict) -> None:
    page = reader.open("issues/")
    page.select_option("select[data-filter=dimension]", "efficiency")
    page.check("input[data-filter=primary]")
    page.select_option("select[data-filter=evidence]", "practice")
    page.select_option("select[data-filter=min]", "3")
    shown = _visible_ids(page)

    def has_practice(i: dict[str, Any]) -> bool:
        claims = [*i["causes"], *i["mitigations"]]
        quotes = i["quotes"] + [q for c in claims for q in c["quotes"]]
        return any(x["evidence"] == "practice" for x in [*claims, *quotes])

    expected = {
        i["id"]
        for i in published["issues"]
        if i["status"] == "stable"
        and i["primary_dimension"] == "efficiency"
        and has_practice(i)
        and len(i["interviews"]) >= 3
    }
    assert expected and shown == expected
    assert "dimension=efficiency" in page.url and "primary=1" in page.url and "min=3" in page.url
    again = reader.open("issues/?" + page.url.split("?", 1)[1])
    assert _visible_ids(again) == expected
    assert again.locator("input[data-filter=primary]").is_checked()
    again.click("[data-filter-reset]")
    again.wait_for_function("() => !location.search")
    assert again.locator(VISIBLE).count() == again.locator(ROWS).count()


def test_table_sorts_by_evidence_title_and_last_change_with_the_keyboard(reader: Reader) -> None:
    page = reader.open("issues/")

    def column(key: str) -> list[str]:
        return page.locator(ROWS).evaluate_all(f"rows => rows.map(r => r.dataset.{key})")

    for key, numeric in (("evidence", True), ("changed", False), ("title", False)):
        page.locator(f"th[data-sort-key={key}] button").focus()
        page.keyboard.press("Enter")
        values = column(key)
        order = page.locator(f"th[data-sort-key={key}]").get_attribute("aria-sort")
        wanted = sorted(
            values, key=(int if numeric else str.casefold), reverse=order == "descending"
        )
        assert values == wanted, key
        assert f"sort={'-' if order == 'descending' else ''}{key}" in page.url
    evidence = page.locator("th[data-sort-key=evidence] button")
    evidence.click()
    assert page.locator("th[data-sort-key=evidence]").get_attribute("aria-sort") == "descending"


def test_table_is_a_plain_complete_table_without_javascript(
    browser: Any, site_url: str, published: dict
) -> None:
    r = Reader(browser, site_url, java_script_enabled=False)
    try:
        page = r.open("issues/")
        live = [i for i in published["issues"] if i["status"] == "stable"]
        assert page.locator(ROWS).count() == len(live)
        assert page.locator("[data-table-controls]").is_hidden()
        page.fill("#catalog-search-input", "drift")  # the header's form falls back to the table
        page.press("#catalog-search-input", "Enter")
        page.wait_for_url(re.compile(r"issues/\?q=drift"))
    finally:
        r.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "issues/",
        "issues/inference-latency/",
        "grid/",
        "evidence/",
        "mitigations/",
        "interviews/I23/",
    ],
)
def test_nothing_overflows_a_360_px_phone(browser: Any, site_url: str, path: str) -> None:
    r = Reader(browser, site_url, viewport={"width": 360, "height": 740})
    try:
        page = r.open(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        wide = page.evaluate(
            """() => [...document.querySelectorAll('article *')].filter(el => {
                 const box = el.getBoundingClientRect();
                 return box.width > 0 && box.right > 361 && !el.closest('.table-wrap, .grid-wrap');
               }).map(el => el.tagName + '.' + el.className).slice(0, 5)"""
        )
        assert wide == []
        broken = page.evaluate(
            """() => [...document.querySelectorAll('h1, h2, th, td, a')].filter(el => {
                 const s = getComputedStyle(el);
                 return s.wordBreak === 'break-all' || s.overflowWrap === 'anywhere';
               }).length"""
        )
        assert broken == 0  # titles and cells wrap between words
    finally:
        r.close()


def test_home_has_a_plain_title_one_row_of_phases_and_the_contribute_tab(reader: Reader) -> None:
    page = reader.open("")
    assert page.title() == "ML quality-issues catalog"
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert [t.strip() for t in tabs] == ["Home", "Browse", "Evidence", "About", "Contribute"]
    contribute = page.locator(".md-nav__item", has_text="Contribute").first
    assert "File reference" in contribute.inner_text() and "Changelog" in contribute.inner_text()
    entry = reader.open("issues/inference-latency/")
    assert entry.title().startswith("MLQ-0085 Inference too slow")
    assert entry.locator(".md-sidebar--primary").is_hidden()  # no sidebar repeating the title


def test_phone_layout_keeps_the_lifecycle_without_dangling_arrows(phone: Reader) -> None:
    page = phone.open("")
    arrows = page.evaluate(
        """() => [...document.querySelectorAll('.lifecycle li')].map(li =>
             getComputedStyle(li, '::after').content)"""
    )
    assert set(arrows) <= {"none", "normal"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_dark_theme_switches(reader: Reader) -> None:
    page = reader.open("")
    scheme = lambda: page.evaluate("() => document.body.dataset.mdColorScheme")  # noqa: E731
    before = scheme()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert {before, scheme()} == {"default", "slate"}
    assert reader.errors == [] and reader.outside == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "issues/",
        "issues/inference-latency/",
        "interviews/I23/#q-inference-latency-1",
        "grid/",
        "mitigations/",
        "evidence/",
        "downloads/",
    ],
)
def test_no_serious_accessibility_violation(
    browser: Any, site_url: str, path: str, scheme: str
) -> None:
    r = Reader(browser, site_url, color_scheme=scheme)
    try:
        page = r.open(path)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default"
        )
        if path == "":
            page.fill("#catalog-search-input", "drift")  # the open search results too
            page.locator(".catalog-search__link").first.wait_for()
        serious = axe_violations(page)
    finally:
        r.close()
    assert serious == []
