"""`catalog schema [--check]`: write (or check) the JSON Schemas in `schema/`."""

from __future__ import annotations

import argparse

from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError, Problem
from generator.project import Project
from generator.schema import stale_schemas, write_schemas

HELP = "write the JSON Schemas of the files to schema/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="only check that the committed schemas are up to date"
    )


def run(project: Project, args: argparse.Namespace) -> int:
    folder = project.schema_dir
    if args.check:
        stale = stale_schemas(folder)
        if stale:
            raise CatalogError(
                Problem(
                    project.display(folder / name),
                    0,
                    "out of date with the models",
                    "run 'catalog schema' and commit schema/",
                )
                for name in stale
            )
        args.reporter.summary("the JSON Schemas in schema/ are up to date")
        return EXIT_OK
    for name in write_schemas(folder):
        args.reporter.summary(f"wrote {project.display(folder / name)}")
    return EXIT_OK
