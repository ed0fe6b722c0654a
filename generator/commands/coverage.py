"""`catalog coverage`: what the catalog does not cover yet."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from generator.check import check_project
from generator.coverage import MIN_ENTRIES_PER_INTERVIEW, measure, report
from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError
from generator.project import Project

HELP = "report what the catalog does not yet cover"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--min-entries",
        type=int,
        default=MIN_ENTRIES_PER_INTERVIEW,
        help=f"report interviews cited by fewer entries (default: {MIN_ENTRIES_PER_INTERVIEW})",
    )


def run(project: Project, args: argparse.Namespace) -> int:
    checked = check_project(project)
    if not checked.ok:
        raise CatalogError(checked.problems.errors)
    found = measure(checked, args.min_entries)
    args.reporter.result(report(found, args.min_entries), asdict(found))
    return EXIT_OK
