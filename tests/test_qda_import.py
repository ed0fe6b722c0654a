"""Importing projects and codebooks from other tools: every trap of real exports in a small
fixture, malformed projects refused with nothing written, and the round trip."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.check import check_project
from generator.identity import entry_uuid
from generator.matching import words
from generator.project import Project
from generator.qda.export import build_project, qdpx_bytes, source_text
from generator.qda.read import read_qdpx
from generator.render.site import build_view
from generator.site_config import read_site_config
from generator.transcripts import read_transcript
from tests.conftest import FIXTURES, copy_project

CASES = FIXTURES / "qdpx"
FIXTURE_TEXT = (
    "Interview 60\n\nInterviewer 1: What went wrong with the sensors?\n\n"
    "Interviewee: The café's sensor 📡 dropped readings, and the labels had שלום and مرحبا "
    "mixed in.\n\nInterviewee: Then we retrained the model every week.\n"
)


def zipped(case: str, tmp_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    """The fixture folder `case` as a .qdpx archive."""
    out = tmp_path / f"{case}.qdpx"
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted((CASES / case).rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(CASES / case).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A project (the minimal one) and its empty private tier."""
    root = copy_project(tmp_path / "project", FIXTURES.parent / "integration" / "minimal")
    private = tmp_path / "private"
    private.mkdir()
    monkeypatch.setenv("CATALOG_PRIVATE_DIR", str(private))
    return root, private


def codings(root: Path, iid: str) -> list[tuple[str, list[int]]]:
    data = yaml.safe_load((root / f"catalog_src/codings/{iid}.yaml").read_text())
    return [(c["code"], c["paragraphs"]) for c in data["codings"]]


@pytest.mark.parametrize(
    ("case", "options"),
    [
        ("non-ascii-code-points", []),  # accents, an emoji, Hebrew and Arabic
        ("bom-crlf", []),  # a byte-order mark and CRLF line endings, positions on the text
        ("crlf-counted-twice", ["--crlf", "two"]),  # a tool counting CRLF as two characters
        ("utf16-positions", ["--positions", "utf16"]),  # the emoji counts two UTF-16 units
        ("inclusive-end", ["--end", "inclusive"]),
        ("braced-guids", []),  # {UPPERCASE} GUIDs, in attributes and in the source's path
        ("plain-text-content", []),  # the text inside project.qde, no plainTextPath
    ],
)
def test_import_reads_sources_codes_and_selections(
    fresh: tuple[Path, Path], tmp_path: Path, cli, case: str, options: list[str]
) -> None:
    root, private = fresh
    archive = zipped(case, tmp_path)
    run = cli(root, "import", "qdpx", str(archive), *options)
    assert run.code == 0, run.out
    assert codings(root, "I60") == [("Sensor problems", [2, 2]), ("Retraining", [3, 3])]
    assert (private / "imported/I60.txt").read_text("utf-8") == FIXTURE_TEXT  # LF, no BOM
    assert "- interview: I60" in run.err and "raw: imported/I60.txt" in run.err
    read = read_qdpx(archive, case, _counting(options))
    assert isinstance(read, tuple)
    source = read[0].sources[0]
    assert [source.text[s.start : s.end] for s in source.selections] == [
        "sensor 📡 dropped readings",
        "we retrained the model every week",
    ]
    assert not (root / "transcripts/I60.txt").exists()  # public only through pseudonymise


def _counting(options: list[str]):
    from generator.qda.positions import Counting

    return Counting(
        "utf16" if "utf16" in options else "codepoints",
        "inclusive" in options,
        "two" in options,
    )


def test_positions_counted_otherwise_select_other_words(tmp_path: Path) -> None:
    read = read_qdpx(zipped("utf16-positions", tmp_path), "x")  # read as code points
    assert isinstance(read, tuple)
    source = read[0].sources[0]
    assert source.text[source.selections[0].start : source.selections[0].end] != (
        "sensor 📡 dropped readings"
    )


def nothing_written(root: Path, private: Path) -> bool:
    return not (root / "catalog_src/codings").exists() and not any(private.iterdir())


@pytest.mark.parametrize(
    ("case", "extra", "message"),
    [
        (
            "missing-namespace",
            None,
            "missing-namespace.qdpx!project.qde:2: the root element is <Project> without a "
            "namespace: a REFI-QDA file's is <Project> in 'urn:QDA-XML:project:1.0'",
        ),
        (
            "selection-past-end",
            None,
            "selection-past-end.qdpx!project.qde:16: the selection ends at 218, past the end of "
            "its source (213 characters)",
        ),
        (
            "dangling-code-reference",
            None,
            "dangling-code-reference.qdpx!project.qde:17: a coding refers to code "
            "99999999-9999-4999-8999-999999999999, which the codebook does not have",
        ),
        (
            "non-ascii-code-points",
            {"sources/../../escaped.txt": b"outside"},
            "non-ascii-code-points.qdpx: zip member 'sources/../../escaped.txt' is refused: its "
            "path leaves the project's folder",
        ),
        (
            "non-ascii-code-points",
            {"/etc/absolute.txt": b"outside"},
            "non-ascii-code-points.qdpx: zip member '/etc/absolute.txt' is refused",
        ),
    ],
)
def test_a_malformed_project_gets_a_located_error_and_writes_nothing(
    fresh: tuple[Path, Path], tmp_path: Path, cli, case: str, extra, message: str
) -> None:
    root, private = fresh
    archive = zipped(case, tmp_path, extra)
    run = cli(root, "import", "qdpx", str(archive))
    assert run.code == 1
    assert any(line.replace(str(tmp_path) + "/", "").startswith(message) for line in run.lines), (
        run.lines
    )
    assert nothing_written(root, private)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_code_holding_a_listed_name_is_refused(
    fresh: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    root, private = fresh
    case = tmp_path / "named"
    shutil.copytree(CASES / "non-ascii-code-points", case)
    qde = case / "project.qde"
    qde.write_text(qde.read_text().replace('name="Retraining"', 'name="Retraining at Northfield"'))
    archive = tmp_path / "named.qdpx"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(case.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(case).as_posix())
    run = cli(root, "import", "qdpx", str(archive))
    assert run.code == 1
    assert "a code's name holds a name or detail the pseudonymisation replaces" in run.out
    assert "Northfield" not in run.out + run.err
    assert nothing_written(root, private)


def test_a_source_that_names_no_interview_needs_as(
    fresh: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    root, private = fresh
    case = tmp_path / "unnamed"
    shutil.copytree(CASES / "plain-text-content", case)
    qde = case / "project.qde"
    qde.write_text(qde.read_text().replace("Interview 60", " " * 12).replace('"I60"', '"P"'))
    archive = tmp_path / "unnamed.qdpx"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(qde, "project.qde")
    run = cli(root, "import", "qdpx", str(archive))
    assert run.code == 1 and "cannot tell which interview this source is" in run.out
    assert "--as 0c9e7d6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b=I50" in run.out
    assert nothing_written(root, private)
    run = cli(
        root, "import", "qdpx", str(archive), "--as", "{0C9E7D6B-5A4F-4E3D-8C2B-1A0F9E8D7C6B}=I61"
    )
    assert run.code == 0, run.out
    assert codings(root, "I61")[0] == ("Sensor problems", [2, 2])


def test_a_codings_file_written_by_hand_is_never_replaced(
    fresh: tuple[Path, Path], tmp_path: Path, cli
) -> None:
    root, private = fresh
    mine = root / "catalog_src/codings/I60.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("interview: I60\ncodings: []\n")
    run = cli(root, "import", "qdpx", str(zipped("bom-crlf", tmp_path)))
    assert run.code == 1 and "a codings file the import did not write: left as it is" in run.out
    assert mine.read_text() == "interview: I60\ncodings: []\n" and not any(private.iterdir())


# ---- the round trip ------------------------------------------------------------------------


def test_round_trip_export_then_import_into_a_fresh_project(
    real: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = check_project(Project(real))
    site = build_view(checked)
    exported = build_project(site, read_site_config(Project(real)))
    archive = tmp_path / "catalog.qdpx"
    archive.write_bytes(qdpx_bytes(exported))
    read = read_qdpx(archive, "catalog.qdpx")
    assert isinstance(read, tuple) and read[1] == []
    again = read[0]
    # the same codes (tree, GUIDs, names, descriptions) and sources and selections
    assert [(p, c.guid, c.name, c.codable, c.description) for p, c in again.all_codes()] == [
        (p, c.guid, c.name, c.codable, c.description) for p, c in exported.all_codes()
    ]
    assert [(s.guid, s.name, s.text) for s in again.sources] == [
        (s.guid, s.name, s.text) for s in exported.sources
    ]
    assert [[(x.guid, x.start, x.end, x.codes) for x in s.selections] for s in again.sources] == [
        [(x.guid, x.start, x.end, x.codes) for x in s.selections] for s in exported.sources
    ]
    # into a fresh project: sources to its private tier, coded passages to its codings
    root = tmp_path / "fresh"
    shutil.copytree(real, root)
    shutil.rmtree(root / "catalog_src/issues")
    (root / "catalog_src/issues").mkdir()
    (root / "catalog_src/interviews.yaml").write_text("[]\n")
    for path in (root / "transcripts").glob("*.txt"):
        path.unlink()
    private = tmp_path / "private"
    private.mkdir()
    monkeypatch.setenv("CATALOG_PRIVATE_DIR", str(private))
    run = cli(root, "import", "qdpx", str(archive))
    assert run.code == 0, run.out
    by_name = {s.name: s for s in again.sources}
    for iid, source in by_name.items():
        assert (private / f"imported/{iid}.txt").read_text("utf-8") == source.text
    # every quote's paragraphs are coded with its entry's code, and its text is the quote's
    names = {c.guid: c.name for _, c in again.all_codes()}
    for view in site.entries:
        for quote in view.quotes:
            passages = codings(root, quote.interview)
            first, last = min(quote.match.paragraphs), max(quote.match.paragraphs)
            covered = {
                n
                for code, (a, b) in passages
                if code.startswith(view.id + " ")
                for n in range(a, b + 1)
            }
            assert set(range(first, last + 1)) <= covered, (view.id, quote.quote.text)
            _, starts = source_text(checked.transcripts[quote.interview])
            runs = [
                by_name[quote.interview].text[starts[n] + s : starts[n] + e]
                for n, s, e in checked.marks(quote.match)
            ]
            if not any(m in quote.quote.text for m in ("[", "...", "…")):
                assert words(" ".join(runs)) == words(quote.quote.text)
            selected = {(x.start, x.end): x.codes for x in by_name[quote.interview].selections}
            n, s, e = checked.marks(quote.match)[0]
            assert entry_uuid(view.id) in selected[(starts[n] + s, starts[n] + e)]
            assert names[entry_uuid(view.id)].startswith(view.id)
    # the private tier makes the public transcripts, read into the same paragraphs
    key = {"transcripts": [{"interview": i, "raw": f"imported/{i}.txt"} for i in ("I7", "I32")]}
    (private / "pseudonymisation-key.yaml").write_text(yaml.safe_dump(key))
    (root / "transcripts/leak-check.yaml").unlink()
    assert cli(root, "pseudonymise").code == 0
    for iid in ("I7", "I32"):
        public = read_transcript(root / f"transcripts/{iid}.txt", iid)
        assert [(p.speaker, p.text) for p in public.paragraphs] == [  # type: ignore[union-attr]
            (p.speaker, p.text) for p in checked.transcripts[iid].paragraphs
        ]


# ---- the coding check and coverage ---------------------------------------------------------


def test_quotes_outside_the_coded_passages_of_their_entry(
    minimal: Path, tmp_path: Path, cli
) -> None:
    archive = tmp_path / "minimal.qdpx"
    assert cli(minimal, "export", "qdpx", "--output", str(archive)).code == 0
    run = cli(minimal, "import", "qdpx", str(archive))  # a known interview: only its coding
    assert run.code == 0, run.out
    assert "0 new source(s)" in run.err
    passages = codings(minimal, "I1")
    assert ("Data-missing-values", [2, 2]) in passages
    assert ("MLQ-0001 Missing sensor readings", [2, 2]) in passages
    run = cli(minimal, "validate")
    assert run.code == 0  # misses are warnings by default
    miss = [line for line in run.lines if "lies in no passage" in line]
    assert miss == [
        "catalog_src/issues/missing-sensor-data.yaml:20: warning: mitigations[0].quotes[0]: the "
        "quote (I1 ¶5) lies in no passage the researchers coded with a code of MLQ-0001 (hint: "
        "map one of the codes coding it (MLQ-0001 Missing sensor readings, MLQ-0001 mitigation "
        "1: Impute short gaps with the last known value; drop long gaps.) to MLQ-0001 in catalog_src/codes.yaml, or code the "
        "passage in your tool and import again)"
    ]
    (minimal / "catalog_src/codes.yaml").write_text(
        '- code: "MLQ-0001 mitigation 1: Impute short gaps with the last known value; drop long gaps."\n'
        "  entries: [MLQ-0001]\n"
    )
    assert not [line for line in cli(minimal, "validate").lines if "lies in no passage" in line]
    (minimal / "catalog_src/codes.yaml").write_text("[]\n")
    (minimal / "catalog_src/settings.yaml").write_text("quote_outside_coding: error\n")
    run = cli(minimal, "validate")
    assert run.code == 1 and any("lies in no passage" in line for line in run.lines)
    (minimal / "catalog_src/settings.yaml").write_text("quote_outside_coding: ignore\n")
    assert not [line for line in cli(minimal, "validate").lines if "lies in no passage" in line]


def test_codes_yaml_maps_a_code_to_entries_or_explains_it(minimal: Path, cli) -> None:
    (minimal / "catalog_src/codes.yaml").write_text(
        "- code: Data-missing-values\n  entries: [MLQ-0009]\n"
        "- code: Data-noisy-labels\n  entries: [MLQ-0002]\n  reason: both\n"
    )
    run = cli(minimal, "validate")
    assert run.code == 1
    assert "catalog_src/codes.yaml:2: entries[0]: no entry with id 'MLQ-0009'" in run.out
    assert "give either 'entries' (the code supports them) or 'reason'" in run.out


def test_coverage_lists_coded_passages_nobody_quotes(minimal: Path, cli) -> None:
    folder = minimal / "catalog_src/codings"
    folder.mkdir()
    (folder / "I1.yaml").write_text(
        "interview: I1\ncodings:\n"
        "  - {code: Team habits, paragraphs: [6, 6]}\n"
        "  - {code: Data-missing-values, paragraphs: [2, 2]}\n"
    )
    run = cli(minimal, "coverage")
    assert run.code == 0, run.out
    section = run.out.split("no entry quotes (")[-1]
    assert section.startswith("1)") and "- I1 paragraph 6: Team habits" in section
    assert "- Team habits" in run.out.split("codes not mapped")[1]  # unmapped, like any code


def test_codings_of_paragraphs_a_transcript_does_not_have(minimal: Path, cli) -> None:
    folder = minimal / "catalog_src/codings"
    folder.mkdir()
    (folder / "I1.yaml").write_text(
        "interview: I1\ncodings:\n  - {code: Data-missing-values, paragraphs: [2, 40]}\n"
    )
    (folder / "I9.yaml").write_text("interview: I9\ncodings: []\n")
    run = cli(minimal, "validate")
    assert run.code == 1
    assert "catalog_src/codings/I1.yaml:3: codings[0].paragraphs: I1 has 6 paragraphs, not 40" in (
        run.out
    )
    assert "catalog_src/codings/I9.yaml:1: warning: codings of I9, which" in run.out


# ---- codebooks -----------------------------------------------------------------------------


def test_a_codebook_proposes_mappings_and_never_overwrites_what_it_did_not_write(
    minimal: Path, tmp_path: Path, cli
) -> None:
    qdc = tmp_path / "catalog.qdc"
    assert cli(minimal, "export", "qdc", "--output", str(qdc)).code == 0
    run = cli(minimal, "import", "qdc", str(qdc))
    assert run.code == 0
    assert '- code: "MLQ-0001 Missing sensor readings"\n  entries: [MLQ-0001]' in run.out
    assert "Data-missing-values" not in run.out  # mapped already, by an entry's codes
    proposal = tmp_path / "codes.proposed.yaml"
    assert cli(minimal, "import", "qdc", str(qdc), "--write", str(proposal)).code == 0
    assert proposal.read_text() == run.out
    assert cli(minimal, "import", "qdc", str(qdc), "--write", str(proposal)).code == 0
    mine = tmp_path / "mine.yaml"
    mine.write_text("- code: x\n")
    run = cli(minimal, "import", "qdc", str(qdc), "--write", str(mine))
    assert run.code == 1 and "left as it is" in run.out and mine.read_text() == "- code: x\n"
    records = yaml.safe_load(proposal.read_text())
    assert all(set(r) == {"code", "entries"} for r in records)


def test_a_codebook_without_its_namespace(minimal: Path, tmp_path: Path, cli) -> None:
    qdc = tmp_path / "bad.qdc"
    qdc.write_text('<?xml version="1.0"?>\n<CodeBook><Codes/></CodeBook>\n')
    run = cli(minimal, "import", "qdc", str(qdc))
    assert run.code == 1
    assert run.lines[0].startswith(f"{qdc}:2: the root element is <CodeBook> without a namespace")


def test_the_readme_documents_the_round_trip_for_each_tool() -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text()
    section = readme.split("## Qualitative-analysis tools (REFI-QDA)")[1].split("\n## ")[0]
    for tool in ("NVivo", "ATLAS.ti", "MAXQDA", "QualCoder"):
        assert tool in section
    for option in ("--positions utf16", "--end inclusive", "--crlf two", "pyrefiqda"):
        assert option in section
