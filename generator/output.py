"""Write the generated Markdown tree into `docs/`, touching only files whose content changed."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Files generated (written or already up to date)."""
        return len(self.written) + self.unchanged


def write_tree(
    docs_dir: Path,
    files: dict[str, str | bytes],
    owned_dirs: tuple[str, ...],
    owned_files: tuple[str, ...],
    staging: Path,
) -> WriteReport:
    """Write `files` (docs-relative path → content) and delete stale files in the owned places.

    A file is rewritten only when its content differs, so MkDocs' watcher and build caches see
    real changes only. New contents are first written to `staging` (outside `docs/`, on the same
    file system) and then moved into place together, so a watcher sees the change as one burst.
    Files outside the owned folders and files are never deleted.
    """
    report = WriteReport()
    moves: list[tuple[Path, Path]] = []
    for rel, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / rel
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        staging.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=staging, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        moves.append((Path(name), target))
        report.written.append(rel)
    for temporary, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, target)
    keep = set(files)
    for folder in owned_dirs:
        root = docs_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_file() and rel not in keep:
                path.unlink()
                report.removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for rel in owned_files:
        if rel not in keep and (docs_dir / rel).is_file():
            (docs_dir / rel).unlink()
            report.removed.append(rel)
    return report
