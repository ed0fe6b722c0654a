"""QDA-XML's namespaces, GUIDs and schema, and a parser that is safe for files from anywhere."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache
from pathlib import Path

from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_FILE = Path(__file__).with_name("Project.xsd")
"""The standard's project schema (QDA-XML 1.0, MIT licence), shipped with the package."""
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ml-quality-catalog:refi-qda")
"""Namespace of every GUID the export makes (fixed: changing it changes every GUID)."""

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def guid(*key: str) -> str:
    """A deterministic GUID (UUIDv5) for a stable key, e.g. `guid("selection", "I7", "10")`."""
    return str(uuid.uuid5(NAMESPACE, "/".join(key)))


def parse_guid(value: str | None) -> str | None:
    """A GUID in its canonical form (lowercase, no braces), or None when it is not one."""
    if value is None:
        return None
    found = _GUID.match(value.strip())
    if found is None or value.strip().count("{") != value.strip().count("}"):
        return None
    return found.group(1).lower()


def tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def parser() -> etree.XMLParser:
    """No DTD, no entity expansion, no network: a file cannot make the parser fetch or grow."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )


@lru_cache(maxsize=1)
def project_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), parser()))


def schema_errors(document: etree._Element) -> list[tuple[int, str]]:
    """(line, message) of every way `document` breaks `Project.xsd`."""
    schema = project_schema()
    if schema.validate(document):
        return []
    return [(error.line, error.message) for error in schema.error_log]


def to_bytes(root: etree._Element) -> bytes:
    """The document as UTF-8 with its declaration, indented (deterministic)."""
    etree.indent(root, space="  ")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"
