"""A content-addressed cache of parsed inputs, so that repeated runs (pre-commit, `catalog serve`,
CI re-runs) skip re-parsing unchanged YAML files, re-indexing unchanged transcripts and
re-searching quotes that did not change.

Entries are keyed by the file's bytes, what else the result depends on, and a hash of the
package's code, so a change to either invalidates them. The cache lives in
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

PACKAGE = Path(__file__).resolve().parent


def code_version(package: Path = PACKAGE) -> str:
    """Hash of every Python file of the package: any change to the code that produces a cached
    value (or to anything else) invalidates the cache, with no list to keep up to date."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _code_version() -> str:
    return code_version()


class Cache:
    """Pickled results under `folder`, one file per key; failures only cost a recomputation."""

    def __init__(self, folder: Path | None, version: str | None = None) -> None:
        self.folder = None if os.environ.get("CATALOG_NO_CACHE") else folder
        self.version = version or _code_version()
        """Code version in every key (the package's, unless a test passes another)."""
        self._memos: dict[str, Memo] = {}

    def memo(self, kind: str) -> Memo:
        """The single-file memo of a kind of small results (parsed entries, quote matches)."""
        if kind not in self._memos:
            path = self.folder / f"{kind}-{self.version}.pickle" if self.folder else None
            self._memos[kind] = Memo(path)
        return self._memos[kind]

    def save(self) -> None:
        """Write the memos that changed, and delete memo files of other code versions."""
        for memo in self._memos.values():
            memo.save()
        if self.folder is not None and self.folder.is_dir():
            current = {m.path for m in self._memos.values()}
            for path in self.folder.glob("*-*.pickle"):
                if path not in current and path.name.split("-")[0] in self._memos:
                    path.unlink(missing_ok=True)

    def get(self, kind: str, content: bytes, extra: str, compute: Callable[[], T]) -> T:
        if self.folder is None:
            return compute()
        key = hashlib.sha256(
            b"\0".join([kind.encode(), self.version.encode(), extra.encode(), content])
        ).hexdigest()
        path = self.folder / kind / f"{key}.pickle"
        try:
            with path.open("rb") as stored:
                loaded: T = pickle.load(stored)
                return loaded
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


class Memo:
    """Many small results of one kind in a single file, loaded once, saved once.

    Only the entries used by the last run are saved again, so the file does not grow forever.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored: dict[object, object] | None = None
        self._used: dict[object, object] = {}
        self._new = False

    def get(self, key: object, compute: Callable[[], T]) -> T:
        if self._stored is None:
            self._stored = self._load()
        if key in self._used:
            return self._used[key]  # type: ignore[return-value]
        if key in self._stored:
            value = self._stored[key]
        else:
            value, self._new = compute(), True
        self._used[key] = value
        return value  # type: ignore[return-value]

    def _load(self) -> dict[object, object]:
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as handle:
                data = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self) -> None:
        if self.path is None or self._stored is None:
            return
        if not self._new and len(self._used) == len(self._stored):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.path.parent, delete=False) as handle:
                pickle.dump(self._used, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self.path)
        except OSError:
            pass
        self._stored, self._new = dict(self._used), False
