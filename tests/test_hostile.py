"""Hostile and broken input: every vector is refused with a located message (never a traceback
or a hang), or rendered inert; builds are atomic and reproducible."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main

ENTRY = "catalog_src/issues/noisy-labels.yaml"
HANG_GUARD = 120  # seconds: a bound on a hang, not a speed requirement


HANG_PRONE = frozenset({"alias bomb", "deep nesting"})
"""Vectors meant to exhaust a parser: checked in their own process, under the hang guard."""


def validate(root: Path, isolated: bool = False) -> subprocess.CompletedProcess[str]:
    """`catalog validate` as a user runs it: in its own process with a bound on its time when
    `isolated`, else in this process (faster, same code path)."""
    if isolated:
        return subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(root), "validate"],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "validate"])
    return subprocess.CompletedProcess(["validate"], code, out.getvalue(), err.getvalue())


def write(root: Path, text: str | bytes, path: str = ENTRY) -> None:
    target = root / path
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

YAML_VECTORS = {
    "object-constructing tag": (
        "id: !!python/object/apply:os.system ['echo pwned']\n",
        ":1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "custom tag": ("id: !include /etc/passwd\n", ":1: YAML tag '!include' is not allowed"),
    "alias bomb": (BILLION_LAUGHS, "YAML aliases expand to more than 50,000 values"),
    "deep nesting": ("a: " + "[" * 200 + "]" * 200 + "\n", "nested too deeply (limit 32 levels)"),
    "huge file": (
        "description: |\n" + "  padding line of text\n" * 40_000,
        "over the limit of 524,288 bytes",
    ),
    "non-UTF-8 bytes": (
        b"id: noisy-labels\ntitle: caf\xe9\n",
        ":2: file is not valid UTF-8 (byte 0xe9)",
    ),
    "tab indentation": (
        "id: noisy-labels\ndimensions:\n\t- data-quality\n",
        ":3: invalid YAML: found character that cannot start any token",
    ),
    "raw control character": (
        "id: noisy-labels\ntitle: bell\x07\n",
        ":2: character U+0007 is not allowed in YAML",
    ),
    "escaped control character": (
        'title: "bell\\a"',
        "title: contains the invisible or control character U+0007",
    ),
    "bidi override": (
        'title: "evil \\u202e txt"',
        "title: contains the invisible or control character U+202E",
    ),
    "empty file": ("", ":1: an entry must be a mapping of fields, found empty"),
    "a list": ("- id: noisy-labels\n", ":1: an entry must be a mapping of fields, found a list"),
    "a scalar": ("just text\n", ":1: an entry must be a mapping of fields, found a str"),
    "id leaving its folder": (None, "id: '../../etc/passwd' is not a valid id"),
    "overlong title": (None, "title: is 400 characters long, over the limit of 300"),
}


@pytest.mark.parametrize("vector", YAML_VECTORS)
def test_yaml_vectors_are_refused_with_a_located_message(vector: str, minimal: Path) -> None:
    text, expected = YAML_VECTORS[vector]
    original = (minimal / ENTRY).read_text()
    if vector == "id leaving its folder":
        text = original.replace("id: MLQ-0002", "id: ../../etc/passwd")
    if vector == "overlong title":
        text = re.sub(r"title: .*", "title: " + "x" * 400, original)
    if isinstance(text, str) and text.startswith('title: "'):  # a title with a YAML escape
        text = re.sub(r"title: .*", lambda _: text, original)
    write(minimal, text)
    run = validate(minimal, isolated=vector in HANG_PRONE)
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith(ENTRY)]
    assert any(expected in line for line in lines), run.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "transcripts/I1.txt: transcript is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "transcripts/I1.txt:3: file is binary"),
        (
            b"Interviewee\n\n" + b"word " * 1_000_000,
            "transcripts/I1.txt: file is 5,000,013 bytes, over the limit of 4,194,304 bytes",
        ),
        (b"Interviewee\n\nhello \x1b[31m red\n", "transcripts/I1.txt:3: control character U+001B"),
    ],
    ids=["empty", "binary", "huge", "control"],
)
def test_broken_transcripts_are_refused(content: bytes, expected: str, minimal: Path) -> None:
    write(minimal, content, "transcripts/I1.txt")
    run = validate(minimal)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert any(line.startswith(expected) for line in run.stdout.splitlines()), run.stdout


XSS = {
    "title": (
        "title: Noisy labels from several labelling teams",
        "title: Noisy <script>alert(1)</script> labels",
    ),
    "summary": (
        "summary: Teams labelling with different rules produce inconsistent labels.",
        'summary: "Labels <img src=x onerror=alert(1)> differ."',
    ),
    "description (javascript link)": (
        "description: Different teams, different rules.",
        "description: 'See [this](javascript:alert(1)).'",
    ),
    "description (autolink)": (
        "description: Different teams, different rules.",
        "description: 'See <javascript:alert(1)>.'",
    ),
    "description (reference link)": (
        "description: Different teams, different rules.",
        "description: |\n  See [this][x].\n\n  [x]: JAVASCRIPT:alert(1)",
    ),
    "description (data image)": (
        "description: Different teams, different rules.",
        "description: '![x](data:image/svg+xml;base64,PHN2Zz4=)'",
    ),
    "description (iframe)": (
        "description: Different teams, different rules.",
        "description: '<iframe src=\"https://evil.example\"></iframe>'",
    ),
    "cause text": (
        "  - text: No shared labelling guideline.",
        '  - text: \'No guideline <a href="javascript:x" onclick="x()">x</a>\'',
    ),
    "tag": ("tags: [labels]", "tags: ['<svg onload=alert(1)>']"),
}


@pytest.mark.parametrize("vector", XSS)
def test_script_vectors_are_refused_naming_the_field(vector: str, minimal: Path) -> None:
    old, new = XSS[vector]
    original = (minimal / ENTRY).read_text()
    assert old in original
    write(minimal, original.replace(old, new))
    run = validate(minimal)
    assert run.returncode == 1, run.stdout
    field = vector.split(" (")[0].replace("cause text", "causes[0].text").replace("tag", "tags[0]")
    assert any(
        line.startswith(f"{ENTRY}:") and f": {field}" in line for line in run.stdout.splitlines()
    ), run.stdout


def test_script_vectors_are_inert_even_if_validation_were_bypassed(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: with the refusal switched off, the renderer still defuses every vector."""
    import generator.check

    monkeypatch.setattr(generator.check, "problems_in", lambda text, field: iter(()))
    original = (minimal / ENTRY).read_text()
    hostile = original
    for old, new in XSS.values():
        if "description:" in old:
            continue
        hostile = hostile.replace(old, new)
    hostile = hostile.replace(
        "description: Different teams, different rules.",
        "description: |\n  [a](javascript:alert(1)) <javascript:alert(2)> [b][x]"
        " ![c](data:image/svg+xml;base64,PHN2Zz4=) <iframe src=x></iframe>"
        " <script>alert(3)</script>\n\n  [x]: JAVASCRIPT:alert(4)",
    )
    write(minimal, hostile)
    transcript = minimal / "transcripts/I1.txt"
    transcript.write_text(
        transcript.read_text().replace(
            "Thank you, Dana. That's all.", "Thank you, Dana. <script>alert(5)</script>"
        )
    )
    assert main(["--root", str(minimal), "build"]) == 0
    for page in (minimal / "site").rglob("*.html"):
        html = page.read_text()
        content = html.split('<div class="md-content"', 1)[-1].split("</article>", 1)[0]
        assert active_content(content) == [], page
    entry = (minimal / "site/issues/noisy-labels/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry  # shown, as text


class _Elements(HTMLParser):
    """Collects what in HTML could run: script-capable elements, event handlers, bad URLs."""

    DANGEROUS = frozenset(
        {"script", "iframe", "object", "embed", "img", "svg", "math", "form", "base"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DANGEROUS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if (
                name in ("href", "src", "action")
                and value
                and re.match(r"\s*(javascript|data|vbscript):", value, re.I)
            ):
                self.found.append(f"{tag} {name}={value[:20]}")


def active_content(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_active_content_detector_is_not_blind() -> None:
    assert active_content('<p>ok <a href="JavaScript:x">a</a><img src=x onerror=y></p>') == [
        "a href=JavaScript:x",
        "<img>",
        "img onerror=",
    ]
    assert active_content("<p>&lt;img src=x onerror=alert(1)&gt;</p>") == []


def test_build_is_atomic_and_reproducible(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    for name in ("one", "two"):
        assert main(["--root", str(minimal), "build", "--site-dir", str(tmp_path / name)]) == 0
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes()
        for p in (tmp_path / "one").rglob("*")
        if p.is_file()
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes()
        for p in (tmp_path / "two").rglob("*")
        if p.is_file()
    }
    assert one.keys() == two.keys()
    assert [p for p in one if one[p] != two[p]] == []
    assert Path("sitemap.xml.gz") in one and Path("pagefind/issues/pagefind-entry.json") in one
    assert b"<lastmod>2026-09-21</lastmod>" in one[Path("sitemap.xml")]


def test_no_staging_folder_is_left_behind(minimal: Path, tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    assert main(["--root", str(minimal), "build", "--site-dir", str(site)]) == 0
    write(minimal, (minimal / ENTRY).read_text().replace("phase: data-preparation", "phase: x"))
    assert main(["--root", str(minimal), "build", "--site-dir", str(site)]) == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".site.builds", "site"]
    assert len(list((tmp_path / "out/.site.builds").iterdir())) == 1  # the published build


def test_audit_lists_what_the_pseudonymisation_may_have_missed(minimal: Path, cli) -> None:
    transcript = minimal / "transcripts/I1.txt"
    transcript.write_text(
        transcript.read_text().replace(
            "so we had to drop whole weeks of data.",
            "so Priya at team@example.org said to call +1 514 555 0199 and drop whole weeks.",
        )
    )
    entry = minimal / "catalog_src/issues/missing-sensor-data.yaml"
    entry.write_text(
        entry.read_text().replace(
            "Half of the sensor readings from the [plant] were empty", "Half of the sensor readings"
        )
    )
    run = cli(minimal, "audit")
    assert run.code == 0
    assert "transcripts/I1.txt:12: ¶2: capitalised word: 'Priya'" in run.out
    assert "transcripts/I1.txt:12: ¶2: e-mail address: 'team@example.org'" in run.out
    assert "transcripts/I1.txt:12: ¶2: phone-like number: '+1 514 555 0199'" in run.out
    assert "transcripts/I1.txt:12: ¶2: tag: '[Place A]'" in run.out


PAYLOAD = "[x](javascript:alert(1)) *x*{: onclick=alert(2) } <img src=x onerror=alert(3)> {: onmouseover=alert(4) }"


def _poison(value: object, model: type, loc: tuple = ()) -> object:
    """`value` (YAML data of `model`) with every Markdown and plain string replaced by hostile
    text; identifiers, quotes (they must match their transcript) and the rest are kept."""
    from pydantic import BaseModel

    from generator.markup import IDENTIFIER, text_kind

    if not isinstance(value, dict):
        return value
    out = dict(value)
    for name, info in model.model_fields.items():
        if name not in out or name == "quotes":
            continue
        kind = text_kind(info.annotation, info.metadata)
        inner = [a for a in typing.get_args(info.annotation) if isinstance(a, type)]
        nested = next(
            (
                a
                for a in [info.annotation, *inner]
                if isinstance(a, type) and issubclass(a, BaseModel)
            ),
            None,
        )
        if isinstance(out[name], str) and kind not in (None, IDENTIFIER):
            out[name] = f"{out[name]} {PAYLOAD}"
        elif (
            isinstance(out[name], list)
            and kind not in (None, IDENTIFIER)
            and all(isinstance(v, str) for v in out[name])
        ):
            out[name] = [f"{v} {PAYLOAD}" for v in out[name]] or [PAYLOAD]
        elif nested is not None and isinstance(out[name], list):
            out[name] = [_poison(v, nested) for v in out[name]]
        elif nested is not None:
            out[name] = _poison(out[name], nested)
    return out


def test_every_contributor_field_is_inert_when_published(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walk the models: whatever field a contributor fills, with validation's refusal switched
    off, the built pages hold no live link, handler or element (one policy for every field)."""
    import yaml

    import generator.check
    from generator import files

    monkeypatch.setattr(generator.check, "problems_in", lambda text, kind: iter(()))
    for kind in (files.PHASES, files.DIMENSIONS, files.INTERVIEWS):
        path = minimal / kind.path
        records = yaml.safe_load(path.read_text())
        path.write_text(yaml.safe_dump([_poison(r, kind.model) for r in records]))
    for path in (minimal / "catalog_src/issues").glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        poisoned = _poison(data, files.ENTRY.model)
        claim, mitigation = files.ENTRY.parts[:2]
        poisoned["causes"] = [_poison(c, claim) for c in data.get("causes", [])]
        poisoned["mitigations"] = [_poison(m, mitigation) for m in data.get("mitigations", [])]
        path.write_text(yaml.safe_dump(poisoned))
    assert main(["--root", str(minimal), "build"]) == 0
    for page in (minimal / "site").rglob("*.html"):
        html = page.read_text()
        content = html.split('<div class="md-content"', 1)[-1].split("</article>", 1)[0]
        assert active_content(content) == [], page
    assert PAYLOAD.split()[0].replace("[", "") in (
        minimal / "site/issues/noisy-labels/index.html"
    ).read_text().replace("[", "")
