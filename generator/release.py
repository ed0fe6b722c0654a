"""`catalog release VERSION`: a version of the catalog a paper can pin.

The release is made only from a clean, valid working tree whose ids and addresses keep every
promise of earlier releases. It writes the release notes (from the data diff: added, changed,
deprecated, retired, with the fields that changed), a snapshot of the downloads under
`releases/vX.Y.Z/` (kept in the repository, so the site offers every release's data), updates
the version and date in `CITATION.cff`, commits, tags, and writes an archive for a data
repository (`dist/<name>-vX.Y.Z.zip`, byte-identical when made again from the same tag).
Drafts are never part of a release.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.history import CatalogDiff, Git, compare, version_key
from generator.problems import CatalogError, Problem
from generator.project import Project

VERSION = re.compile(r"^\d+\.\d+\.\d+$")
RELEASES = "releases"
"""Folder of the repository holding each release's notes and data."""
ARCHIVE_TIME = (2000, 1, 1, 0, 0, 0)
"""Timestamp of every archive member: the same archive from the same files."""


@dataclass(frozen=True)
class ReleasePlan:
    version: str
    tag: str
    date: str
    previous: str | None
    diff: CatalogDiff


def plan_release(project: Project, version: str, date: str | None = None) -> ReleasePlan:
    """What the release would be; refused (located problems) unless everything is in order."""
    if not VERSION.match(version):
        raise CatalogError(Problem("(arguments)", 0, f"'{version}' is not X.Y.Z", "e.g. 1.0.0"))
    git = Git(project)
    if not git.is_repository():
        raise CatalogError(Problem("(git)", 0, "a release needs a git checkout"))
    tag = f"v{version}"
    tags = git.version_tags()
    if tag in tags:
        raise CatalogError(Problem("(git)", 0, f"{tag} exists already", "choose the next version"))
    if tags and version_key(tag) <= version_key(tags[-1]):
        raise CatalogError(
            Problem("(git)", 0, f"{tag} is not after {tags[-1]}", "versions only go up")
        )
    dirty = git.run("status", "--porcelain").strip()
    if dirty:
        count = len(dirty.splitlines())
        raise CatalogError(
            Problem(
                "(git)", 0, f"the working tree has {count} uncommitted change(s)", "commit them"
            )
        )
    previous = tags[-1] if tags else None
    before = git.blobs(previous) if previous else {}
    diff = compare(git, before, git.blobs("HEAD"))
    day = date or datetime.date.today().isoformat()
    return ReleasePlan(version, tag, day, previous, diff)


def notes(plan: ReleasePlan, titles: dict[str, str], drafts: set[str]) -> str:
    """Markdown release notes; `titles` gives current titles by slug, drafts are left out."""
    lines = [f"# Release {plan.tag} ({plan.date})", ""]
    if plan.previous:
        lines += [f"Changes since {plan.previous}.", ""]
    d = plan.diff
    sections = [
        ("Added", {k: t for k, t in d.added.items() if k not in drafts}, None),
        ("Deprecated", d.deprecated, None),
        ("Retired", d.retired, None),
        ("Changed", {k: t for k, (t, _) in d.changed.items() if k not in drafts}, d.changed),
        ("Removed", d.removed, None),
    ]
    for title, items, changes in sections:
        if not items:
            continue
        lines += [f"## {title} ({len(items)})", ""]
        for slug, entry_title in items.items():
            fields = ""
            if changes is not None:
                fields = ": " + ", ".join(f.name for f in changes[slug][1])
            lines.append(f"- {titles.get(slug, entry_title)} (`{slug}`){fields}")
        lines.append("")
    if len(lines) <= 4:
        lines += ["No entry changed.", ""]
    return "\n".join(lines)


def update_citation(path: Path, version: str, date: str) -> None:
    """Set `version` and `date-released` in CITATION.cff, leaving every other line as it is."""
    text = path.read_text(encoding="utf-8")
    for key, value in (("version", version), ("date-released", date)):
        pattern = re.compile(rf"^{key}:.*$", re.M)
        line = f'{key}: "{value}"'
        text = pattern.sub(line, text, count=1) if pattern.search(text) else text + line + "\n"
    path.write_text(text, encoding="utf-8")


def write_archive(target: Path, members: dict[str, bytes]) -> None:
    """A zip whose bytes depend only on its members (sorted, fixed times and modes)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ARCHIVE_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
