"""A content-addressed cache of parsed inputs, so that repeated runs (pre-commit, `catalog serve`,
CI re-runs) skip re-parsing unchanged YAML files and re-indexing unchanged transcripts.

Entries are keyed by the file's bytes, what else the result depends on, and the source code of
the modules that produce it, so a change to either invalidates them. The cache lives in
`.catalog-cache/` at the project root (ignored by git); `CATALOG_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PRODUCERS = ("yaml_source.py", "transcripts.py", "matching.py", "models.py", "cache.py")


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Hash of the modules whose output is cached."""
    digest = hashlib.sha256()
    for name in _PRODUCERS:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    """Pickled results under `folder`, one file per key; failures only cost a recomputation."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = None if os.environ.get("CATALOG_NO_CACHE") else folder

    def get(self, kind: str, content: bytes, extra: str, compute: Callable[[], T]) -> T:
        if self.folder is None:
            return compute()
        key = hashlib.sha256(
            b"\0".join([kind.encode(), _code_version().encode(), extra.encode(), content])
        ).hexdigest()
        path = self.folder / kind / f"{key}.pickle"
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            pass
        value = compute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only checkout still works, only slower
        return value
