"""`catalog import qdpx FILE` and `catalog import qdc FILE`: a project or codebook exported by a
qualitative-analysis tool (REFI-QDA).

A project's new sources go to the private tier, its coded selections to
`catalog_src/codings/<interview>.yaml` (paragraph ranges and code names), and mappings are
proposed for its codes; a codebook only proposes `codes.yaml` mappings (printed, or written with
`--write FILE`, which replaces only a proposal it wrote). Positions are read as the catalog
counts them unless `--positions utf16`, `--end inclusive` or `--crlf two` say how the tool did.
Nothing is written when anything is wrong.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.catalog import load_catalog
from generator.check import load_publication_leaks
from generator.exit_codes import EXIT_OK
from generator.leaks import leak_problem
from generator.problems import CatalogError, Failed, Problem, Problems
from generator.project import Project
from generator.qda.importing import PROPOSAL_MARK, Importer, code_names, key_records, propose
from generator.qda.positions import Counting
from generator.qda.read import read_qdc, read_qdpx
from generator.qda.writing import refuse_foreign, starts_with, write_atomically

HELP = "import a project (.qdpx) or codebook (.qdc) coded in NVivo, ATLAS.ti, MAXQDA, QualCoder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=("qdpx", "qdc"), help="a project, or a codebook")
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--as",
        dest="names",
        action="append",
        default=[],
        metavar="GUID=ID",
        help="the interview a source is (repeat for several), e.g. --as <guid>=I50",
    )
    parser.add_argument(
        "--positions",
        choices=("codepoints", "utf16"),
        default="codepoints",
        help="how the tool counts characters (default: code points; utf16 counts an emoji as 2)",
    )
    parser.add_argument(
        "--end",
        choices=("exclusive", "inclusive"),
        default="exclusive",
        help="whether endPosition is the last character's index (inclusive) or the one after",
    )
    parser.add_argument(
        "--crlf",
        choices=("one", "two"),
        default="one",
        help="whether the tool counts a CRLF line ending as one character or two",
    )
    parser.add_argument("--write", type=Path, help="qdc: write the proposal to this file")


def _names(values: list[str]) -> dict[str, str]:
    from generator.qda.xml import parse_guid

    found = {}
    for value in values:
        source, _, iid = value.partition("=")
        guid = parse_guid(source)
        if guid is None or not iid.startswith("I") or not iid[1:].isdigit():
            raise CatalogError(Problem("(arguments)", 0, f"--as {value}: expected GUID=I<number>"))
        found[guid] = iid
    return found


def run(project: Project, args: argparse.Namespace) -> int:
    display = str(args.file)
    if args.kind == "qdc":
        return _codebook(project, args, display)
    counting = Counting(args.positions, args.end == "inclusive", args.crlf == "two")
    read = read_qdpx(args.file, display, counting)
    if isinstance(read, Failed):
        raise CatalogError(read.problems)
    qda, warnings = read
    catalog = load_catalog(project)
    leaks = load_publication_leaks(project, Problems())
    plan = Importer(project, catalog, leaks, _names(args.names)).run(qda, display)
    if isinstance(plan, Failed):
        raise CatalogError([*plan.problems, *warnings])
    for path, text in plan.private:
        write_atomically(path, text.encode("utf-8"), "(private)/" + path.name)
    for path, text in plan.codings:
        write_atomically(path, text.encode("utf-8"), project.display(path))
    args.reporter.problems([*warnings, *plan.warnings])
    args.reporter.summary(
        f"{len(plan.codings)} interview(s) coded, {plan.passages} coded passages in "
        f"catalog_src/codings/; {len(plan.new)} new source(s) in the private tier"
    )
    if plan.new:
        args.reporter.summary(key_records(plan))
        args.reporter.summary(
            "then list their names in the key, run 'catalog pseudonymise' and add the "
            "interviews to catalog_src/interviews.yaml"
        )
    used = [(plan.code_names[c.guid], c) for _, c in qda.all_codes()]
    text = propose(catalog, used)
    args.reporter.result(text or "# every code is mapped already\n", {"proposal": text})
    return EXIT_OK


def _codebook(project: Project, args: argparse.Namespace, display: str) -> int:
    codes = read_qdc(args.file, display)
    if isinstance(codes, Failed):
        raise CatalogError(codes.problems)
    walked = [found for code in codes for found in code.walk()]
    names = code_names(walked)
    leaks = load_publication_leaks(project, Problems())
    named = [
        leak_problem(display, code.line, found[0])
        for _, code in walked
        if (found := leaks.find(code.name))
    ]
    if named:
        raise CatalogError(named)
    text = propose(load_catalog(project), [(names[c.guid], c) for _, c in walked])
    if args.write is None:
        args.reporter.result(text or "# every code is mapped already\n", {"proposal": text})
        return EXIT_OK
    target = project.display(args.write)
    refuse_foreign(args.write, target, starts_with(args.write, PROPOSAL_MARK.encode()))
    write_atomically(args.write, text.encode("utf-8"), target)
    args.reporter.summary(f"wrote {target}: review it, then move its records into codes.yaml")
    return EXIT_OK
