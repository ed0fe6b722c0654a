"""`catalog new "Title" --phase P`: write an entry skeleton to fill in."""

from __future__ import annotations

import argparse

from generator.exit_codes import EXIT_OK
from generator.project import Project
from generator.skeleton import write_skeleton

HELP = "write a new entry skeleton (a draft, with the next free permanent id) to fill in"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title")
    parser.add_argument("--phase", required=True, help="phase id from catalog_src/phases.yaml")
    parser.add_argument("--slug", default=None, help="the page's address (default: from the title)")
    parser.add_argument("--group", default=None, help="group id from catalog_src/groups.yaml")


def run(project: Project, args: argparse.Namespace) -> int:
    path = write_skeleton(project, args.title, args.phase, args.slug, args.group)
    args.reporter.summary(f"wrote {project.display(path)}: fill it in, then run 'catalog validate'")
    return EXIT_OK
