"""The site's search index: Pagefind records made from the site view, not from the theme's HTML.

A reader searches for issues and for what participants said, so the index holds exactly two kinds
of record: one per entry (title, id, aliases, summary, description, causes, mitigations,
counter-evidence, tags) and one per published transcript paragraph (its own address, `#p42`,
so that a hit opens the paragraph). Citations, related lists, navigation and the catalog-wide
lists are never indexed. Building the records from the view keeps the index independent of the
site generator and its theme (a successor of MkDocs reads the same tree; the index does not
change). Pagefind writes a chunked index that the browser fetches piece by piece, and that the
leak check reads like every other published byte.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from generator.problems import CatalogError, Problem
from generator.render.site import InterviewView, SiteView
from generator.render.text import markdown_block
from generator.render.views import EntryView
from generator.urls import SEARCH_BUNDLE

LANGUAGE = "en"
ISSUES, EXCERPTS = "issues", "excerpts"
"""The two indexes, each its own Pagefind bundle under `SEARCH_BUNDLE`: the search box lists
the issues found first, then the excerpts, each ranked by Pagefind within its own kind. (Two
bundles rather than one with a filter: Pagefind writes filter chunks in a different order on
each run, and the site must be the same bytes for the same sources.)"""


@dataclass(frozen=True)
class SearchRecord:
    url: str
    """Site-relative address, with the paragraph's anchor for an excerpt."""
    content: str
    meta: dict[str, str]


def plain_text(markdown: str) -> str:
    """Contributor Markdown as the words a reader sees."""
    html = re.sub(r"<[^>]+>", " ", str(markdown_block(markdown)))
    return " ".join(unescape(html).split())


def entry_record(view: EntryView) -> SearchRecord:
    e = view.entry
    parts = [e.id, e.title, *e.aliases, e.summary, plain_text(e.description)]
    parts += [plain_text(c.claim.text) for c in [*view.causes, *view.mitigations, *view.counter]]
    parts += e.tags
    return SearchRecord(
        url=view.page.url,
        content=" \n".join(parts),
        meta={"title": e.title, "id": e.id, "summary": e.summary, "phase": view.phase.title},
    )


def excerpt_records(view: InterviewView) -> list[SearchRecord]:
    """One record per answer paragraph the interview page shows: the participants' words (the
    questions are shown on the page with them)."""
    interview = view.interview.id
    records = []
    for excerpt in view.excerpts:
        for p in excerpt.answer:
            if p is None:
                continue
            speaker = "Participant" if p.speaker == "interviewee" else "Interviewer"
            records.append(
                SearchRecord(
                    url=f"{view.page.url}#{p.anchor}",
                    content=p.text,
                    meta={
                        "title": f"Interview {interview}, ¶{p.n}",
                        "speaker": speaker,
                    },
                )
            )
    return records


def search_records(site: SiteView) -> dict[str, list[SearchRecord]]:
    """The records of each index: the live entries; the published paragraphs."""
    excerpts = [r for interview in site.interviews for r in excerpt_records(interview)]
    return {ISSUES: [entry_record(v) for v in site.entries], EXCERPTS: excerpts}


def search_files(indexes: dict[str, list[SearchRecord]]) -> dict[str, bytes]:
    """The Pagefind bundles: docs-relative path (`pagefind/<index>/…`) → bytes. A missing or
    failing Pagefind is reported as an environment problem."""
    files: dict[str, bytes] = {}
    try:
        with PagefindService() as service, tempfile.TemporaryDirectory() as scratch:
            for name, records in indexes.items():
                folder = Path(scratch) / name
                service.index(records, folder)
                files.update(
                    (f"{SEARCH_BUNDLE}/{p.relative_to(scratch).as_posix()}", p.read_bytes())
                    for p in sorted(folder.rglob("*"))
                    if p.is_file() and _is_needed(p.relative_to(folder).as_posix())
                )
    except (OSError, ValueError, KeyError) as error:
        raise CatalogError(_problem(error)) from None
    return files


_NEEDED = re.compile(
    r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.en\.pagefind"
    r"|pagefind\.en_[0-9a-f]+\.pf_meta|(index|fragment|filter)/en_[0-9a-f]+\.pf_\w+"
)
"""The files of a bundle the site's own search box uses: Pagefind's script and engine and the
index chunks (not its ready-made interfaces nor the engine for undetected languages)."""


def _is_needed(path: str) -> bool:
    return _NEEDED.fullmatch(path) is not None


class PagefindService:
    """Pagefind's indexing service (`pagefind --service`), spoken to one request at a time.

    The protocol is Pagefind's own: base64-encoded JSON messages, each ended by a comma, on the
    binary's stdin and stdout. (The `pagefind` package's asyncio client polls for each answer
    every 0.1 s, which makes 3,000 records take five minutes; lockstep requests take a second.)
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise FileNotFoundError("the Pagefind binary is not installed")
        self.process = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.last_id = 0

    def index(self, records: list[SearchRecord], folder: Path) -> None:
        """Index `records` and write their bundle into `folder`."""
        config = {"force_language": LANGUAGE}
        index_id = self.request({"type": "NewIndex", "config": config})["index_id"]
        for r in records:
            self.request(
                {
                    "type": "AddRecord",
                    "index_id": index_id,
                    "url": r.url,
                    "content": r.content,
                    "language": LANGUAGE,
                    "meta": r.meta,
                }
            )
        self.request({"type": "WriteFiles", "index_id": index_id, "output_path": str(folder)})

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.last_id += 1
        message = json.dumps({"message_id": self.last_id, "payload": payload}).encode()
        self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()
        answer = bytearray()
        while not answer.endswith(b","):
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise OSError("the Pagefind service stopped")
            answer += chunk
        response: dict[str, Any] = json.loads(base64.b64decode(bytes(answer[:-1])))["payload"]
        if response.get("type") == "Error":
            raise ValueError(str(response.get("message", "unknown error")))
        return response

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _problem(error: BaseException) -> Problem:
    return Problem(
        "(search index)",
        0,
        f"Pagefind could not index the site: {error}",
        hint="install the project's dependencies: pip install -e . (it brings pagefind[bin])",
    )
