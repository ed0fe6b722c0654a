"""`catalog validate`: every input checked, every quote located in its transcript.

Runs the steps in the data's order (rules and catalog files, transcripts, quotes, codes) and
collects all problems instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel

from generator.anonymise import Anonymiser, load_rules, masked
from generator.cache import Cache
from generator.catalog import (
    Catalog,
    check_references,
    load_catalog,
    quote_locations,
    reload_entries,
    suggest,
)
from generator.matching import Marks, QuoteMatch, QuoteSyntaxError, TranscriptIndex, parse_quote
from generator.models import Quote
from generator.problems import CatalogError, Problems
from generator.project import Project
from generator.safety import problems_in
from generator.schema_errors import field_path
from generator.transcripts import MAX_TRANSCRIPT_BYTES, Speaker, Transcript, parse_transcript
from generator.yaml_source import Location, YamlDocument, read_text

QuoteKey = tuple[str, Location]
"""(entry id, location of the quote in the entry) identifies one quote of the catalog."""


@dataclass
class CheckedCatalog:
    """The validated catalog with its transcripts and the place of every quote."""

    project: Project
    catalog: Catalog
    anonymiser: Anonymiser
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    """Interview id → transcript (speaker corrections applied)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Interview id → digest of the transcript's text and corrections (cache keys)."""
    matches: dict[QuoteKey, QuoteMatch] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    cache: Cache = field(default_factory=lambda: Cache(None))
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
    anonymiser = load_rules(project.rules_file, project.display(project.rules_file), problems)
    catalog = load_catalog(project, problems, cache)
    checked = CheckedCatalog(project, catalog, anonymiser, problems=problems, cache=cache)
    _read_transcripts(checked)
    _match_quotes(checked, set(catalog.entries))
    _check_codes(checked)
    _check_published_text(checked, set(catalog.entries), registries=True)
    cache.save()
    return checked


def recheck_entries(checked: CheckedCatalog, paths: Iterable[Path]) -> CheckedCatalog:
    """`checked` after the entry files `paths` changed: only those entries are loaded, matched
    and checked again; references and codes, which span entries, are checked for all. The
    problems are those of the new state (the previous state had none)."""
    paths = list(paths)
    changed = {p.stem for p in paths}
    problems = Problems()
    catalog = checked.catalog
    reload_entries(checked.project, catalog, paths, problems, checked.cache)
    check_references(catalog, problems)
    checked.problems = problems
    for key in [k for k in checked.matches if k[0] in changed]:
        del checked.matches[key]
    present = changed & set(catalog.entries)
    _match_quotes(checked, present)
    _check_codes(checked)
    _check_published_text(checked, present, registries=False)
    return checked


def _read_transcripts(checked: CheckedCatalog) -> None:
    project, problems = checked.project, checked.problems
    listed = set()
    for interview in checked.catalog.interviews.values():
        path = project.transcripts_dir / interview.transcript
        listed.add(path.name)
        if not path.is_file():
            where, line = checked.catalog.locate("interviews.yaml", interview.id, "transcript")
            problems.add(
                where,
                line,
                f"{interview.id}: transcript file '{project.display(path)}' does not exist",
            )
            continue
        display = project.display(path)
        fixes = [(f.paragraph, f.speaker) for f in interview.speaker_corrections]
        try:
            content = read_text(path, display, MAX_TRANSCRIPT_BYTES)
            fingerprint = hashlib.sha256(f"{display}\0{fixes!r}\0{content}".encode()).hexdigest()
            transcript = checked.cache.get(
                "transcript",
                fingerprint.encode(),
                "",
                lambda content=content, fixes=fixes, path=path, display=display: _corrected(
                    parse_transcript(content, display, path.stem), fixes
                ),
            )
        except CatalogError as error:
            problems.extend(error.problems)
            continue
        if transcript.id != interview.id:
            problems.add(
                display,
                1,
                f"transcript header names interview "
                f"'{transcript.id}' but interviews.yaml lists it as {interview.id}",
            )
            continue
        count = len(transcript.paragraphs)
        for i, (paragraph, _) in enumerate(fixes):
            if paragraph > count:
                where, line = checked.catalog.locate(
                    "interviews.yaml", interview.id, "speaker_corrections", i
                )
                problems.add(
                    where,
                    line,
                    f"{interview.id}: speaker_corrections[{i}]: the "
                    f"transcript has {count} paragraphs, not {paragraph}",
                )
        checked.transcripts[interview.id] = transcript
        checked.fingerprints[interview.id] = fingerprint
    doc = checked.catalog.registry_documents.get("interviews.yaml")
    if doc and isinstance(doc.data, list):  # also names of records that failed validation
        listed.update(str(item.get("transcript")) for item in doc.data if isinstance(item, dict))
    if project.transcripts_dir.is_dir():
        for path in sorted(project.transcripts_dir.glob("*.txt")):
            if path.name not in listed:
                problems.add(
                    project.display(path),
                    0,
                    "transcript is not listed in catalog_src/interviews.yaml",
                    severity="warning",
                )


def _corrected(transcript: Transcript, fixes: list[tuple[int, Speaker]]) -> Transcript:
    """The transcript with the speaker corrections of interviews.yaml applied (corrections of
    paragraphs it does not have are reported by the caller, and skipped here)."""
    if not fixes:
        return transcript
    paragraphs = list(transcript.paragraphs)
    for n, speaker in fixes:
        if n <= len(paragraphs):
            paragraphs[n - 1] = replace(paragraphs[n - 1], speaker=speaker)
    return replace(transcript, paragraphs=tuple(paragraphs))


def _match_quotes(checked: CheckedCatalog, entry_ids: set[str]) -> None:
    catalog = checked.catalog
    memo = checked.cache.memo("quotes")
    for entry_id in entry_ids:
        entry, doc = catalog.entries[entry_id], catalog.documents[entry_id]
        for loc, quote in quote_locations(entry):
            if quote.interview not in checked.transcripts:
                continue  # unknown interview or unreadable transcript: reported already
            where = field_path(loc)
            line = doc.line_of((*loc, "text"))
            for found in checked.anonymiser.find(quote.text):
                term = quote.text[found.start : found.end]
                checked.problems.add(
                    doc.path,
                    line,
                    f"{where}: quote contains a name anonymised as {found.tag} ('{masked(term)}')",
                    f"write '{found.tag}' or '[...]' in its place",
                )
            key = (checked.fingerprints[quote.interview], quote.text)
            outcome = memo.get(key, lambda q=quote: _locate(checked, q))
            if isinstance(outcome, str):
                checked.problems.add(
                    doc.path,
                    line,
                    f"{where}: {outcome}",
                    "brackets mark insertions '[word]' or omissions '[...]'",
                )
                continue
            if outcome is None:
                index = checked.index(quote.interview)
                miss = index.closest(parse_quote(quote.text))
                checked.problems.add(
                    doc.path,
                    line,
                    f"{where}: quote not found in {quote.interview}; closest passage, "
                    f"paragraph {miss.paragraph}: "
                    f'"{_clip(checked.anonymiser.apply(miss.passage))}"',
                    miss.difference,
                )
                continue
            if outcome.speakers == {"interviewer"}:
                checked.problems.add(
                    doc.path,
                    line,
                    f"{where}: these are the interviewer's "
                    f"words (paragraph {outcome.paragraphs[0]} of "
                    f"{quote.interview}), not the participant's",
                    "quote what the participant said",
                )
                continue
            checked.matches[(entry_id, loc)] = outcome


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
    if not checked.transcripts:
        return
    catalog, problems = checked.catalog, checked.problems
    mapped: set[str] = set()
    for entry_id, entry in catalog.entries.items():
        doc = catalog.documents[entry_id]
        for i, code in enumerate(entry.codes):
            mapped.add(code)
            if code not in first_seen:
                problems.add(
                    doc.path,
                    doc.line_of(("codes", i)),
                    f"codes[{i}]: code '{code}' does not occur in any transcript",
                    suggest(code, first_seen),
                )
    for code in catalog.code_notes:
        path, line = catalog.locate("codes.yaml", code, "code")
        if code not in first_seen:
            problems.add(
                path,
                line,
                f"code '{code}' does not occur in any transcript",
                suggest(code, first_seen),
            )
        if code in mapped:
            problems.add(
                path,
                line,
                f"code '{code}' is listed as not an issue but entries cover it",
                "remove it from codes.yaml or from the entries",
            )
    for code in sorted(set(first_seen) - mapped - set(catalog.code_notes)):
        path, line = first_seen[code]
        problems.add(
            path,
            line,
            f"code '{code}' is neither in an entry's codes nor explained in catalog_src/codes.yaml",
            "map it to the entries it supports, or explain in codes.yaml why it is not an issue",
            severity="warning",
        )


def _check_published_text(checked: CheckedCatalog, entry_ids: set[str], registries: bool) -> None:
    """What contributors wrote for publication: no anonymised name, nothing that could run in a
    browser or hide itself (quotes are checked against their transcript instead)."""
    catalog = checked.catalog
    sources: list[tuple[YamlDocument, Location, BaseModel]] = [
        (catalog.documents[entry_id], (), catalog.entries[entry_id]) for entry_id in entry_ids
    ]
    for name, records in catalog.registries.items() if registries else ():
        doc = catalog.registry_documents.get(name)
        for index, item in enumerate(doc.data if doc and isinstance(doc.data, list) else []):
            key = item.get("id", item.get("code")) if isinstance(item, dict) else None
            if key in records:
                sources.append((doc, (index,), records[key]))
    for doc, base, record in sources:
        for loc, text in _texts(record, base):
            if "quotes" in loc:
                continue
            field = next((p for p in reversed(loc) if isinstance(p, str)), "")
            found = [
                (
                    f"contains a name anonymised as {r.tag} ('{masked(text[r.start : r.end])}')",
                    f"write '{r.tag}' instead",
                )
                for r in checked.anonymiser.find(text)
            ]
            found += [(message, "") for message in problems_in(text, field)]
            for message, hint in found:
                checked.problems.add(
                    doc.path, doc.line_of(loc), f"{field_path(loc)}: {message}", hint
                )


def _texts(value: object, loc: Location) -> Iterator[tuple[Location, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
