"""How problems reach the user: plain text for people, GitHub annotations for pull requests, JSON
for editors and bots. Every command reports through one of them, in the same sorted order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Protocol, TextIO

from generator.problems import Problem, sort_key

Redact = Callable[[str], str]
"""Masks every listed name in a text (`LeakList.redact`): applied to everything reported, so no
message, hint or annotation ever shows a private word."""


def _same(text: str) -> str:
    return text


def redacted(problem: Problem, redact: Redact) -> Problem:
    return replace(
        problem,
        path=redact(problem.path),
        message=redact(problem.message),
        hint=redact(problem.hint),
    )


FORMATS = ("text", "github", "json")


class Reporter(Protocol):
    def problems(self, found: Iterable[Problem]) -> None:
        """Report problems (errors and warnings), sorted."""

    def summary(self, text: str) -> None:
        """Say what the command did, once it succeeded."""

    def result(self, text: str, data: object) -> None:
        """The command's output: `text` for people, `data` for the JSON document."""

    def finish(self) -> None:
        """End the report (the JSON reporter writes its document here)."""


class TextReporter:
    """`path:line: message (hint: ...)` lines on stdout, counts and summary on stderr."""

    def __init__(self, out: TextIO, err: TextIO, redact: Redact = _same) -> None:
        self.out, self.err, self.redact = out, err, redact

    def problems(self, found: Iterable[Problem]) -> None:
        items = sorted((redacted(p, self.redact) for p in found), key=sort_key)
        if not items:
            return
        for problem in items:
            print(self.line(problem), file=self.out)
        errors = sum(p.severity == "error" for p in items)
        print(f"{errors} error(s), {len(items) - errors} warning(s)", file=self.err)

    def line(self, problem: Problem) -> str:
        return problem.format()

    def summary(self, text: str) -> None:
        print(self.redact(text), file=self.err)

    def result(self, text: str, data: object) -> None:
        text = self.redact(text)
        print(text, end="" if text.endswith("\n") else "\n", file=self.out)

    def finish(self) -> None:
        pass


class GithubReporter(TextReporter):
    """GitHub Actions workflow commands, which annotate the lines of a pull request."""

    def __init__(self, out: TextIO, err: TextIO, command: str, redact: Redact = _same) -> None:
        super().__init__(out, err, redact)
        self.title = f"catalog {command}"

    def line(self, problem: Problem) -> str:
        props = f"file={_escape_property(problem.path)}"
        if problem.line:
            props += f",line={problem.line}"
        props += f",title={_escape_property(self.title)}"
        body = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
        return f"::{problem.severity} {props}::{_escape_data(body)}"


class JsonReporter:
    """One JSON document on stdout: `{"problems": [...], "errors": n, "warnings": n, "summary"}`."""

    def __init__(self, out: TextIO, redact: Redact = _same) -> None:
        self.out, self.redact = out, redact
        self.found: list[Problem] = []
        self.text: str | None = None
        self.data: object = None

    def problems(self, found: Iterable[Problem]) -> None:
        self.found.extend(redacted(p, self.redact) for p in found)

    def summary(self, text: str) -> None:
        self.text = self.redact(text)

    def result(self, text: str, data: object) -> None:
        self.data = data

    def finish(self) -> None:
        items = sorted(self.found, key=sort_key)
        errors = sum(p.severity == "error" for p in items)
        document = {
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "severity": p.severity,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in items
            ],
            "errors": errors,
            "warnings": len(items) - errors,
            "summary": self.text,
        }
        if self.data is not None:
            document["result"] = self.data
        text = json.dumps(document, indent=2, ensure_ascii=False)
        print(self.redact(text), file=self.out)


def make_reporter(
    style: str, command: str, out: TextIO, err: TextIO, redact: Redact = _same
) -> Reporter:
    if style == "github":
        return GithubReporter(out, err, command, redact)
    if style == "json":
        return JsonReporter(out, redact)
    return TextReporter(out, err, redact)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
