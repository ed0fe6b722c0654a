"""`catalog audit`: what a privacy reviewer and a curator should look at by hand."""

from __future__ import annotations

import argparse

from generator.audit import audit, mislabelled
from generator.check import check_project
from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError
from generator.project import Project

HELP = "for a reviewer: words the pseudonymisation may have missed, speaker labels to confirm"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(project: Project, args: argparse.Namespace) -> int:
    checked = check_project(project)
    if not checked.ok:
        raise CatalogError(checked.problems.errors)
    tags, suspicious = audit(checked)
    labels = mislabelled(checked)
    lines = [f"# To review: {len(suspicious)} word(s) the pseudonymisation may have missed"]
    lines += [f.format() for f in suspicious]
    lines += ["", f"# Speaker labels to confirm: {len(labels)}"]
    lines += [f.format() for f in labels]
    lines += ["", f"# Tags in the published excerpts: {len(tags)}"]
    lines += [f.format() for f in tags]
    data = {
        "suspicious": [f.as_data() for f in suspicious],
        "speaker_labels": [f.as_data() for f in labels],
        "tags": [f.as_data() for f in tags],
    }
    args.reporter.result("\n".join(lines), data)
    return EXIT_OK
