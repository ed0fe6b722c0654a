"""`catalog new`: an entry file to fill in, written from the schema's own field descriptions."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from generator import files
from generator.catalog import load_registry
from generator.models import SLUG_PATTERN, Entry
from generator.problems import CatalogError, Problem
from generator.project import Project

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/entry.schema.json"

_EXAMPLES = {
    "causes": [
        "text: What participants said causes the issue.",
        "quotes:",
        "  - interview: I7",
        '    text: "The participant\'s own words."',
    ],
    "mitigations": [
        "text: What participants did about it.",
        "quotes:",
        "  - interview: I7",
        '    text: "The participant\'s own words."',
    ],
    "quotes": ["interview: I7", 'text: "The participant\'s own words, verbatim."'],
}


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")


def skeleton_text(entry_id: str, title: str, phase: str) -> str:
    """The YAML of a new entry: every field of `Entry`, each preceded by its description."""
    lines = [
        SCHEMA_LINE,
        f"# {Entry.__doc__}",
        "# Every field is required unless marked optional;"
        " run 'catalog validate' to see what is left to fill in.",
        "",
    ]
    values = {"id": entry_id, "title": json.dumps(title), "phase": phase}
    for name, info in Entry.model_fields.items():
        optional = "" if info.is_required() else " (optional)"
        lines.append(f"# {info.description}{optional}")
        if name in values:
            lines.append(f"{name}: {values[name]}")
        elif name == "description":
            lines += ["description: |", "  "]
        elif name in ("title", "summary"):
            lines.append(f'{name}: ""')
        elif name in _EXAMPLES:
            lines.append(f"{name}: []")
            lines.append("#  - " + "\n#    ".join(_EXAMPLES[name]))
        else:
            lines.append(f"{name}: []")
        lines.append("")
    return "\n".join(lines)


def write_skeleton(project: Project, title: str, phase: str, entry_id: str | None) -> Path:
    entry_id = entry_id or slugify(title)
    if not re.fullmatch(SLUG_PATTERN, entry_id):
        raise CatalogError(
            Problem(
                "(arguments)",
                0,
                f"'{entry_id}' is not a valid entry id",
                "pass --id with lowercase letters, digits and hyphens",
            )
        )
    registry = load_registry(project, files.PHASES)
    if registry.problems:
        raise CatalogError(registry.problems)
    phases = registry.records
    if phase not in phases:
        raise CatalogError(
            Problem(
                "(arguments)", 0, f"unknown phase '{phase}'", f"choose one of: {', '.join(phases)}"
            )
        )
    target = project.issues_dir / f"{entry_id}.yaml"
    if target.exists():
        raise CatalogError(
            Problem(
                project.display(target),
                0,
                "an entry with this id exists",
                "choose another title or pass --id",
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton_text(entry_id, title, phase), encoding="utf-8")
    return target
