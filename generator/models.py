"""The catalog's schema: one pydantic model per kind of record.

These models are the single source of truth: the validator checks files against them, the JSON
Schema under `schema/` is generated from them, and the field reference on the site is rendered
from their field descriptions.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.markup import IDENTIFIER, MARKDOWN, PLAIN

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
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


class Record(BaseModel):
    """Common configuration: unknown fields are errors and values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Quote(Record):
    """Words of a participant, verbatim from the transcript of their interview."""

    interview: InterviewId = Field(
        description="Interview the words come from, as listed in `interviews.yaml` (e.g. `I7`)."
    )
    text: QuoteText = Field(
        description=(
            "The participant's words. Matching ignores case, punctuation, white space and the "
            "fillers uh, um and mm-hmm; `...` or `[...]` marks an omission and `[words]` an "
            "editorial insertion (which may stand for up to four of the speaker's words)."
        )
    )


class Claim(Record):
    """A cause or a mitigation, as participants described it, with the quotes that support it."""

    text: Text = Field(description="The cause or mitigation in the catalog's words (Markdown).")
    quotes: list[Quote] = Field(
        default_factory=list,
        description="Quotes supporting this claim; every claim should carry at least one.",
    )


class Entry(Record):
    """One quality issue of machine-learning software systems (a file in `catalog_src/issues/`)."""

    id: Slug = Field(description="Lowercase slug, equal to the file name without `.yaml`.")
    title: Line = Field(description="A title a practitioner would search for.")
    summary: Line = Field(description="One plain sentence saying what the issue is.")
    phase: Slug = Field(
        description="Lifecycle phase where the issue arises (an id in `phases.yaml`)."
    )
    dimensions: list[Slug] = Field(
        min_length=1, description="Quality dimensions affected (ids in `dimensions.yaml`)."
    )
    description: Text = Field(description="What the issue is and how it shows, in Markdown.")
    causes: list[Claim] = Field(
        default_factory=list, description="Causes the participants gave, each with its quotes."
    )
    mitigations: list[Claim] = Field(
        default_factory=list,
        description="What participants did or advised about the issue, each with its quotes. "
        "Leave empty when no participant named one: the page then says so.",
    )
    quotes: list[Quote] = Field(
        min_length=1, description="Quotes showing that participants met the issue."
    )
    related: list[Slug] = Field(default_factory=list, description="Ids of related entries.")
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


class CodeNote(Record):
    """A researchers' code that is not a quality issue (a record in `catalog_src/codes.yaml`).

    Every code found in the transcripts is either in the `codes` of an entry or listed here with
    the reason, so that no code is silently dropped.
    """

    code: Code = Field(description="The code exactly as it appears in the transcripts.")
    reason: Text = Field(description="Why this code is not a quality issue of its own.")
