"""Where a catalog project keeps its files.

The layout is fixed by convention so that every project looks the same; only the root and the
site folder are chosen on the command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
        """`transcripts/`: one `.txt` file per interview, and the anonymisation rules."""
        return self.root / "transcripts"

    @property
    def rules_file(self) -> Path:
        """`transcripts/anonymisation.yaml`: terms replaced in everything published."""
        return self.transcripts_dir / "anonymisation.yaml"

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
