"""The catalog as a REFI-QDA project and codebook: valid against Project.xsd, byte-identical on
every export, every quote a selection over exactly its words."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.check import CheckedCatalog, check_project
from generator.identity import entry_uuid
from generator.matching import parse_quote, words
from generator.project import Project
from generator.qda import model
from generator.qda.export import build_project, codebook_bytes, project_xml, qdpx_bytes, source_text
from generator.qda.xml import CODEBOOK_NS, PROJECT_NS, parser, schema_errors
from generator.render.site import SiteView, build_view
from generator.site_config import read_site_config
from generator.transcripts import parse_transcript
from tests.conftest import copy_project


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> CheckedCatalog:
    root = copy_project(tmp_path_factory.mktemp("qda") / "project", None)
    found = check_project(Project(root))
    assert found.ok
    return found


@pytest.fixture(scope="module")
def site(checked: CheckedCatalog) -> SiteView:
    return build_view(checked)


@pytest.fixture(scope="module")
def exported(checked: CheckedCatalog, site: SiteView) -> model.Project:
    return build_project(site, read_site_config(checked.project))


def test_the_project_validates_against_project_xsd(exported: model.Project) -> None:
    archive = zipfile.ZipFile(io.BytesIO(qdpx_bytes(exported)))
    document = etree.fromstring(archive.read("project.qde"), parser())
    assert document.tag == f"{{{PROJECT_NS}}}Project"
    assert schema_errors(document) == []
    names = archive.namelist()
    assert names[0] == "project.qde"
    assert sorted(names[1:]) == sorted(f"sources/{s.guid}.txt" for s in exported.sources)
    for source in document.iter(f"{{{PROJECT_NS}}}TextSource"):
        path = source.get("plainTextPath", "")
        assert path.startswith("internal://")
        assert source.find(f"{{{PROJECT_NS}}}PlainTextContent") is None  # one or the other


def test_two_exports_are_byte_identical(checked: CheckedCatalog, site: SiteView) -> None:
    config = read_site_config(checked.project)
    first = build_project(site, config)
    second = build_project(build_view(checked), config)
    assert qdpx_bytes(first) == qdpx_bytes(second)
    assert codebook_bytes(first) == codebook_bytes(second)


def _with_claims(site: SiteView):
    """An entry with at least two causes and a mitigation."""
    return next(v for v in site.entries if len(v.causes) >= 2 and v.mitigations)


def test_the_codebook_is_groups_issues_and_claims_with_permanent_ids(
    exported: model.Project, site: SiteView
) -> None:
    groups = exported.codes[: len(site.groups)]
    assert [g.name for g in groups] == [g.group.title for g in site.groups]
    assert not any(g.codable for g in groups)
    issues = {code.name.split()[0]: code for g in groups for code in g.children}
    assert set(issues) == {v.id for v in site.entries}
    view = _with_claims(site)
    code = issues[view.id]
    assert code.guid == entry_uuid(view.id)  # the UUID of the JSON download
    assert f"Permanent id {view.id}" in code.description
    kinds = [c.name.split(":")[0] for c in code.children]
    assert kinds[:2] == [f"{view.id} cause 1", f"{view.id} cause 2"]
    assert f"{view.id} mitigation 1" in kinds
    researchers = exported.codes[-1]
    assert not researchers.codable and researchers.children


def test_the_codebook_file_holds_the_same_codes(exported: model.Project) -> None:
    root = etree.fromstring(codebook_bytes(exported), parser())
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    guids = [c.get("guid") for c in root.iter(f"{{{CODEBOOK_NS}}}Code")]
    assert guids == [code.guid for _, code in exported.all_codes()]
    # the codebook's codes are those of Project.xsd, in the codebook's namespace
    wrapper = etree.fromstring(
        codebook_bytes(exported).replace(CODEBOOK_NS.encode(), PROJECT_NS.encode())
    )
    project = etree.Element(f"{{{PROJECT_NS}}}Project", name="x", nsmap={None: PROJECT_NS})
    project.append(wrapper)
    wrapper.tag = f"{{{PROJECT_NS}}}CodeBook"
    wrapper.attrib.pop("origin")
    assert schema_errors(project) == []


def test_sources_read_back_into_the_same_paragraphs(checked: CheckedCatalog) -> None:
    for iid, transcript in checked.transcripts.items():
        text, starts = source_text(transcript)
        again = parse_transcript(text, iid)
        assert not isinstance(again, type(None))
        assert [(p.speaker, p.text) for p in again.paragraphs] == [  # type: ignore[union-attr]
            (p.speaker, p.text) for p in transcript.paragraphs
        ]
        for p in transcript.paragraphs:
            assert text[starts[p.n] : starts[p.n] + len(p.text)] == p.text


def test_every_quote_is_selections_over_exactly_its_words(
    checked: CheckedCatalog, site: SiteView, exported: model.Project
) -> None:
    sources = {s.name: s for s in exported.sources}
    spans = {(s.name, sel.start, sel.end): sel for s in exported.sources for sel in s.selections}
    checked_quotes = 0
    for view in site.entries:
        for quote in [*view.all_quotes, *view.counter_quotes]:
            source = sources[quote.interview]
            _, starts = source_text(checked.transcripts[quote.interview])
            runs = []
            for n, start, end in checked.marks(quote.match):
                key = (quote.interview, starts[n] + start, starts[n] + end)
                assert key in spans, (view.id, quote.quote.text)
                runs.append(source.text[key[1] : key[2]])
            selected = words(" ".join(runs))
            if not any(mark in quote.quote.text for mark in ("[", "...", "…")):
                assert selected == words(quote.quote.text), quote.quote.text
            else:
                quoted = [w for segment in parse_quote(quote.quote.text) for w in segment.words]
                assert selected[: len(quoted[:1])] == quoted[:1] and selected[-1] == quoted[-1]
            checked_quotes += 1
    assert checked_quotes > 400


def test_quotes_are_coded_with_their_entry_and_claim(
    site: SiteView, exported: model.Project
) -> None:
    codes = {code.guid: code.name for _, code in exported.all_codes()}
    names = {
        codes[c] for s in exported.sources for sel in s.selections for c in sel.codes if c in codes
    }
    view = _with_claims(site)
    assert f"{view.id} {view.entry.title}" in names
    assert any(n.startswith(f"{view.id} cause 1") for n in names)
    assert all(c in codes for s in exported.sources for sel in s.selections for c in sel.codes)


def test_profiles_are_case_variables(exported: model.Project) -> None:
    assert [v.name for v in exported.variables] == ["Role", "Experience", "Sector"]
    case = next(c for c in exported.cases if c.name == "I3")
    assert case.values[0][1].startswith("Project manager")
    assert case.sources == (next(s.guid for s in exported.sources if s.name == "I3"),)


def test_export_command_writes_and_never_replaces_a_foreign_file(
    minimal: Path, cli, tmp_path: Path
) -> None:
    out = tmp_path / "out.qdpx"
    run = cli(minimal, "export", "qdpx", "--output", str(out))
    assert run.code == 0, run.out
    assert "1 sources" in run.err and "coded selections" in run.err
    first = out.read_bytes()
    assert cli(minimal, "export", "qdpx", "--output", str(out)).code == 0
    assert out.read_bytes() == first
    foreign = tmp_path / "mine.qdc"
    foreign.write_text("my own codebook")
    run = cli(minimal, "export", "qdc", "--output", str(foreign))
    assert run.code == 1 and "left as it is" in run.out
    assert foreign.read_text() == "my own codebook"
    project = project_xml(
        build_project(
            build_view(check_project(Project(minimal))), read_site_config(Project(minimal))
        )
    )
    assert schema_errors(project) == []
