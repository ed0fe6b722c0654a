"""The generated Markdown pages, rendered from the catalog (no MkDocs build needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import generate
from generator.project import Project
from generator.render.pages import MATRIX_MAX_INTERVIEWS


def with_interviews(root: Path, count: int) -> None:
    """The minimal project with `count` interviews (copies of I1 under new ids)."""
    transcript = (root / "transcripts/I1.txt").read_text()
    records = (root / "catalog_src/interviews.yaml").read_text()
    extra = []
    for n in range(2, count + 1):
        (root / f"transcripts/I{n}.txt").write_text(
            transcript.replace("Interview 1\n", f"Interview {n}\n")
        )
        extra.append(records.replace("I1", f"I{n}"))
    (root / "catalog_src/interviews.yaml").write_text(records + "".join(extra))


@pytest.mark.parametrize(
    ("count", "layout"),
    [(MATRIX_MAX_INTERVIEWS, "matrix"), (MATRIX_MAX_INTERVIEWS + 1, "list")],
)
def test_evidence_page_is_a_matrix_up_to_30_interviews_then_a_list(
    minimal: Path, count: int, layout: str
) -> None:
    with_interviews(minimal, count)
    generate(Project(minimal))
    page = (minimal / "docs/evidence.md").read_text()
    if layout == "matrix":
        assert "<caption>Quotes per issue and interview</caption>" in page
        assert page.count('<th scope="col"><a href="../interviews/') == count
    else:
        assert "<caption>Interviews supporting each issue</caption>" in page
        assert '<a href="../interviews/I1/">I1</a> (2)' in page
        assert "../interviews/I31/" not in page  # no quote cites the copies


def test_templates_build_no_url_of_their_own() -> None:
    """Where a page lives is known to generator.urls alone: templates only print links."""
    templates = Path(__file__).resolve().parent.parent / "generator/templates"
    for template in templates.glob("*.j2"):
        text = template.read_text()
        for marker in ('href="../', 'href="issues/', ".md)", ".md#", "interviews/{{", "issues/{{"):
            assert marker not in text, (template.name, marker)


def test_pages_rendered_in_processes_are_the_pages_rendered_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.build import published_history
    from generator.check import check_project
    from generator.render.pages import render_pages
    from generator.render.site import build_view
    from generator.site_config import read_site_config

    project = Project(Path(__file__).resolve().parent.parent)
    checked = check_project(project)
    view = build_view(checked)
    config, history = read_site_config(project), published_history(project, checked)
    serial = render_pages(view, config, history)
    monkeypatch.setattr("generator.render.pages.PARALLEL_MIN_PAGES", 1)
    forked = render_pages(view, config, history, jobs=2)
    assert list(forked) == list(serial)
    assert forked == serial
    assert len(serial) > 400
