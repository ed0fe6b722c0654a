"""`catalog build`: validate, generate, build with MkDocs, check the output, swap the site in."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.build import build_site
from generator.exit_codes import EXIT_OK
from generator.project import Project

HELP = "validate, generate pages and build the site"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="where to write the site (default: site/ in the project)",
    )
    parser.add_argument(
        "--drafts", action="store_true", help="include draft entries (a preview, not a release)"
    )


def run(project: Project, args: argparse.Namespace) -> int:
    site_dir = args.site_dir or project.root / "site"
    report = build_site(project, site_dir, drafts=args.drafts)
    args.reporter.problems(report.checked.problems)
    args.reporter.summary(
        f"built {report.pages} pages and downloads into {report.site_dir} "
        f"({len(report.written.written)} generated files changed)"
    )
    return EXIT_OK
