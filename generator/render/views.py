"""View objects of one entry, as its page and the lists showing it read them."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from generator import urls
from generator.matching import QuoteMatch
from generator.models import (
    EVIDENCE_TYPES,
    INVERSE_RELATION,
    Claim,
    Dimension,
    Entry,
    Evidence,
    Group,
    Phase,
    Quote,
    Relation,
)
from generator.urls import Target

EVIDENCE_ORDER = tuple(EVIDENCE_TYPES)
"""Evidence types from the strongest (it happened to the participant) to the weakest."""
RELATION_LABELS = {
    "causes": "can lead to",
    "caused-by": "can result from",
    "similar": "similar to",
    "trade-off": "trade-off with",
    "co-occurs": "often met with",
}


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
    slug: str = ""
    """The citing entry's slug."""
    key: str = "0"
    """Where the quote sits in its entry (`3`: the fourth of `quotes`; `m1.0`: the first quote
    of the second mitigation; `c` causes, `x` counter-evidence): its anchors are made from it,
    so adding a quote or a claim at the end moves no other quote's anchor."""

    @property
    def anchor(self) -> str:
        """The quote's anchor on its interview page, where its exact words are marked."""
        return f"q-{self.slug}-{self.key}"

    @property
    def entry_anchor(self) -> str:
        """The quote's anchor on its entry page (the interview page links back to it)."""
        return f"quote-{self.key}"

    @property
    def interview(self) -> str:
        return self.quote.interview

    @property
    def paragraph(self) -> int:
        return self.match.paragraphs[0]

    @property
    def evidence(self) -> Evidence:
        return self.quote.evidence

    @property
    def passage(self) -> Link:
        """The cited passage on its interview page."""
        return Link(
            f"{self.interview}, ¶{self.paragraph}", urls.interview(self.interview), self.anchor
        )


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    quotes: tuple[QuoteView, ...]
    category: Link | None = None
    """For a mitigation: the kind of mitigation it is, with its page."""

    @property
    def evidence(self) -> Evidence:
        return self.claim.evidence

    @property
    def interviews(self) -> list[str]:
        return study_order({q.interview for q in self.quotes})


@dataclass(frozen=True)
class RelatedView:
    """Another entry, as this one relates to it (relations read from both sides)."""

    view: EntryView = field(repr=False)
    relation: Relation
    reason: str

    @property
    def label(self) -> str:
        return RELATION_LABELS[self.relation]


@dataclass(repr=False)
class EntryView:
    entry: Entry
    slug: str
    phase: Phase
    group: Group
    primary: Dimension
    dimensions: list[Dimension]
    """The secondary dimensions."""
    quotes: list[QuoteView]
    causes: list[ClaimView]
    mitigations: list[ClaimView]
    counter: list[ClaimView]
    related: list[RelatedView] = field(default_factory=list, repr=False)
    previous: EntryView | None = field(default=None, repr=False)
    next: EntryView | None = field(default=None, repr=False)

    def __repr__(self) -> str:  # short: views refer to each other (related, neighbours)
        return f"EntryView({self.entry.id} {self.slug})"

    @property
    def id(self) -> str:
        """The permanent id, `MLQ-0042`."""
        return self.entry.id

    @property
    def page(self) -> Target:
        return urls.entry(self.slug)

    @property
    def live(self) -> bool:
        return self.entry.status in ("draft", "stable")

    @property
    def phase_link(self) -> Link:
        return Link(self.phase.title, urls.phase(self.phase.id))

    @property
    def group_link(self) -> Link:
        return Link(self.group.title, urls.group(self.group.id))

    @property
    def dimension_links(self) -> list[Link]:
        """The primary dimension first, then the others."""
        return [Link(d.title, urls.dimension(d.id)) for d in [self.primary, *self.dimensions]]

    @property
    def interview_links(self) -> list[Link]:
        return [Link(i, urls.interview(i)) for i in self.interviews]

    @cached_property
    def all_quotes(self) -> list[QuoteView]:
        """Every quote supporting the entry (counter-evidence excepted)."""
        claims = [*self.causes, *self.mitigations]
        return [*self.quotes, *(q for c in claims for q in c.quotes)]

    @cached_property
    def counter_quotes(self) -> list[QuoteView]:
        return [q for c in self.counter for q in c.quotes]

    @cached_property
    def interviews(self) -> list[str]:
        """Interviews supporting the entry, in study order."""
        return study_order({q.interview for q in self.all_quotes})

    @cached_property
    def counter_interviews(self) -> list[str]:
        return study_order({q.interview for q in self.counter_quotes})

    @cached_property
    def quotes_per_interview(self) -> dict[str, int]:
        """Interview id → number of quotes the entry cites from it, in study order."""
        counts = Counter(q.interview for q in self.all_quotes)
        return {iid: counts[iid] for iid in study_order(counts)}

    @cached_property
    def evidence_by_interview(self) -> dict[str, str]:
        """Interview → the strongest kind of evidence it gives for the issue itself (the quotes
        showing it and its causes; mitigations say what was done about it)."""
        found: dict[str, str] = {}
        for q in [*self.quotes, *(q for c in self.causes for q in c.quotes)]:
            best = found.get(q.interview)
            if best is None or EVIDENCE_ORDER.index(q.evidence) < EVIDENCE_ORDER.index(best):
                found[q.interview] = q.evidence
        for q in (q for c in self.mitigations for q in c.quotes):
            found.setdefault(q.interview, q.evidence)
        return {i: found[i] for i in study_order(found)}

    @cached_property
    def evidence_summary(self) -> list[tuple[str, int]]:
        """(evidence type, interviews) in order of strength: `5 experienced, 2 practice`."""
        counts = Counter(self.evidence_by_interview.values())
        return [(kind, counts[kind]) for kind in EVIDENCE_ORDER if counts[kind]]

    @cached_property
    def evidence_types(self) -> list[str]:
        """Every kind of evidence the entry's quotes and claims are."""
        kinds = {q.evidence for q in self.all_quotes} | {c.evidence for c in self.claims}
        return [k for k in EVIDENCE_ORDER if k in kinds]

    @property
    def claims(self) -> list[ClaimView]:
        return [*self.causes, *self.mitigations]

    @property
    def tag_links(self) -> list[Link]:
        return [Link(t, urls.tag(tag_slug(t))) for t in self.entry.tags]

    @property
    def filter_words(self) -> str:
        """Every word a reader may filter the issue table by (id, title, summary, description,
        causes, mitigations, counter-evidence, tags, former slugs), each once, in lower case:
        the table carries them for each row, so they are kept short."""
        e = self.entry
        parts = [e.id, e.title, e.summary, e.description, *e.tags, *e.aliases]
        parts += [c.claim.text for c in [*self.claims, *self.counter]]
        words = _WORD.findall(" ".join(parts).casefold())
        return " ".join(dict.fromkeys(words))


_WORD = re.compile("[^\\W_]+(?:[-'\u2019][^\\W_]+)*")


def tag_slug(tag: str) -> str:
    """The address of a tag's page: `data drift` → `data-drift`."""
    folded = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "tag"


def study_order(interviews: Iterable[str]) -> list[str]:
    """Interview ids in study order (I3 before I10)."""
    return sorted(interviews, key=lambda i: int(i[1:]))


def relate(views: dict[str, EntryView], by_id: dict[str, str]) -> None:
    """Related entries from both sides: what an entry lists, and the inverse of what lists it."""
    found: dict[str, dict[str, RelatedView]] = {slug: {} for slug in views}
    for slug, view in views.items():
        for related in view.entry.related:
            other = views.get(by_id.get(related.id, ""))
            if other is None:
                continue
            found[slug][other.slug] = RelatedView(other, related.relation, related.reason)
            inverse = RelatedView(view, INVERSE_RELATION[related.relation], related.reason)
            found[other.slug].setdefault(slug, inverse)
    for slug, view in views.items():
        view.related = sorted(found[slug].values(), key=lambda r: r.view.entry.title.casefold())
