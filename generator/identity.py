"""Machine-readable identity of the catalog's entries: a UUID derived from each permanent id,
the same on every run and every machine (never regenerated, so nobody downstream has to remap)."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ml-quality-catalog")
"""The catalog's UUID namespace (fixed: changing it would change every entry's UUID)."""


def entry_uuid(entry_id: str) -> str:
    """`entry_uuid("MLQ-0042")`: the entry's UUIDv5."""
    return str(uuid.uuid5(NAMESPACE, entry_id))


def next_id(used: set[str]) -> str:
    """The next permanent id after every one ever used (ids are never reused)."""
    numbers = [int(i.split("-")[1]) for i in used if i.startswith("MLQ-")]
    return f"MLQ-{max(numbers, default=0) + 1:04d}"
