"""The leak check on a real built site: a replaced name hidden in any published format is found."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from generator.anonymise import load_rules
from generator.leaks import find_broken_links, find_leaks


@pytest.fixture
def built_site(built_minimal: Path) -> tuple[Path, object]:
    rules = load_rules(built_minimal / "transcripts/anonymisation.yaml", "rules")
    return built_minimal / "site", rules


@pytest.fixture
def site(built_site, tmp_path: Path) -> tuple[Path, object]:
    source, rules = built_site
    copy = tmp_path / "site"
    shutil.copytree(source, copy)
    return copy, rules


def test_clean_site_has_no_leak_and_no_broken_link(built_site) -> None:
    site, rules = built_site
    assert find_leaks(site, rules) == []
    assert find_broken_links(site) == []


def plant(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (
            "issues/noisy-labels/index.html",
            "Different teams, different rules.",
            "Different teams at Acme, different rules.",
        ),
        (
            "issues/noisy-labels/index.html",
            "Different teams, different rules.",
            "Different teams at Ac<em>me</em>, different rules.",
        ),  # split by markup
        (
            "issues/noisy-labels/index.html",
            "Different teams, different rules.",
            "Different teams at &#65;cme, different rules.",
        ),  # an HTML entity
        (
            "issues/noisy-labels/index.html",
            "Different teams, different rules.",
            "Different teams at ÀCMÉ, different rules.",
        ),  # case and accents
        (
            "issues/noisy-labels/index.html",
            'class="entry-summary"',
            'class="entry-summary" title="Acme"',
        ),  # an attribute
        (
            "search/search_index.json",
            "Different teams, different rules.",
            "Different teams at \\u0041cme, different rules.",
        ),  # a JSON escape
        (
            "downloads/catalog.json",
            "Different teams, different rules.",
            "Different teams at Acme, different rules.",
        ),
        ("downloads/catalog.csv", "noisy-labels,", "noisy-labels Acme,"),
        ("sitemap.xml", "</urlset>", "<url><loc>https://acme.example/</loc></url></urlset>"),
    ],
)
def test_each_format_is_checked(site, file: str, old: str, new: str) -> None:
    root, rules = site
    plant(root / file, old, new)
    problems = find_leaks(root, rules)
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        (f"site/{file}", "published output contains a term anonymised as [Company A]")
    ]
    assert problems[0].message.endswith("***')")  # the name itself is not spelled out in logs


def test_compressed_sitemap_is_checked(site) -> None:
    root, rules = site
    path = root / "sitemap.xml.gz"
    xml = (
        gzip.decompress(path.read_bytes())
        .decode()
        .replace("</urlset>", "<!-- Northfield --></urlset>")
    )
    path.write_bytes(gzip.compress(xml.encode()))
    problems = find_leaks(root, rules)
    assert [p.path for p in problems] == ["site/sitemap.xml.gz"]
    assert "[Place A]" in problems[0].message


def test_broken_internal_link_is_found(site) -> None:
    root, _ = site
    plant(
        root / "interviews/I1/index.html",
        'href="../../issues/noisy-labels/"',
        'href="../../issues/gone/"',
    )
    plant(root / "issues/missing-sensor-data/index.html", "#p5", "#p99")
    found = sorted(p.format() for p in find_broken_links(root))
    assert found == [
        "site/interviews/I1/index.html: broken link to '../../issues/gone/'",
        "site/issues/missing-sensor-data/index.html: link to missing anchor '../../interviews/I1/#p99'",
    ]
