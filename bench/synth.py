"""Synthetic catalog projects made from the real one, for the benchmark.

Entries are copied with new slugs (`<slug>-c<k>`), permanent ids, titles and aliases, and
transcripts are copied under new interview ids (`I<n>` → `I<n + 1000·k>`), so that every copied
quote is still verbatim and the copied catalog validates exactly like the real one.
"""

from __future__ import annotations

import copy as copy_module
import re
import shutil
from pathlib import Path

import yaml

from generator.files import INTERVIEWS, REGISTRIES
from generator.urls import GENERATED_DIRS, GENERATED_FILES

REPO = Path(__file__).resolve().parent.parent


def _interview_copies(count: int) -> list[tuple[str, str]]:
    """(original id, copy id) for `count` transcripts cycling through the real ones."""
    originals = [
        r["id"] for r in yaml.safe_load((REPO / "catalog_src/interviews.yaml").read_text())
    ]
    copies = []
    for k in range(count):
        original = originals[k % len(originals)]
        copies.append(
            (
                original,
                original
                if k < len(originals)
                else f"I{int(original[1:]) + 1000 * (k // len(originals))}",
            )
        )
    return copies


def make_project(target: Path, entries: int, transcripts: int) -> Path:
    """A complete project at `target` with `entries` entries and `transcripts` transcripts."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(REPO / name, target / name)
    shutil.copytree(REPO / "generator/theme", target / "generator/theme")
    generated = set(GENERATED_DIRS) | set(GENERATED_FILES)
    shutil.copytree(
        REPO / "docs",
        target / "docs",
        ignore=lambda d, names: [n for n in names if Path(d) == REPO / "docs" and n in generated],
    )
    catalog = target / "catalog_src"
    (catalog / "issues").mkdir(parents=True)
    for kind in REGISTRIES:  # every registry but the interviews, which are copied below
        source = REPO / kind.path
        if kind is not INTERVIEWS and source.is_file():
            shutil.copy(source, catalog / Path(kind.path).name)
    (target / "transcripts").mkdir()
    shutil.copy(REPO / "transcripts/leak-check.yaml", target / "transcripts/leak-check.yaml")

    records = {
        r["id"]: r for r in yaml.safe_load((REPO / "catalog_src/interviews.yaml").read_text())
    }
    copies = _interview_copies(transcripts)
    interviews = []
    for original, copy in copies:
        text = (REPO / "transcripts" / f"{original}.txt").read_text()
        text = re.sub(r"Interview\s+\d+", f"Interview {copy[1:]}", text, count=1)
        (target / "transcripts" / f"{copy}.txt").write_text(text)
        record = dict(copy_module.deepcopy(records[original]), id=copy, transcript=f"{copy}.txt")
        interviews.append(record)
    (catalog / "interviews.yaml").write_text(yaml.safe_dump(interviews, sort_keys=False))

    sources = sorted((REPO / "catalog_src/issues").glob("*.yaml"))
    by_original: dict[str, list[str]] = {}
    for original, copy in copies:
        by_original.setdefault(original, []).append(copy)
    plan = [(sources[n % len(sources)], n // len(sources)) for n in range(entries)]
    originals = {s.stem: yaml.safe_load(s.read_text()) for s in sources}
    number = {d["id"]: int(d["id"][4:]) for d in originals.values()}
    size = len(sources)

    def copy_id(entry_id: str, k: int) -> str:
        return f"MLQ-{number[entry_id] + k * size:04d}"

    present = {copy_id(originals[s.stem]["id"], k) for s, k in plan}
    for source, k in plan:
        suffix = f"-c{k}" if k else ""
        data = dict(originals[source.stem])
        if k:
            data["id"] = copy_id(data["id"], k)
            data["title"] = f"{data['title']} (copy {k})"
            data["aliases"] = [a + suffix for a in data.get("aliases", [])]
            data["related"] = [
                {**r, "id": copy_id(r["id"], k)}
                for r in data.get("related", [])
                if copy_id(r["id"], k) in present
            ]
        else:
            data["related"] = [r for r in data.get("related", []) if r["id"] in present]
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        if k:
            text = re.sub(
                r"(interview: )(I\d+)",
                lambda m, k=k: m.group(1) + _pick(by_original, m.group(2), k),
                text,
            )
        (catalog / "issues" / f"{source.stem}{suffix}.yaml").write_text(text)
    return target


def _pick(by_original: dict[str, list[str]], interview: str, k: int) -> str:
    copies = by_original.get(interview, [interview])
    return copies[k % len(copies)]
