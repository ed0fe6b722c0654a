"""`catalog release VERSION`: notes, data snapshot, CITATION.cff, commit, tag and archive."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from generator.build import download_files, published_history
from generator.catalog import load_catalog
from generator.check import CheckedCatalog, check_project
from generator.citation import reference_text
from generator.exit_codes import EXIT_OK
from generator.files import FILE_KINDS
from generator.history import Git
from generator.problems import CatalogError
from generator.project import Project
from generator.release import RELEASES, notes, plan_release, update_citation, write_archive
from generator.render.site import SiteView, build_view
from generator.schema import render_schemas
from generator.site_config import SiteConfig, read_site_config
from generator.stability import check_stability, released
from generator.timeline import entry_timelines

HELP = "release a version: notes, data snapshot, CITATION.cff, git tag and archive"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("version", help="X.Y.Z, after the last release")
    parser.add_argument("--date", default=None, help="release date YYYY-MM-DD (default: today)")


def run(project: Project, args: argparse.Namespace) -> int:
    plan = plan_release(project, args.version, args.date)
    checked = check_project(project)
    if not checked.ok:
        raise CatalogError(checked.problems.errors)
    git = Git(project)
    broken = check_stability(load_catalog(project), released(git))
    if broken:
        raise CatalogError(broken)
    config = read_site_config(project)
    view = build_view(checked)
    timelines = entry_timelines(project, published_history(project, checked))
    data = download_files(view, replace(config, version=plan.version), timelines)
    drafts = {s for s, e in checked.catalog.entries.items() if e.status == "draft"}
    text = notes(plan, {v.slug: v.entry.title for v in view.entries}, drafts)
    folder = project.root / RELEASES / plan.tag
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.md").write_text(text, encoding="utf-8")
    for path, content in data.items():
        if isinstance(content, str):  # the REFI-QDA archives are in the release archive only
            (folder / Path(path).name).write_text(content, encoding="utf-8")
    update_citation(project.root / "CITATION.cff", plan.version, plan.date)
    git.run("add", "--", str(folder), str(project.root / "CITATION.cff"))
    git.run("commit", "-q", "-m", f"Release {plan.tag}")
    git.run("tag", "-a", plan.tag, "-m", text)
    archive = project.root / "dist" / f"{_name(config)}-{plan.tag}.zip"
    write_archive(archive, _members(project, checked, view, config, plan.tag, text, data))
    args.reporter.summary(
        f"released {plan.tag}: {len(plan.diff.added)} added, {len(plan.diff.changed)} changed, "
        f"{len(plan.diff.deprecated)} deprecated, {len(plan.diff.retired)} retired; "
        f"notes and data in {project.display(folder)}, archive {project.display(archive)}"
    )
    return EXIT_OK


def _name(config: SiteConfig) -> str:
    return "-".join(config.title.lower().replace("-", " ").split()) or "catalog"


def _members(
    project: Project,
    checked: CheckedCatalog,
    view: SiteView,
    config: SiteConfig,
    tag: str,
    text: str,
    data: dict[str, str | bytes],
) -> dict[str, bytes]:
    members = {
        f"data/{Path(p).name}": c.encode() if isinstance(c, str) else c for p, c in data.items()
    }
    schemas = render_schemas()
    members.update({f"schema/{k.schema}": schemas[k.schema].encode() for k in FILE_KINDS})
    for interview in view.interviews:
        transcript = checked.transcripts[interview.interview.id]
        shown = sorted({p.n for x in interview.excerpts for p in (*x.question, *x.answer) if p})
        lines = [f"Published excerpts of interview {interview.interview.id} (pseudonymised)", ""]
        for n in shown:
            p = transcript.paragraph(n)
            speaker = "Participant" if p.speaker == "interviewee" else "Interviewer"
            lines += [f"¶{n} {speaker}: {p.text}", ""]
        members[f"excerpts/{interview.interview.id}.txt"] = "\n".join(lines).encode()
    members["NOTES.md"] = text.encode()
    members["CITATION.cff"] = (project.root / "CITATION.cff").read_bytes()
    zenodo = project.root / ".zenodo.json"
    if zenodo.is_file():
        members[".zenodo.json"] = zenodo.read_bytes()
    members["README.md"] = _readme(view, config, tag).encode()
    members["LICENSE.txt"] = LICENSE.encode()
    return members


def _readme(view: SiteView, config: SiteConfig, tag: str) -> str:
    studies = "\n".join(f"- {reference_text(r)}" for r in config.references)
    return f"""# {config.title}, {tag}

{len(view.entries)} quality issues of machine-learning software systems, each traced to
verbatim, pseudonymised interview evidence from {len(view.interviews)} interviews.

- `data/catalog.json`: every entry (permanent id, UUID, evidence, causes, mitigations, quotes
  with their paragraph), with its JSON Schema `data/catalog.schema.json`; `data/catalog.csv`.
- `excerpts/`: the published passages of each interview (pseudonymised; nothing else of the
  transcripts is published).
- `schema/`: the JSON Schemas of the catalog's source files.
- `NOTES.md`: what changed in this release.

Site: {config.site_url} · Repository: {config.repo_url}

The catalog rests on the study:

{studies}

Cite this release with the metadata in `CITATION.cff`. Licence: see `LICENSE.txt`.
"""


LICENSE = """The catalog's content (entries, descriptions, data files) is licensed under the
Creative Commons Attribution 4.0 International licence (CC BY 4.0):
https://creativecommons.org/licenses/by/4.0/legalcode

The interview excerpts come from the public replication package of the study cited in the
README, pseudonymised; cite that study when you use them.
"""
