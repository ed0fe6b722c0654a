"""Which file of a project holds which model: the one table the loader, the JSON Schemas and the
field reference all read."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from generator.codings_schema import CatalogSettings, CodedPassage, Codings
from generator.leaks import LeakCheckFile
from generator.models import (
    Claim,
    CodeNote,
    Dimension,
    Entry,
    Gloss,
    Group,
    Interview,
    Mitigation,
    MitigationCategory,
    Phase,
    Profile,
    Quote,
    Related,
    SpeakerCorrection,
)


@dataclass(frozen=True)
class FileKind:
    """One kind of YAML file of a project."""

    path: str
    """Project-relative path; `<slug>` stands for an entry's slug."""
    model: type[BaseModel]
    """Model of the file's record (of each record, when the file is a list)."""
    many: bool
    """The file is a list of records (a registry) rather than one record."""
    schema: str
    """File name of its JSON Schema under `schema/`."""
    parts: tuple[type[BaseModel], ...] = ()
    """Models nested in the record, documented after it in the field reference."""
    optional: bool = False
    """A project may leave the file out (it then counts as an empty list)."""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def key_field(self) -> str:
        """The field identifying each record of a registry."""
        return "code" if "code" in self.model.model_fields else "id"


ENTRY = FileKind(
    "catalog_src/issues/<slug>.yaml",
    Entry,
    False,
    "entry.schema.json",
    (Claim, Mitigation, Quote, Related),
)
INTERVIEWS = FileKind(
    "catalog_src/interviews.yaml",
    Interview,
    True,
    "interviews.schema.json",
    (Profile, SpeakerCorrection, Gloss),
)
PHASES = FileKind("catalog_src/phases.yaml", Phase, True, "phases.schema.json")
DIMENSIONS = FileKind("catalog_src/dimensions.yaml", Dimension, True, "dimensions.schema.json")
GROUPS = FileKind("catalog_src/groups.yaml", Group, True, "groups.schema.json")
MITIGATIONS = FileKind(
    "catalog_src/mitigations.yaml", MitigationCategory, True, "mitigations.schema.json"
)
CODES = FileKind("catalog_src/codes.yaml", CodeNote, True, "codes.schema.json", optional=True)
CODINGS = FileKind(
    "catalog_src/codings/<interview>.yaml",
    Codings,
    False,
    "codings.schema.json",
    (CodedPassage,),
    optional=True,
)
SETTINGS = FileKind(
    "catalog_src/settings.yaml", CatalogSettings, False, "settings.schema.json", optional=True
)
LEAK_LIST = FileKind("transcripts/leak-check.yaml", LeakCheckFile, False, "leak-check.schema.json")

FILE_KINDS: tuple[FileKind, ...] = (
    ENTRY,
    INTERVIEWS,
    PHASES,
    DIMENSIONS,
    GROUPS,
    MITIGATIONS,
    CODES,
    CODINGS,
    SETTINGS,
    LEAK_LIST,
)
"""Every kind of file, in the order the field reference shows them."""
REGISTRIES: tuple[FileKind, ...] = tuple(kind for kind in FILE_KINDS if kind.many)
"""The files of `catalog_src/` holding a list of records."""


def entry_path(slug: str) -> str:
    """Project-relative path of an entry's file: `catalog_src/issues/<slug>.yaml`."""
    return ENTRY.path.replace("<slug>", slug)
