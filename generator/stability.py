"""The promise a citation relies on, checked against every release: no permanent id disappears,
no id is reused for another entry, and every address a release published still leads somewhere
(the entry's slug, or a redirect from a former slug).

An id's entry must keep its slug or list the old one among its `aliases`: an id that turns up
under a new slug without the old one as an alias is either a rename without a redirect or an id
reused for a different entry, and both break what readers hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog import Catalog
from generator.history import Git, entry_ids
from generator.problems import Problem


@dataclass(frozen=True)
class Released:
    """What one release published: its entries' ids and addresses."""

    tag: str
    ids: dict[str, str]
    """Slug → permanent id."""
    aliases: dict[str, list[str]]
    """Slug → its aliases at the release."""


def released(git: Git) -> list[Released]:
    found = []
    for tag in git.version_tags():
        blobs = git.blobs(tag)
        git.prefetch(blobs.values())
        aliases = {}
        for slug, blob in blobs.items():
            listed = git.read(blob).get("aliases")
            aliases[slug] = [str(a) for a in listed] if isinstance(listed, list) else []
        found.append(Released(tag, entry_ids(git, tag), aliases))
    return found


def check_stability(catalog: Catalog, releases: list[Released]) -> list[Problem]:
    """Every broken promise of the working tree towards the releases, located in its files."""
    problems: list[Problem] = []
    by_id = catalog.slugs_by_id
    addresses = {alias: slug for slug, e in catalog.entries.items() for alias in e.aliases}
    addresses.update({slug: slug for slug in catalog.entries})
    for release in releases:
        for slug, entry_id in sorted(release.ids.items()):
            problems += _check_entry(catalog, release, slug, entry_id, by_id, addresses)
    return _unique(problems)


def _check_entry(
    catalog: Catalog,
    release: Released,
    slug: str,
    entry_id: str,
    by_id: dict[str, str],
    addresses: dict[str, str],
) -> list[Problem]:
    found = []
    now = by_id.get(entry_id)
    if now is None:
        found.append(
            Problem(
                "catalog_src/issues",
                0,
                f"{entry_id} ({slug}), published in {release.tag}, no longer exists",
                "ids are never removed: keep the file with 'status: retired' and a pointer onward",
            )
        )
    elif now != slug and slug not in catalog.entries[now].aliases:
        source = catalog.entry_sources[now]
        found.append(
            Problem(
                source.path,
                source.line("id"),
                f"{entry_id} was '{slug}' in {release.tag}: its old address would break, or "
                "the id is reused for a different entry",
                f"add '{slug}' to aliases if it is the same entry; a new entry needs a new id",
            )
        )
    for address in [slug, *release.aliases.get(slug, [])]:
        if address not in addresses:
            found.append(
                Problem(
                    "catalog_src/issues",
                    0,
                    f"the address issues/{address}/, published in {release.tag}, leads nowhere",
                    "list it in the aliases of the entry that replaces it",
                )
            )
    return found


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
