"""What `catalog import qdpx` makes of a project another tool exported, before anything is written.

* Each text source is an interview: the one `--as GUID=I50` names, else the one its text's
  `Interview N` header or its name (`I50`, `Interview 50`) says. It is read by the catalog's
  transcript reader into numbered paragraphs.
* A source of an interview the project already has must have the public transcript's paragraphs
  (same number, same speakers): only its coding is taken. A new interview's source is a raw
  export: it goes to the private tier (`<private>/imported/<id>.txt`, never the repository),
  and the key record to add is printed, so that `catalog pseudonymise` makes it public once its
  names are listed.
* Each coded selection becomes a coded passage of `catalog_src/codings/<id>.yaml`: the range of
  paragraphs whose words it covers and the code's name (its path `Parent/Code` where two codes
  share a name), never text. A code name holding a listed name is refused.
* Codes not yet mapped get a proposed `codes.yaml` record (`propose`).

Every problem is collected first; if there is any error, nothing is written.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog import Catalog
from generator.codings import CODINGS_DIR, MADE_BY_IMPORT
from generator.leaks import LeakList
from generator.problems import Failed, Problem
from generator.project import KEY_FILE, Project
from generator.qda import model
from generator.qda.writing import starts_with
from generator.transcripts import Transcript, parse_transcript, read_transcript, speech_span

IMPORTED_DIR = "imported"
"""Folder of the private tier receiving imported sources."""
PROPOSAL_MARK = "# Proposed by `catalog import`"
_NAME = re.compile(r"^\s*(?:interview|i)[\s_-]*0*([1-9][0-9]*)(?:\.[A-Za-z]+)?\s*$", re.IGNORECASE)
_ENTRY_ID = re.compile(r"\bMLQ-[0-9]{4}\b")


@dataclass
class Plan:
    """The files an import writes, and what it reports."""

    private: list[tuple[Path, str]] = field(default_factory=list)
    """Raw sources for the private tier: (path, text)."""
    codings: list[tuple[Path, str]] = field(default_factory=list)
    """Codings files: (path, YAML text)."""
    new: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    passages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    code_names: dict[str, str] = field(default_factory=dict)
    """Code GUID → the name the codings use."""


def code_names(codes: list[tuple[tuple[str, ...], model.Code]]) -> dict[str, str]:
    """Code GUID → its name, or its path `Parent/Code` where two codes share the name."""
    counts = Counter(code.name for _, code in codes)
    return {
        code.guid: code.name if counts[code.name] == 1 else "/".join((*parents, code.name))
        for parents, code in codes
    }


def paragraph_spans(text: str, transcript: Transcript) -> dict[int, tuple[int, int]]:
    """Paragraph number → (start, end) of its words in the text."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    starts = [p.line for p in transcript.paragraphs] + [len(lines) + 1]
    spans: dict[int, tuple[int, int]] = {}
    for i, paragraph in enumerate(transcript.paragraphs):
        for number in range(starts[i], starts[i + 1]):
            span = speech_span(lines[number - 1])
            if span is None:
                continue
            a, b = offsets[number - 1] + span[0], offsets[number - 1] + span[1]
            low, high = spans.get(paragraph.n, (a, b))
            spans[paragraph.n] = (min(low, a), max(high, b))
    return spans


class Importer:
    """Plans one import into `project` (whose catalog and leak list are given)."""

    def __init__(
        self, project: Project, catalog: Catalog, leaks: LeakList, names: dict[str, str]
    ) -> None:
        self.project, self.catalog, self.leaks, self.names = project, catalog, leaks, names
        self.problems: list[Problem] = []
        self.plan = Plan()

    def error(self, where: str, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, line, message, hint))

    def run(self, qda: model.Project, display: str) -> Plan | Failed:
        self.plan.code_names = code_names(qda.all_codes())
        for _, code in qda.all_codes():
            found = self.leaks.find(code.name)
            if found:
                self.error(
                    display,
                    code.line,
                    f"a code's name holds a name or detail the pseudonymisation replaces "
                    f"('{found[0].masked}')",
                    "rename the code in your tool and export again",
                )
        seen: dict[str, int] = {}
        for source in qda.sources:
            iid = self._interview(source, display)
            if not iid:
                continue
            if iid in seen:
                self.error(display, source.line, f"a second source for {iid} (line {seen[iid]})")
                continue
            seen[iid] = source.line
            self._source(qda, source, iid, display)
        if self.problems:
            return Failed(tuple(self.problems))
        return self.plan

    def _interview(self, source: model.Source, display: str) -> str:
        if source.guid in self.names:
            return self.names[source.guid]
        header = parse_transcript(source.text, source.display or display)
        if not isinstance(header, Failed) and header.id:
            return header.id
        by_name = _NAME.match(source.name)
        if by_name:
            return f"I{by_name.group(1)}"
        self.error(
            display,
            source.line,
            "cannot tell which interview this source is: its text has no 'Interview N' header "
            "and its name no number",
            f"name it: --as {source.guid}=I50",
        )
        return ""

    def _source(self, qda: model.Project, source: model.Source, iid: str, display: str) -> None:
        where = source.display or display
        transcript = parse_transcript(source.text, where, iid)
        if isinstance(transcript, Failed):
            self.problems += transcript.problems
            return
        self.plan.warnings += transcript.warnings
        if not self._known(transcript, iid, where) and not self._new(source, iid, where):
            return
        spans = paragraph_spans(source.text, transcript)
        passages: set[tuple[int, int, str]] = set()
        whole = (1, len(transcript.paragraphs))
        for code in source.codes:
            passages.add((*whole, self.plan.code_names[code]))
        for selection in source.selections:
            covered = [
                n for n, (a, b) in spans.items() if a < selection.end and selection.start < b
            ]
            if not covered:
                self.plan.warnings.append(
                    Problem(
                        display,
                        selection.line,
                        "the selection covers no speaker's words (a label or a header): skipped",
                        severity="warning",
                    )
                )
                continue
            for code in selection.codes:
                passages.add((min(covered), max(covered), self.plan.code_names[code]))
        self.plan.passages += len(passages)
        self._codings(iid, qda.origin, sorted(passages))

    def _known(self, transcript: Transcript, iid: str, where: str) -> bool:
        """True when the interview is the project's: then its paragraphs must be the same."""
        interview = self.catalog.interviews.get(iid)
        path = self.project.transcripts_dir / (interview.transcript if interview else "")
        if interview is None or not path.is_file():
            return False
        public = read_transcript(path, self.project.display(path))
        if isinstance(public, Failed):
            self.problems += public.problems
            return True
        fixed = {c.paragraph for c in interview.speaker_corrections}
        ours = [(p.n, p.speaker) for p in public.paragraphs if p.n not in fixed]
        theirs = [(p.n, p.speaker) for p in transcript.paragraphs if p.n not in fixed]
        if len(public.paragraphs) != len(transcript.paragraphs) or ours != theirs:
            first = next(
                (a[0] for a, b in zip(ours, theirs, strict=False) if a != b),
                min(len(ours), len(theirs)) + 1,
            )
            self.error(
                where,
                0,
                f"the source of {iid} is not read into the public transcript's paragraphs "
                f"({len(transcript.paragraphs)} paragraphs, the transcript has "
                f"{len(public.paragraphs)}; first difference at paragraph {first})",
                "code the transcript as 'catalog export qdpx' gives it, so that paragraph "
                "numbers agree",
            )
        self.plan.known.append(iid)
        return True

    def _new(self, source: model.Source, iid: str, where: str) -> bool:
        folder = self.project.private_dir
        if folder is None:
            self.error(
                where,
                0,
                f"{iid} is a new interview, and no private tier is set to receive its source",
                "set CATALOG_PRIVATE_DIR (raw transcripts never go into the repository)",
            )
            return False
        path = folder / IMPORTED_DIR / f"{iid}.txt"
        text = source.text if source.text.endswith("\n") else source.text + "\n"
        if path.exists() and path.read_text("utf-8", errors="replace") != text:
            self.error(
                f"(private)/{IMPORTED_DIR}/{iid}.txt",
                0,
                "a different file is already there: left as it is",
                "move it away, or import under another id with --as",
            )
            return False
        self.plan.private.append((path, text))
        self.plan.new.append(iid)
        return True

    def _codings(self, iid: str, origin: str, passages: list[tuple[int, int, str]]) -> None:
        path = self.project.root / CODINGS_DIR / f"{iid}.yaml"
        display = self.project.display(path)
        if path.exists() and not starts_with(path, MADE_BY_IMPORT.encode(), 400):
            self.error(display, 1, "a codings file the import did not write: left as it is")
            return
        if origin and self.leaks.find(origin):
            origin = ""
        lines = [
            "# yaml-language-server: $schema=../../schema/codings.schema.json",
            f"{MADE_BY_IMPORT}: the passages the researchers coded in their tool, as",
            "# paragraph ranges of the transcript and code names (no text). Import again to "
            "replace it.",
            f"interview: {iid}",
        ]
        if origin.strip():
            lines.append(f"origin: {json.dumps(' '.join(origin.split()), ensure_ascii=False)}")
        lines.append("codings:" if passages else "codings: []")
        for first, last, name in passages:
            lines += [
                f"  - code: {json.dumps(name, ensure_ascii=False)}",
                f"    paragraphs: [{first}, {last}]",
            ]
        self.plan.codings.append((path, "\n".join(lines) + "\n"))


def key_records(plan: Plan) -> str:
    """The records to add to the private key for the new interviews."""
    out = [f"# add to (private)/{KEY_FILE}, under transcripts:, with the terms of each"]
    for iid in plan.new:
        out += [f"  - interview: {iid}", f"    raw: {IMPORTED_DIR}/{iid}.txt", "    terms: []"]
    return "\n".join(out)


def propose(catalog: Catalog, codes: list[tuple[str, model.Code]]) -> str:
    """Proposed `codes.yaml` records for codes not yet mapped, as YAML text ("" for none)."""
    mapped = set(catalog.code_notes) | {c for e in catalog.entries.values() for c in e.codes}
    ids = set(catalog.slugs_by_id)
    titles = {e.title.casefold(): e.id for e in catalog.entries.values()}
    found, unknown = [], []
    for name, code in codes:
        if not code.codable or name in mapped:
            continue
        named = sorted(set(_ENTRY_ID.findall(f"{code.name} {code.description}")) & ids)
        close = difflib.get_close_matches(code.name.casefold(), titles, n=1, cutoff=0.85)
        entries = named or [titles[c] for c in close]
        quoted = json.dumps(name, ensure_ascii=False)
        if entries:
            found += [f"- code: {quoted}", f"  entries: [{', '.join(entries)}]"]
        else:
            unknown += [
                f"# - code: {quoted}",
                "#   entries: [MLQ-....]  # or: reason: why it is not a quality issue",
            ]
    if not found and not unknown:
        return ""
    header = [
        f"{PROPOSAL_MARK}: what the researchers' codes stand for. Review each",
        "# record, then move it into catalog_src/codes.yaml (a code names the entries it supports,",
        "# or gives the reason it is not an issue). Commented records found no entry.",
    ]
    return "\n".join([*header, *found, *unknown]) + "\n"
