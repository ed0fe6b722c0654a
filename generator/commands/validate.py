"""`catalog validate`: check every file, reference and quote; exit 1 on any error."""

from __future__ import annotations

import argparse

from generator.check import check_project
from generator.exit_codes import EXIT_OK, EXIT_PROBLEMS
from generator.project import Project

HELP = "check every file and quote; exit 1 on errors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options of its own: --format is common to every command


def run(project: Project, args: argparse.Namespace) -> int:
    checked = check_project(project)
    args.reporter.problems(checked.problems)
    if not checked.ok:
        return EXIT_PROBLEMS
    args.reporter.summary(
        f"catalog is valid: {len(checked.catalog.entries)} entries, "
        f"{len(checked.matches)} quotes found in {len(checked.transcripts)} transcripts"
    )
    return EXIT_OK
