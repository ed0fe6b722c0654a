"""`catalog validate`: every input checked, every quote located in its transcript.

Runs the steps in the data's order (rules and catalog files, transcripts, quotes, codes) and
collects all problems instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from generator import files
from generator.cache import Cache
from generator.catalog import (
    Catalog,
    Source,
    check_references,
    load_catalog,
    quote_locations,
    reload_entries,
    suggest,
)
from generator.citation import own_strings
from generator.codings import (
    LoadedCodings,
    check_code_notes_entries,
    check_codings,
    check_codings_text,
    check_quotes_in_codings,
    load_codings,
)
from generator.leaks import LeakList, leak_problem, load_leak_list
from generator.markup import PLAIN, TextKind, text_kind
from generator.matching import Marks, QuoteMatch, QuoteSyntaxError, TranscriptIndex, parse_quote
from generator.models import Interview, Quote
from generator.problems import CatalogError, Failed, Problem, Problems
from generator.project import Project
from generator.safety import problems_in
from generator.schema_errors import field_path
from generator.site_config import read_site_config
from generator.transcripts import MAX_TRANSCRIPT_BYTES, Speaker, Transcript, parse_transcript
from generator.yaml_source import Location, read_text

QuoteKey = tuple[str, Location]
"""(entry id, location of the quote in the entry) identifies one quote of the catalog."""


@dataclass
class CheckedCatalog:
    """The validated catalog with its transcripts and the place of every quote."""

    project: Project
    catalog: Catalog
    leaks: LeakList
    """What must never be published (keyed hashes), with the publication's own strings."""
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    """Interview id → transcript (speaker corrections applied)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Interview id → digest of the transcript's text and corrections (cache keys)."""
    matches: dict[QuoteKey, QuoteMatch] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    cache: Cache = field(default_factory=lambda: Cache(None))
    codings: LoadedCodings = field(default_factory=LoadedCodings)
    """The researchers' coded passages imported from their tool, and the settings."""
    _indexes: dict[str, TranscriptIndex] = field(default_factory=dict, repr=False)
    _marks: dict[QuoteMatch, Marks] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    def index(self, interview: str) -> TranscriptIndex:
        """The index of an interview's transcript, built (or loaded) when first needed."""
        if interview not in self._indexes:
            transcript = self.transcripts[interview]
            self._indexes[interview] = self.cache.get(
                "index",
                self.fingerprints[interview].encode(),
                "",
                lambda: TranscriptIndex(transcript),
            )
        return self._indexes[interview]

    def marks(self, match: QuoteMatch) -> Marks:
        """Character spans of a match's quoted words (for highlighting), computed once."""
        if match not in self._marks:
            self._marks[match] = self.index(match.interview).marks(match)
        return self._marks[match]


def check_project(project: Project) -> CheckedCatalog:
    """Validate everything; the result carries all problems found."""
    problems = Problems()
    cache = Cache(project.cache_dir)
    leaks = load_publication_leaks(project, problems)
    catalog = load_catalog(project, cache)
    problems.extend(catalog.problems)
    checked = CheckedCatalog(project, catalog, leaks, problems=problems, cache=cache)
    problems.extend(refused_links(project))
    _read_transcripts(checked)
    checked.codings = load_codings(project, cache)
    problems.extend(checked.codings.problems)
    check_codings(checked)
    _match_quotes(checked, set(catalog.entries))
    _check_codes(checked)
    check_quotes_in_codings(checked)
    _check_published_text(checked, set(catalog.entries), registries=True)
    check_codings_text(checked)
    cache.save()
    return checked


def refused_links(project: Project) -> list[Problem]:
    """Symbolic links that would publish or read what lies outside: under `docs/` a link must
    stay inside `docs/` (MkDocs copies what it points at), under `catalog_src/` and
    `transcripts/` inside the project. The target is not named (it may be a private path)."""
    root = project.root.resolve()
    found = []
    for folder, boundary in (
        (project.docs_dir, project.docs_dir.resolve()),
        (project.catalog_dir, root),
        (project.transcripts_dir, root),
    ):
        for path in _links_under(folder):
            target = path.resolve()
            if target != boundary and boundary not in target.parents:
                where = "docs/" if boundary != root else "the project"
                found.append(
                    Problem(
                        project.display(path),
                        0,
                        f"a symbolic link to something outside {where} is refused",
                        "put the file itself here instead of a link",
                    )
                )
    return found


def _links_under(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            if path.is_symlink():
                yield path


def load_publication_leaks(project: Project, problems: Problems) -> LeakList:
    """The leak list, with the publication's own addresses and citations allowed."""
    found = load_leak_list(project.leak_list_file, project.display(project.leak_list_file))
    leaks = problems.failed(found) or LeakList("00" * 16, frozenset())
    try:
        own = own_strings(read_site_config(project))
    except CatalogError as error:
        problems.extend(error.problems)
        own = []
    return leaks.with_allowed(own)


def recheck_entries(checked: CheckedCatalog, paths: Iterable[Path]) -> CheckedCatalog:
    """`checked` after the entry files `paths` changed: only those entries are loaded, matched
    and checked again; references and codes, which span entries, are checked for all. The
    problems are those of the new state (the previous state had none)."""
    paths = list(paths)
    changed = {p.stem for p in paths}
    catalog = checked.catalog
    problems = Problems(reload_entries(checked.project, catalog, paths, checked.cache))
    problems.extend(check_references(catalog))
    checked.problems = problems
    for key in [k for k in checked.matches if k[0] in changed]:
        del checked.matches[key]
    present = changed & set(catalog.entries)
    _match_quotes(checked, present)
    _check_codes(checked)
    check_quotes_in_codings(checked)
    _check_published_text(checked, present, registries=False)
    return checked


def transcript_fingerprint(display: str, content: str, interview: Interview) -> str:
    """What a parsed transcript depends on: its file, its text and its speaker corrections."""
    fixes = [(f.paragraph, f.speaker) for f in interview.speaker_corrections]
    return hashlib.sha256(f"{display}\0{fixes!r}\0{content}".encode()).hexdigest()


def _read_transcripts(checked: CheckedCatalog) -> None:
    project, problems = checked.project, checked.problems
    interviews = checked.catalog.registry(files.INTERVIEWS)
    for interview in checked.catalog.interviews.values():
        path = project.transcripts_dir / interview.transcript
        if not path.is_file():
            where, line = interviews.locate(interview.id, "transcript")
            problems.add(
                where,
                line,
                f"{interview.id}: transcript file '{project.display(path)}' does not exist",
            )
            continue
        transcript = _read_transcript(checked, interview, path)
        if transcript is not None:
            checked.transcripts[interview.id] = transcript
    listed = set(interviews.raw_values("transcript"))  # records that failed validation too
    if project.transcripts_dir.is_dir():
        for path in sorted(project.transcripts_dir.glob("*.txt")):
            if path.name not in listed:
                problems.add(
                    project.display(path),
                    0,
                    "transcript is not listed in catalog_src/interviews.yaml",
                    severity="warning",
                )


def _read_transcript(
    checked: CheckedCatalog, interview: Interview, path: Path
) -> Transcript | None:
    """One interview's transcript, parsed (or from the cache) and corrected; None on problems."""
    display, problems = checked.project.display(path), checked.problems
    content = problems.failed(read_text(path, display, MAX_TRANSCRIPT_BYTES))
    if content is None:
        return None
    fingerprint = transcript_fingerprint(display, content, interview)
    fixes = [(f.paragraph, f.speaker) for f in interview.speaker_corrections]
    parsed = checked.cache.get(
        "transcript",
        fingerprint.encode(),
        "",
        lambda: _corrected(parse_transcript(content, display, path.stem), fixes),
    )
    transcript = problems.failed(parsed)
    if transcript is None:
        return None
    problems.extend(transcript.warnings)
    if not transcript.pseudonymised:
        problems.add(
            display,
            1,
            "not a pseudonymised transcript: raw exports belong in the private tier",
            "make the public transcript with 'catalog pseudonymise' (see README, Privacy)",
        )
        return None
    for shown in transcript.paragraphs:
        for found in checked.leaks.find(shown.text):
            problems.extend([leak_problem(display, shown.line, found)])
    if transcript.id != interview.id:
        problems.add(
            display,
            1,
            f"transcript header names interview "
            f"'{transcript.id}' but interviews.yaml lists it as {interview.id}",
        )
        return None
    count = len(transcript.paragraphs)
    interviews = checked.catalog.registry(files.INTERVIEWS)
    for i, (paragraph, _) in enumerate(fixes):
        if paragraph > count:
            where, line = interviews.locate(interview.id, "speaker_corrections", i)
            problems.add(
                where,
                line,
                f"{interview.id}: speaker_corrections[{i}]: the "
                f"transcript has {count} paragraphs, not {paragraph}",
            )
    checked.fingerprints[interview.id] = fingerprint
    return transcript


def _corrected(
    transcript: Transcript | Failed, fixes: list[tuple[int, Speaker]]
) -> Transcript | Failed:
    """The transcript with the speaker corrections of interviews.yaml applied (corrections of
    paragraphs it does not have are reported by the caller, and skipped here)."""
    if isinstance(transcript, Failed) or not fixes:
        return transcript
    paragraphs = list(transcript.paragraphs)
    for n, speaker in fixes:
        if n <= len(paragraphs):
            paragraphs[n - 1] = replace(paragraphs[n - 1], speaker=speaker)
    return replace(transcript, paragraphs=tuple(paragraphs))


def _match_quotes(checked: CheckedCatalog, entry_ids: set[str]) -> None:
    catalog = checked.catalog
    for entry_id in entry_ids:
        entry, source = catalog.entries[entry_id], catalog.entry_sources[entry_id]
        for loc, quote in quote_locations(entry):
            if quote.interview not in checked.transcripts:
                continue  # unknown interview or unreadable transcript: reported already
            match = _match_quote(checked, source, loc, quote)
            if match is not None:
                checked.matches[(entry_id, loc)] = match


def _match_quote(
    checked: CheckedCatalog, source: Source, loc: Location, quote: Quote
) -> QuoteMatch | None:
    """Where the quote is, or None after reporting why it cannot be used."""
    where, line = field_path(loc), source.line(*loc, "text")

    def report(message: str, hint: str) -> None:
        checked.problems.add(source.path, line, f"{where}: {message}", hint)

    named = checked.leaks.find(quote.text)
    if named:
        report(
            f"quote contains a name or detail the pseudonymisation replaces ('{named[0].masked}')",
            "quote the public transcript, which has a tag in its place, or write '[...]'",
        )
        return None
    key = (checked.fingerprints[quote.interview], quote.text)
    outcome = checked.cache.memo("quotes").get(key, lambda: _locate(checked, quote))
    if isinstance(outcome, str):
        report(outcome, "brackets mark insertions '[word]' or omissions '[...]'")
        return None
    if outcome is None:
        miss = checked.index(quote.interview).closest(parse_quote(quote.text))
        report(
            f"quote not found in {quote.interview}; closest passage, paragraph {miss.paragraph}: "
            f'"{_clip(miss.passage)}"',
            miss.difference,
        )
        return None
    if outcome.speakers == {"interviewer"}:
        report(
            f"these are the interviewer's words (paragraph {outcome.paragraphs[0]} of "
            f"{quote.interview}), not the participant's",
            "quote what the participant said",
        )
        return None
    return outcome


def _locate(checked: CheckedCatalog, quote: Quote) -> QuoteMatch | str | None:
    """Where the quote is (None when it is not found), or what is wrong with its markup."""
    try:
        segments = parse_quote(quote.text)
    except QuoteSyntaxError as error:
        return str(error)
    return checked.index(quote.interview).find(segments)


def _check_codes(checked: CheckedCatalog) -> None:
    """Codes named by entries must exist in the transcripts; unmapped codes are reported."""
    first_seen: dict[str, tuple[str, int]] = {}
    for transcript in checked.transcripts.values():
        for paragraph in transcript.paragraphs:
            for code in paragraph.codes:
                first_seen.setdefault(code, (transcript.path, paragraph.line))
    for code, where in checked.codings.code_lines().items():
        first_seen.setdefault(code, where)
    if not checked.transcripts:
        return
    catalog, problems = checked.catalog, checked.problems
    mapped: set[str] = {c for c, note in catalog.code_notes.items() if note.entries}
    check_code_notes_entries(checked)
    for entry_id, entry in catalog.entries.items():
        source = catalog.entry_sources[entry_id]
        for i, code in enumerate(entry.codes):
            mapped.add(code)
            if code not in first_seen:
                problems.add(
                    source.path,
                    source.line("codes", i),
                    f"codes[{i}]: code '{code}' does not occur in any transcript",
                    suggest(code, first_seen),
                )
    _check_code_notes(checked, first_seen, mapped)
    for code in sorted(set(first_seen) - mapped - set(catalog.code_notes)):
        path, line = first_seen[code]
        problems.add(
            path,
            line,
            f"code '{code}' is neither in an entry's codes nor explained in catalog_src/codes.yaml",
            "map it to the entries it supports, or explain in codes.yaml why it is not an issue",
            severity="warning",
        )


def _check_code_notes(
    checked: CheckedCatalog, first_seen: dict[str, tuple[str, int]], mapped: set[str]
) -> None:
    notes = checked.catalog.registry(files.CODES)
    for code in notes.records:
        path, line = notes.locate(code, "code")
        if code not in first_seen:
            checked.problems.add(
                path,
                line,
                f"code '{code}' does not occur in any transcript",
                suggest(code, first_seen),
            )
        if code in mapped and notes.records[code].reason is not None:
            checked.problems.add(
                path,
                line,
                f"code '{code}' is listed as not an issue but entries cover it",
                "remove it from codes.yaml or from the entries",
            )


def _check_published_text(checked: CheckedCatalog, entry_ids: set[str], registries: bool) -> None:
    """What contributors wrote for publication: no anonymised name, nothing that could run in a
    browser or hide itself (quotes are checked against their transcript instead)."""
    catalog = checked.catalog
    sources: list[tuple[Source, BaseModel]] = [
        (catalog.entry_sources[entry_id], catalog.entries[entry_id]) for entry_id in entry_ids
    ]
    for registry in catalog.registries.values() if registries else ():
        sources += [(registry.sources[key], record) for key, record in registry.records.items()]
    for source, record in sources:
        for loc, text, kind in _texts(record, (), PLAIN):
            if "quotes" in loc:
                continue
            found = [
                (
                    f"contains a name or detail the pseudonymisation replaces ('{r.masked}')",
                    "write the tag the transcripts use instead",
                )
                for r in checked.leaks.find(text)
            ]
            found += [(message, "") for message in problems_in(text, kind)]
            for message, hint in found:
                checked.problems.add(
                    source.path,
                    source.line(*loc),
                    f"{field_path((*source.base, *loc))}: {message}",
                    hint,
                )


def _texts(
    value: object, loc: Location, kind: TextKind
) -> Iterator[tuple[Location, str, TextKind]]:
    """Every string of a record, with its location and its kind (from the model's field)."""
    if isinstance(value, str):
        yield loc, value, kind
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            field_kind = text_kind(info.annotation, info.metadata) or PLAIN
            yield from _texts(getattr(value, name), (*loc, name), field_kind)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i), kind)


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
