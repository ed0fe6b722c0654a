"""The checked catalog arranged for display: every page's view, computed once per build."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator import urls
from generator.catalog import Catalog
from generator.check import CheckedCatalog
from generator.models import (
    Claim,
    Dimension,
    Entry,
    Gloss,
    Group,
    Interview,
    Mitigation,
    MitigationCategory,
    Phase,
    Quote,
)
from generator.render.excerpts import Citation, Excerpt, ShownParagraph, build_excerpts
from generator.render.views import (
    EVIDENCE_ORDER,
    ClaimView,
    EntryView,
    Link,
    QuoteView,
    relate,
    study_order,
    tag_slug,
)
from generator.transcripts import Transcript
from generator.urls import Target


@dataclass
class InterviewView:
    interview: Interview
    excerpts: list[Excerpt]
    citing: dict[str, EntryView]
    """The entries citing this interview, by slug, in slug order."""
    quote_count: int

    @property
    def entries(self) -> list[EntryView]:
        return list(self.citing.values())

    @property
    def page(self) -> Target:
        return urls.interview(self.interview.id)

    def glosses(self, paragraph: int) -> list[Gloss]:
        """Editorial glosses on mis-transcribed terms of a paragraph."""
        return [g for g in self.interview.glosses if g.paragraph == paragraph]

    def quote_data(self, paragraph: ShownParagraph) -> str:
        """The quotes of a paragraph, as the page's script reads them to mark the one followed:
        anchor, entry id and title, link back to the quote on the entry page, and the runs of
        quoted characters in the paragraph's text."""
        items = []
        for span in paragraph.quotes:
            view = self.citing[span.entry]
            back = "quote-" + span.anchor.removeprefix(f"q-{span.entry}-")
            items.append(
                {
                    "anchor": span.anchor,
                    "entry": view.id,
                    "title": view.entry.title,
                    "href": self.page.href(view.page, back),
                    "runs": [list(run) for run in span.runs],
                }
            )
        return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


@dataclass
class PhaseView:
    phase: Phase
    entries: list[EntryView]

    @property
    def page(self) -> Target:
        return urls.phase(self.phase.id)


@dataclass
class DimensionView:
    dimension: Dimension
    primary: list[EntryView]
    """Entries whose primary dimension this is."""
    secondary: list[EntryView]

    @property
    def entries(self) -> list[EntryView]:
        return [*self.primary, *self.secondary]

    @property
    def page(self) -> Target:
        return urls.dimension(self.dimension.id)


@dataclass
class GroupView:
    group: Group
    entries: list[EntryView]

    @property
    def page(self) -> Target:
        return urls.group(self.group.id)

    @property
    def interviews(self) -> list[str]:
        return study_order({i for e in self.entries for i in e.interviews})


@dataclass
class TagView:
    name: str
    entries: list[EntryView]

    @property
    def page(self) -> Target:
        return urls.tag(tag_slug(self.name))


@dataclass
class MitigationUse:
    """One mitigation of one entry, as its kind's page lists it."""

    entry: EntryView
    claim: ClaimView


@dataclass
class MitigationCategoryView:
    category: MitigationCategory
    uses: list[MitigationUse]

    @property
    def page(self) -> Target:
        return urls.mitigation(self.category.id)

    @property
    def entries(self) -> list[EntryView]:
        return list({id(u.entry): u.entry for u in self.uses}.values())

    @property
    def interviews(self) -> list[str]:
        return study_order({i for u in self.uses for i in u.claim.interviews})

    @property
    def evidence_counts(self) -> list[tuple[str, int]]:
        """(evidence type, mitigations) from the strongest: `19 practice, 3 suggestion`."""
        counts: Counter[str] = Counter(u.claim.evidence for u in self.uses)
        return [(kind, counts[kind]) for kind in EVIDENCE_ORDER if counts[kind]]


@dataclass
class SiteView:
    """Everything the pages show, computed once."""

    entries: list[EntryView]
    """The live entries (stable, and drafts in a preview), in display order."""
    phases: list[PhaseView]
    dimensions: list[DimensionView]
    groups: list[GroupView]
    interviews: list[InterviewView]
    former: list[EntryView] = field(default_factory=list)
    """Deprecated and retired entries: their pages stay, with a pointer onward."""
    mitigation_categories: list[MitigationCategoryView] = field(default_factory=list)
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    """Interview id → its public transcript (speaker corrections applied), for the exports."""

    @property
    def quote_count(self) -> int:
        return sum(len(e.all_quotes) for e in self.entries)

    @property
    def tags(self) -> list[str]:
        return sorted({t for e in self.entries for t in e.entry.tags}, key=str.casefold)

    @property
    def tag_views(self) -> list[TagView]:
        """Every tag of a live entry, with its entries, in tag order. Tags whose addresses fold to
        the same page are one tag (`Data drift` and `data drift`)."""
        found: dict[str, TagView] = {}
        for name in self.tags:
            found.setdefault(tag_slug(name), TagView(name, []))
        for entry in self.entries:
            for slug in dict.fromkeys(tag_slug(t) for t in entry.entry.tags):
                found[slug].entries.append(entry)
        return list(found.values())

    def grid(self) -> list[tuple[DimensionView, list[list[EntryView]]]]:
        """Rows of the overview grid: each study dimension with, per phase, the live entries
        whose primary dimension it is, best supported first."""
        rows = []
        for d in self.study_dimensions:
            cells = [
                sorted(
                    (e for e in d.primary if e.phase.id == p.phase.id),
                    key=lambda e: (-len(e.interviews), e.entry.title.casefold()),
                )
                for p in self.phases
            ]
            rows.append((d, cells))
        return rows

    @property
    def study_dimensions(self) -> list[DimensionView]:
        return [d for d in self.dimensions if d.dimension.study]

    def best_supported(self, count: int) -> list[EntryView]:
        """The entries cited by most interviews (then most quotes), for the home page."""
        ranked = sorted(self.entries, key=lambda e: (-len(e.interviews), -len(e.all_quotes)))
        return ranked[:count]


CLAIM_KEYS = {"causes": "c", "mitigations": "m", "counter_evidence": "x"}
"""The letter of each kind of claim in its quotes' anchors."""

ExcerptKey = tuple[str, tuple[Citation, ...]]


@dataclass
class ViewMemo:
    """Parts of the last view that `catalog serve` reuses when only some entries changed."""

    excerpts: dict[ExcerptKey, list[Excerpt]] = field(default_factory=dict)
    """Excerpts of an interview by its citations."""
    entries: dict[str, EntryView] = field(default_factory=dict)
    """Entry views by slug, reused while their entry object is the same."""

    def clear(self) -> None:
        self.excerpts.clear()
        self.entries.clear()


def build_view(
    checked: CheckedCatalog, memo: ViewMemo | None = None, drafts: bool = False
) -> SiteView:
    """Arrange a checked catalog (without errors) for display; drafts only when `drafts`."""
    memo = memo if memo is not None else ViewMemo()
    catalog = checked.catalog
    phases = catalog.phases_in_order()
    views = _entry_views(checked, phases, memo, drafts)
    relate(views, catalog.slugs_by_id)
    live = {slug: v for slug, v in views.items() if v.live}
    phase_views = [PhaseView(p, [v for v in live.values() if v.phase.id == p.id]) for p in phases]
    for phase_view in phase_views:
        _link_neighbours(phase_view.entries)
    dimension_views = [
        DimensionView(
            d,
            [v for v in live.values() if v.primary.id == d.id],
            [v for v in live.values() if d in v.dimensions],
        )
        for d in sorted(
            catalog.dimensions.values(), key=lambda d: (not d.study, d.title.casefold())
        )
    ]
    group_views = [
        GroupView(g, [v for v in live.values() if v.group.id == g.id])
        for g in sorted(catalog.groups.values(), key=lambda g: g.title.casefold())
    ]
    interview_views = _interview_views(checked, views, memo)
    memo.entries = views  # keep what this view used, drop the rest
    former = [v for v in views.values() if not v.live]
    return SiteView(
        list(live.values()),
        phase_views,
        dimension_views,
        group_views,
        interview_views,
        former,
        mitigation_categories=_mitigation_views(catalog, live),
        transcripts=checked.transcripts,
    )


def _mitigation_views(catalog: Catalog, live: dict[str, EntryView]) -> list[MitigationCategoryView]:
    """Every kind of mitigation with the live entries' mitigations of that kind, in the order of
    `mitigations.yaml`."""
    uses: dict[str, list[MitigationUse]] = defaultdict(list)
    for view in live.values():
        for claim in view.mitigations:
            if isinstance(claim.claim, Mitigation):
                uses[claim.claim.category].append(MitigationUse(view, claim))
    return [MitigationCategoryView(c, uses[c.id]) for c in catalog.mitigation_categories.values()]


def _entry_views(
    checked: CheckedCatalog, phases: list[Phase], memo: ViewMemo, drafts: bool
) -> dict[str, EntryView]:
    """Entry views in display order (phase, then title), reusing unchanged ones."""
    catalog = checked.catalog
    rank = {p.id: i for i, p in enumerate(phases)}
    views: dict[str, EntryView] = {}
    shown = [(slug, e) for slug, e in catalog.entries.items() if drafts or e.status != "draft"]
    for slug, entry in sorted(shown, key=lambda s: (rank[s[1].phase], s[1].title.casefold())):
        known = memo.entries.get(slug)
        if known is not None and known.entry is entry:
            views[slug] = known
            continue

        def quotes(
            loc: tuple[str | int, ...], items: list[Quote], s: str = slug
        ) -> list[QuoteView]:
            prefix = "" if loc[0] == "quotes" else f"{CLAIM_KEYS[str(loc[0])]}{loc[1]}."
            return [
                QuoteView(q, checked.matches[(s, (*loc, i))], s, f"{prefix}{i}")
                for i, q in enumerate(items)
            ]

        def claims(kind: str, e: Entry = entry) -> list[ClaimView]:
            return [
                ClaimView(c, tuple(quotes((kind, i, "quotes"), c.quotes)), _category(catalog, c))
                for i, c in enumerate(getattr(e, kind))
            ]

        views[slug] = EntryView(
            entry=entry,
            slug=slug,
            phase=catalog.phases[entry.phase],
            group=catalog.groups[entry.group],
            primary=catalog.dimensions[entry.primary_dimension],
            dimensions=[catalog.dimensions[d] for d in entry.dimensions],
            quotes=quotes(("quotes",), entry.quotes),
            causes=claims("causes"),
            mitigations=claims("mitigations"),
            counter=claims("counter_evidence"),
        )
    return views


def _category(catalog: Catalog, claim: Claim) -> Link | None:
    """A mitigation's kind, with its page."""
    if not isinstance(claim, Mitigation):
        return None
    category = catalog.mitigation_categories[claim.category]
    return Link(category.title, urls.mitigation(category.id))


def _link_neighbours(members: list[EntryView]) -> None:
    for i, view in enumerate(members):
        view.previous = members[i - 1] if i else None
        view.next = members[i + 1] if i + 1 < len(members) else None


def _interview_views(
    checked: CheckedCatalog, views: dict[str, EntryView], memo: ViewMemo
) -> list[InterviewView]:
    """Interview views in study order, with the excerpts their citations need."""
    by_interview: dict[str, list[Citation]] = defaultdict(list)
    for v in views.values():
        for q in [*v.all_quotes, *v.counter_quotes]:
            by_interview[q.interview].append(Citation(v.slug, checked.marks(q.match), q.anchor))
    result = []
    used: dict[ExcerptKey, list[Excerpt]] = {}
    for interview in sorted(checked.catalog.interviews.values(), key=lambda i: int(i.id[1:])):
        citations = by_interview[interview.id]
        key = (interview.id, tuple(citations))
        excerpts = memo.excerpts.get(key)
        if excerpts is None:
            excerpts = build_excerpts(checked.transcripts[interview.id], citations)
        used[key] = excerpts
        citing = sorted({c.entry for c in citations})
        result.append(
            InterviewView(interview, excerpts, {e: views[e] for e in citing}, len(citations))
        )
    memo.excerpts = used
    return result
