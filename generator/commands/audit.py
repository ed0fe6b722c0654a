"""`catalog audit`: for a privacy reviewer, what the rules may have missed in the excerpts."""

from __future__ import annotations

import argparse

from generator.audit import audit
from generator.check import check_project
from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError
from generator.project import Project

HELP = "list what the anonymisation may have missed in the published excerpts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(project: Project, args: argparse.Namespace) -> int:
    checked = check_project(project)
    if not checked.ok:
        raise CatalogError(checked.problems.errors)
    replaced, suspicious = audit(checked)
    lines = [f"# To review: {len(suspicious)} word(s) the rules may have missed"]
    lines += [f.format() for f in suspicious]
    lines += ["", f"# Replacements made in the published excerpts: {len(replaced)}"]
    lines += [f.format() for f in replaced]
    data = {
        "suspicious": [f.as_data() for f in suspicious],
        "replaced": [f.as_data() for f in replaced],
    }
    args.reporter.result("\n".join(lines), data)
    return EXIT_OK
