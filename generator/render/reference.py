"""The field reference page, generated from the same models that validate the files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.files import FILE_KINDS

DOCUMENTED: dict[str, list[type[BaseModel]]] = {
    kind.path: [kind.model, *kind.parts] for kind in FILE_KINDS
}
"""Each file and the models of the records it holds, in the order the reference shows them."""


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    required: bool
    description: str
    constraints: str


@dataclass(frozen=True)
class ModelDoc:
    name: str
    description: str
    fields: list[FieldDoc]


def _type(prop: dict[str, Any]) -> str:
    if "allOf" in prop:
        return _type(prop["allOf"][0])
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"] if p.get("type") != "null")
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if "enum" in prop:
        return " or ".join(f"`{v}`" for v in prop["enum"])
    return {"string": "text", "integer": "whole number"}.get(prop.get("type", ""), "any")


def _constraints(prop: dict[str, Any]) -> str:
    parts = []
    items = prop.get("items", {})
    for source in (prop, items):
        if "pattern" in source:
            parts.append(f"pattern `{source['pattern']}`")
        if "maxLength" in source:
            parts.append(f"at most {source['maxLength']:,} characters")
    if "minItems" in prop:
        parts.append(f"at least {prop['minItems']} item(s)")
    for key, word in (("minimum", "at least"), ("maximum", "at most")):
        if key in prop:
            parts.append(f"{word} {prop[key]}")
    return "; ".join(parts)


def model_doc(model: type[BaseModel]) -> ModelDoc:
    properties = model.model_json_schema()["properties"]
    fields = [
        FieldDoc(
            name,
            _type(properties[name]),
            info.is_required(),
            info.description or "",
            _constraints(properties[name]),
        )
        for name, info in model.model_fields.items()
    ]
    return ModelDoc(model.__name__, " ".join((model.__doc__ or "").split()), fields)


def reference() -> dict[str, list[ModelDoc]]:
    return {path: [model_doc(m) for m in models] for path, models in DOCUMENTED.items()}
