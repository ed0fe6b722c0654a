"""The published catalog as a REFI-QDA project (`catalog.qdpx`) and codebook (`catalog.qdc`).

* **Sources**: every interview's public, pseudonymised transcript as a plain-text source
  (`sources/<guid>.txt`, referenced as `internal://<guid>.txt`), one line per paragraph with its
  speaker label (`Interviewer: ...`, `Interviewee: ...`, speaker corrections applied), so that
  the catalog's reader reads it back into the same numbered paragraphs.
* **Codebook**: issue groups (not codable) → issues (`MLQ-0042 Title`, whose GUID is the entry's
  UUID of the JSON download) → their causes, mitigations and counter-evidence; and the
  researchers' own codes from the transcripts. Descriptions hold the catalog's text and the
  permanent ids.
* **Selections**: each run of quoted words (what the site highlights) is a `PlainTextSelection`
  whose positions cover exactly those words, coded with its entry and, for a claim's quote, the
  claim (a counter-evidence quote only with its claim); a paragraph the researchers coded is a
  selection coded with their codes. One passage quoted by several entries is one selection with
  several codings.
* **Cases**: one per interview, with the anonymised profile as variables (role, experience,
  sector) and its background as the description.

Positions follow `generator.qda.positions` (code points, end exclusive, LF line endings). Every
GUID is a UUIDv5 of a permanent id or a stable key, and the zip's entries have fixed dates and
order, so two exports of the same release are byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict

from lxml import etree

from generator import urls
from generator.identity import entry_uuid
from generator.matching import TranscriptIndex
from generator.qda import model
from generator.qda.xml import CODEBOOK_NS, PROJECT_NS, guid, tag, to_bytes
from generator.render.site import SiteView
from generator.render.views import ClaimView, EntryView, QuoteView
from generator.site_config import SiteConfig
from generator.transcripts import PSEUDONYMISED_MARK, Transcript

LABELS = {"interviewer": "Interviewer", "interviewee": "Interviewee"}
ORIGIN = "ML quality-issues catalog (catalog export)"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
RESEARCHER_CODES = "Researchers' codes (from the interview transcripts)"
_VARIABLES = (("role", "Role"), ("experience", "Experience"), ("sector", "Sector"))


def source_text(transcript: Transcript) -> tuple[str, dict[int, int]]:
    """The source's text and, per paragraph number, where the paragraph's words start in it."""
    number = transcript.id.removeprefix("I")
    parts = [PSEUDONYMISED_MARK, "", f"Interview {number}", ""]
    offset = sum(len(p) + 1 for p in parts)
    starts: dict[int, int] = {}
    for paragraph in transcript.paragraphs:
        label = f"{LABELS[paragraph.speaker]}: "
        starts[paragraph.n] = offset + len(label)
        line = label + paragraph.text
        parts += [line, ""]
        offset += len(line) + 2
    return "\n".join(parts), starts


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _claim_codes(view: EntryView, kind: str, claims: list[ClaimView]) -> list[model.Code]:
    word = {"causes": "cause", "mitigations": "mitigation", "counter": "counter-evidence"}[kind]
    return [
        model.Code(
            guid("claim", view.id, kind, str(i)),
            f"{view.id} {word} {i + 1}: {_short(claim.claim.text)}",
            description=f"{claim.claim.text}\n\n{word.capitalize()} {i + 1} of {view.id} "
            f"({claim.evidence}).",
        )
        for i, claim in enumerate(claims)
    ]


def _issue_code(view: EntryView, config: SiteConfig) -> model.Code:
    entry = view.entry
    description = (
        f"{entry.summary}\n\n{entry.description.strip()}\n\n"
        f"Permanent id {entry.id} (urn:uuid:{entry_uuid(entry.id)}); "
        f"{view.page.absolute(config.site_url)}"
    )
    code = model.Code(entry_uuid(entry.id), f"{entry.id} {entry.title}", True, description)
    for kind, claims in (
        ("causes", view.causes),
        ("mitigations", view.mitigations),
        ("counter", view.counter),
    ):
        code.children += _claim_codes(view, kind, claims)
    return code


def codebook(site: SiteView, config: SiteConfig) -> list[model.Code]:
    """Groups → issues → claims, then the researchers' codes."""
    codes = [
        model.Code(
            guid("group", g.group.id),
            g.group.title,
            False,
            g.group.description.strip(),
            [_issue_code(v, config) for v in g.entries],
        )
        for g in site.groups
        if g.entries
    ]
    found = sorted({c for t in site.transcripts.values() for p in t.paragraphs for c in p.codes})
    if found:
        covering: dict[str, list[str]] = defaultdict(list)
        for view in site.entries:
            for code in view.entry.codes:
                covering[code].append(view.id)
        children = [
            model.Code(
                guid("code", name),
                name,
                description=f"Covered by {', '.join(covering[name])}." if covering[name] else "",
            )
            for name in found
        ]
        codes.append(model.Code(guid("codes"), RESEARCHER_CODES, False, "", children))
    return codes


class _Selections:
    """The selections of one source, by span, each with the codes applied to it."""

    def __init__(self, transcript: Transcript, starts: dict[int, int]) -> None:
        self.transcript = transcript
        self.starts = starts
        self.index = TranscriptIndex(transcript)
        self.codes: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.paragraph: dict[tuple[int, int], int] = {}

    def quote(self, quote: QuoteView, codes: tuple[str, ...]) -> None:
        for n, start, end in self.index.marks(quote.match):
            self.add(n, self.starts[n] + start, self.starts[n] + end, codes)

    def add(self, n: int, start: int, end: int, codes: tuple[str, ...]) -> None:
        self.codes[(start, end)].update(codes)
        self.paragraph.setdefault((start, end), n)

    def selections(self) -> list[model.Selection]:
        iid = self.transcript.id
        return [
            model.Selection(
                guid("selection", iid, str(start), str(end)),
                start,
                end,
                tuple(sorted(self.codes[(start, end)])),
                f"{iid} ¶{self.paragraph[(start, end)]}",
            )
            for start, end in sorted(self.codes)
        ]


def _code_quotes(view: EntryView, into: dict[str, _Selections]) -> None:
    issue = entry_uuid(view.id)
    for quote in view.quotes:
        into[quote.interview].quote(quote, (issue,))
    for kind, claims in (
        ("causes", view.causes),
        ("mitigations", view.mitigations),
        ("counter", view.counter),
    ):
        for i, claim in enumerate(claims):
            own = guid("claim", view.id, kind, str(i))
            codes = (own,) if kind == "counter" else (issue, own)
            for quote in claim.quotes:
                into[quote.interview].quote(quote, codes)


def build_project(site: SiteView, config: SiteConfig) -> model.Project:
    """The published catalog as REFI-QDA data."""
    project = model.Project(
        name=f"{config.title} {config.version}".strip(),
        origin=ORIGIN,
        description=(
            f"{config.title}, version {config.version}: {config.site_url}. The interview "
            "transcripts are pseudonymised; quotes are selections coded with their issue. "
            "Positions count code points from 0, end exclusive, LF line endings."
        ),
        codes=codebook(site, config),
    )
    selections: dict[str, _Selections] = {}
    texts: dict[str, str] = {}
    for view in site.interviews:
        iid = view.interview.id
        texts[iid], starts = source_text(site.transcripts[iid])
        selections[iid] = _Selections(site.transcripts[iid], starts)
        for p in site.transcripts[iid].paragraphs:
            if p.codes:
                end = starts[p.n] + len(p.text)
                selections[iid].add(p.n, starts[p.n], end, tuple(guid("code", c) for c in p.codes))
    for entry_view in site.entries:
        _code_quotes(entry_view, selections)
    project.variables = [model.Variable(guid("variable", key), name) for key, name in _VARIABLES]
    for view in site.interviews:
        iid, profile = view.interview.id, view.interview.profile
        source = guid("source", iid)
        project.sources.append(
            model.Source(
                source,
                iid,
                texts[iid],
                selections[iid].selections(),
                description=f"Interview {iid}, pseudonymised transcript.",
            )
        )
        values = tuple((guid("variable", key), getattr(profile, key)) for key, _ in _VARIABLES)
        project.cases.append(
            model.Case(guid("case", iid), iid, profile.background or "", values, (source,))
        )
    return project


def _element(
    parent: etree._Element, element: str, ns: str = PROJECT_NS, /, **attrs: str
) -> etree._Element:
    return etree.SubElement(parent, tag(ns, element), attrs)


def _text(parent: etree._Element, name: str, text: str, ns: str = PROJECT_NS) -> None:
    if text:
        _element(parent, name, ns).text = text


def _codes_xml(parent: etree._Element, codes: list[model.Code], ns: str) -> None:
    for code in codes:
        element = _element(
            parent, "Code", ns, guid=code.guid, name=code.name, isCodable=str(code.codable).lower()
        )
        _text(element, "Description", code.description, ns)
        _codes_xml(element, code.children, ns)


def project_xml(project: model.Project) -> etree._Element:
    """The `project.qde` document (elements in the order Project.xsd requires)."""
    root = etree.Element(
        tag(PROJECT_NS, "Project"), {"name": project.name}, nsmap={None: PROJECT_NS}
    )
    if project.origin:
        root.set("origin", project.origin)
    if project.codes:
        codes = _element(_element(root, "CodeBook"), "Codes")
        _codes_xml(codes, project.codes, PROJECT_NS)
    if project.variables:
        variables = _element(root, "Variables")
        for variable in project.variables:
            element = _element(
                variables, "Variable", guid=variable.guid, name=variable.name, typeOfVariable="Text"
            )
            _text(element, "Description", variable.description)
    if project.cases:
        cases = _element(root, "Cases")
        for case in project.cases:
            element = _element(cases, "Case", guid=case.guid, name=case.name)
            _text(element, "Description", case.description)
            for variable_guid, value in case.values:
                holder = _element(element, "VariableValue")
                _element(holder, "VariableRef", targetGUID=variable_guid)
                _text(holder, "TextValue", value)
            for source_guid in case.sources:
                _element(element, "SourceRef", targetGUID=source_guid)
    if project.sources:
        sources = _element(root, "Sources")
        for source in project.sources:
            _source_xml(sources, source)
    _text(root, "Description", project.description)
    return root


def _source_xml(parent: etree._Element, source: model.Source) -> None:
    element = _element(
        parent,
        "TextSource",
        guid=source.guid,
        name=source.name,
        plainTextPath=f"internal://{source.guid}.txt",
    )
    _text(element, "Description", source.description)
    for selection in source.selections:
        attrs = {"guid": selection.guid, "name": selection.name}
        attrs |= {"startPosition": str(selection.start), "endPosition": str(selection.end)}
        chosen = _element(element, "PlainTextSelection", **attrs)
        for code in selection.codes:
            coding = _element(chosen, "Coding", guid=guid("coding", selection.guid, code))
            _element(coding, "CodeRef", targetGUID=code)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()


def qdpx_bytes(project: model.Project) -> bytes:
    """The `.qdpx` archive: `project.qde` and `sources/<guid>.txt` (UTF-8, no BOM, LF)."""
    members = [("project.qde", to_bytes(project_xml(project)))]
    members += [(f"sources/{s.guid}.txt", s.text.encode("utf-8")) for s in project.sources]
    return _zip(members)


def codebook_bytes(project: model.Project) -> bytes:
    """The `.qdc` codebook (namespace `urn:QDA-XML:codebook:1.0`)."""
    root = etree.Element(tag(CODEBOOK_NS, "CodeBook"), nsmap={None: CODEBOOK_NS})
    root.set("origin", project.origin)
    _codes_xml(etree.SubElement(root, tag(CODEBOOK_NS, "Codes")), project.codes, CODEBOOK_NS)
    return to_bytes(root)


def qda_files(site: SiteView, config: SiteConfig) -> dict[str, str | bytes]:
    """The downloads: docs-relative path → content."""
    project = build_project(site, config)
    return {
        urls.CATALOG_QDPX.src: qdpx_bytes(project),
        urls.CATALOG_QDC.src: codebook_bytes(project),
    }
