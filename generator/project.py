"""Where a catalog project keeps its files.

The layout is fixed by convention so that every project looks the same; only the root and the
site folder are chosen on the command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PRIVATE_DIR_VARIABLE = "CATALOG_PRIVATE_DIR"
PRIVATE_DIR_FILE = ".catalog-private"
KEY_FILE = "pseudonymisation-key.yaml"
"""The key's file name in the private folder."""


@dataclass(frozen=True)
class Project:
    """Paths of one catalog project, all derived from its root folder."""

    root: Path
    """The folder holding `mkdocs.yml` (the current directory by default, `--root` to change)."""

    @property
    def catalog_dir(self) -> Path:
        """`catalog_src/`: `interviews.yaml`, `phases.yaml`, `dimensions.yaml`, `issues/`."""
        return self.root / "catalog_src"

    @property
    def issues_dir(self) -> Path:
        """`catalog_src/issues/`: one `<id>.yaml` file per quality issue."""
        return self.catalog_dir / "issues"

    @property
    def transcripts_dir(self) -> Path:
        """`transcripts/`: one pseudonymised `.txt` file per interview, and the leak-check list."""
        return self.root / "transcripts"

    @property
    def leak_list_file(self) -> Path:
        """`transcripts/leak-check.yaml`: keyed hashes of every replaced name (no tags)."""
        return self.transcripts_dir / "leak-check.yaml"

    @property
    def private_dir(self) -> Path | None:
        """The private tier's folder (raw exports, the pseudonymisation key), outside the
        repository: `$CATALOG_PRIVATE_DIR`, else the path written in the git-ignored file
        `.catalog-private`; None when neither is set (building needs nothing private)."""
        setting = os.environ.get(PRIVATE_DIR_VARIABLE, "").strip()
        local = self.root / PRIVATE_DIR_FILE
        if not setting and local.is_file():
            setting = local.read_text(encoding="utf-8").strip()
        if not setting:
            return None
        folder = Path(setting).expanduser()
        return folder if folder.is_absolute() else (self.root / folder).resolve()

    @property
    def docs_dir(self) -> Path:
        """`docs/`: hand-written pages; generated pages go to ignored sub-folders."""
        return self.root / "docs"

    @property
    def cache_dir(self) -> Path:
        """`.catalog-cache/`: parsed inputs reused by later runs (git-ignored, safe to delete)."""
        return self.root / ".catalog-cache"

    @property
    def schema_dir(self) -> Path:
        """`schema/`: the JSON Schemas of the files, generated from the models."""
        return self.root / "schema"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the root when it is inside it."""
        root = str(self.root)
        text = os.path.abspath(path)
        if text.startswith(root + os.sep):
            return text[len(root) + 1 :].replace(os.sep, "/")
        return str(path)
