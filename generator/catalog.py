"""Load and validate the catalog files: registries, entries, and the references between them.

Every record keeps its `Source` (the YAML document it came from and its place in it), so a
problem found later, on a valid record, is located without searching the file again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from generator import files
from generator.cache import Cache
from generator.files import FileKind
from generator.models import (
    SLUG_PATTERN,
    CodeNote,
    Dimension,
    Entry,
    Group,
    Interview,
    MitigationCategory,
    Phase,
    Quote,
)
from generator.problems import Failed, Problem, Problems
from generator.project import Project
from generator.schema_errors import field_path, problems_from
from generator.yaml_source import Location, YamlDocument, load_yaml


@dataclass(frozen=True)
class Source:
    """Where a record was read: its document and its location in it."""

    doc: YamlDocument
    base: Location = ()

    @property
    def path(self) -> str:
        return self.doc.path

    def line(self, *loc: str | int) -> int:
        """Line of a field of the record (of the record itself without `loc`)."""
        return self.doc.line_of((*self.base, *loc))


@dataclass
class Registry:
    """The valid records of one registry file, by key, with their sources."""

    kind: FileKind
    records: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    doc: YamlDocument | None = None
    """The file's document, also holding records that failed validation."""
    problems: list[Problem] = field(default_factory=list)

    def locate(self, key: str, *loc: str | int) -> tuple[str, int]:
        """(path, line) of a field of a record."""
        source = self.sources.get(key)
        if source is None:
            return self.kind.path, 0
        return source.path, source.line(*loc)

    def raw_values(self, field_name: str) -> list[str]:
        """A field of every record of the file, valid or not (e.g. transcript names)."""
        items = self.doc.data if self.doc and isinstance(self.doc.data, list) else []
        return [str(item.get(field_name)) for item in items if isinstance(item, dict)]


@dataclass
class Catalog:
    """All records of the catalog, valid each on its own, with where they came from."""

    registries: dict[str, Registry] = field(default_factory=dict)
    """Registry file name (`phases.yaml`, …) → its records."""
    entries: dict[str, Entry] = field(default_factory=dict)
    """Slug (the file name) → entry."""
    entry_sources: dict[str, Source] = field(default_factory=dict)
    invalid_entries: set[str] = field(default_factory=set)
    """Ids (file names) of entry files that exist but failed to load or validate."""
    problems: list[Problem] = field(default_factory=list)

    def registry(self, kind: FileKind) -> Registry:
        return self.registries.get(kind.name) or Registry(kind)

    @property
    def phases(self) -> dict[str, Phase]:
        return self.registry(files.PHASES).records

    @property
    def dimensions(self) -> dict[str, Dimension]:
        return self.registry(files.DIMENSIONS).records

    @property
    def interviews(self) -> dict[str, Interview]:
        return self.registry(files.INTERVIEWS).records

    @property
    def code_notes(self) -> dict[str, CodeNote]:
        return self.registry(files.CODES).records

    @property
    def groups(self) -> dict[str, Group]:
        return self.registry(files.GROUPS).records

    @property
    def mitigation_categories(self) -> dict[str, MitigationCategory]:
        return self.registry(files.MITIGATIONS).records

    @property
    def slugs_by_id(self) -> dict[str, str]:
        """Permanent id → slug of the entry holding it."""
        return {entry.id: slug for slug, entry in self.entries.items()}

    def phases_in_order(self) -> list[Phase]:
        return sorted(self.phases.values(), key=lambda p: (p.order, p.id))


def load_catalog(project: Project, cache: Cache | None = None) -> Catalog:
    """Load every catalog file; the catalog keeps the valid records and lists the problems."""
    catalog = Catalog()
    problems = Problems()
    for kind in files.REGISTRIES:
        registry = load_registry(project, kind, cache)
        catalog.registries[kind.name] = registry
        problems.extend(registry.problems)
    folder = project.issues_dir
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if not path.name.startswith("."):
                problems.extend(load_entry(project, path, catalog, cache))
    else:
        problems.add(project.display(folder), 0, "folder of entries is missing")
    problems.extend(check_references(catalog))
    catalog.problems = list(problems)
    return catalog


def load_registry(project: Project, kind: FileKind, cache: Cache | None = None) -> Registry:
    """A registry file's valid records, and the problems of the others."""
    path = project.root / kind.path
    registry = Registry(kind)
    if kind.optional and not path.exists():
        return registry
    doc = _load_document(path, project.display(path), cache)
    if isinstance(doc, Failed):
        registry.problems.extend(doc.problems)
        return registry
    registry.doc = doc
    if not isinstance(doc.data, list) or not (doc.data or kind.optional):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        registry.problems.append(
            Problem(
                doc.path,
                doc.line_of(()),
                f"expected a list of records, found {what}",
                "each record starts with '- id: ...'",
            )
        )
        return registry
    for index, item in enumerate(doc.data):
        _add_record(registry, doc, index, item)
    return registry


def _add_record(registry: Registry, doc: YamlDocument, index: int, item: object) -> None:
    model = registry.kind.model
    try:
        record = model.model_validate(item)
    except ValidationError as error:
        registry.problems.extend(problems_from(error, model, doc, (index,)))
        return
    key = str(getattr(record, registry.kind.key_field))
    if key in registry.records:
        registry.problems.append(
            Problem(
                doc.path,
                doc.line_of((index,)),
                f"duplicate id '{key}'",
                "each record needs its own id",
            )
        )
        return
    registry.records[key] = record
    registry.sources[key] = Source(doc, (index,))


def _load_document(path: Path, display: str, cache: Cache | None) -> YamlDocument | Failed:
    if not path.is_file():
        return Failed.at(display, 0, "file is missing", "restore it from the repository")
    return load_yaml(path, display, cache)


def reload_entries(
    project: Project, catalog: Catalog, paths: Iterable[Path], cache: Cache | None = None
) -> list[Problem]:
    """Forget what `catalog` holds for the entry files `paths` and load them again (a deleted
    file's entry simply disappears); the problems of the files loaded."""
    problems: list[Problem] = []
    for path in paths:
        catalog.entries.pop(path.stem, None)
        catalog.entry_sources.pop(path.stem, None)
        catalog.invalid_entries.discard(path.stem)
        if path.exists():
            problems.extend(load_entry(project, path, catalog, cache))
    return problems


def load_entry(
    project: Project, path: Path, catalog: Catalog, cache: Cache | None
) -> list[Problem]:
    """Load one entry file into `catalog`; the problems that kept it out, if any."""
    display = project.display(path)
    if path.suffix != ".yaml" or not path.is_file():
        hint = f"rename it to {path.stem}.yaml" if path.suffix == ".yml" else "move it elsewhere"
        return [Problem(display, 0, "not an entry file: entries are '<slug>.yaml' files", hint)]
    if not re.fullmatch(SLUG_PATTERN, path.stem):
        return [
            Problem(
                display,
                0,
                f"file name '{path.stem}' is not a lowercase slug",
                "use lowercase letters, digits and hyphens, e.g. 'missing-values.yaml'",
            )
        ]
    catalog.invalid_entries.add(path.stem)
    doc = _load_document(path, display, cache)
    if isinstance(doc, Failed):
        return list(doc.problems)
    entry = _validate_entry(doc)
    if isinstance(entry, Failed):
        return list(entry.problems)
    catalog.invalid_entries.discard(path.stem)
    catalog.entries[path.stem] = entry
    catalog.entry_sources[path.stem] = Source(doc)
    return []


def _validate_entry(doc: YamlDocument) -> Entry | Failed:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        return Failed.at(
            doc.path,
            doc.line_of(()),
            f"an entry must be a mapping of fields, found {what}",
            "run 'catalog new \"Title\" --phase P' for a skeleton",
        )
    try:
        return Entry.model_validate(doc.data)
    except ValidationError as error:
        return Failed(tuple(problems_from(error, Entry, doc)))


class Report(Protocol):
    def __call__(self, loc: Location, message: str, hint: str = "") -> None: ...


def check_references(catalog: Catalog) -> list[Problem]:
    """What an entry names must exist (group, phase, dimensions, interviews, related and
    onward entries), and what must be unique across entries is (ids, titles, slugs)."""
    problems = Problems()
    for slug, entry in catalog.entries.items():
        source = catalog.entry_sources[slug]

        def report(loc: Location, message: str, hint: str = "", source: Source = source) -> None:
            problems.add(source.path, source.line(*loc), message, hint)

        _check_registry_names(catalog, entry, report)
        _check_categories(catalog, entry, report)
        for name in ("dimensions", "tags", "codes", "aliases"):
            _no_repeats(getattr(entry, name), (name,), report)
        _check_related(catalog, slug, entry, report)
        _check_lifecycle(catalog, slug, entry, report)
        _check_quote_interviews(catalog, entry, report)
    problems.extend(_check_unique(catalog))
    return list(problems)


def _check_categories(catalog: Catalog, entry: Entry, report: Report) -> None:
    categories = catalog.mitigation_categories
    for i, mitigation in enumerate(entry.mitigations):
        if categories and mitigation.category not in categories:
            report(
                ("mitigations", i, "category"),
                f"mitigations[{i}].category: unknown mitigation category '{mitigation.category}'",
                suggest(mitigation.category, categories),
            )


def _check_registry_names(catalog: Catalog, entry: Entry, report: Report) -> None:
    for field_name, value, known in (
        ("group", entry.group, catalog.groups),
        ("phase", entry.phase, catalog.phases),
        ("primary_dimension", entry.primary_dimension, catalog.dimensions),
    ):
        if known and value not in known:
            report(
                (field_name,),
                f"{field_name}: unknown {field_name.replace('_', ' ')} '{value}'",
                suggest(value, known),
            )
    study = {d.id for d in catalog.dimensions.values() if d.study}
    if (
        study
        and entry.primary_dimension in catalog.dimensions
        and entry.primary_dimension not in study
    ):
        report(
            ("primary_dimension",),
            f"primary_dimension: '{entry.primary_dimension}' is not one of the study's dimensions",
            f"choose one of: {', '.join(sorted(study))}; list it under dimensions instead",
        )
    for i, dim in enumerate(entry.dimensions):
        if catalog.dimensions and dim not in catalog.dimensions:
            report(
                ("dimensions", i),
                f"dimensions[{i}]: unknown dimension '{dim}'",
                suggest(dim, catalog.dimensions),
            )
        elif dim == entry.primary_dimension:
            report(
                ("dimensions", i),
                f"dimensions[{i}]: '{dim}' is already the primary dimension",
                "remove it",
            )


def _check_related(catalog: Catalog, slug: str, entry: Entry, report: Report) -> None:
    by_id = catalog.slugs_by_id
    seen: set[str] = set()
    for i, related in enumerate(entry.related):
        if related.id == entry.id:
            report(("related", i, "id"), f"related[{i}]: an entry cannot be related to itself")
        elif related.id not in by_id and not catalog.invalid_entries:
            report(
                ("related", i, "id"),
                f"related[{i}]: no entry with id '{related.id}'",
                suggest(related.id, by_id),
            )
        elif related.id in seen:
            report(
                ("related", i, "id"), f"related[{i}]: '{related.id}' is listed twice", "remove one"
            )
        seen.add(related.id)


def _check_lifecycle(catalog: Catalog, slug: str, entry: Entry, report: Report) -> None:
    """Only a deprecated or retired entry points onward, at a live entry, without a cycle."""
    by_id = catalog.slugs_by_id
    for name in ("replaced_by", "merged_into"):
        target = getattr(entry, name)
        if target is None:
            continue
        if entry.status not in ("deprecated", "retired"):
            report(
                (name,),
                f"{name}: only a deprecated or retired entry points onward",
                "set its status, or remove the pointer",
            )
        elif target not in by_id:
            if not catalog.invalid_entries:
                report((name,), f"{name}: no entry with id '{target}'", suggest(target, by_id))
        elif catalog.entries[by_id[target]].status == "retired":
            report((name,), f"{name}: '{target}' is retired", "point at a live entry")
        elif _leads_back(catalog, entry.id, target):
            report(
                (name,),
                f"{name}: '{target}' leads back to {entry.id} (a cycle)",
                "point at a live entry",
            )


def _leads_back(catalog: Catalog, start: str, target: str) -> bool:
    """Following deprecated entries' pointers from `target` comes back to `start`."""
    by_id, seen, current = catalog.slugs_by_id, set(), target
    while current in by_id and current not in seen:
        if current == start:
            return True
        seen.add(current)
        following = catalog.entries[by_id[current]]
        if following.status != "deprecated":
            return False
        current = following.replaced_by or following.merged_into or ""
    return False


def _check_unique(catalog: Catalog) -> list[Problem]:
    """One id per entry, one title per entry, and slugs and aliases that lead to one page."""
    problems = []
    first: dict[tuple[str, str], str] = {}
    for slug, entry in sorted(catalog.entries.items()):
        source = catalog.entry_sources[slug]
        keys = [("id", entry.id), ("title", " ".join(entry.title.casefold().split()))]
        keys += [("slug", slug)] + [("slug", alias) for alias in entry.aliases]
        for i, (kind, value) in enumerate(keys):
            owner = first.setdefault((kind, value), slug)
            if owner == slug:
                continue
            loc = {"id": ("id",), "title": ("title",)}.get(kind, ("aliases", i - 2))
            what = {"id": "id", "title": "title", "slug": "address"}[kind]
            problems.append(
                Problem(
                    source.path,
                    source.line(*loc),
                    f"{loc[0]}: the {what} '{value}' is already {owner}'s",
                    "every entry needs its own id, title and address",
                )
            )
    return problems


def _check_quote_interviews(catalog: Catalog, entry: Entry, report: Report) -> None:
    if not catalog.interviews:
        return
    cited = set()
    for loc, quote in quote_locations(entry):
        cited.add(quote.interview)
        if quote.interview not in catalog.interviews:
            report(
                (*loc, "interview"),
                f"{field_path(loc)}.interview: unknown interview "
                f"'{quote.interview}' (not in interviews.yaml)",
                suggest(quote.interview, catalog.interviews),
            )
    supporting = {q.interview for q in entry.quotes} | {
        q.interview for c in [*entry.causes, *entry.mitigations] for q in c.quotes
    }
    supporting &= set(catalog.interviews)
    if len(supporting) == 1 and not entry.single_source and entry.status != "retired":
        report(
            ("quotes",),
            f"the entry rests on one interview ({next(iter(supporting))})",
            "add evidence from another interview, or mark it 'single_source: true'",
        )
    elif len(supporting) > 1 and entry.single_source:
        report(("single_source",), "single_source: the entry cites several interviews", "remove it")


def quote_locations(entry: Entry) -> Iterable[tuple[Location, Quote]]:
    """Every quote of an entry with its location in the entry's YAML."""
    for i, quote in enumerate(entry.quotes):
        yield ("quotes", i), quote
    for kind in ("causes", "mitigations", "counter_evidence"):
        for i, claim in enumerate(getattr(entry, kind)):
            for j, quote in enumerate(claim.quotes):
                yield (kind, i, "quotes", j), quote


def _no_repeats(values: list[str], loc: Location, report: Report) -> None:
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
