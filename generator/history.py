"""What changed in the catalog between git revisions: `catalog diff REV` and the changelog page.

Entries are compared by their git blob ids first, so unchanged entries are never read; only
changed files are parsed, to name the fields that changed and show their text before and after.
Paths are taken from the project's place in the repository, so every command works from any
folder of a checkout, and the project may sit below the repository's top level.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import files
from generator.problems import CatalogError, Failed, Problem
from generator.project import Project
from generator.yaml_source import parse_yaml

WORKING_TREE = None
"""Stands for the files as they are on disk, in place of a revision."""
_VERSION_TAG = re.compile(r"^v?(\d+(?:\.\d+)*)$")


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any


@dataclass
class CatalogDiff:
    """What changed between two states of the catalog; entries are keyed by their slug in the
    later state (in the earlier one for removed entries), and paired across a rename by their
    permanent id."""

    added: dict[str, str] = field(default_factory=dict)
    """Slug → title."""
    removed: dict[str, str] = field(default_factory=dict)
    changed: dict[str, tuple[str, list[FieldChange]]] = field(default_factory=dict)
    """Slug → (title, the fields that changed, with their values before and after)."""
    deprecated: dict[str, str] = field(default_factory=dict)
    """Slug → title of the entries that became deprecated (also in `changed`)."""
    retired: dict[str, str] = field(default_factory=dict)
    """Slug → title of the entries that became retired (also in `changed`)."""

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Release:
    tag: str
    date: str
    diff: CatalogDiff


History = tuple[CatalogDiff | None, list[Release]] | None
"""(unreleased changes or None, releases newest first), or None when git history is missing."""


class Git:
    """The project's git repository, run from the project folder."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.on_disk: dict[str, Path] = {}
        """Blob id → file, for working-tree files git has not stored."""
        self._prefix: str | None = None
        self._texts: dict[str, str] = {}
        self._parsed: dict[str, dict[str, Any]] = {}

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

    def is_repository(self) -> bool:
        try:
            self.run("rev-parse", "--git-dir")
        except CatalogError:
            return False
        return True

    @property
    def prefix(self) -> str:
        """The project folder's path from the repository's top level (`` or `sub/dir/`)."""
        if self._prefix is None:
            self._prefix = self.run("rev-parse", "--show-prefix").strip()
        return self._prefix

    def entries_folder(self) -> str:
        """`catalog_src/issues` as a path from the repository's top level."""
        return self.prefix + files.ENTRY.path.rsplit("/", 1)[0]

    def verify(self, revision: str) -> None:
        try:
            self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except CatalogError:
            raise CatalogError(
                Problem(
                    "(git)",
                    0,
                    f"unknown revision '{revision}'",
                    "give a branch, tag or commit, e.g. main or v0.1.0",
                )
            ) from None

    def blobs(self, revision: str | None) -> dict[str, str]:
        """Entry id → blob id, at a revision or in the working tree."""
        if revision is WORKING_TREE:
            paths = sorted(self.project.issues_dir.glob("*.yaml"))
            if not paths:
                return {}
            ids = self.run("hash-object", "--stdin-paths", stdin="\n".join(map(str, paths)))
            for path, blob in zip(paths, ids.split(), strict=True):
                self.on_disk[blob] = path
            return dict(zip((p.stem for p in paths), ids.split(), strict=True))
        folder = self.entries_folder()
        listing = self.run("ls-tree", "--full-tree", revision, "--", folder + "/")
        found = {}
        for line in listing.splitlines():
            meta, name = line.split("\t", 1)
            name = name.rsplit("/", 1)[-1]
            if name.endswith(".yaml"):
                found[name.removesuffix(".yaml")] = meta.split()[2]
        return found

    def prefetch(self, blobs: Iterable[str]) -> None:
        """Read many stored blobs with one `git cat-file --batch` (one process, not one each)."""
        wanted = sorted({b for b in blobs if b not in self._texts and b not in self.on_disk})
        if not wanted:
            return
        try:
            result = subprocess.run(
                ["git", "-C", str(self.project.root), "cat-file", "--batch"],
                input=("\n".join(wanted) + "\n").encode(),
                capture_output=True,
                check=True,
            )
        except (OSError, subprocess.CalledProcessError) as error:
            raise CatalogError(Problem("(git)", 0, f"git cat-file: {error}")) from None
        data, pos = result.stdout, 0
        for blob in wanted:
            header_end = data.index(b"\n", pos)
            size = int(data[pos:header_end].split()[2])
            self._texts[blob] = data[header_end + 1 : header_end + 1 + size].decode(
                "utf-8", errors="replace"
            )
            pos = header_end + 1 + size + 1

    def read(self, blob: str) -> dict[str, Any]:
        if blob not in self._parsed:
            self._parsed[blob] = self._parse(blob)
        return self._parsed[blob]

    def _parse(self, blob: str) -> dict[str, Any]:
        path = self.on_disk.get(blob)
        if path is not None:
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            if blob not in self._texts:
                self.prefetch([blob])
            text = self._texts[blob]
        doc = parse_yaml(text, blob)
        if isinstance(doc, Failed):
            return {"title": "(unreadable YAML)"}
        return doc.data if isinstance(doc.data, dict) else {}

    def version_tags(self) -> list[str]:
        """The `vX.Y.Z` tags, oldest version first."""
        tags = [t for t in self.run("tag", "--list").split() if _VERSION_TAG.match(t)]
        return sorted(tags, key=version_key)

    def date(self, revision: str) -> str:
        return self.run("log", "-1", "--format=%cs", revision).strip()


def version_key(tag: str) -> tuple[int, ...]:
    match = _VERSION_TAG.match(tag)
    return tuple(int(p) for p in match.group(1).split(".")) if match else ()


def compare(git: Git, before: dict[str, str], after: dict[str, str]) -> CatalogDiff:
    """The diff from one state (slug → blob) to another; a renamed entry is one change (its
    `slug` field), not a removal and an addition."""
    diff = CatalogDiff()
    changed = [before[k] for k in before if after.get(k) != before[k]]
    git.prefetch([*changed, *(after[k] for k in after if before.get(k) != after[k])])
    gone = {k: git.read(before[k]) for k in before.keys() - after.keys()}
    new = {k: git.read(after[k]) for k in after.keys() - before.keys()}
    renamed_from = {}
    by_id = {str(d.get("id")): k for k, d in gone.items() if d.get("id")}
    for key, data in new.items():
        old_key = by_id.get(str(data.get("id"))) if data.get("id") else None
        if old_key is not None:
            renamed_from[key] = old_key
    for key in sorted(new):
        if key not in renamed_from:
            diff.added[key] = str(new[key].get("title", key))
    for key in sorted(set(gone) - set(renamed_from.values())):
        diff.removed[key] = str(gone[key].get("title", key))
    pairs = [(k, k) for k in before.keys() & after.keys() if before[k] != after[k]]
    pairs += [(old, key) for key, old in renamed_from.items()]
    for old_key, key in sorted(pairs, key=lambda p: p[1]):
        old = gone.get(old_key) or git.read(before[old_key])
        now = new.get(key) or git.read(after[key])
        changes = [
            FieldChange(name, old.get(name), now.get(name))
            for name in sorted(old.keys() | now.keys())
            if old.get(name) != now.get(name)
        ]
        if old_key != key:
            changes.insert(0, FieldChange("slug", old_key, key))
        if changes:
            _record(diff, key, str(now.get("title", key)), changes, old, now)
    return diff


def _record(
    diff: CatalogDiff,
    key: str,
    title: str,
    changes: list[FieldChange],
    old: dict[str, Any],
    new: dict[str, Any],
) -> None:
    diff.changed[key] = (title, changes)
    status = str(new.get("status", "stable"))
    if status != str(old.get("status", "stable")):
        if status == "deprecated":
            diff.deprecated[key] = title
        elif status == "retired":
            diff.retired[key] = title


def catalog_diff(project: Project, revision: str) -> CatalogDiff:
    """Entries added, removed and changed from `revision` to the working tree."""
    git = Git(project)
    git.verify(revision)
    return compare(git, git.blobs(revision), git.blobs(WORKING_TREE))


def releases(project: Project) -> History:
    """(unreleased changes, releases newest first), from the `vX.Y.Z` tags; None outside a git
    checkout. Any other git failure is an error, never a silently empty history."""
    git = Git(project)
    if not git.is_repository():
        return None
    result: list[Release] = []
    previous: dict[str, str] = {}
    tags = git.version_tags()
    for tag in tags:
        current = git.blobs(tag)
        result.append(Release(tag, git.date(tag), compare(git, previous, current)))
        previous = current
    unreleased = compare(git, previous, git.blobs(WORKING_TREE))
    return (unreleased if unreleased or not tags else None), result[::-1]


def with_titles(history: History, rewrite: Callable[[str], str]) -> History:
    """The history with every title rewritten (old titles through today's leak list)."""
    if history is None:
        return None
    unreleased, released = history

    def diff(d: CatalogDiff) -> CatalogDiff:
        return CatalogDiff(
            added={k: rewrite(t) for k, t in d.added.items()},
            removed={k: rewrite(t) for k, t in d.removed.items()},
            changed={k: (rewrite(t), fields) for k, (t, fields) in d.changed.items()},
            deprecated={k: rewrite(t) for k, t in d.deprecated.items()},
            retired={k: rewrite(t) for k, t in d.retired.items()},
        )

    return (
        diff(unreleased) if unreleased is not None else None,
        [Release(r.tag, r.date, diff(r.diff)) for r in released],
    )


def entry_ids(git: Git, revision: str | None) -> dict[str, str]:
    """Slug → permanent id of every entry at a revision (or in the working tree)."""
    blobs = git.blobs(revision)
    git.prefetch(blobs.values())
    return {slug: str(git.read(blob).get("id", "")) for slug, blob in blobs.items()}


def ids_in_releases(git: Git) -> set[str]:
    """Every permanent id any release ever held."""
    return {i for tag in git.version_tags() for i in entry_ids(git, tag).values() if i}
