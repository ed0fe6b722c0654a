"""The models of the coding files (`catalog_src/codings/<interview>.yaml`) and of the catalog's
settings (`catalog_src/settings.yaml`): the schema of what `generator.codings` loads."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.models import CodeName, InterviewId, Line, Record


class CodedPassage(Record):
    """Paragraphs of the transcript that the researchers coded with one code."""

    code: CodeName = Field(
        description="The code's name in the researchers' tool (its path `Parent/Code` where "
        "two codes share a name)."
    )
    paragraphs: list[Annotated[int, Field(ge=1)]] = Field(
        min_length=2,
        max_length=2,
        description="First and last paragraph of the passage, as `catalog transcript` numbers "
        "them (`[12, 12]` for one paragraph).",
    )

    @model_validator(mode="after")
    def _in_order(self) -> CodedPassage:
        if self.paragraphs[0] > self.paragraphs[1]:
            raise ValueError("the first paragraph comes after the last")
        return self


class Codings(Record):
    """The passages researchers coded in one interview (`catalog_src/codings/<interview>.yaml`,
    written by `catalog import qdpx`): paragraph ranges and code names, no text."""

    interview: InterviewId = Field(description="The interview, as listed in `interviews.yaml`.")
    origin: Line | None = Field(
        default=None, description="The tool the coding was exported from, as the project says."
    )
    codings: list[CodedPassage] = Field(
        default_factory=list, description="The coded passages, in transcript order."
    )


class CatalogSettings(Record):
    """Settings of the whole catalog (`catalog_src/settings.yaml`, optional)."""

    quote_outside_coding: Literal["warning", "error", "ignore"] = Field(
        default="warning",
        description="What `catalog validate` reports for a quote of an interview with imported "
        "codings that lies in no passage coded with a code of its entry: `warning` (the "
        "default), `error`, or `ignore` (not checked).",
    )
