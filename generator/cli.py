"""The `catalog` command line: the parser, the name → command table and the exit codes.

Each command lives in `generator.commands`; this module parses arguments, hands the command its
project and reporter, and turns failures into exit codes (never a traceback, unless `--debug`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.commands import COMMANDS
from generator.exit_codes import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS
from generator.leaks import load_leak_list
from generator.problems import CatalogError, Failed
from generator.project import Project
from generator.reporters import FORMATS, Redact, make_reporter


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="catalog", description="Validate, build and preview the ML quality-issues catalog."
    )
    top.add_argument("--version", action="version", version=f"catalog {__version__}")
    top.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding mkdocs.yml (default: current folder)",
    )
    top.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how problems are reported: text (default), github (Actions annotations) or json",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        sub = commands.add_parser(name, help=module.HELP, description=module.HELP, parents=[common])
        module.add_arguments(sub)
    return top


def _redactor(project: Project) -> Redact:
    """Masks listed names in everything reported (none when the list cannot be read: its own
    problems are then reported by the command)."""
    leaks = load_leak_list(project.leak_list_file, project.display(project.leak_list_file))
    return (lambda text: text) if isinstance(leaks, Failed) else leaks.redact


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project(args.root.resolve())
    redact = _redactor(project)
    args.reporter = make_reporter(args.format, args.command, sys.stdout, sys.stderr, redact)
    try:
        code: int = COMMANDS[args.command].run(project, args)
    except CatalogError as error:
        args.reporter.problems(error.problems)
        code = EXIT_PROBLEMS
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if args.debug:
            raise
        print(
            f"catalog: internal error: {type(error).__name__} "
            "(run with --debug for details and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    args.reporter.finish()
    return code
