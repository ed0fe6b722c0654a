"""The check of a built site before it is published: a listed name hidden in any published byte,
however it is written, is found; an internal link that leads nowhere is found."""

from __future__ import annotations

import gzip
import json
import shutil
import struct
import zlib
from pathlib import Path

import cbor2
import pytest

from generator.leaks import LeakList, load_leak_list
from generator.site_scan import scan_site

ENTRY_PAGE = "issues/noisy-labels/index.html"
SENTENCE = "Different teams, different rules."


@pytest.fixture
def leaks(built_minimal: Path) -> LeakList:
    found = load_leak_list(built_minimal / "transcripts/leak-check.yaml", "leak-check.yaml")
    assert isinstance(found, LeakList)
    return found


@pytest.fixture
def site(built_minimal: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built_minimal / "site", copy, symlinks=False)
    return copy


def test_clean_site_has_no_leak_and_no_broken_link(built_minimal: Path, leaks: LeakList) -> None:
    assert scan_site(built_minimal / "site", leaks) == []


def plant(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DISGUISES = {
    "plain": "Acme",
    "split by markup": "Ac<em>me</em>",
    "HTML entity": "&#65;cme",
    "case and accents": "ÀCMÉ",
    "accent as a combining mark": "Acme\u0301",
    "combining mark inside": "Ac\u0301me",
    "Cyrillic look-alike": "\u0410cme",
    "fullwidth letters": "\uff21\uff43\uff4d\uff45",
    "zero-width space inside": "Ac\u200bme",
    "hyphens between words": "Acme-Corp",
    "underscores between words": "Acme_Corp",
    "dotless i look-alike": "Northf\u0131eld",
    "percent-encoded in a link": '<a href="https://example.org/%41cme">x</a>',
}


@pytest.mark.parametrize("disguise", DISGUISES)
def test_a_disguised_name_is_found(site: Path, leaks: LeakList, disguise: str) -> None:
    plant(
        site / ENTRY_PAGE, SENTENCE, f"Different teams at {DISGUISES[disguise]}, different rules."
    )
    problems = scan_site(site, leaks)
    assert [(p.path, p.message.split(" (")[0]) for p in problems] == [
        (f"site/{ENTRY_PAGE}", "contains a name or detail the pseudonymisation replaces")
    ]
    assert problems[0].message.endswith("***')")  # the name itself is not spelled out in logs


def test_a_name_in_an_attribute_is_found(site: Path, leaks: LeakList) -> None:
    plant(site / ENTRY_PAGE, 'class="entry-summary"', 'class="entry-summary" title="Northfield"')
    assert [p.path for p in scan_site(site, leaks)] == [f"site/{ENTRY_PAGE}"]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("downloads/catalog.json", SENTENCE, "Different teams at Acme, different rules."),
        ("downloads/catalog.csv", "noisy-labels,", "noisy-labels Acme,"),
        ("sitemap.xml", "</urlset>", "<url><loc>https://acme.example/</loc></url></urlset>"),
        ("assets/catalog.js", "", "// Northfield\n"),
    ],
)
def test_each_format_is_checked(site: Path, leaks: LeakList, file: str, old: str, new: str) -> None:
    if old:
        plant(site / file, old, new)
    else:
        (site / file).write_text(new + (site / file).read_text())
    assert [p.path for p in scan_site(site, leaks)] == [f"site/{file}"]


def _pagefind_chunk(payload: bytes) -> bytes:
    return gzip.compress(b"pagefind_dcd" + payload)


def test_the_search_index_is_read_chunk_by_chunk(site: Path, leaks: LeakList) -> None:
    fragment = sorted((site / "pagefind/excerpts/fragment").iterdir())[0]
    data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
    data["content"] += " Different teams at Acme, different rules."
    fragment.write_bytes(_pagefind_chunk(json.dumps(data).encode()))
    words = site / "pagefind/issues/index/en_0000000.pf_index"
    words.write_bytes(_pagefind_chunk(cbor2.dumps([["northfield", [1, 2]]])))
    engine = site / "pagefind/issues/wasm.xx.pagefind"
    engine.write_bytes(_pagefind_chunk(b"not a WebAssembly module: Dana"))
    found = {p.path: p.message for p in scan_site(site, leaks)}
    rel = lambda path: f"site/{path.relative_to(site)}"  # noqa: E731
    assert set(found) == {rel(fragment), rel(words), rel(engine)}
    assert "replaces" in found[rel(fragment)] and "replaces" in found[rel(words)]
    assert "cannot check this file" in found[rel(engine)]


def test_a_file_of_any_suffix_is_scanned(site: Path, leaks: LeakList) -> None:
    (site / "assets/notes.weird-suffix").write_text("thanks to Dana\n")
    assert [p.path for p in scan_site(site, leaks)] == ["site/assets/notes.weird-suffix"]


def test_a_file_that_cannot_be_read_is_refused(site: Path, leaks: LeakList) -> None:
    (site / "assets/blob.bin").write_bytes(b"\x00\xff\xfe binary \x81\x82")
    problems = scan_site(site, leaks)
    assert [p.format() for p in problems] == [
        "site/assets/blob.bin: cannot check this file for names: its content is not text the "
        "leak check can read"
    ]


def test_compressed_files_are_read_through(site: Path, leaks: LeakList) -> None:
    path = site / "sitemap.xml.gz"
    xml = (
        gzip.decompress(path.read_bytes())
        .decode()
        .replace("</urlset>", "<!-- Northfield --></urlset>")
    )
    path.write_bytes(gzip.compress(xml.encode()))
    (site / "assets/data.json.gz").write_bytes(gzip.compress(b'{"who": "Acme Corp"}'))
    assert [p.path for p in scan_site(site, leaks)] == [
        "site/assets/data.json.gz",
        "site/sitemap.xml.gz",
    ]


def png_with_text(text: str) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + text.encode("latin-1"))
        + chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(b"nobody"))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def test_an_image_is_read_through_its_text_chunks(site: Path, leaks: LeakList) -> None:
    (site / "assets/clean.png").write_bytes(png_with_text("a screenshot"))
    assert scan_site(site, leaks) == []
    (site / "assets/shot.png").write_bytes(png_with_text("taken at Northfield"))
    assert [p.path for p in scan_site(site, leaks)] == ["site/assets/shot.png"]


def test_the_publication_s_own_strings_are_allowed_exactly(site: Path, leaks: LeakList) -> None:
    """A fork whose organisation shares a listed name still builds; the name elsewhere fails."""
    allowed = leaks.with_allowed(["https://github.com/acme/catalog"])
    plant(
        site / ENTRY_PAGE, SENTENCE, 'See <a href="https://github.com/acme/catalog">the repo</a>.'
    )
    assert scan_site(site, allowed) == []
    assert [p.path for p in scan_site(site, leaks)] == [f"site/{ENTRY_PAGE}"]
    plant(site / ENTRY_PAGE, "the repo", "the Acme team")
    assert [p.path for p in scan_site(site, allowed)] == [f"site/{ENTRY_PAGE}"]


def test_broken_internal_link_is_found(site: Path, leaks: LeakList) -> None:
    plant(
        site / "interviews/I1/index.html",
        'href="../../issues/noisy-labels/"',
        'href="../../issues/gone/"',
    )
    plant(site / "issues/missing-sensor-data/index.html", "#q-missing-sensor-data-0", "#q-gone")
    found = sorted(p.format() for p in scan_site(site, leaks))
    assert found == [
        "site/interviews/I1/index.html: broken link to '../../issues/gone/'",
        "site/issues/missing-sensor-data/index.html: link to missing anchor "
        "'../../interviews/I1/#q-gone'",
    ]


def test_scanning_in_processes_finds_the_same_problems_in_the_same_order(
    site: Path, leaks: LeakList, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(site / ENTRY_PAGE, SENTENCE, "Acme Corp said so.")
    plant(site / "interviews/I1/index.html", 'href="../../issues/noisy-labels/"', 'href="gone/"')
    (site / "assets/notes.txt").write_text("first line\nNorthf\u0131eld\n", encoding="utf-8")
    serial = [p.format() for p in scan_site(site, leaks)]
    monkeypatch.setattr("generator.site_scan.PARALLEL_MIN_FILES", 1)
    assert [p.format() for p in scan_site(site, leaks, jobs=2)] == serial
    assert len(serial) == 3
