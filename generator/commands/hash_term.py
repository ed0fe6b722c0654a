"""`catalog hash-term "Name"`: the salted hash of a name, to list it without writing it."""

from __future__ import annotations

import argparse

from generator.anonymise import load_rules, term_hash
from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError, Failed, Problem
from generator.project import Project

HELP = "the salted hash of a name, for the rules"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("term")


def run(project: Project, args: argparse.Namespace) -> int:
    display = project.display(project.rules_file)
    rules = load_rules(project.rules_file, display)
    if isinstance(rules, Failed):
        raise CatalogError(rules.problems)
    if not rules.salt:
        raise CatalogError(
            Problem(display, 0, "no 'salt' in the rules", "add 'salt: <a random string>'")
        )
    digest = term_hash(args.term, rules.salt)
    args.reporter.result(digest, {"hash": digest})
    return EXIT_OK
