"""The downloads: `catalog.json` valid against its schema, `catalog.csv` safe in a spreadsheet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

from generator.build import generate
from generator.project import Project

ENTRY = "catalog_src/issues/noisy-labels.yaml"


def downloads(root: Path) -> Path:
    generate(Project(root))
    return root / "docs/downloads"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_never_start_a_formula(minimal: Path, start: str) -> None:
    entry = minimal / ENTRY
    title = f"{start}HYPERLINK(1) Noisy labels" if start != "\t" else "Noisy labels"
    entry.write_text(
        entry.read_text()
        .replace("title: Noisy labels from several labelling teams", f'title: "{title}"')
        .replace("tags: [labels]", f'tags: ["{start}cmd"]' if start != "\t" else "tags: [x]")
    )
    rows = list(csv.reader((downloads(minimal) / "catalog.csv").open()))
    row = next(r for r in rows if r[1] == "noisy-labels")
    if start != "\t":
        assert row[3] == f"'{title}"
        assert row[9] == f"'{start}cmd"
    for cell in (c for r in rows for c in r):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell


def test_json_download_validates_against_its_schema(minimal: Path) -> None:
    folder = downloads(minimal)
    data = json.loads((folder / "catalog.json").read_text())
    schema = json.loads((folder / "catalog.schema.json").read_text())
    jsonschema.Draft7Validator(schema).validate(data)
    assert [i["slug"] for i in data["issues"]] == ["missing-sensor-data", "noisy-labels"]
    assert data["issues"][1]["causes"][0]["quotes"][0]["url"] == "interviews/I1/#p3"
