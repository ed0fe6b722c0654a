"""Load and validate the catalog files: registries, entries, and the references between them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from generator.cache import Cache
from generator.models import SLUG_PATTERN, CodeNote, Dimension, Entry, Interview, Phase, Quote
from generator.problems import CatalogError, Problems
from generator.project import Project
from generator.schema_errors import field_path, problems_from
from generator.yaml_source import Location, YamlDocument, load_yaml

R = TypeVar("R", bound=BaseModel)

REGISTRIES = {
    "phases.yaml": Phase,
    "dimensions.yaml": Dimension,
    "interviews.yaml": Interview,
    "codes.yaml": CodeNote,
}
"""Files of `catalog_src/` holding a list of records, and the model of each record."""
OPTIONAL_REGISTRIES = {"codes.yaml"}


@dataclass
class Catalog:
    """All records of the catalog, valid each on its own, with the documents they came from."""

    registries: dict[str, dict[str, BaseModel]] = field(default_factory=dict)
    """Registry file name (`phases.yaml`, …) → its records by id (or code)."""
    entries: dict[str, Entry] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    """Entry id → its YAML document, for locating problems found later (quotes)."""
    registry_documents: dict[str, YamlDocument] = field(default_factory=dict)
    """Registry file name → its YAML document."""
    invalid_entries: set[str] = field(default_factory=set)
    """Ids (file names) of entry files that exist but failed to load or validate."""

    @property
    def phases(self) -> dict[str, Phase]:
        return self.registries.get("phases.yaml", {})  # type: ignore[return-value]

    @property
    def dimensions(self) -> dict[str, Dimension]:
        return self.registries.get("dimensions.yaml", {})  # type: ignore[return-value]

    @property
    def interviews(self) -> dict[str, Interview]:
        return self.registries.get("interviews.yaml", {})  # type: ignore[return-value]

    @property
    def code_notes(self) -> dict[str, CodeNote]:
        return self.registries.get("codes.yaml", {})  # type: ignore[return-value]

    def locate(self, registry: str, record_id: str, *loc: str | int) -> tuple[str, int]:
        """(path, line) of a field of a registry record, for problems found after loading."""
        doc = self.registry_documents.get(registry)
        if doc is None:
            return f"catalog_src/{registry}", 0
        items = doc.data if isinstance(doc.data, list) else []
        for index, item in enumerate(items):
            if isinstance(item, dict) and record_id in (item.get("id"), item.get("code")):
                return doc.path, doc.line_of((index, *loc))
        return doc.path, 0

    def phases_in_order(self) -> list[Phase]:
        return sorted(self.phases.values(), key=lambda p: (p.order, p.id))


def load_catalog(project: Project, problems: Problems, cache: Cache | None = None) -> Catalog:
    """Load every catalog file; problems are added to `problems`, valid records kept."""
    catalog = Catalog()
    for name, model in REGISTRIES.items():
        path = project.catalog_dir / name
        if name in OPTIONAL_REGISTRIES and not path.exists():
            catalog.registries[name] = {}
            continue
        catalog.registries[name] = load_registry(
            path, project.display(path), model, problems, catalog.registry_documents, cache
        )
    _load_entries(project, catalog, problems, cache)
    check_references(catalog, problems)
    return catalog


def _load_document(
    path: Path, display: str, problems: Problems, cache: Cache | None = None
) -> YamlDocument | None:
    if not path.is_file():
        problems.add(display, 0, "file is missing", "restore it from the repository")
        return None
    try:
        return load_yaml(path, display, cache)
    except CatalogError as error:
        problems.extend(error.problems)
        return None


def load_registry(
    path: Path,
    display: str,
    model: type[R],
    problems: Problems,
    documents: dict[str, YamlDocument],
    cache: Cache | None = None,
) -> dict[str, R]:
    doc = _load_document(path, display, problems, cache)
    if doc is None:
        return {}
    documents[path.name] = doc
    if isinstance(doc.data, list) and not doc.data and path.name in OPTIONAL_REGISTRIES:
        return {}
    if not isinstance(doc.data, list) or not doc.data:
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.add(
            display,
            doc.line_of(()),
            f"expected a list of records, found {kind}",
            "each record starts with '- id: ...'",
        )
        return {}
    records: dict[str, R] = {}
    for index, item in enumerate(doc.data):
        try:
            record = model.model_validate(item)
        except ValidationError as error:
            problems.extend(problems_from(error, model, doc, (index,)))
            continue
        key = getattr(record, "id", None) or record.code
        if key in records:
            problems.add(
                display,
                doc.line_of((index,)),
                f"duplicate id '{key}'",
                "each record needs its own id",
            )
            continue
        records[key] = record
    return records


def _load_entries(
    project: Project, catalog: Catalog, problems: Problems, cache: Cache | None
) -> None:
    folder = project.issues_dir
    if not folder.is_dir():
        problems.add(project.display(folder), 0, "folder of entries is missing")
        return
    for path in sorted(folder.iterdir()):
        if not path.name.startswith("."):
            load_entry(project, path, catalog, problems, cache)


def reload_entries(
    project: Project,
    catalog: Catalog,
    paths: Iterable[Path],
    problems: Problems,
    cache: Cache | None = None,
) -> None:
    """Forget what `catalog` holds for the entry files `paths` and load them again (a deleted
    file's entry simply disappears)."""
    for path in paths:
        catalog.entries.pop(path.stem, None)
        catalog.documents.pop(path.stem, None)
        catalog.invalid_entries.discard(path.stem)
        if path.exists():
            load_entry(project, path, catalog, problems, cache)


def load_entry(
    project: Project, path: Path, catalog: Catalog, problems: Problems, cache: Cache | None
) -> None:
    """Load one entry file into `catalog`, or record why it cannot be loaded."""
    display = project.display(path)
    if path.suffix != ".yaml" or not path.is_file():
        hint = f"rename it to {path.stem}.yaml" if path.suffix == ".yml" else "move it elsewhere"
        problems.add(display, 0, "not an entry file: entries are '<id>.yaml' files", hint)
        return
    if not re.fullmatch(SLUG_PATTERN, path.stem):
        problems.add(
            display,
            0,
            f"file name '{path.stem}' is not a lowercase slug",
            "use lowercase letters, digits and hyphens, e.g. 'missing-values.yaml'",
        )
        return
    catalog.invalid_entries.add(path.stem)
    doc = _load_document(path, display, problems, cache)
    if doc is None:
        return
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.add(
            display,
            doc.line_of(()),
            f"an entry must be a mapping of fields, found {kind}",
            "run 'catalog new \"Title\" --phase P' for a skeleton",
        )
        return
    try:
        entry = Entry.model_validate(doc.data)
    except ValidationError as error:
        problems.extend(problems_from(error, Entry, doc))
        return
    if entry.id != path.stem:
        twin = path.parent / f"{entry.id}.yaml"
        if twin.is_file():
            message = f"duplicate id '{entry.id}': {project.display(twin)} has it too"
        else:
            message = f"id '{entry.id}' differs from the file name '{path.stem}'"
        problems.add(
            display, doc.line_of(("id",)), message, f"set id: {path.stem} or rename the file"
        )
        return
    catalog.invalid_entries.discard(path.stem)
    catalog.entries[entry.id] = entry
    catalog.documents[entry.id] = doc


def check_references(catalog: Catalog, problems: Problems) -> None:
    """Every phase, dimension, interview and related entry an entry names must exist."""
    for entry in catalog.entries.values():
        doc = catalog.documents[entry.id]

        def report(loc: Location, message: str, hint: str = "", doc: YamlDocument = doc) -> None:
            problems.add(doc.path, doc.line_of(loc), message, hint)

        if catalog.phases and entry.phase not in catalog.phases:
            report(
                ("phase",),
                f"phase: unknown phase '{entry.phase}'",
                suggest(entry.phase, catalog.phases),
            )
        for i, dim in enumerate(entry.dimensions):
            if catalog.dimensions and dim not in catalog.dimensions:
                report(
                    ("dimensions", i),
                    f"dimensions[{i}]: unknown dimension '{dim}'",
                    suggest(dim, catalog.dimensions),
                )
        _no_repeats(entry.dimensions, ("dimensions",), report)
        _no_repeats(entry.related, ("related",), report)
        _no_repeats(entry.tags, ("tags",), report)
        _no_repeats(entry.codes, ("codes",), report)
        for i, other in enumerate(entry.related):
            if other == entry.id:
                report(("related", i), f"related[{i}]: an entry cannot be related to itself")
            elif other not in catalog.entries and other not in catalog.invalid_entries:
                report(
                    ("related", i),
                    f"related[{i}]: no entry with id '{other}'",
                    suggest(other, catalog.entries),
                )
        if catalog.interviews:
            for loc, quote in quote_locations(entry):
                if quote.interview not in catalog.interviews:
                    report(
                        (*loc, "interview"),
                        f"{field_path(loc)}.interview: unknown interview "
                        f"'{quote.interview}' (not in interviews.yaml)",
                        suggest(quote.interview, catalog.interviews),
                    )


def quote_locations(entry: Entry) -> Iterable[tuple[Location, Quote]]:
    """Every quote of an entry with its location in the entry's YAML."""
    for i, quote in enumerate(entry.quotes):
        yield ("quotes", i), quote
    for kind in ("causes", "mitigations"):
        for i, claim in enumerate(getattr(entry, kind)):
            for j, quote in enumerate(claim.quotes):
                yield (kind, i, "quotes", j), quote


def _no_repeats(values: list[str], loc: Location, report) -> None:  # type: ignore[no-untyped-def]
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            report((*loc, i), f"{loc[0]}[{i}]: '{value}' is listed twice", "remove one")
        seen.add(value)


def suggest(value: str, known: Iterable[str]) -> str:
    """A fix hint: the closest known name, or the list of known names when it is short."""
    names = sorted(known)
    close = get_close_matches(value, names, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(names)}" if 0 < len(names) <= 12 else ""
