"""Writing what exchange commands make: whole files or nothing, and never over a file that the
catalog did not make."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.problems import CatalogError, Problem


def write_atomically(path: Path, data: bytes, display: str) -> None:
    """Write `data` to `path` through a temporary file renamed into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except OSError as error:
        raise CatalogError(
            Problem(display, 0, f"cannot write the file: {error.strerror or 'write failed'}")
        ) from None


def starts_with(path: Path, marker: bytes, within: int = 4096) -> bool:
    """The file's first bytes hold `marker` (a file a catalog command made)."""
    try:
        with path.open("rb") as handle:
            return marker in handle.read(within)
    except OSError:
        return False


def refuse_foreign(path: Path, display: str, ours: bool) -> None:
    """Refuse to replace an existing file that a catalog command did not make."""
    if path.exists() and (path.is_dir() or not ours):
        raise CatalogError(
            Problem(
                display,
                0,
                "a file the catalog did not make is already there: left as it is",
                "choose another --output, or move the file away",
            )
        )
