"""`catalog export qdpx|qdc [--output FILE]`: the published catalog for qualitative-analysis
tools (REFI-QDA): a project with the transcripts, codebook and coded quotes, or the codebook.

The same files are offered on the site's downloads page; two exports of the same release are
byte-identical. An existing file is replaced only when it is an earlier export.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

from generator.check import check_project
from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError
from generator.project import Project
from generator.qda.export import ORIGIN, build_project, codebook_bytes, qdpx_bytes
from generator.qda.writing import refuse_foreign, starts_with, write_atomically
from generator.render.site import build_view
from generator.site_config import read_site_config

HELP = "export the catalog for NVivo, ATLAS.ti, MAXQDA, QualCoder (REFI-QDA .qdpx or .qdc)"
MARKER = f'origin="{ORIGIN}"'.encode()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        choices=("qdpx", "qdc"),
        help="qdpx: project (transcripts, codebook, coded quotes); qdc: the codebook alone",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="file to write (default: catalog.qdpx or .qdc)"
    )


def _is_export(path: Path, kind: str) -> bool:
    if kind == "qdc":
        return starts_with(path, MARKER)
    try:
        with zipfile.ZipFile(path) as archive, archive.open("project.qde") as qde:
            return MARKER in qde.read(4096)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def run(project: Project, args: argparse.Namespace) -> int:
    output: Path = args.output or Path(f"catalog.{args.kind}")
    display = project.display(output)
    refuse_foreign(output, display, _is_export(output, args.kind))
    checked = check_project(project)
    if not checked.ok:
        raise CatalogError(checked.problems.errors)
    data = build_project(build_view(checked), read_site_config(project))
    content = qdpx_bytes(data) if args.kind == "qdpx" else codebook_bytes(data)
    write_atomically(output, content, display)
    selections = sum(len(s.selections) for s in data.sources)
    codes = len(data.all_codes())
    what = f"{len(data.sources)} sources, {codes} codes, {selections} coded selections"
    args.reporter.summary(f"wrote {display} ({what if args.kind == 'qdpx' else f'{codes} codes'})")
    return EXIT_OK
