"""`catalog new`: an entry file to fill in, written from the schema's own field descriptions,
with the next free permanent id."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from generator import files
from generator.catalog import load_catalog, load_registry
from generator.history import Git, ids_in_releases
from generator.identity import next_id
from generator.models import SLUG_PATTERN, Entry
from generator.problems import CatalogError, Problem
from generator.project import Project

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/entry.schema.json"

_QUOTE = [
    "interview: I7",
    'text: "The participant\'s own words, verbatim."',
    "evidence: experienced",
]
_CLAIM = [
    "text: The claim in the catalog's words.",
    "evidence: practice",
    "quotes:",
    "  - interview: I7",
    '    text: "The participant\'s own words."',
    "    evidence: practice",
]
_EXAMPLES = {
    "quotes": _QUOTE,
    "causes": _CLAIM,
    "mitigations": _CLAIM,
    "counter_evidence": _CLAIM,
    "related": ["id: MLQ-0001", "relation: similar", "reason: Why, in one line."],
}


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")


def skeleton_text(entry_id: str, title: str, phase: str, group: str) -> str:
    """The YAML of a new entry: every field of `Entry`, each preceded by its description."""
    lines = [
        SCHEMA_LINE,
        f"# {' '.join((Entry.__doc__ or '').split())}",
        "# Every field is required unless marked optional;"
        " run 'catalog validate' to see what is left to fill in.",
        "",
    ]
    values = {
        "id": entry_id,
        "title": json.dumps(title),
        "phase": phase,
        "group": group,
        "status": "draft",
    }
    for name, info in Entry.model_fields.items():
        optional = "" if info.is_required() else " (optional)"
        lines.append(f"# {info.description}{optional}")
        if name in values:
            lines.append(f"{name}: {values[name]}")
        elif name == "description":
            lines += ["description: |", "  "]
        elif name in ("summary", "primary_dimension"):
            lines.append(f'{name}: ""')
        elif name in _EXAMPLES:
            lines.append(f"{name}: []")
            lines.append("#  - " + "\n#    ".join(_EXAMPLES[name]))
        elif info.annotation is bool:
            lines.append(f"{name}: false")
        elif name in ("replaced_by", "merged_into"):
            lines.append(f"# {name}: MLQ-0001")
            continue
        else:
            lines.append(f"{name}: []")
        lines.append("")
    return "\n".join(lines)


def used_ids(project: Project) -> set[str]:
    """Every permanent id in use or ever released (ids are never reused)."""
    catalog = load_catalog(project)
    used = {entry.id for entry in catalog.entries.values()}
    git = Git(project)
    if git.is_repository():
        used |= ids_in_releases(git)
    return used


def write_skeleton(
    project: Project, title: str, phase: str, slug: str | None, group: str | None = None
) -> Path:
    slug = slug or slugify(title)
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise CatalogError(
            Problem(
                "(arguments)",
                0,
                f"'{slug}' is not a valid slug",
                "pass --slug with lowercase letters, digits and hyphens",
            )
        )
    _known(project, files.PHASES, phase, "phase")
    groups = load_registry(project, files.GROUPS).records
    group = group or (next(iter(groups)) if len(groups) == 1 else "")
    if group not in groups:
        _known(project, files.GROUPS, group, "group")
    target = project.issues_dir / f"{slug}.yaml"
    if target.exists():
        raise CatalogError(
            Problem(
                project.display(target),
                0,
                "an entry with this slug exists",
                "choose another title or pass --slug",
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        skeleton_text(next_id(used_ids(project)), title, phase, group), encoding="utf-8"
    )
    return target


def _known(project: Project, kind: files.FileKind, value: str, what: str) -> None:
    registry = load_registry(project, kind)
    if registry.problems:
        raise CatalogError(registry.problems)
    if value not in registry.records:
        raise CatalogError(
            Problem(
                "(arguments)",
                0,
                f"unknown {what} '{value}'" if value else f"--{what} is needed",
                f"choose one of: {', '.join(registry.records)}",
            )
        )
