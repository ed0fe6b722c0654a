"""`catalog coverage`: what the catalog does not yet cover, for curators planning their work."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.catalog import quote_locations
from generator.check import CheckedCatalog
from generator.codings import uncited_passages

MIN_ENTRIES_PER_INTERVIEW = 5
"""An interview cited by fewer entries than this is reported as under-used."""


@dataclass
class Coverage:
    entries: int = 0
    entries_per_interview: dict[str, int] = field(default_factory=dict)
    thin_interviews: list[str] = field(default_factory=list)
    unmapped_codes: list[str] = field(default_factory=list)
    without_causes: list[str] = field(default_factory=list)
    without_mitigations: list[str] = field(default_factory=list)
    single_interview_entries: list[str] = field(default_factory=list)
    evidence_types: dict[str, int] = field(default_factory=dict)
    """Quotes by kind of evidence, across the catalog."""
    uncited_coded_passages: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)
    """(interview, paragraph, codes) of coded paragraphs that no quote cites."""
    uncited_codings: list[tuple[str, int, int, tuple[str, ...]]] = field(default_factory=list)
    """(interview, first paragraph, last paragraph, codes) of passages coded in the
    researchers' tool (imported codings) that no quote touches yet."""


def measure(checked: CheckedCatalog, min_entries: int = MIN_ENTRIES_PER_INTERVIEW) -> Coverage:
    catalog = checked.catalog
    result = Coverage()
    citing: dict[str, set[str]] = {iid: set() for iid in catalog.interviews}
    cited: set[tuple[str, int]] = set()
    for (entry_id, _), match in checked.matches.items():
        citing.setdefault(match.interview, set()).add(entry_id)
        cited.update((match.interview, n) for n in match.paragraphs)
    result.entries_per_interview = {iid: len(ids) for iid, ids in sorted(citing.items())}
    result.thin_interviews = [i for i, n in result.entries_per_interview.items() if n < min_entries]
    mapped = {c for e in catalog.entries.values() for c in e.codes} | set(catalog.code_notes)
    found: Counter[str] = Counter()
    for iid, transcript in checked.transcripts.items():
        for p in transcript.paragraphs:
            found.update(p.codes)
            if p.codes and (iid, p.n) not in cited:
                result.uncited_coded_passages.append((iid, p.n, p.codes))
    found.update(checked.codings.code_lines().keys())
    mapped |= {code for code, note in catalog.code_notes.items() if note.entries}
    result.unmapped_codes = sorted(set(found) - mapped)
    result.uncited_codings = uncited_passages(checked)
    evidence: Counter[str] = Counter()
    result.entries = len(catalog.entries)
    for slug, entry in sorted(catalog.entries.items()):
        if not entry.causes:
            result.without_causes.append(slug)
        if not entry.mitigations:
            result.without_mitigations.append(slug)
        interviews = {q.interview for q in entry.quotes}
        interviews |= {q.interview for c in [*entry.causes, *entry.mitigations] for q in c.quotes}
        if len(interviews) == 1:
            result.single_interview_entries.append(f"{slug} ({next(iter(interviews))})")
        evidence.update(q.evidence for _, q in quote_locations(entry))
    result.evidence_types = dict(sorted(evidence.items()))
    return result


def report(coverage: Coverage, min_entries: int = MIN_ENTRIES_PER_INTERVIEW) -> str:
    """A Markdown report, one section per gap, each saying 'none' when there is nothing."""

    def section(title: str, lines: list[str]) -> list[str]:
        return [f"## {title} ({len(lines)})", "", *([f"- {x}" for x in lines] or ["none"]), ""]

    out = [
        "# Catalog coverage",
        "",
        "Entries citing each interview: "
        + ", ".join(f"{iid} {n}" for iid, n in coverage.entries_per_interview.items()),
        "",
    ]
    out += section(
        f"Interviews cited by fewer than {min_entries} entries",
        [f"{i}: {coverage.entries_per_interview[i]}" for i in coverage.thin_interviews],
    )
    out += section(
        "Researchers' codes not mapped to an entry or codes.yaml", coverage.unmapped_codes
    )
    out += section("Entries without a cause", coverage.without_causes)
    out += section("Entries without a mitigation", coverage.without_mitigations)
    out += section(
        f"Entries resting on a single interview, of {coverage.entries} (at most a fifth)",
        coverage.single_interview_entries,
    )
    out += [
        "Quotes by kind of evidence: "
        + (", ".join(f"{k} {n}" for k, n in coverage.evidence_types.items()) or "none"),
        "",
    ]
    out += section(
        "Coded transcript passages no entry quotes",
        [
            f"{iid} paragraph {n}: {', '.join(codes)}"
            for iid, n, codes in coverage.uncited_coded_passages
        ],
    )
    out += section(
        "Passages coded in the researchers' tool (catalog_src/codings/) no entry quotes",
        [
            f"{iid} paragraph{'s' if a != b else ''} {a}{f'-{b}' if a != b else ''}: "
            f"{', '.join(codes)}"
            for iid, a, b, codes in coverage.uncited_codings
        ],
    )
    return "\n".join(out)
