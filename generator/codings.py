"""The researchers' coding from their qualitative-analysis tool, kept as data safe to publish.

`catalog import qdpx` writes one file per interview, `catalog_src/codings/<interview>.yaml`: the
passages the researchers coded, as paragraph ranges of the interview's transcript and code names,
never text. Codes stand for entries through `catalog_src/codes.yaml` (a record maps a code to
entry ids, or says why it is not an issue) or through an entry's own `codes`.

`catalog validate` then checks that every quote of an interview with codings lies inside a
passage coded with a code of the quote's entry (its issue, cause and mitigation quotes;
counter-evidence is exempt): a miss is a warning, an error, or ignored, as
`quote_outside_coding` in `catalog_src/settings.yaml` says. `catalog coverage` lists the coded
passages that no entry quotes yet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from generator import files
from generator.cache import Cache
from generator.catalog import Source, quote_locations, suggest
from generator.codings_schema import CatalogSettings, CodedPassage, Codings
from generator.problems import Failed, Problem
from generator.project import Project
from generator.schema_errors import field_path, problems_from
from generator.yaml_source import Location, YamlDocument, load_yaml

if TYPE_CHECKING:
    from generator.check import CheckedCatalog

CODINGS_DIR = "catalog_src/codings"
MADE_BY_IMPORT = "# Written by `catalog import qdpx`"
"""First words of the comment that marks a codings file as the import's (it may replace it)."""
_FILE = re.compile(r"^I[1-9][0-9]*\.yaml$")


@dataclass
class LoadedCodings:
    """Every codings file of a project, with where each was read, and the settings."""

    files: dict[str, Codings] = field(default_factory=dict)
    """Interview id → its codings."""
    sources: dict[str, Source] = field(default_factory=dict)
    settings: CatalogSettings = field(default_factory=CatalogSettings)
    problems: list[Problem] = field(default_factory=list)

    def passages(self, interview: str) -> list[tuple[int, CodedPassage]]:
        """(index in its file, passage) of an interview's coded passages."""
        found = self.files.get(interview)
        return list(enumerate(found.codings)) if found else []

    def code_lines(self) -> dict[str, tuple[str, int]]:
        """Every code the codings use → where it first appears."""
        seen: dict[str, tuple[str, int]] = {}
        for iid, codings in sorted(self.files.items()):
            for i, passage in enumerate(codings.codings):
                source = self.sources[iid]
                seen.setdefault(passage.code, (source.path, source.line("codings", i, "code")))
        return seen


def _load_one(
    path: Path, display: str, cache: Cache | None
) -> tuple[YamlDocument, Codings] | Failed:
    doc = load_yaml(path, display, cache)
    if isinstance(doc, Failed):
        return doc
    try:
        return doc, Codings.model_validate(doc.data)
    except ValidationError as error:
        return Failed(tuple(problems_from(error, Codings, doc)))


def load_codings(project: Project, cache: Cache | None = None) -> LoadedCodings:
    """The settings and every `catalog_src/codings/<interview>.yaml`, valid each on its own."""
    problems: list[Problem] = []
    loaded = LoadedCodings(settings=_settings(project, problems), problems=problems)
    folder = project.root / CODINGS_DIR
    if not folder.is_dir():
        return loaded
    for path in sorted(folder.iterdir()):
        display = project.display(path)
        if not _FILE.match(path.name) or not path.is_file():
            loaded.problems.append(
                Problem(display, 0, "not a codings file: they are '<interview>.yaml', e.g. I7.yaml")
            )
            continue
        found = _load_one(path, display, cache)
        if isinstance(found, Failed):
            loaded.problems += found.problems
            continue
        doc, codings = found
        if codings.interview != path.stem:
            loaded.problems.append(
                Problem(
                    display,
                    doc.line_of(("interview",)),
                    f"interview: '{codings.interview}' in the file of {path.stem}",
                    "name the file after its interview",
                )
            )
            continue
        loaded.files[codings.interview] = codings
        loaded.sources[codings.interview] = Source(doc)
    return loaded


def _settings(project: Project, problems: list[Problem]) -> CatalogSettings:
    path = project.root / files.SETTINGS.path
    if not path.is_file():
        return CatalogSettings()
    doc = load_yaml(path, project.display(path), None)
    if isinstance(doc, Failed):
        problems += doc.problems
        return CatalogSettings()
    try:
        return CatalogSettings.model_validate(doc.data or {})
    except ValidationError as error:
        problems += problems_from(error, CatalogSettings, doc)
        return CatalogSettings()


def check_codings(checked: CheckedCatalog) -> None:
    """Codings name listed interviews and paragraphs their transcripts have."""
    codings, problems = checked.codings, checked.problems
    for iid, found in sorted(codings.files.items()):
        source = codings.sources[iid]
        if iid not in checked.catalog.interviews:
            problems.add(
                source.path,
                source.line("interview"),
                f"codings of {iid}, which catalog_src/interviews.yaml does not list yet",
                "add the interview (and its transcript, through 'catalog pseudonymise')",
                severity="warning",
            )
            continue
        transcript = checked.transcripts.get(iid)
        if transcript is None:
            continue  # its transcript's problems are reported already
        count = len(transcript.paragraphs)
        for i, passage in enumerate(found.codings):
            if passage.paragraphs[1] > count:
                problems.add(
                    source.path,
                    source.line("codings", i, "paragraphs"),
                    f"codings[{i}].paragraphs: {iid} has {count} paragraphs, not "
                    f"{passage.paragraphs[1]}",
                    "import the coding again from the tool that made it",
                )


def check_codings_text(checked: CheckedCatalog) -> None:
    """Code names and origins of imported codings hold no listed name."""
    for iid, codings in checked.codings.files.items():
        source = checked.codings.sources[iid]
        texts: list[tuple[Location, str]] = [(("origin",), codings.origin or "")]
        texts += [(("codings", i, "code"), p.code) for i, p in enumerate(codings.codings)]
        for loc, text in texts:
            for found in checked.leaks.find(text):
                checked.problems.add(
                    source.path,
                    source.line(*loc),
                    f"{field_path(loc)}: contains a name or detail the pseudonymisation replaces "
                    f"('{found.masked}')",
                    "rename the code in your tool and import again",
                )


def entry_codes(checked: CheckedCatalog) -> dict[str, set[str]]:
    """Entry id → the codes standing for it (its own `codes` and codes.yaml's mappings)."""
    found: dict[str, set[str]] = defaultdict(set)
    for entry in checked.catalog.entries.values():
        found[entry.id].update(entry.codes)
    for note in checked.catalog.code_notes.values():
        for entry_id in note.entries:
            found[entry_id].add(note.code)
    return found


def check_quotes_in_codings(checked: CheckedCatalog) -> None:
    """Every paragraph of every quote of a coded interview lies in a passage coded with one of
    its entry's codes."""
    severity = checked.codings.settings.quote_outside_coding
    if severity == "ignore" or not checked.codings.files:
        return
    codes_of = entry_codes(checked)
    catalog = checked.catalog
    for slug, entry in sorted(catalog.entries.items()):
        source = catalog.entry_sources[slug]
        for loc, quote in quote_locations(entry):
            match = checked.matches.get((slug, loc))
            passages = checked.codings.passages(quote.interview)
            if match is None or not passages or loc[0] == "counter_evidence":
                continue
            first, last = min(match.paragraphs), max(match.paragraphs)
            quoted = set(range(first, last + 1))
            around = [p for _, p in passages if _overlaps(p, first, last)]
            covered = {
                n
                for p in around
                if p.code in codes_of[entry.id]
                for n in range(p.paragraphs[0], p.paragraphs[1] + 1)
            }
            if quoted <= covered:
                continue
            there = sorted({p.code for p in around})
            checked.problems.add(
                source.path,
                source.line(*loc, "text"),
                f"{field_path(loc)}: the quote ({quote.interview} ¶{first}) lies in no passage "
                f"the researchers coded with a code of {entry.id}",
                (
                    f"map one of the codes coding it ({', '.join(there[:3])}) to {entry.id} in "
                    "catalog_src/codes.yaml, or code the passage in your tool and import again"
                )
                if there
                else "code the passage in your tool and import again, or quote a coded passage",
                severity="error" if severity == "error" else "warning",
            )


def _overlaps(passage: CodedPassage, first: int, last: int) -> bool:
    return passage.paragraphs[0] <= last and first <= passage.paragraphs[1]


def check_code_notes_entries(checked: CheckedCatalog) -> None:
    """The entries a codes.yaml record maps its code to exist."""
    notes = checked.catalog.registry(files.CODES)
    known = checked.catalog.slugs_by_id
    for code, note in notes.records.items():
        for i, entry_id in enumerate(note.entries):
            if entry_id not in known and not checked.catalog.invalid_entries:
                path, line = notes.locate(code, "entries", i)
                checked.problems.add(
                    path,
                    line,
                    f"entries[{i}]: no entry with id '{entry_id}'",
                    suggest(entry_id, known),
                )


def uncited_passages(checked: CheckedCatalog) -> list[tuple[str, int, int, tuple[str, ...]]]:
    """(interview, first, last, codes) of imported coded passages that no quote touches."""
    cited: dict[str, set[int]] = defaultdict(set)
    for match in checked.matches.values():
        cited[match.interview].update(match.paragraphs)
    ranges: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for iid in sorted(checked.codings.files, key=lambda i: int(i[1:])):
        for _, passage in checked.codings.passages(iid):
            first, last = passage.paragraphs
            if not cited[iid] & set(range(first, last + 1)):
                ranges[(iid, first, last)].add(passage.code)
    return [(iid, a, b, tuple(sorted(codes))) for (iid, a, b), codes in ranges.items()]
