"""Read a REFI-QDA project (`.qdpx`) or codebook (`.qdc`) exported by another tool.

Nothing is trusted: the archive's members must stay in its folder (no absolute path, no `..`,
no link) and stay within size limits; the XML is parsed without DTDs, entities or network; the
root must be in the standard's namespace; GUIDs may be braced (`{...}`) and in any case; a text
source has `PlainTextContent` or a `plainTextPath` inside the archive (`internal://<file>`),
never both; every code reference must name a code of the codebook; positions are converted from
the tool's counting (`generator.qda.positions`) and must lie within their source. Every problem
is located (the file, and its line in `project.qde`) and reported together; a project with any
error yields no data. Breaches of `Project.xsd` that do not stop the reading are warnings.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from generator.problems import Failed, Problem
from generator.qda import model
from generator.qda.positions import BOM, CATALOG, Counting, PositionError, Positions
from generator.qda.xml import CODEBOOK_NS, PROJECT_NS, parse_guid, parser, schema_errors, tag
from generator.transcripts import MAX_TRANSCRIPT_BYTES

MAX_MEMBERS = 10_000
MAX_UNPACKED = 512 * 1024 * 1024
"""Largest unpacked project read (sources other than text are skipped, but counted)."""
MAX_SCHEMA_WARNINGS = 5


@dataclass
class _Reading:
    """One read in progress: where problems are located, and what was found so far."""

    display: str
    counting: Counting
    archive: zipfile.ZipFile | None = None
    problems: list[Problem] = field(default_factory=list)
    codes: dict[str, model.Code] = field(default_factory=dict)

    def error(self, line: int, message: str, hint: str = "", where: str = "") -> None:
        self.problems.append(Problem(where or self.display, line, message, hint))

    def warn(self, line: int, message: str, where: str = "") -> None:
        self.problems.append(Problem(where or self.display, line, message, severity="warning"))


def read_qdpx(
    path: Path, display: str, counting: Counting = CATALOG
) -> tuple[model.Project, list[Problem]] | Failed:
    """The project's sources, codes and coded selections with the warnings, or every problem
    found."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return Failed.at(display, 0, "not a REFI-QDA project: a .qdpx file is a zip archive")
    with archive:
        reading = _Reading(display, counting, archive)
        qde = _project_member(reading)
        if qde is None:
            return Failed(tuple(reading.problems))
        reading.display = f"{display}!{qde}"
        root = _parse(reading, archive.read(qde), PROJECT_NS, "Project")
        if root is None:
            return Failed(tuple(reading.problems))
        project = _project(reading, root)
    if any(p.severity == "error" for p in reading.problems):
        return Failed(tuple(reading.problems))
    return project, reading.problems


def read_qdc(path: Path, display: str) -> list[model.Code] | Failed:
    """A codebook's codes (namespace `urn:QDA-XML:codebook:1.0`)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Failed.at(display, 0, f"cannot read file: {error.strerror}")
    reading = _Reading(display, CATALOG)
    root = _parse(reading, data, CODEBOOK_NS, "CodeBook")
    if root is None:
        return Failed(tuple(reading.problems))
    codes = _codebook(reading, root.find(tag(CODEBOOK_NS, "Codes")), CODEBOOK_NS)
    if any(p.severity == "error" for p in reading.problems):
        return Failed(tuple(reading.problems))
    return codes


def _unsafe(info: zipfile.ZipInfo) -> str | None:
    """Why a member may not be unpacked, if it may not."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (parts and parts[0].endswith(":")) or ".." in parts:
        return "its path leaves the project's folder"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "it is a symbolic link"
    return None


def _project_member(reading: _Reading) -> str | None:
    """The name of the archive's one `.qde` file, after checking every member."""
    assert reading.archive is not None
    members = reading.archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        reading.error(0, "the archive is too large to be a project the catalog reads")
        return None
    for info in members:
        why = _unsafe(info)
        if why is not None:
            reading.error(0, f"zip member '{info.filename}' is refused: {why}")
    qde = [m.filename for m in members if "/" not in m.filename and m.filename.endswith(".qde")]
    if len(qde) != 1:
        found = "no project.qde" if not qde else f"{len(qde)} .qde files"
        reading.error(0, f"not a REFI-QDA project: the archive holds {found}")
    return qde[0] if len(qde) == 1 and not reading.problems else None


def _parse(reading: _Reading, data: bytes, ns: str, root_name: str) -> etree._Element | None:
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        reading.error(error.lineno or 0, f"not well-formed XML: {error.msg}")
        return None
    name = etree.QName(root)
    if name.localname != root_name or name.namespace != ns:
        found = (
            f"<{name.localname}> in namespace '{name.namespace}'"
            if name.namespace
            else (f"<{name.localname}> without a namespace")
        )
        reading.error(
            root.sourceline or 1,
            f"the root element is {found}: a REFI-QDA file's is <{root_name}> in '{ns}'",
            f'write <{root_name} xmlns="{ns}" ...> (strict importers refuse it otherwise)',
        )
        return None
    return root


def _project(reading: _Reading, root: etree._Element) -> model.Project:
    for line, message in schema_errors(root)[:MAX_SCHEMA_WARNINGS]:
        reading.warn(line, f"does not follow Project.xsd: {message}")
    codes = _codebook(reading, root.find(f"{{{PROJECT_NS}}}CodeBook/{{{PROJECT_NS}}}Codes"))
    project = model.Project(root.get("name", ""), root.get("origin", ""), codes=codes)
    sources = root.find(tag(PROJECT_NS, "Sources"))
    for element in sources if sources is not None else []:
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname != "TextSource":
            reading.warn(element.sourceline or 0, "only text sources are read: this one is skipped")
            continue
        source = _source(reading, element)
        if source is not None:
            project.sources.append(source)
    return project


def _guid(reading: _Reading, element: etree._Element, attribute: str = "guid") -> str:
    value = element.get(attribute)
    found = parse_guid(value)
    if found is None:
        what = f"'{value}' is not a GUID" if value else "is missing"
        reading.error(
            element.sourceline or 0, f"<{etree.QName(element).localname}> {attribute} {what}"
        )
        return ""
    return found


def _codebook(
    reading: _Reading, codes: etree._Element | None, ns: str = PROJECT_NS
) -> list[model.Code]:
    found = []
    for element in codes.findall(tag(ns, "Code")) if codes is not None else []:
        guid = _guid(reading, element)
        if guid in reading.codes:
            reading.error(element.sourceline or 0, f"code GUID {guid} is used twice")
        code = model.Code(
            guid,
            " ".join(element.get("name", "").split()),
            element.get("isCodable", "true").strip().lower() in ("true", "1"),
            element.findtext(tag(ns, "Description")) or "",
            _codebook(reading, element, ns),
            element.sourceline or 0,
        )
        if not code.name:
            reading.error(code.line, "a code has no name")
        reading.codes[guid] = code
        found.append(code)
    return found


def _source_text(reading: _Reading, element: etree._Element) -> tuple[str, str] | None:
    """(raw text, where it was read) of a text source."""
    line = element.sourceline or 0
    content = element.find(tag(PROJECT_NS, "PlainTextContent"))
    path = element.get("plainTextPath")
    if content is not None and path:
        reading.error(line, "the source has both PlainTextContent and plainTextPath")
        return None
    if content is not None:
        return content.text or "", f"{reading.display} (source at line {line})"
    if not path:
        reading.error(line, "the source has neither PlainTextContent nor plainTextPath")
        return None
    if not path.startswith("internal://"):
        reading.error(
            line,
            "the source's plainTextPath is not inside the project (internal://...)",
            "export the project with its sources included",
        )
        return None
    member = "sources/" + path.removeprefix("internal://")
    assert reading.archive is not None
    try:
        info = reading.archive.getinfo(member)
    except KeyError:
        reading.error(line, f"the source's text '{member}' is missing from the archive")
        return None
    if _unsafe(info) is not None or info.file_size > MAX_TRANSCRIPT_BYTES:
        reading.error(line, f"the source's text '{member}' is refused (too large or unsafe)")
        return None
    where = f"{reading.display.rsplit('!', 1)[0]}!{member}"
    try:
        return reading.archive.read(info).decode("utf-8").removeprefix(BOM), where
    except UnicodeDecodeError as error:
        reading.error(0, f"the text is not UTF-8 (byte {error.start})", where=where)
        return None


def _source(reading: _Reading, element: etree._Element) -> model.Source | None:
    guid = _guid(reading, element)
    found = _source_text(reading, element)
    if found is None:
        return None
    raw, where = found
    positions = Positions(raw, reading.counting)
    source = model.Source(
        guid,
        element.get("name", ""),
        positions.text,
        description=element.findtext(tag(PROJECT_NS, "Description")) or "",
        line=element.sourceline or 0,
        display=where,
        codes=_codings(reading, element),
    )
    for chosen in element.findall(tag(PROJECT_NS, "PlainTextSelection")):
        selection = _selection(reading, chosen, positions)
        if selection is not None:
            source.selections.append(selection)
    return source


def _codings(reading: _Reading, element: etree._Element) -> tuple[str, ...]:
    """GUIDs of the codes applied to an element, each checked against the codebook."""
    found = []
    for ref in element.findall(f"{{{PROJECT_NS}}}Coding/{{{PROJECT_NS}}}CodeRef"):
        target = _guid(reading, ref, "targetGUID")
        if target and target not in reading.codes:
            reading.error(
                ref.sourceline or 0,
                f"a coding refers to code {target}, which the codebook does not have",
                "export the project with its whole codebook",
            )
        elif target:
            found.append(target)
    return tuple(dict.fromkeys(found))


def _selection(
    reading: _Reading, element: etree._Element, positions: Positions
) -> model.Selection | None:
    line = element.sourceline or 0
    guid = _guid(reading, element)
    try:
        start = int(element.get("startPosition", ""))
        end = int(element.get("endPosition", ""))
        start, end = positions.convert(start, end)
    except ValueError as error:
        why = str(error) if isinstance(error, PositionError) else "positions are not whole numbers"
        reading.error(line, why, "check --positions and --end (see README)")
        return None
    return model.Selection(
        guid, start, end, _codings(reading, element), element.get("name", ""), line
    )
