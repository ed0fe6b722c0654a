"""What a practitioner does on the built catalog, in a real browser: search, follow a quote to
the participant's exact words and back, read an entry's evidence, cite it, suggest a change, and
browse by grid, group, tag and mitigation. Expectations come from the site's own `catalog.json`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_support import Reader

pytestmark = pytest.mark.browser

RESULTS = ".catalog-search__results"


def search(page: Any, query: str) -> list[dict[str, str]]:
    page.fill("#catalog-search-input", query)
    page.wait_for_function(
        "q => document.querySelector('#catalog-search-input').value === q && "
        "document.querySelector('.catalog-search__results:not([hidden]) .catalog-search__more')"
        " && document.querySelector('.catalog-search__more a').href.includes(encodeURIComponent(q))",
        arg=query,
    )
    return page.locator(f"{RESULTS} a.catalog-search__link").evaluate_all(
        """links => links.map(a => ({href: a.getAttribute('href'),
              id: (a.querySelector('.entry-id') || {}).textContent || '',
              title: a.querySelector('.catalog-search__title').textContent,
              text: a.querySelector('.catalog-search__text').textContent}))"""
    )


@pytest.mark.parametrize("query", ["latency", "drift", "explain", "label"])
def test_search_lists_issues_first_with_id_title_and_summary(
    reader: Reader, published: dict, query: str
) -> None:
    by_id = {i["id"]: i for i in published["issues"]}
    page = reader.open("issues/inference-latency/")
    results = search(page, query)
    issues = [r for r in results if r["id"]]
    excerpts = [r for r in results if not r["id"]]
    assert issues and results[: len(issues)] == issues  # every issue before any excerpt
    for r in issues:
        issue = by_id[r["id"]]
        assert r["title"] == issue["title"] and r["text"] == issue["summary"]
        assert r["href"].endswith("/" + issue["url"])
    assert query in _words(by_id[issues[0]["id"]])
    for r in excerpts:
        assert re.search(r"/interviews/I\d+/#p\d+$", r["href"]), r
    assert reader.errors == [] and reader.outside == []


def _words(issue: dict[str, Any]) -> str:
    claims = [*issue["causes"], *issue["mitigations"]]
    return " ".join(
        [
            issue["title"],
            issue["summary"],
            issue["description"],
            *(c["text"] for c in claims),
            *issue["tags"],
        ]
    ).casefold()


def test_search_indexes_entry_text_not_citations_related_lists_or_navigation(
    reader: Reader, published: dict
) -> None:
    issue = next(i for i in published["issues"] if i["related"] and i["causes"])
    page = reader.open("")
    content = page.evaluate(
        """async (id) => {
             const pagefind = await import('/pagefind/issues/pagefind.js');
             const found = await pagefind.search(id);
             for (const r of found.results) {
               const d = await r.data();
               if (d.meta.id === id) return d.content;
             }
           }""",
        issue["id"],
    )
    assert issue["summary"] in content and issue["causes"][0]["text"].split()[0] in content
    reason = issue["related"][0]["reason"]
    boilerplate = ["howpublished", "@misc", "cff-version", "Cite this entry", "Suggest a change"]
    boilerplate += ["Browse", "Contribute"] + ([reason] if reason not in _words(issue) else [])
    for text in boilerplate:
        assert text not in content, text


def test_an_excerpt_hit_opens_its_paragraph(reader: Reader) -> None:
    page = reader.open("")
    excerpt = next(r for r in search(page, "latency") if not r["id"])
    page.locator(f"{RESULTS} a[href='{excerpt['href']}']").click()
    anchor = excerpt["href"].rsplit("#", 1)[1]
    page.wait_for_url(re.compile(f"#{anchor}$"))
    target = page.locator(f"#{anchor}")
    assert target.evaluate("el => el.matches('p.paragraph:target')")
    assert "latency" in target.inner_text().casefold()


def test_search_is_keyboard_usable_and_loads_the_index_in_pieces(reader: Reader) -> None:
    fetched: list[str] = []
    reader.page.on("request", lambda r: "/pagefind/" in r.url and fetched.append(r.url))
    page = reader.open("")
    assert fetched == []  # nothing of the index before the reader searches
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "catalog-search-input"
    search(page, "drift")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert "/issues/" in first
    page.keyboard.press("Escape")
    assert page.locator(RESULTS).is_hidden()
    chunks = [u for u in fetched if "/fragment/" in u or "/index/" in u]
    assert 0 < len(chunks) < 40  # some chunks, not the whole index


def _shared_paragraph(published: dict) -> tuple[dict, dict, str]:
    """A quote whose paragraph another entry quotes too: (issue, quote, other issue's id)."""
    cited: dict[str, set[str]] = {}
    for issue in published["issues"]:
        for q in issue["quotes"]:
            cited.setdefault(q["url"], set()).add(issue["id"])
    for issue in published["issues"]:
        for q in issue["quotes"]:
            others = cited[q["url"]] - {issue["id"]}
            if others:
                return issue, q, sorted(others)[0]
    raise AssertionError("no paragraph quoted by two entries")


def test_following_a_quote_marks_its_words_only_and_leads_back(
    reader: Reader, published: dict
) -> None:
    issue, quote, other = _shared_paragraph(published)
    page = reader.open(issue["url"])
    k = issue["quotes"].index(quote)
    link = page.locator(f"#quote-{k} a.quote-link")
    link.click()
    page.wait_for_selector(".followed-note")
    paragraph = page.locator("p.paragraph.quote-followed").first
    data = json.loads(paragraph.get_attribute("data-quotes"))
    assert {d["entry"] for d in data} >= {issue["id"], other}  # two entries quote it
    marked = page.evaluate(
        """() => [...CSS.highlights.get('catalog-followed-quote')].map(r => r.toString())"""
    )
    mine = next(d for d in data if d["entry"] == issue["id"] and d["anchor"] in page.url)
    text = paragraph.locator(".paragraph-text").inner_text()
    assert marked[: len(mine["runs"])] == [text[a:b] for a, b in mine["runs"]]
    others = [d for d in data if d["anchor"] != mine["anchor"]]
    assert all(sorted(d["runs"]) != sorted(mine["runs"]) for d in others)
    note = page.locator(".followed-note")
    assert issue["id"] in note.inner_text() and issue["title"] in note.inner_text()
    box = paragraph.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    note.locator("a.followed-back").click()
    page.wait_for_url(re.compile(re.escape(issue["url"]) + f"#quote-{k}$"))


def test_paragraph_links_are_24_px_targets_on_a_phone(phone: Reader) -> None:
    page = phone.open("interviews/I23/")
    sizes = page.locator("a.pilcrow").evaluate_all(
        "links => links.map(a => { const b = a.getBoundingClientRect(); return [b.width, b.height]; })"
    )
    assert sizes and min(w for w, _ in sizes) >= 24 and min(h for _, h in sizes) >= 24


def test_interview_contents_list_its_questions(reader: Reader) -> None:
    page = reader.open("interviews/I23/")
    excerpts = page.locator("section.excerpt").count()
    items = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
    questions = [t for t in items if t.strip() not in ("Excerpts",)]
    assert excerpts > 3 and len(questions) >= excerpts


def test_entry_page_shows_its_evidence_history_and_links(reader: Reader, published: dict) -> None:
    issue = next(i for i in published["issues"] if i["counter_evidence"] and i["related"])
    page = reader.open(issue["url"])
    facts = page.locator("dl.entry-facts").inner_text()
    total = len(published["interviews"])
    assert issue["id"] in facts
    summary = ", ".join(f"{n} {kind}" for kind, n in issue["evidence"].items())
    assert f"raised in {len(issue['interviews'])} of {total} interviews: {summary}" in facts
    assert "last changed" in facts
    assert page.locator("#counter-evidence").count() == 1
    related = page.locator("ul.related li")
    assert related.count() == len(issue["related"])
    assert issue["related"][0]["reason"] in page.locator("ul.related").inner_text()
    tag = page.locator("dl.entry-facts a.tag").first
    tag.click()
    page.wait_for_url(re.compile(r"/tags/[a-z0-9-]+/$"))
    assert page.locator(f"article a[href$='/{issue['slug']}/']").count() == 1


def test_cite_block_copies_and_suggest_a_change_is_prefilled(
    browser: Any, site_url: str, published: dict
) -> None:
    r = Reader(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    try:
        issue = published["issues"][0]
        page = r.open(issue["url"])
        page.locator(".cite-copy-button").nth(1).click()  # BibTeX
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@misc{") and issue["id"] in copied
        href = page.locator("a.suggest-change").get_attribute("href")
        query = parse_qs(urlsplit(href).query)
        assert query["template"] == ["correction.yml"]
        assert query["entry"][0].startswith(issue["id"] + " ")
        assert issue["title"] in query["title"][0]
    finally:
        r.close()


def test_grid_places_each_issue_once_under_its_phase_and_dimension(
    reader: Reader, published: dict
) -> None:
    page = reader.open("grid/")
    cells = page.locator("table.overview-grid tbody td li a").evaluate_all(
        """links => links.map(a => ({href: a.getAttribute('href'),
             phase: a.closest('td').dataset.phase,
             count: a.nextElementSibling.textContent}))"""
    )
    live = [i for i in published["issues"] if i["status"] == "stable"]
    assert sorted(c["href"].strip("./").split("/")[-1] for c in cells) == sorted(
        i["slug"] for i in live
    )
    phases = {p["id"]: p["title"] for p in published["phases"]}
    by_slug = {i["slug"]: i for i in live}
    for c in cells:
        issue = by_slug[c["href"].rstrip("/").split("/")[-1]]
        assert c["phase"] == phases[issue["phase"]]
        assert int(c["count"]) == len(issue["interviews"])
    reader.open("")
    reader.page.locator(".home-actions a", has_text="Overview grid").click()
    reader.page.wait_for_url(re.compile(r"/grid/$"))


def test_mitigations_pages_list_every_mitigation_with_its_evidence(
    reader: Reader, published: dict
) -> None:
    page = reader.open("mitigations/")
    kinds = page.locator("article h2 a:not(.headerlink)").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    mitigations = [
        (i, m) for i in published["issues"] if i["status"] == "stable" for m in i["mitigations"]
    ]
    used = {m["category"] for _, m in mitigations}
    assert len(kinds) == len(used)
    category = max(used, key=lambda c: sum(m["category"] == c for _, m in mitigations))
    page = reader.open(f"mitigations/{category}/")
    blocks = page.locator(".mitigation-use")
    expected = [(i, m) for i, m in mitigations if m["category"] == category]
    assert blocks.count() == len(expected)
    text = page.locator("article").inner_text()
    for issue, _ in expected:
        assert issue["title"] in text
    kinds_shown = page.locator(".mitigation-use .claim-evidence .evidence-type").all_inner_texts()
    assert sorted(kinds_shown) == sorted(m["evidence"] for _, m in expected)
    practice = sum(m["evidence"] == "practice" for _, m in expected)
    assert f"{practice} practice" in page.locator(".mitigation-counts").inner_text()


def test_groups_page_is_a_tree_of_every_live_issue(reader: Reader, published: dict) -> None:
    page = reader.open("groups/")
    assert page.locator("article h2").count() == len(published["groups"])
    listed = page.locator("article h2 + * ~ ul li a, article ul li a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    live = {i["slug"] for i in published["issues"] if i["status"] == "stable"}
    assert {h.rstrip("/").split("/")[-1] for h in listed if "/issues/" in h} == live
