"""Plain view objects the page templates read: the checked catalog arranged for display."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from generator import urls
from generator.check import CheckedCatalog
from generator.matching import Marks, QuoteMatch
from generator.models import Claim, Dimension, Entry, Interview, Phase, Quote
from generator.render.excerpts import Excerpt, build_excerpts
from generator.urls import Target


@dataclass(frozen=True)
class Link:
    """A link's text and where it leads; the page showing it turns the target into an href."""

    text: str
    target: Target
    anchor: str = ""


@dataclass(frozen=True)
class QuoteView:
    quote: Quote
    match: QuoteMatch

    @property
    def interview(self) -> str:
        return self.quote.interview

    @property
    def paragraph(self) -> int:
        return self.match.paragraphs[0]

    @property
    def passage(self) -> Link:
        """The cited passage on its interview page."""
        return Link(
            f"{self.interview}, ¶{self.paragraph}",
            urls.interview(self.interview),
            urls.paragraph_anchor(self.paragraph),
        )


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    quotes: tuple[QuoteView, ...]


@dataclass
class EntryView:
    entry: Entry
    phase: Phase
    dimensions: list[Dimension]
    quotes: list[QuoteView]
    causes: list[ClaimView]
    mitigations: list[ClaimView]
    related: list[EntryView] = field(default_factory=list)
    """Entries this one lists in `related`, and entries listing this one."""
    previous: EntryView | None = None
    next: EntryView | None = None

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def page(self) -> Target:
        return urls.entry(self.entry.id)

    @property
    def phase_link(self) -> Link:
        return Link(self.phase.title, urls.phase(self.phase.id))

    @property
    def dimension_links(self) -> list[Link]:
        return [Link(d.title, urls.dimension(d.id)) for d in self.dimensions]

    @property
    def interview_links(self) -> list[Link]:
        return [Link(i, urls.interview(i)) for i in self.interviews]

    @cached_property
    def all_quotes(self) -> list[QuoteView]:
        claims = [*self.causes, *self.mitigations]
        return [*self.quotes, *(q for c in claims for q in c.quotes)]

    @cached_property
    def interviews(self) -> list[str]:
        """Interviews supporting the entry, in study order."""
        return sorted({q.interview for q in self.all_quotes}, key=lambda i: int(i[1:]))

    @cached_property
    def quotes_per_interview(self) -> dict[str, int]:
        """Interview id → number of quotes the entry cites from it, in study order."""
        counts = Counter(q.interview for q in self.all_quotes)
        return {iid: counts[iid] for iid in sorted(counts, key=lambda i: int(i[1:]))}


@dataclass
class InterviewView:
    interview: Interview
    excerpts: list[Excerpt]
    citing: dict[str, EntryView]
    """The entries citing this interview, by id, in id order."""
    quote_count: int

    @property
    def entries(self) -> list[EntryView]:
        return list(self.citing.values())

    @property
    def page(self) -> Target:
        return urls.interview(self.interview.id)


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
    entries: list[EntryView]

    @property
    def page(self) -> Target:
        return urls.dimension(self.dimension.id)


@dataclass
class SiteView:
    """Everything the pages show, computed once."""

    entries: list[EntryView]
    phases: list[PhaseView]
    dimensions: list[DimensionView]
    interviews: list[InterviewView]

    @property
    def quote_count(self) -> int:
        return sum(len(e.all_quotes) for e in self.entries)

    @property
    def tags(self) -> list[str]:
        return sorted({t for e in self.entries for t in e.entry.tags}, key=str.casefold)

    def best_supported(self, count: int) -> list[EntryView]:
        """The entries cited by most interviews (then most quotes), for the home page."""
        ranked = sorted(self.entries, key=lambda e: (-len(e.interviews), -len(e.all_quotes)))
        return ranked[:count]


ExcerptKey = tuple[str, tuple[tuple[str, Marks], ...]]


@dataclass
class ViewMemo:
    """Parts of the last view that `catalog serve` reuses when only some entries changed."""

    excerpts: dict[ExcerptKey, list[Excerpt]] = field(default_factory=dict)
    """Excerpts of an interview by its citations."""
    entries: dict[str, EntryView] = field(default_factory=dict)
    """Entry views by id, reused while their entry object is the same."""

    def clear(self) -> None:
        self.excerpts.clear()
        self.entries.clear()


def build_view(checked: CheckedCatalog, memo: ViewMemo | None = None) -> SiteView:
    """Arrange a checked catalog (without errors) for display."""
    memo = memo if memo is not None else ViewMemo()
    catalog = checked.catalog
    phases = catalog.phases_in_order()
    views = _entry_views(checked, phases, memo)
    _link_related(views)
    phase_views = [
        PhaseView(p, [v for v in views.values() if v.entry.phase == p.id]) for p in phases
    ]
    for phase_view in phase_views:
        _link_neighbours(phase_view.entries)
    dimension_views = [
        DimensionView(d, [v for v in views.values() if d.id in v.entry.dimensions])
        for d in sorted(catalog.dimensions.values(), key=lambda d: d.title.casefold())
    ]
    interview_views = _interview_views(checked, views, memo)
    memo.entries = views  # keep what this view used, drop the rest
    return SiteView(list(views.values()), phase_views, dimension_views, interview_views)


def _entry_views(
    checked: CheckedCatalog, phases: list[Phase], memo: ViewMemo
) -> dict[str, EntryView]:
    """Entry views in display order (phase, then title), reusing unchanged ones."""
    catalog = checked.catalog
    rank = {p.id: i for i, p in enumerate(phases)}
    views: dict[str, EntryView] = {}
    for entry in sorted(
        catalog.entries.values(), key=lambda e: (rank[e.phase], e.title.casefold())
    ):
        known = memo.entries.get(entry.id)
        if known is not None and known.entry is entry:
            views[entry.id] = known
            continue

        def quotes(
            loc: tuple[str | int, ...], items: list[Quote], e: str = entry.id
        ) -> list[QuoteView]:
            return [QuoteView(q, checked.matches[(e, (*loc, i))]) for i, q in enumerate(items)]

        views[entry.id] = EntryView(
            entry=entry,
            phase=catalog.phases[entry.phase],
            dimensions=[catalog.dimensions[d] for d in entry.dimensions],
            quotes=quotes(("quotes",), entry.quotes),
            causes=[
                ClaimView(c, tuple(quotes(("causes", i, "quotes"), c.quotes)))
                for i, c in enumerate(entry.causes)
            ],
            mitigations=[
                ClaimView(c, tuple(quotes(("mitigations", i, "quotes"), c.quotes)))
                for i, c in enumerate(entry.mitigations)
            ],
        )
    return views


def _link_related(views: dict[str, EntryView]) -> None:
    """Related entries both ways: those an entry lists, and those listing it."""
    related: dict[str, set[str]] = defaultdict(set)
    for view in views.values():
        for other in view.entry.related:
            related[view.id].add(other)
            related[other].add(view.id)
    for view in views.values():
        view.related = sorted(
            (views[r] for r in related[view.id]), key=lambda v: v.entry.title.casefold()
        )


def _link_neighbours(members: list[EntryView]) -> None:
    for i, view in enumerate(members):
        view.previous = members[i - 1] if i else None
        view.next = members[i + 1] if i + 1 < len(members) else None


def _interview_views(
    checked: CheckedCatalog, views: dict[str, EntryView], memo: ViewMemo
) -> list[InterviewView]:
    """Interview views in study order, with the excerpts their citations need."""
    by_interview: dict[str, list[tuple[str, Marks]]] = defaultdict(list)
    for v in views.values():
        for q in v.all_quotes:
            by_interview[q.interview].append((v.id, checked.marks(q.match)))
    result = []
    used: dict[ExcerptKey, list[Excerpt]] = {}
    for interview in sorted(checked.catalog.interviews.values(), key=lambda i: int(i.id[1:])):
        citations = by_interview[interview.id]
        key = (interview.id, tuple(citations))
        excerpts = memo.excerpts.get(key)
        if excerpts is None:
            transcript = checked.transcripts[interview.id]
            excerpts = build_excerpts(transcript, citations)
        used[key] = excerpts
        citing = sorted({e for e, _ in citations})
        result.append(
            InterviewView(interview, excerpts, {e: views[e] for e in citing}, len(citations))
        )
    memo.excerpts = used
    return result
