"""`catalog diff REV`: entries added, changed and removed since a git revision."""

from __future__ import annotations

import argparse

from generator.exit_codes import EXIT_OK
from generator.history import catalog_diff
from generator.project import Project
from generator.render.changes import diff_data, render_diff

HELP = "entries added, removed and changed since a revision"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("revision", help="a git revision, e.g. main or v0.1.0")


def run(project: Project, args: argparse.Namespace) -> int:
    found = catalog_diff(project, args.revision)
    args.reporter.result(render_diff(found, args.revision), diff_data(found))
    return EXIT_OK
