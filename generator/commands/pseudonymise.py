"""`catalog pseudonymise`: the private tier (raw exports and key) → the public transcripts.

Without options it writes `transcripts/<id>.txt` for every transcript of the key and adds the
keyed hashes of its terms to `transcripts/leak-check.yaml`; it is idempotent and says how many
replacements of each tag it made. `--check` only compares. `--add-term` removes a name found
later from a public transcript when the key is no longer kept (with the key, add the term to the
key instead, so the two never disagree).
"""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

import yaml
from pydantic import ValidationError

from generator import files
from generator.catalog import load_registry
from generator.exit_codes import EXIT_OK
from generator.folding import fold
from generator.leaks import Found, LeakList, load_leak_list
from generator.problems import CatalogError, Failed, Problem
from generator.project import KEY_FILE, PRIVATE_DIR_FILE, PRIVATE_DIR_VARIABLE, Project
from generator.pseudonymise import (
    Key,
    Pseudonymised,
    Term,
    apply_terms,
    describe,
    first_word_hashes,
    leak_hashes,
    pseudonymise,
    terms_of,
)
from generator.schema_errors import problems_from
from generator.transcript_formats import as_text
from generator.transcripts import MAX_TRANSCRIPT_BYTES, PSEUDONYMISED_MARK
from generator.yaml_source import load_yaml, read_text

HELP = "make the public transcripts from the private tier (raw exports and key)"
LEAK_LIST_HEADER = (
    "# yaml-language-server: $schema=../schema/leak-check.schema.json\n"
    "# Written by `catalog pseudonymise`: the keyed hashes of every name and identifying detail\n"
    "# replaced in the transcripts, so that the build can refuse to publish one. There is no tag\n"
    "# beside a hash: nothing here maps a tag back to a person. The salt is public on purpose.\n"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="only check that the public transcripts are what the private tier makes",
    )
    parser.add_argument("--add-term", metavar="TERM", help="a name found later, to replace")
    parser.add_argument("--tag", help="with --add-term: the tag replacing it, e.g. '[Person C]'")
    parser.add_argument("--interview", help="with --add-term: the interview, e.g. I7")
    parser.add_argument(
        "--paragraph",
        type=int,
        action="append",
        default=[],
        help="with --add-term: only in this paragraph (repeat for several)",
    )


def run(project: Project, args: argparse.Namespace) -> int:
    if args.add_term:
        return _add_term(project, args)
    key, key_dir = _load_key(project)
    leaks = _leak_list(project)
    made: list[Pseudonymised] = []
    problems: list[Problem] = []
    for record in key.transcripts:
        raw_path = (key_dir / record.raw).resolve()
        raw = as_text(raw_path, f"(private)/{record.interview}")
        if isinstance(raw, Failed):
            problems += raw.problems
            continue
        result = pseudonymise(
            record.interview, raw, f"(private)/{record.interview}", terms_of(key, record)
        )
        if isinstance(result, Failed):
            problems += result.problems
            continue
        made.append(result)
    if problems:
        raise CatalogError(problems)
    hashes: set[str] = set()
    first = dict(_listed_first_words(project))  # the later terms' kept
    for record in key.transcripts:
        hashes |= leak_hashes(leaks, terms_of(key, record))
        first |= first_word_hashes(leaks, terms_of(key, record))
    if args.check:
        return _check(project, made, leaks, hashes, first, args)
    written = _write_all(project, made)
    _write_leak_list(project, leaks.salt, hashes, set(leaks.later), first)
    for result in made:
        args.reporter.summary(f"{result.interview}: {describe(result.counts)}")
    args.reporter.problems(_unmatched(key, made))
    args.reporter.summary(
        f"{len(made)} public transcripts ({written} written), {len(hashes)} hashes in "
        f"{project.display(project.leak_list_file)}"
    )
    return EXIT_OK


def _unmatched(key: Key, made: list[Pseudonymised]) -> list[Problem]:
    """A term that matched nothing is likely misspelt, and its name still in the text."""
    problems = []
    for result in made:
        record = next(r for r in key.transcripts if r.interview == result.interview)
        everywhere = len(key.everywhere)
        for i in result.unmatched:
            where = (
                f"everywhere[{i}]"
                if i < everywhere
                else f"{result.interview}: terms[{i - everywhere}]"
            )
            tag = terms_of(key, record)[i].tag
            problems.append(
                Problem(
                    f"(private)/{KEY_FILE}",
                    0,
                    f"{where} ({tag}) matched nothing in {result.interview}",
                    "check its spelling against the raw export",
                    severity="warning",
                )
            )
    return problems


def _load_key(project: Project) -> tuple[Key, Path]:
    folder = project.private_dir
    if folder is None:
        raise CatalogError(
            Problem(
                "(private tier)",
                0,
                "no private tier is set",
                f"set {PRIVATE_DIR_VARIABLE} or write its path in {PRIVATE_DIR_FILE}",
            )
        )
    path = folder / KEY_FILE
    doc = load_yaml(path, f"(private)/{KEY_FILE}", None)
    if isinstance(doc, Failed):
        raise CatalogError(doc.problems)
    try:
        return Key.model_validate(doc.data or {}), folder
    except ValidationError as error:
        raise CatalogError(problems_from(error, Key, doc)) from None


def _leak_list(project: Project) -> LeakList:
    if not project.leak_list_file.exists():
        return LeakList(secrets.token_hex(16), frozenset())
    leaks = load_leak_list(project.leak_list_file, project.display(project.leak_list_file))
    if isinstance(leaks, Failed):
        raise CatalogError(leaks.problems)
    return leaks


def public_path(project: Project, interview: str) -> Path:
    """Where an interview's public transcript lives (as interviews.yaml says, else `<id>.txt`)."""
    registry = load_registry(project, files.INTERVIEWS)
    record = registry.records.get(interview)
    name = record.transcript if record is not None else f"{interview}.txt"
    return project.transcripts_dir / name


def _ours(path: Path) -> bool:
    """Only files this command made (their first line says so) may be overwritten."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().rstrip("\n") == PSEUDONYMISED_MARK
    except OSError:
        return False


def _write_all(project: Project, made: list[Pseudonymised]) -> int:
    targets = [(public_path(project, result.interview), result) for result in made]
    foreign = [p for p, _ in targets if p.exists() and not _ours(p)]
    if foreign:
        raise CatalogError(
            Problem(
                project.display(p),
                1,
                "not a public transcript made by catalog pseudonymise: left as it is",
                "move it away (a raw export belongs in the private tier), then run again",
            )
            for p in foreign
        )
    written = 0
    for path, result in targets:
        if not path.exists() or path.read_text("utf-8") != result.text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.text, encoding="utf-8")
            written += 1
    return written


def _listed_first_words(project: Project) -> dict[str, str]:
    """The first words the list holds now (those of names added later are kept)."""
    try:
        data = yaml.safe_load(project.leak_list_file.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    found = data.get("first_words") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _write_leak_list(
    project: Project, salt: str, hashes: set[str], later: set[str], first: dict[str, str]
) -> None:
    path = project.leak_list_file
    lines = [LEAK_LIST_HEADER, f"salt: {salt}", "hashes:", *(f"  - {h}" for h in sorted(hashes))]
    if later:
        lines += ["added_later:", *(f"  - {h}" for h in sorted(later))]
    listed = hashes | later
    lines += ["first_words:", *(f"  {h}: {first[h]}" for h in sorted(listed) if h in first)]
    text = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _check(
    project: Project,
    made: list[Pseudonymised],
    leaks: LeakList,
    hashes: set[str],
    first: dict[str, str],
    args: argparse.Namespace,
) -> int:
    problems = []
    for result in made:
        path = public_path(project, result.interview)
        if not path.exists() or path.read_text("utf-8") != result.text:
            problems.append(
                Problem(
                    project.display(path),
                    0,
                    f"differs from what the private tier makes for {result.interview}",
                    "run 'catalog pseudonymise'",
                )
            )
    missing = hashes - set(leaks.hashes)
    extra = set(leaks.hashes) - hashes - set(leaks.later)
    if missing:
        problems.append(
            Problem(
                project.display(project.leak_list_file),
                0,
                f"{len(missing)} term(s) of the key have no hash in the list",
                "run 'catalog pseudonymise'",
            )
        )
    if not set(first.values()) <= set(leaks.first_words):
        problems.append(
            Problem(
                project.display(project.leak_list_file),
                0,
                "the list's first_words miss the first word of a key term",
                "run 'catalog pseudonymise'",
            )
        )
    if extra:
        problems.append(
            Problem(
                project.display(project.leak_list_file),
                0,
                f"{len(extra)} hash(es) in the list are not of a key term",
                "run 'catalog pseudonymise' (names found later belong in added_later)",
            )
        )
    if problems:
        raise CatalogError(problems)
    args.reporter.summary(f"the {len(made)} public transcripts match the private tier")
    return EXIT_OK


def _add_term(project: Project, args: argparse.Namespace) -> int:
    if not args.tag or not args.interview:
        raise CatalogError(Problem("(arguments)", 0, "--add-term needs --tag and --interview", ""))
    if project.private_dir is not None and (project.private_dir / KEY_FILE).is_file():
        raise CatalogError(
            Problem(
                "(arguments)",
                0,
                "the private key is present: add the term to the key instead",
                "then run 'catalog pseudonymise', which updates transcript and list together",
            )
        )
    try:
        term = Term(
            term=args.add_term, tag=args.tag, reason="found later", paragraphs=args.paragraph
        )
    except ValidationError as error:
        raise CatalogError(
            Problem("(arguments)", 0, f"--tag: {error.errors()[0]['msg']}", "e.g. '[Person C]'")
        ) from None
    path = public_path(project, args.interview)
    display = project.display(path)
    if not _ours(path):
        raise CatalogError(
            Problem(display, 1, "not a public transcript made by catalog pseudonymise")
        )
    text = read_text(path, display, MAX_TRANSCRIPT_BYTES)
    if isinstance(text, Failed):
        raise CatalogError(text.problems)
    applied = apply_terms(text, display, args.interview, [term])
    if isinstance(applied, Failed):
        raise CatalogError(applied.problems)
    out, counts = applied
    leaks = _leak_list(project)
    path.write_text("\n".join(out), encoding="utf-8")
    later = set(leaks.later) | leak_hashes(leaks, [term])
    first = _listed_first_words(project) | first_word_hashes(leaks, [term])
    _write_leak_list(project, leaks.salt, set(leaks.hashes) - set(leaks.later), later, first)
    masked = Found(fold(args.add_term), 0).masked
    args.reporter.summary(f"{display}: '{masked}' replaced by {args.tag} x{counts[args.tag]}")
    return EXIT_OK
