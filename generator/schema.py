"""JSON Schemas (draft-07) of the catalog files, generated from the pydantic models.

Editors use them through the `# yaml-language-server: $schema=...` line at the top of each YAML
file; `catalog schema` writes them under `schema/` and a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.files import FILE_KINDS

DRAFT = "http://json-schema.org/draft-07/schema#"


def model_schema(model: type[BaseModel], as_list: bool, describes: str) -> dict[str, Any]:
    """The draft-07 schema of a file holding one record (or a list of records) of `model`."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    if as_list:
        definitions[model.__name__] = schema
        schema = {"type": "array", "items": {"$ref": f"#/definitions/{model.__name__}"}}
    if as_list:
        schema["description"] = f"A list of records. {model.__doc__}"
    schema["title"] = describes
    result = {"$schema": DRAFT, **schema}
    if definitions:
        result["definitions"] = definitions
    converted: dict[str, Any] = _draft07(result)
    return converted


def _draft07(node: Any) -> Any:
    """Move keywords beside a `$ref` into an `allOf`: draft-07 ignores siblings of `$ref`."""
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _draft07(value) for key, value in node.items()}
    if "$ref" in node and len(node) > 1:
        ref = node.pop("$ref")
        node = {**node, "allOf": [{"$ref": ref}]}
    return node


def render_schemas() -> dict[str, str]:
    """Schema file name → JSON text, deterministic."""
    return {
        kind.schema: json.dumps(model_schema(kind.model, kind.many, kind.path), indent=2) + "\n"
        for kind in FILE_KINDS
    }


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    return [
        name
        for name, text in render_schemas().items()
        if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text
    ]


def write_schemas(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    return written
