"""End-to-end: `catalog build` on the minimal project, with real MkDocs, and the pages it makes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


@pytest.fixture
def built(built_minimal: Path) -> Path:
    return built_minimal


def page(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def test_stable_urls(built: Path) -> None:
    for url in [
        "",
        "issues",
        "issues/missing-sensor-data",
        "issues/noisy-labels",
        "interviews",
        "interviews/I1",
        "phases",
        "phases/data-collection",
        "phases/data-preparation",
        "dimensions/data-quality",
        "about",
    ]:
        assert (built / "site" / url / "index.html").is_file(), url


def test_home_page_counts(built: Path) -> None:
    html = page(built, "")
    assert re.search(r"<strong>2</strong>\s*issues", html)
    assert re.search(r"<strong>1</strong>\s*interviews", html)
    assert re.search(r"<strong>4</strong>\s*quotes", html)


def test_entry_page_links_each_quote_to_its_own_words(built: Path) -> None:
    html = page(built, "issues/missing-sensor-data")
    links = re.findall(r'<a class="quote-link" href="([^"]+)"', html)
    assert links == [
        "../../interviews/I1/#q-missing-sensor-data-0",
        "../../interviews/I1/#q-missing-sensor-data-m0.0",
    ]
    interview = page(built, "interviews/I1")
    for link, paragraph in zip(links, ("p2", "p5"), strict=True):
        anchor = link.split("#")[1]
        found = re.search(
            rf'<p id="{paragraph}"[^>]*><span class="quote-anchor" id="{anchor}">', interview
        )
        assert found, anchor  # the quote's anchor opens the paragraph where it starts
    assert "Half of the sensor readings from the [plant] were empty" in html
    assert "<strong>weeks</strong>" in html  # the description's Markdown is rendered
    assert 'href="../noisy-labels/"' in html  # related, listed by this entry


def test_related_is_shown_both_ways(built: Path) -> None:
    assert 'href="../missing-sensor-data/"' in page(built, "issues/noisy-labels")


def test_interview_page_shows_cited_passages_in_context(built: Path) -> None:
    html = page(built, "interviews/I1")
    assert 'id="p2"' in html and 'id="p5"' in html and 'id="p3"' in html
    assert 'id="p1"' in html  # the question that prompted the answer
    assert 'id="p6"' not in html  # uncited passages are not published
    assert "<mark>Half of the sensor readings from the [Place A] plant were empty</mark>" in html
    assert '<span class="code">Data-missing-values</span>' in html
    assert 'href="../../issues/missing-sensor-data/"' in html  # back to the citing entry


def test_names_are_replaced_everywhere(built: Path) -> None:
    html = page(built, "interviews/I1")
    assert "[Place A]" in html and "[Company A]" in html
    site = "".join(
        p.read_text("utf-8", errors="replace")
        for p in (built / "site").rglob("*")
        if p.is_file() and p.suffix in {".html", ".json", ".csv", ".xml"}
    )
    for name in ("Northfield", "Acme", "Dana", "1 - Coder"):  # the last: the export's header
        assert name not in site


def test_downloads(built: Path) -> None:
    data = json.loads((built / "site/downloads/catalog.json").read_text())
    assert [i["id"] for i in data["issues"]] == ["MLQ-0001", "MLQ-0002"]
    assert [i["slug"] for i in data["issues"]] == ["missing-sensor-data", "noisy-labels"]
    quote = data["issues"][0]["quotes"][0]
    assert quote == {
        "interview": "I1",
        "text": "Half of the sensor readings from the [plant] were empty",
        "evidence": "experienced",
        "paragraph": 2,
        "url": "interviews/I1/#p2",
    }
    csv_lines = (built / "site/downloads/catalog.csv").read_text().splitlines()
    assert csv_lines[0] == (
        "id,slug,status,title,summary,group,phase,primary_dimension,dimensions,tags,codes,"
        "interviews,evidence,quotes,url"
    )
    assert len(csv_lines) == 3


def test_generated_markdown_builds_with_plain_mkdocs(built: Path, tmp_path: Path) -> None:
    """No plugin hook: the generated tree is plain MkDocs input."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(built / "mkdocs.yml"), site_dir=str(tmp_path / "plain"), strict=True))
    assert (tmp_path / "plain/issues/noisy-labels/index.html").is_file()


def test_failed_build_leaves_the_site_untouched(minimal: Path, cli) -> None:
    assert cli(minimal, "build").code == 0
    before = {p: p.read_bytes() for p in (minimal / "site").rglob("*") if p.is_file()}
    entry = minimal / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(entry.read_text().replace("phase: data-preparation", "phase: nowhere"))
    run = cli(minimal, "build")
    assert run.code == 1
    assert "noisy-labels.yaml:4: phase: unknown phase 'nowhere'" in run.out
    after = {p: p.read_bytes() for p in (minimal / "site").rglob("*") if p.is_file()}
    assert after == before
    assert len(list((minimal / ".site.builds").iterdir())) == 1  # the published build only


def test_leaked_name_fails_the_build_and_keeps_the_old_site(minimal: Path, cli) -> None:
    assert cli(minimal, "build").code == 0
    index = (minimal / "site/index.html").read_bytes()
    about = minimal / "docs/about.md"
    about.write_text(about.read_text() + "\nThanks to the team at Acme Corp.\n")
    run = cli(minimal, "build")
    assert run.code == 1
    assert "site/about/index.html:" in run.out
    assert "contains a name or detail the pseudonymisation replaces ('a*******')" in run.out
    assert (minimal / "site/index.html").read_bytes() == index


def test_stale_generated_pages_are_removed(minimal: Path, cli) -> None:
    assert cli(minimal, "build").code == 0
    (minimal / "catalog_src/issues/noisy-labels.yaml").unlink()
    entry = minimal / "catalog_src/issues/missing-sensor-data.yaml"
    entry.write_text(
        entry.read_text().replace(
            'related: [{id: MLQ-0002, relation: co-occurs, reason: "Met in the same data."}]',
            "related: []",
        )
    )
    assert cli(minimal, "build").code == 0
    assert not (minimal / "docs/issues/noisy-labels.md").exists()
    assert not (minimal / "site/issues/noisy-labels").exists()


def test_edit_link_opens_the_entry_yaml_on_the_configured_branch(built: Path) -> None:
    html = page(built, "issues/noisy-labels")
    assert (
        'href="https://github.com/ml-quality-catalog/catalog/edit/main/'
        'catalog_src/issues/noisy-labels.yaml"'
    ) in html


def test_branch_and_repository_are_set_once_in_mkdocs_yml(minimal: Path, cli) -> None:
    config = minimal / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace("edit_uri: edit/main/docs/", "edit_uri: edit/trunk/docs/")
        .replace(
            "repo_url: https://github.com/ml-quality-catalog/catalog",
            "repo_url: https://git.example.org/team/catalog",
        )
    )
    assert cli(minimal, "build").code == 0
    html = page(minimal, "issues/noisy-labels")
    assert (
        'href="https://git.example.org/team/catalog/edit/trunk/catalog_src/issues/noisy-labels.yaml"'
        in html
    )


def test_cite_block_has_stable_url_and_version(built: Path) -> None:
    html = page(built, "issues/noisy-labels")
    assert "ML quality-issues catalog (version 0.1.0)" in html
    assert "https://ml-quality-catalog.github.io/catalog/issues/noisy-labels/" in html
    assert "@misc{MLQ-0002," in html
