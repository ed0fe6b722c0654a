"""What changed in the catalog between git revisions: `catalog diff REV` and the changelog page.

Entries are compared by their git blob ids first, so unchanged entries are never read; only
changed files are parsed, to name the fields that changed.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.problems import CatalogError, Problem
from generator.project import Project
from generator.yaml_source import parse_yaml

ISSUES = "catalog_src/issues"
WORKING_TREE = None
"""Stands for the files as they are on disk, in place of a revision."""


@dataclass
class CatalogDiff:
    added: dict[str, str] = field(default_factory=dict)
    """Entry id → title."""
    removed: dict[str, str] = field(default_factory=dict)
    changed: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """Entry id → (title, names of the fields that changed)."""

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Release:
    tag: str
    date: str
    diff: CatalogDiff


class _Git:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.on_disk: dict[str, Path] = {}
        """Blob id → file, for working-tree files git has not stored."""

    def run(self, *args: str, stdin: str | None = None) -> str:
        try:
            result = subprocess.run(
                ["git", "-C", str(self.project.root), *args],
                input=stdin,
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError as error:
            raise CatalogError(Problem("(git)", 0, f"cannot run git: {error.strerror}")) from None
        if result.returncode:
            lines = result.stderr.strip().splitlines() or ["failed"]
            raise CatalogError(Problem("(git)", 0, f"git {args[0]}: {lines[-1]}"))
        return result.stdout

    def blobs(self, revision: str | None) -> dict[str, str]:
        """Entry id → blob id, at a revision or in the working tree."""
        if revision is WORKING_TREE:
            paths = sorted(self.project.issues_dir.glob("*.yaml"))
            ids = self.run("hash-object", "--stdin-paths", stdin="\n".join(map(str, paths)))
            for path, blob in zip(paths, ids.split(), strict=True):
                self.on_disk[blob] = path
            return dict(zip((p.stem for p in paths), ids.split(), strict=True))
        listing = self.run("ls-tree", f"{revision}:{ISSUES}")
        found = {}
        for line in listing.splitlines():
            meta, name = line.split("\t", 1)
            if name.endswith(".yaml"):
                found[name.removesuffix(".yaml")] = meta.split()[2]
        return found

    def read(self, blob: str) -> dict[str, Any]:
        path = self.on_disk.get(blob)
        if path is not None:
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            text = self.run("cat-file", "blob", blob)
        try:
            data = parse_yaml(text, blob).data
        except CatalogError:
            return {"title": "(unreadable YAML)"}
        return data if isinstance(data, dict) else {}


def _compare(git: _Git, before: dict[str, str], after: dict[str, str]) -> CatalogDiff:
    diff = CatalogDiff()
    for key in sorted(after.keys() - before.keys()):
        diff.added[key] = str(git.read(after[key]).get("title", key))
    for key in sorted(before.keys() - after.keys()):
        diff.removed[key] = str(git.read(before[key]).get("title", key))
    for key in sorted(k for k in before.keys() & after.keys() if before[k] != after[k]):
        old, new = git.read(before[key]), git.read(after[key])
        fields = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        if fields:
            diff.changed[key] = (str(new.get("title", key)), fields)
    return diff


def catalog_diff(project: Project, revision: str) -> CatalogDiff:
    """Entries added, removed and changed from `revision` to the working tree."""
    git = _Git(project)
    try:
        git.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except CatalogError:
        raise CatalogError(
            Problem(
                "(git)",
                0,
                f"unknown revision '{revision}'",
                "give a branch, tag or commit, e.g. main or v0.1.0",
            )
        ) from None
    return _compare(git, git.blobs(revision), git.blobs(WORKING_TREE))


_VERSION_TAG = re.compile(r"^v?(\d+(?:\.\d+)*)$")

History = tuple[CatalogDiff | None, list[Release]] | None
"""(unreleased changes or None, releases newest first), or None when git history is missing."""


def releases(project: Project) -> History:
    """(unreleased changes, releases newest first), from the `vX.Y.Z` tags; None without git."""
    git = _Git(project)
    try:
        git.run("rev-parse", "--git-dir")
        tags = [t for t in git.run("tag", "--list").split() if _VERSION_TAG.match(t)]
    except CatalogError:
        return None
    tags.sort(key=lambda t: tuple(int(p) for p in _VERSION_TAG.match(t).group(1).split(".")))
    result: list[Release] = []
    previous: dict[str, str] = {}
    for tag in tags:
        try:
            current = git.blobs(tag)
        except CatalogError:
            current = {}
        date = git.run("log", "-1", "--format=%cs", tag).strip()
        result.append(Release(tag, date, _compare(git, previous, current)))
        previous = current
    unreleased = _compare(git, previous, git.blobs(WORKING_TREE))
    return (unreleased if unreleased or not tags else None), result[::-1]


def render(diff: CatalogDiff, revision: str) -> str:
    """Markdown for a pull-request comment."""
    if not diff:
        return f"No catalog entry changed since `{revision}`.\n"
    out = [f"## Catalog changes since `{revision}`", ""]
    if diff.added:
        out += [f"### Added ({len(diff.added)})", ""]
        out += [f"- `{k}`: {t}" for k, t in diff.added.items()] + [""]
    if diff.changed:
        out += [f"### Changed ({len(diff.changed)})", ""]
        out += [f"- `{k}`: {t} ({', '.join(f)})" for k, (t, f) in diff.changed.items()] + [""]
    if diff.removed:
        out += [f"### Removed ({len(diff.removed)})", ""]
        out += [f"- `{k}`: {t}" for k, t in diff.removed.items()] + [""]
    return "\n".join(out)
