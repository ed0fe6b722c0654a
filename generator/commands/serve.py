"""`catalog serve`: live preview that regenerates the pages a change touches."""

from __future__ import annotations

import argparse

from generator.exit_codes import EXIT_OK
from generator.project import Project

HELP = "live preview that rebuilds when sources change"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")


def run(project: Project, args: argparse.Namespace) -> int:
    from generator.serve import serve

    serve(project, args.dev_addr)
    return EXIT_OK
