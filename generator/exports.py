"""Machine-readable downloads of the whole catalog: `catalog.json` (with its JSON Schema) and
`catalog.csv`. Their shape is defined by the models below, so the schema cannot drift."""

from __future__ import annotations

import csv
import io
import json

from pydantic import BaseModel, ConfigDict, Field

from generator import urls
from generator.models import Dimension, InterviewId, Phase, Profile
from generator.render.views import ClaimView, EntryView, QuoteView, SiteView


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedQuote(_Export):
    interview: InterviewId
    text: str = Field(description="The quote as the catalog gives it.")
    paragraph: int = Field(description="Number of the transcript paragraph where it starts.")
    url: str = Field(description="Site-relative URL of the passage, e.g. `interviews/I7/#p42`.")


class ExportedClaim(_Export):
    text: str
    quotes: list[ExportedQuote]


class ExportedIssue(_Export):
    id: str
    url: str = Field(description="Site-relative URL of the entry page.")
    title: str
    summary: str
    phase: str
    dimensions: list[str]
    description: str = Field(description="Markdown.")
    causes: list[ExportedClaim]
    mitigations: list[ExportedClaim]
    quotes: list[ExportedQuote]
    related: list[str] = Field(description="Related entries, both directions.")
    tags: list[str]
    codes: list[str]
    interviews: list[InterviewId] = Field(description="Interviews supporting the entry.")


class ExportedInterview(_Export):
    id: InterviewId
    url: str
    profile: Profile


class ExportedCatalog(_Export):
    """The whole catalog as published."""

    name: str
    version: str
    phases: list[Phase]
    dimensions: list[Dimension]
    interviews: list[ExportedInterview]
    issues: list[ExportedIssue]


def _quote(q: QuoteView) -> ExportedQuote:
    return ExportedQuote(
        interview=q.interview,
        text=q.quote.text,
        paragraph=q.paragraph,
        url=q.passage.target.url + "#" + q.passage.anchor,
    )


def _claims(claims: list[ClaimView]) -> list[ExportedClaim]:
    return [ExportedClaim(text=c.claim.text, quotes=[_quote(q) for q in c.quotes]) for c in claims]


def _issue(view: EntryView) -> ExportedIssue:
    e = view.entry
    return ExportedIssue(
        id=e.id,
        url=view.page.url,
        title=e.title,
        summary=e.summary,
        phase=e.phase,
        dimensions=list(e.dimensions),
        description=e.description,
        causes=_claims(view.causes),
        mitigations=_claims(view.mitigations),
        quotes=[_quote(q) for q in view.quotes],
        related=[r.id for r in view.related],
        tags=list(e.tags),
        codes=list(e.codes),
        interviews=view.interviews,
    )


def export_catalog(site: SiteView, *, name: str, version: str) -> ExportedCatalog:
    return ExportedCatalog(
        name=name,
        version=version,
        phases=[p.phase for p in site.phases],
        dimensions=[d.dimension for d in site.dimensions],
        interviews=[
            ExportedInterview(id=i.interview.id, url=i.page.url, profile=i.interview.profile)
            for i in site.interviews
        ],
        issues=[_issue(v) for v in site.entries],
    )


def export_schema() -> dict[str, object]:
    schema = ExportedCatalog.model_json_schema()
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


CSV_COLUMNS = (
    "id",
    "title",
    "summary",
    "phase",
    "dimensions",
    "tags",
    "codes",
    "interviews",
    "quotes",
    "url",
)


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell may not start with = + - @ or a control char."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(catalog: ExportedCatalog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for issue in catalog.issues:
        count = len(issue.quotes) + sum(len(c.quotes) for c in [*issue.causes, *issue.mitigations])
        row = [
            issue.id,
            issue.title,
            issue.summary,
            issue.phase,
            ";".join(issue.dimensions),
            ";".join(issue.tags),
            ";".join(issue.codes),
            ";".join(issue.interviews),
            str(count),
            issue.url,
        ]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def export_files(site: SiteView, *, name: str, version: str) -> dict[str, str]:
    """The download files, as docs-relative path → content."""
    catalog = export_catalog(site, name=name, version=version)
    return {
        urls.CATALOG_JSON.src: catalog.model_dump_json(indent=2) + "\n",
        urls.CATALOG_SCHEMA.src: json.dumps(export_schema(), indent=2) + "\n",
        urls.CATALOG_CSV.src: export_csv(catalog),
    }
