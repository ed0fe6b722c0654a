"""`catalog new`: a skeleton written from the schema, which validates once filled in."""

from __future__ import annotations

from pathlib import Path

from generator.models import Entry


def test_new_entry_skeleton(minimal: Path, cli) -> None:
    run = cli(minimal, "new", "Sensor clocks drift apart", "--phase", "data-collection")
    assert run.code == 0, run.out
    path = minimal / "catalog_src/issues/sensor-clocks-drift-apart.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/entry.schema.json\n")
    for name, info in Entry.model_fields.items():
        assert f"\n{name}:" in text or f"\n# {name}:" in text
        assert f"# {info.description}" in text
    assert 'title: "Sensor clocks drift apart"' in text
    assert "\nid: MLQ-0003\n" in text  # the next free permanent id
    assert "\nstatus: draft\n" in text and "\ngroup: sensor-data\n" in text
    # Unfilled, it fails validation with a message per field to fill in.
    run = cli(minimal, "validate")
    assert run.code == 1
    assert any(
        "sensor-clocks-drift-apart.yaml" in line and "summary: is empty" in line
        for line in run.lines
    )


def test_filled_skeleton_validates(minimal: Path, cli) -> None:
    assert cli(minimal, "new", "Sensor clocks drift apart", "--phase", "data-collection").code == 0
    path = minimal / "catalog_src/issues/sensor-clocks-drift-apart.yaml"
    text = path.read_text()
    text = text.replace('summary: ""', "summary: Readings from several sensors disagree in time.")
    text = text.replace('primary_dimension: ""', "primary_dimension: reliability")
    text = text.replace("\ndimensions: []", "\ndimensions: [data-quality]")
    text = text.replace("description: |\n  \n", "description: |\n  Clocks drift.\n")
    text = text.replace("single_source: false", "single_source: true")
    text = text.replace(
        "quotes: []",
        'quotes:\n  - interview: I1\n    text: "we had to drop whole weeks of data"\n'
        "    evidence: experienced",
        1,
    )
    path.write_text(text)
    run = cli(minimal, "validate")
    assert run.code == 0, run.out


def test_new_refuses_unknown_phase_and_existing_entry(minimal: Path, cli) -> None:
    run = cli(minimal, "new", "Anything", "--phase", "training")
    assert run.code == 1
    assert run.lines == [
        "(arguments): unknown phase 'training' (hint: choose one of: "
        "data-collection, data-preparation)"
    ]
    run = cli(minimal, "new", "Noisy labels", "--phase", "data-collection")
    assert run.code == 1
    assert run.lines[0].startswith(
        "catalog_src/issues/noisy-labels.yaml: an entry with this slug exists"
    )
