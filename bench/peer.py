"""The naive peer: the same entries as hand-written Markdown pages, one per entry, built by plain
MkDocs + Material with the default navigation (every page listed on every page)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

MKDOCS_YML = """site_name: Naive catalog
theme:
  name: material
  font: false
plugins:
  - search
"""


def _quote(q: dict) -> str:
    return f"> {q['text']}\n>\n> — interview {q['interview']}\n"


def make_peer(project: Path, target: Path) -> Path:
    """A plain MkDocs project at `target` with one page per entry of `project`."""
    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs" / "issues"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(MKDOCS_YML)
    (target / "docs" / "index.md").write_text("# Naive catalog\n\nOne page per issue.\n")
    for path in sorted((project / "catalog_src/issues").glob("*.yaml")):
        e = yaml.safe_load(path.read_text())
        parts = [
            f"# {e['title']}",
            "",
            e["summary"],
            "",
            f"**Phase:** {e['phase']}  ",
            f"**Dimensions:** {', '.join(e['dimensions'])}",
            "",
            "## Description",
            "",
            e["description"],
            "",
            "## Quotes",
            "",
        ]
        parts += [_quote(q) for q in e["quotes"]]
        for kind in ("causes", "mitigations"):
            parts += ["", f"## {kind.capitalize()}", ""]
            for claim in e.get(kind, []):
                parts += (
                    [f"- {claim['text']}", ""]
                    + ["  " + line for q in claim["quotes"] for line in _quote(q).splitlines()]
                    + [""]
                )
        (docs / f"{e['id']}.md").write_text("\n".join(parts) + "\n")
    return target
