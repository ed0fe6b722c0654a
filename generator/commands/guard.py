"""`catalog guard`: every id and address that a release published still works (for CI)."""

from __future__ import annotations

import argparse

from generator.catalog import load_catalog
from generator.exit_codes import EXIT_OK
from generator.history import Git
from generator.problems import CatalogError, Problem
from generator.project import Project
from generator.stability import check_stability, released

HELP = "check that no id or address of a release disappears or is reused (for CI)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(project: Project, args: argparse.Namespace) -> int:
    git = Git(project)
    if not git.is_repository():
        raise CatalogError(
            Problem("(git)", 0, "not a git checkout: there are no releases to check")
        )
    catalog = load_catalog(project)
    if catalog.problems:
        raise CatalogError(catalog.problems)
    releases = released(git)
    problems = check_stability(catalog, releases)
    if problems:
        raise CatalogError(problems)
    ids = sum(len(r.ids) for r in releases)
    args.reporter.summary(
        f"every id and address of {len(releases)} release(s) still works ({ids} checked)"
    )
    return EXIT_OK
