"""Machine-readable downloads of the whole catalog: `catalog.json` (with its JSON Schema) and
`catalog.csv`. Their shape is defined by the models below, so the schema cannot drift.

The data format is versioned apart from the content (`schema_version`, bumped when a field
changes meaning or disappears); every entry carries its permanent id and a UUID derived from it,
the same on every run and every machine.
"""

from __future__ import annotations

import csv
import io
import json

from pydantic import BaseModel, ConfigDict, Field

from generator import urls
from generator.identity import entry_uuid
from generator.models import (
    Dimension,
    Evidence,
    Group,
    InterviewId,
    Mitigation,
    MitigationCategory,
    Phase,
    Profile,
    Relation,
)
from generator.render.site import SiteView
from generator.render.views import ClaimView, EntryView, QuoteView

SCHEMA_VERSION = "2.1"
"""Version of the download's format (not of the catalog's content)."""


class _Export(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedQuote(_Export):
    interview: InterviewId
    text: str = Field(description="The quote as the catalog gives it.")
    evidence: Evidence = Field(description="The kind of evidence the words are.")
    paragraph: int = Field(description="Number of the transcript paragraph where it starts.")
    url: str = Field(description="Site-relative URL of the passage, e.g. `interviews/I7/#p42`.")


class ExportedClaim(_Export):
    text: str
    evidence: Evidence
    quotes: list[ExportedQuote]


class ExportedMitigation(ExportedClaim):
    category: str = Field(description="The kind of mitigation (an id of `mitigation_categories`).")


class ExportedRelation(_Export):
    id: str = Field(description="The other entry's permanent id.")
    relation: Relation = Field(description="How this entry relates to it (from this side).")
    reason: str


class EntryHistory(_Export):
    created: str | None = Field(description="Date the entry first appeared (from git).")
    modified: str | None = Field(description="Date of its last change (from git).")
    releases: list[str] = Field(description="Releases that changed it, oldest first.")


class ExportedIssue(_Export):
    id: str = Field(description="Permanent id, e.g. `MLQ-0042`: never changed, never reused.")
    uuid: str = Field(description="UUIDv5 of the permanent id under the catalog's namespace.")
    slug: str = Field(description="The page's address; may change (old slugs redirect).")
    url: str = Field(description="Site-relative URL of the entry page.")
    status: str
    replaced_by: str | None
    merged_into: str | None
    aliases: list[str] = Field(description="Former slugs, which redirect to this entry.")
    title: str
    summary: str
    group: str
    phase: str
    primary_dimension: str
    dimensions: list[str] = Field(description="Secondary dimensions.")
    description: str = Field(description="Markdown.")
    quotes: list[ExportedQuote]
    causes: list[ExportedClaim]
    mitigations: list[ExportedMitigation]
    counter_evidence: list[ExportedClaim]
    related: list[ExportedRelation] = Field(description="Related entries, both directions.")
    tags: list[str]
    codes: list[str]
    interviews: list[InterviewId] = Field(description="Interviews supporting the entry.")
    evidence: dict[str, int] = Field(
        description="Supporting interviews by the strongest kind of evidence each gives."
    )
    single_source: bool
    history: EntryHistory | None = Field(default=None, description="From git, when available.")


class ExportedInterview(_Export):
    id: InterviewId
    url: str
    profile: Profile


class ExportedCatalog(_Export):
    """The whole catalog as published."""

    schema_version: str = Field(description="Version of this format (not of the content).")
    name: str
    version: str = Field(description="Version of the catalog's content (its release).")
    phases: list[Phase]
    dimensions: list[Dimension]
    groups: list[Group]
    mitigation_categories: list[MitigationCategory]
    interviews: list[ExportedInterview]
    issues: list[ExportedIssue]


def _quote(q: QuoteView) -> ExportedQuote:
    return ExportedQuote(
        interview=q.interview,
        text=q.quote.text,
        evidence=q.evidence,
        paragraph=q.paragraph,
        url=q.passage.target.url + "#" + urls.paragraph_anchor(q.paragraph),
    )


def _claims(claims: list[ClaimView]) -> list[ExportedClaim]:
    return [
        ExportedClaim(text=c.claim.text, evidence=c.evidence, quotes=[_quote(q) for q in c.quotes])
        for c in claims
    ]


def _mitigations(claims: list[ClaimView]) -> list[ExportedMitigation]:
    return [
        ExportedMitigation(
            text=c.claim.text,
            evidence=c.evidence,
            quotes=[_quote(q) for q in c.quotes],
            category=c.claim.category,
        )
        for c in claims
        if isinstance(c.claim, Mitigation)
    ]


def _issue(view: EntryView, histories: dict[str, EntryHistory]) -> ExportedIssue:
    e = view.entry
    return ExportedIssue(
        id=e.id,
        uuid=entry_uuid(e.id),
        slug=view.slug,
        url=view.page.url,
        status=e.status,
        replaced_by=e.replaced_by,
        merged_into=e.merged_into,
        aliases=list(e.aliases),
        title=e.title,
        summary=e.summary,
        group=e.group,
        phase=e.phase,
        primary_dimension=e.primary_dimension,
        dimensions=list(e.dimensions),
        description=e.description,
        quotes=[_quote(q) for q in view.quotes],
        causes=_claims(view.causes),
        mitigations=_mitigations(view.mitigations),
        counter_evidence=_claims(view.counter),
        related=[
            ExportedRelation(id=r.view.id, relation=r.relation, reason=r.reason)
            for r in view.related
        ],
        tags=list(e.tags),
        codes=list(e.codes),
        interviews=view.interviews,
        evidence=dict(view.evidence_summary),
        single_source=e.single_source,
        history=histories.get(e.id),
    )


def export_catalog(
    site: SiteView,
    *,
    name: str,
    version: str,
    histories: dict[str, EntryHistory] | None = None,
) -> ExportedCatalog:
    histories = histories or {}
    return ExportedCatalog(
        schema_version=SCHEMA_VERSION,
        name=name,
        version=version,
        phases=[p.phase for p in site.phases],
        dimensions=[d.dimension for d in site.dimensions],
        groups=[g.group for g in site.groups],
        mitigation_categories=[c.category for c in site.mitigation_categories],
        interviews=[
            ExportedInterview(id=i.interview.id, url=i.page.url, profile=i.interview.profile)
            for i in site.interviews
        ],
        issues=[_issue(v, histories) for v in [*site.entries, *site.former]],
    )


def export_schema() -> dict[str, object]:
    schema = ExportedCatalog.model_json_schema()
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


CSV_COLUMNS = (
    "id",
    "slug",
    "status",
    "title",
    "summary",
    "group",
    "phase",
    "primary_dimension",
    "dimensions",
    "tags",
    "codes",
    "interviews",
    "evidence",
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
        claims = [*issue.causes, *issue.mitigations]
        count = len(issue.quotes) + sum(len(c.quotes) for c in claims)
        row = [
            issue.id,
            issue.slug,
            issue.status,
            issue.title,
            issue.summary,
            issue.group,
            issue.phase,
            issue.primary_dimension,
            ";".join(issue.dimensions),
            ";".join(issue.tags),
            ";".join(issue.codes),
            ";".join(issue.interviews),
            ";".join(f"{kind}:{n}" for kind, n in issue.evidence.items()),
            str(count),
            issue.url,
        ]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def export_files(
    site: SiteView, *, name: str, version: str, histories: dict[str, EntryHistory] | None = None
) -> dict[str, str]:
    """The download files, as docs-relative path → content."""
    catalog = export_catalog(site, name=name, version=version, histories=histories)
    return {
        urls.CATALOG_JSON.src: catalog.model_dump_json(indent=2) + "\n",
        urls.CATALOG_SCHEMA.src: json.dumps(export_schema(), indent=2) + "\n",
        urls.CATALOG_CSV.src: export_csv(catalog),
    }
