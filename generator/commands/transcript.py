"""`catalog transcript FILE`: how the tool reads a transcript, as JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator.exit_codes import EXIT_OK
from generator.problems import CatalogError, Failed
from generator.project import Project
from generator.transcripts import read_transcript

HELP = "show how a transcript file (.txt, .vtt or .docx) is read (JSON)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path)


def run(project: Project, args: argparse.Namespace) -> int:
    transcript = read_transcript(args.file, project.display(args.file))
    if isinstance(transcript, Failed):
        raise CatalogError(transcript.problems)
    data = transcript.to_json()
    for warning in transcript.warnings:  # on stderr: stdout is the JSON document
        args.reporter.summary(warning.format())
    args.reporter.result(json.dumps(data, indent=2, ensure_ascii=False), data)
    return EXIT_OK
