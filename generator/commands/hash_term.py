"""`catalog hash-term "Name"`: the keyed hash the leak-check list would hold for a name.

It lets a maintainer ask whether a name is listed without writing it anywhere
(`grep HASH transcripts/leak-check.yaml`).
"""

from __future__ import annotations

import argparse

from generator.exit_codes import EXIT_OK
from generator.leaks import load_leak_list
from generator.problems import CatalogError, Failed
from generator.project import Project

HELP = "the keyed hash of a name, as the leak-check list holds it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("term")


def run(project: Project, args: argparse.Namespace) -> int:
    leaks = load_leak_list(project.leak_list_file, project.display(project.leak_list_file))
    if isinstance(leaks, Failed):
        raise CatalogError(leaks.problems)
    digest = leaks.term_hash(args.term)
    listed = digest in leaks.hashes
    args.reporter.result(
        f"{digest} ({'listed' if listed else 'not listed'})", {"hash": digest, "listed": listed}
    )
    return EXIT_OK
