"""JSON Schemas and the field reference, both generated from the validator's models."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import jsonschema
import pytest
from pydantic import BaseModel

from generator.files import FILE_KINDS
from generator.render.pages import environment
from generator.render.reference import DOCUMENTED, reference
from generator.schema import render_schemas, stale_schemas
from generator.yaml_source import load_yaml
from tests.conftest import REPO

DRAFT07_KEYWORDS = {
    "$schema",
    "$ref",
    "$id",
    "title",
    "description",
    "default",
    "type",
    "properties",
    "additionalProperties",
    "patternProperties",
    "required",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "pattern",
    "enum",
    "const",
    "minimum",
    "maximum",
    "anyOf",
    "allOf",
    "oneOf",
    "definitions",
    "uniqueItems",
    "format",
    "examples",
}


SCHEMAS = {kind.schema: kind for kind in FILE_KINDS}


def files_for(schema_name: str) -> list[Path]:
    kind = SCHEMAS[schema_name]
    describes = kind.path
    if describes.endswith("<slug>.yaml"):
        return sorted((REPO / "catalog_src/issues").glob("*.yaml"))
    if "<" in describes:  # one file per interview, e.g. catalog_src/codings/<interview>.yaml
        folder, _, _ = describes.rpartition("/")
        return sorted((REPO / folder).glob("*.yaml"))
    if kind.optional and not (REPO / describes).exists():
        return []
    return [REPO / describes]


def test_committed_schemas_are_up_to_date() -> None:
    assert stale_schemas(REPO / "schema") == [], "run 'catalog schema' and commit schema/"


def keywords(node: object, inside_properties: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties:
                found.add(key)
            found |= keywords(
                value,
                key in ("properties", "patternProperties", "definitions") and not inside_properties,
            )
    elif isinstance(node, list):
        for item in node:
            found |= keywords(item)
    return found


@pytest.mark.parametrize("name", SCHEMAS)
def test_schemas_use_draft07_keywords_only(name: str) -> None:
    schema = json.loads(render_schemas()[name])
    jsonschema.Draft7Validator.check_schema(schema)
    assert keywords(schema) <= DRAFT07_KEYWORDS


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_bundled_file_is_accepted_and_names_its_schema(name: str) -> None:
    schema = json.loads((REPO / "schema" / name).read_text())
    for path in files_for(name):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = Path("../" * (len(path.relative_to(REPO).parts) - 1)) / "schema" / name
        assert first == f"# yaml-language-server: $schema={relative.as_posix()}", path
        data = load_yaml(path, path.name).data
        jsonschema.validate(data, schema)


def test_schema_rejects_an_unknown_field() -> None:
    schema = json.loads((REPO / "schema/entry.schema.json").read_text())
    entry = load_yaml(REPO / "catalog_src/issues/missing-values.yaml", "x").data
    jsonschema.validate(entry, schema)
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate({**entry, "severity": "high"}, schema)
    entry["quotes"][0]["page"] = 3
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate(entry, schema)


def models_reachable(model: type[BaseModel]) -> set[type[BaseModel]]:
    found = {model}
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found |= models_reachable(annotation)
            stack.extend(typing.get_args(annotation))
    return found


def test_every_field_is_documented_in_the_reference() -> None:
    documented = {m for models in DOCUMENTED.values() for m in models}
    for kind in FILE_KINDS:
        missing = models_reachable(kind.model) - documented
        assert not missing, f"add {missing} to generator/render/reference.py"
    from generator import urls

    page = (
        environment()
        .get_template("reference.md.j2")
        .render(reference=reference(), page=urls.REFERENCE)
    )
    for docs in reference().values():
        for doc in docs:
            assert f"### {doc.name}\n" in page
            assert doc.description, f"{doc.name} has no docstring"
            for field in doc.fields:
                assert field.description.strip(), f"{doc.name}.{field.name} has no description"
                assert (
                    f"| `{field.name}` |" in page.split(f"### {doc.name}\n")[1].split("### ")[0]
                ), field.name
