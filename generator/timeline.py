"""Each entry's history from git: when it appeared, when it last changed, and which releases
changed which of its fields (shown on its page and in the JSON download)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.history import WORKING_TREE, Git, History, entry_ids
from generator.problems import Failed
from generator.project import Project
from generator.yaml_source import parse_yaml


@dataclass(frozen=True)
class EntryTimeline:
    """An entry's history as git tells it."""

    created: str | None
    """Date of the first commit with the entry's file (under any of its slugs)."""
    modified: str | None
    """Date of the last commit that changed it."""
    releases: tuple[tuple[str, tuple[str, ...]], ...]
    """(release tag, fields it changed) of each release that added or changed the entry, oldest
    first (`("added",)` for the release that added it)."""
    unreleased: tuple[str, ...]
    """Fields changed since the last release."""


def file_dates(git: Git) -> dict[str, list[str]]:
    """Slug → dates of the commits that touched its file, newest first (one `git log`)."""
    folder = git.entries_folder()
    log = git.run("log", "--format=%x00%cs", "--name-only", "--full-history", "--", folder + "/")
    dates: dict[str, list[str]] = {}
    for chunk in log.split("\0")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        date, names = lines[0], lines[1:]
        for name in names:
            slug = name.rsplit("/", 1)[-1].removesuffix(".yaml")
            dates.setdefault(slug, []).append(date)
    return dates


def entry_timelines(project: Project, history: History) -> dict[str, EntryTimeline]:
    """Permanent id → timeline of every entry of the working tree (empty outside git)."""
    git = Git(project)
    if history is None or not git.is_repository():
        return {}
    current = entry_ids(git, WORKING_TREE)
    slugs = {i: {s} for s, i in current.items()}
    unreleased, released = history
    changed: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for release in reversed(released):
        ids = entry_ids(git, release.tag)
        for slug, i in ids.items():
            slugs.setdefault(i, set()).add(slug)
        for slug in release.diff.added:
            changed.setdefault(ids.get(slug, ""), []).append((release.tag, ("added",)))
        for slug, (_, fields) in release.diff.changed.items():
            changed.setdefault(ids.get(slug, ""), []).append(
                (release.tag, tuple(f.name for f in fields))
            )
    dates = file_dates(git)
    pending = {
        current.get(slug, ""): tuple(f.name for f in fields)
        for slug, (_, fields) in (unreleased.changed.items() if unreleased else [])
    }
    for slug, i in current.items():
        slugs[i].update(_aliases(git, slug))
    result = {}
    for i in current.values():
        seen = sorted(d for s in slugs[i] for d in dates.get(s, []))
        result[i] = EntryTimeline(
            created=seen[0] if seen else None,
            modified=seen[-1] if seen else None,
            releases=tuple(changed.get(i, [])),
            unreleased=pending.get(i, ()),
        )
    return result


def _aliases(git: Git, slug: str) -> list[str]:
    """The former slugs an entry of the working tree lists."""
    path = git.project.issues_dir / f"{slug}.yaml"
    doc = parse_yaml(path.read_text("utf-8", errors="replace"), slug) if path.is_file() else None
    data = doc.data if doc is not None and not isinstance(doc, Failed) else None
    aliases = data.get("aliases") if isinstance(data, dict) else None
    return [str(a) for a in aliases] if isinstance(aliases, list) else []
