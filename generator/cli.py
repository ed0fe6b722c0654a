"""The `catalog` command line: parse arguments, call the step, report problems. Nothing else."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.problems import CatalogError, Problem
from generator.project import Project

EXIT_OK, EXIT_PROBLEMS, EXIT_INTERNAL = 0, 1, 3  # argparse exits with 2 on usage errors


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="catalog", description="Validate, build and preview the ML quality-issues catalog."
    )
    parser.add_argument("--version", action="version", version=f"catalog {__version__}")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding mkdocs.yml (default: current folder)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every file and quote; exit 1 on errors")
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' prints GitHub Actions annotations",
    )

    build = commands.add_parser("build", help="validate, generate pages and build the site")
    build.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="where to write the site (default: site/ in the project)",
    )

    serve = commands.add_parser("serve", help="live preview that rebuilds when sources change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")

    transcript = commands.add_parser("transcript", help="show how a transcript file is read")
    transcript.add_argument("file", type=Path)
    transcript.add_argument("--json", action="store_true", help="print JSON (the default)")

    schema = commands.add_parser("schema", help="write the JSON Schemas of the files to schema/")
    schema.add_argument(
        "--check", action="store_true", help="only check that the committed schemas are up to date"
    )

    coverage = commands.add_parser("coverage", help="report what the catalog does not yet cover")
    coverage.add_argument(
        "--min-entries",
        type=int,
        default=5,
        help="report interviews cited by fewer entries (default: 5)",
    )

    diff = commands.add_parser("diff", help="entries added, removed and changed since a revision")
    diff.add_argument("revision", help="a git revision, e.g. main or v0.1.0")

    commands.add_parser(
        "audit",
        help="list what the anonymisation may have missed in the "
        "published excerpts, and every replacement made",
    )

    hash_term = commands.add_parser("hash-term", help="the salted hash of a name, for the rules")
    hash_term.add_argument("term")

    new = commands.add_parser("new", help="write a new entry skeleton to fill in")
    new.add_argument("title")
    new.add_argument("--phase", required=True, help="phase id from catalog_src/phases.yaml")
    new.add_argument("--id", dest="entry_id", default=None, help="entry id (default: from title)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    project = Project(args.root.resolve())
    try:
        return _run(args, project)
    except CatalogError as error:
        _report(error.problems, getattr(args, "format", "text"))
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if args.debug:
            raise
        print(
            f"catalog: internal error: {type(error).__name__}: {error} "
            "(run with --debug for details and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _report(problems: list[Problem], style: str) -> None:
    for problem in problems:
        print(problem.format_github() if style == "github" else problem.format(), file=sys.stdout)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _run(args: argparse.Namespace, project: Project) -> int:
    if args.command == "validate":
        from generator.check import check_project

        checked = check_project(project)
        problems = list(checked.problems)
        if problems:
            _report(problems, args.format)
        if not checked.ok:
            return EXIT_PROBLEMS
        print(
            f"catalog is valid: {len(checked.catalog.entries)} entries, "
            f"{len(checked.matches)} quotes found in {len(checked.transcripts)} transcripts",
            file=sys.stderr,
        )
        return EXIT_OK
    if args.command == "build":
        from generator.build import build_site

        site_dir = args.site_dir or project.root / "site"
        report = build_site(project, site_dir)
        warnings = list(report.checked.problems)
        if warnings:
            _report(warnings, "text")
        print(
            f"built {report.pages} pages and downloads into {report.site_dir} "
            f"({len(report.written.written)} generated files changed)",
            file=sys.stderr,
        )
        return EXIT_OK
    if args.command == "serve":
        from generator.serve import serve

        serve(project, args.dev_addr)
        return EXIT_OK
    if args.command == "transcript":
        from generator.transcripts import read_transcript

        transcript = read_transcript(args.file, str(args.file))
        print(json.dumps(transcript.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.command == "coverage":
        from generator.check import check_project
        from generator.coverage import measure, report

        checked = check_project(project)
        if not checked.ok:
            raise CatalogError(checked.problems.errors)
        print(report(measure(checked, args.min_entries), args.min_entries))
        return EXIT_OK
    if args.command == "diff":
        from generator.diff import catalog_diff, render

        print(render(catalog_diff(project, args.revision), args.revision), end="")
        return EXIT_OK
    if args.command == "audit":
        from generator.audit import audit
        from generator.check import check_project

        checked = check_project(project)
        if not checked.ok:
            raise CatalogError(checked.problems.errors)
        replaced, suspicious = audit(checked)
        print(f"# To review: {len(suspicious)} word(s) the rules may have missed")
        print("\n".join(f.format() for f in suspicious))
        print(f"\n# Replacements made in the published excerpts: {len(replaced)}")
        print("\n".join(f.format() for f in replaced))
        return EXIT_OK
    if args.command == "hash-term":
        from generator.anonymise import load_rules, term_hash
        from generator.problems import Problems

        problems = Problems()
        rules = load_rules(project.rules_file, project.display(project.rules_file), problems)
        if problems.errors:
            raise CatalogError(problems.errors)
        if not rules.salt:
            raise CatalogError(
                Problem(
                    project.display(project.rules_file),
                    0,
                    "no 'salt' in the rules",
                    "add 'salt: <a random string>'",
                )
            )
        print(term_hash(args.term, rules.salt))
        return EXIT_OK
    if args.command == "schema":
        from generator.schema import stale_schemas, write_schemas

        folder = project.root / "schema"
        if args.check:
            stale = stale_schemas(folder)
            for name in stale:
                print(f"schema/{name}: out of date with the models (run 'catalog schema')")
            return EXIT_PROBLEMS if stale else EXIT_OK
        for name in write_schemas(folder):
            print(f"wrote schema/{name}", file=sys.stderr)
        return EXIT_OK
    if args.command == "new":
        from generator.skeleton import write_skeleton

        path = write_skeleton(project, args.title, args.phase, args.entry_id)
        print(
            f"wrote {project.display(path)}: fill it in, then run 'catalog validate'",
            file=sys.stderr,
        )
        return EXIT_OK
    raise AssertionError(args.command)  # pragma: no cover - argparse restricts commands
