"""`catalog new "Title" --phase P`: write an entry skeleton to fill in."""

from __future__ import annotations

import argparse

from generator.exit_codes import EXIT_OK
from generator.project import Project
from generator.skeleton import write_skeleton

HELP = "write a new entry skeleton to fill in"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title")
    parser.add_argument("--phase", required=True, help="phase id from catalog_src/phases.yaml")
    parser.add_argument(
        "--id", dest="entry_id", default=None, help="entry id (default: from title)"
    )


def run(project: Project, args: argparse.Namespace) -> int:
    path = write_skeleton(project, args.title, args.phase, args.entry_id)
    args.reporter.summary(f"wrote {project.display(path)}: fill it in, then run 'catalog validate'")
    return EXIT_OK
