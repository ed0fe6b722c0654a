"""The catalog's schema: one pydantic model per kind of record.

These models are the single source of truth: the validator checks files against them, the JSON
Schema under `schema/` is generated from them, and the field reference on the site is rendered
from their field descriptions.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from generator.markup import IDENTIFIER, MARKDOWN, PLAIN

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ENTRY_ID_PATTERN = r"^MLQ-[0-9]{4}$"
INTERVIEW_PATTERN = r"^I[1-9][0-9]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80), IDENTIFIER]
InterviewId = Annotated[
    str, StringConstraints(pattern=INTERVIEW_PATTERN, max_length=12), IDENTIFIER
]
Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300, pattern=r"^[^\n\r]*\S[^\n\r]*$"),
    PLAIN,
]
"""One line of plain text (titles, summaries, tags)."""
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=r"\S"), MARKDOWN]
"""Free text in Markdown, several lines allowed."""
QuoteText = Annotated[str, StringConstraints(min_length=1, max_length=2_000, pattern=r"\S"), PLAIN]
Code = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$", max_length=80),
    IDENTIFIER,
]
CodeName = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\n\r]*\S[^\n\r]*$"), PLAIN
]
"""A code as a transcript or a qualitative-analysis tool names it (one line of plain text)."""


class Record(BaseModel):
    """Common configuration: unknown fields are errors and values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


EntryId = Annotated[str, StringConstraints(pattern=ENTRY_ID_PATTERN), IDENTIFIER]
"""An entry's permanent id, `MLQ-0042`: never changed, never reused, even after retirement."""
Evidence = Literal["experienced", "practice", "opinion", "suggestion", "second-hand"]
EVIDENCE_TYPES: dict[str, str] = {
    "experienced": "it happened to the participant, in their own work",
    "practice": "what the participant or their team does or did",
    "opinion": "the participant's view, not tied to a specific experience",
    "suggestion": "something that could or should be done, not done by the participant",
    "second-hand": "about other people's systems, colleagues' projects or published cases",
}
"""The kinds of evidence a quote or a claim is, as the method page defines them."""
Status = Literal["draft", "stable", "deprecated", "retired"]
Relation = Literal["causes", "caused-by", "similar", "trade-off", "co-occurs"]
INVERSE_RELATION: dict[Relation, Relation] = {
    "causes": "caused-by",
    "caused-by": "causes",
    "similar": "similar",
    "trade-off": "trade-off",
    "co-occurs": "co-occurs",
}


class Quote(Record):
    """Words of a participant, verbatim from the transcript of their interview."""

    interview: InterviewId = Field(
        description="Interview the words come from, as listed in `interviews.yaml` (e.g. `I7`)."
    )
    text: QuoteText = Field(
        description=(
            "The participant's words, hedges included. Matching ignores case, punctuation, "
            "white space and the fillers uh, um and mm-hmm; `...` or `[...]` marks an omission "
            "and `[words]` an editorial insertion (which may stand for up to four of the "
            "speaker's words)."
        )
    )
    evidence: Evidence = Field(
        description="What kind of evidence the words are: `experienced` (it happened to the "
        "participant), `practice` (what they do), `opinion`, `suggestion` (not done) or "
        "`second-hand` (about other people's systems)."
    )


class Claim(Record):
    """A cause, a mitigation or a counter-statement, in the catalog's words, with the quotes of
    the participants who gave it."""

    text: Text = Field(description="The claim in the catalog's words (Markdown), hedges kept.")
    evidence: Evidence = Field(
        description="The claim's kind of evidence: a mitigation is `practice` only when a "
        "participant did it, `suggestion` when it was only proposed."
    )
    quotes: list[Quote] = Field(
        min_length=1, description="Quotes of the participants who gave this claim."
    )


class Mitigation(Claim):
    """What participants did or proposed about the issue, with the kind of mitigation it is."""

    category: Slug = Field(
        description="The kind of mitigation (an id in `mitigations.yaml`): its page lists every "
        "mitigation of that kind with the issues it addresses."
    )


class Related(Record):
    """A link to another entry, with what relates them."""

    id: EntryId = Field(description="The other entry's permanent id.")
    relation: Relation = Field(
        description="`causes` (this issue leads to the other), `caused-by`, `similar`, "
        "`trade-off` (reducing one worsens the other) or `co-occurs`; shown from both sides."
    )
    reason: Line = Field(description="Why, in one line, as the participants' accounts show it.")


class Entry(Record):
    """One quality issue of machine-learning software systems: a file `<slug>.yaml` in
    `catalog_src/issues/` (the slug is the page address; the id never changes)."""

    id: EntryId = Field(
        description="Permanent id, `MLQ-` and four digits (`catalog new` picks one)."
    )
    title: Line = Field(description="The issue as a practitioner would search for it.")
    summary: Line = Field(description="One plain sentence saying what the issue is.")
    status: Status = Field(
        default="stable",
        description="`draft` (shown in previews, left out of releases), `stable`, `deprecated` "
        "(kept, with a pointer onward) or `retired` (no longer an issue of its own).",
    )
    replaced_by: EntryId | None = Field(
        default=None, description="For a deprecated or retired entry: the live entry to read now."
    )
    merged_into: EntryId | None = Field(
        default=None, description="For a retired entry: the live entry it was merged into."
    )
    aliases: list[Slug] = Field(
        default_factory=list,
        description="Former slugs (of this entry, or of entries merged into it): their pages "
        "redirect here.",
    )
    group: Slug = Field(description="The group of issues it belongs to (an id in `groups.yaml`).")
    phase: Slug = Field(
        description="Lifecycle phase where the issue arises (an id in `phases.yaml`)."
    )
    primary_dimension: Slug = Field(
        description="The quality dimension mainly affected: one of the study's six."
    )
    dimensions: list[Slug] = Field(
        default_factory=list,
        description="Other quality dimensions affected (ids in `dimensions.yaml`).",
    )
    description: Text = Field(description="What the issue is and how it shows, in Markdown.")
    quotes: list[Quote] = Field(
        min_length=1, description="Quotes showing that participants met the issue."
    )
    causes: list[Claim] = Field(
        default_factory=list, description="Causes the participants gave, each with its quotes."
    )
    mitigations: list[Mitigation] = Field(
        default_factory=list,
        description="What participants did or proposed about the issue, each with its quotes. "
        "Leave empty when no participant named one: the page then says so.",
    )
    counter_evidence: list[Claim] = Field(
        default_factory=list,
        description="Where a participant said the issue did not occur for them, or disagreed.",
    )
    single_source: bool = Field(
        default=False,
        description="`true` for an entry whose evidence comes from one interview only (required "
        "then, so that it is a choice, not an accident).",
    )
    related: list[Related] = Field(
        default_factory=list, description="Related entries, with the relation and its reason."
    )
    tags: list[Line] = Field(
        default_factory=list, description="Free keywords for search and filters."
    )
    codes: list[Code] = Field(
        default_factory=list,
        description="The researchers' own codes from the transcripts that this entry covers.",
    )


class Profile(Record):
    """An anonymised profile from the participant's own background answers."""

    role: Line = Field(description="Generic job title, e.g. `Data scientist`.")
    experience: Line = Field(description="Years of experience, as the participant stated them.")
    sector: Line = Field(description="Generic sector of the participant's work.")
    background: Text | None = Field(
        default=None, description="One or two sentences of background with nothing identifying."
    )


class SpeakerCorrection(Record):
    """A paragraph whose speaker the transcript export got wrong, corrected without editing it."""

    paragraph: int = Field(ge=1, description="Paragraph number (as in `catalog transcript`).")
    speaker: Literal["interviewer", "interviewee"] = Field(description="Who actually speaks.")
    reason: Line = Field(description="Why, e.g. `answer to the question in paragraph 26`.")


class Gloss(Record):
    """An editorial gloss on a mis-transcribed technical term, shown beside the excerpt (the
    transcript itself is never edited)."""

    paragraph: int = Field(ge=1, description="Paragraph where the words occur.")
    heard: Line = Field(description="The words as the transcript has them, e.g. `bird`.")
    meant: Line = Field(description="What the participant said, e.g. `BERT`.")


class Interview(Record):
    """One interview of the study (a record in `catalog_src/interviews.yaml`)."""

    id: InterviewId = Field(description="Interview id as in the study, e.g. `I7`.")
    transcript: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$"), IDENTIFIER] = (
        Field(description="File name of the transcript in `transcripts/`.")
    )
    profile: Profile = Field(description="The participant's anonymised profile.")
    speaker_corrections: list[SpeakerCorrection] = Field(
        default_factory=list,
        description="Paragraphs the transcript attributes to the wrong speaker (for instance an "
        "answer left without its `Interviewee` label, which the reader attributes to the "
        "interviewer). The transcript itself is research data and is never edited.",
    )
    glosses: list[Gloss] = Field(
        default_factory=list,
        description="Mis-transcribed technical terms and what was meant (`sensor board` for "
        "TensorBoard), shown beside the excerpts that contain them.",
    )


class Phase(Record):
    """A lifecycle phase of an ML software system (a record in `catalog_src/phases.yaml`)."""

    id: Slug = Field(description="Lowercase slug used by entries' `phase`.")
    title: Line = Field(description="Display title.")
    description: Text = Field(description="What happens in this phase (Markdown).")
    order: int = Field(ge=0, le=1000, description="Position in the lifecycle, smallest first.")


class Dimension(Record):
    """A quality dimension (a record in `catalog_src/dimensions.yaml`)."""

    id: Slug = Field(description="Lowercase slug used by entries' `dimensions`.")
    title: Line = Field(description="Display title.")
    description: Text = Field(description="What this dimension covers (Markdown).")
    study: bool = Field(
        default=False,
        description="One of the study's six dimensions, which an entry's `primary_dimension` "
        "must be.",
    )


class Group(Record):
    """A group of related issues, to browse the catalog by (a record in `groups.yaml`)."""

    id: Slug = Field(description="Lowercase slug used by entries' `group`.")
    title: Line = Field(description="Display title.")
    description: Text = Field(description="What the issues of this group have in common.")


class MitigationCategory(Record):
    """A kind of mitigation, grouping similar mitigations of different issues (a record in
    `catalog_src/mitigations.yaml`)."""

    id: Slug = Field(description="Lowercase slug used by mitigations' `category`.")
    title: Line = Field(description="The kind of mitigation, as an instruction.")
    description: Text = Field(description="What mitigations of this kind do (Markdown).")


class CodeNote(Record):
    """A researchers' code and what it stands for (a record in `catalog_src/codes.yaml`): the
    entries it supports, or the reason it is not a quality issue.

    Every code found in the transcripts or in imported codings (`catalog_src/codings/`) is in the
    `codes` of an entry or listed here, so that no code is silently dropped. Give exactly one of
    `entries` and `reason`.
    """

    code: CodeName = Field(
        description="The code exactly as the transcripts or the researchers' tool name it."
    )
    entries: list[EntryId] = Field(
        default_factory=list,
        description="Permanent ids of the entries the code supports (for a code of a "
        "qualitative-analysis tool, whose name cannot be an entry's `codes` item).",
    )
    reason: Text | None = Field(
        default=None, description="Why this code is not a quality issue of its own."
    )

    @model_validator(mode="after")
    def _one_meaning(self) -> CodeNote:
        if bool(self.entries) == (self.reason is not None):
            raise ValueError("give either 'entries' (the code supports them) or 'reason'")
        return self
