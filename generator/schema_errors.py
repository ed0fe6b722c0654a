"""Turn pydantic validation errors into located, readable problems."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.models import ENTRY_ID_PATTERN
from generator.problems import Problem
from generator.yaml_source import Location, YamlDocument

_KIND = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true/false",
    type(None): "nothing",
}

_PATTERN_HINTS = {
    "id": "use lowercase letters, digits and single hyphens, e.g. 'missing-values'",
    "phase": "use a phase id from catalog_src/phases.yaml",
    "interview": "use an interview id such as 'I7'",
    "transcript": "use a file name such as 'I7.txt'",
}


def field_path(loc: Location) -> str:
    """`causes[0].quotes[1].text` for the location ('causes', 0, 'quotes', 1, 'text')."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def fields_at(model: type[BaseModel], loc: Location) -> list[str]:
    """Field names of the model found at `loc`, for 'allowed fields' hints."""
    annotation: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        info = annotation.model_fields.get(str(part))
        if info is None:
            return []
        annotation = _unwrap(info.annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def problems_from(
    error: ValidationError, model: type[BaseModel], doc: YamlDocument, base: Location = ()
) -> list[Problem]:
    """One problem per pydantic error, at the line of the offending key or value."""
    found = []
    for item in error.errors(include_url=False):
        loc: Location = tuple(item["loc"])
        where = field_path((*base, *loc))
        kind, value = item["type"], item.get("input")
        hint = ""
        if kind == "missing":
            line = doc.line_of((*base, *loc[:-1]))
            message = f"missing required field '{where}'"
        elif kind == "extra_forbidden":
            line = doc.line_of((*base, *loc))
            message = f"unknown field '{where}'"
            allowed = fields_at(model, loc[:-1])
            hint = f"allowed fields: {', '.join(allowed)}" if allowed else ""
        else:
            line = doc.line_of((*base, *loc))
            message, hint = _describe(kind, item, where, value, loc)
        found.append(Problem(doc.path, line, message, hint))
    return found


def _describe(kind: str, item: Any, where: str, value: Any, loc: Location) -> tuple[str, str]:
    got = _KIND.get(type(value), type(value).__name__)
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind.endswith("_type"):
        expected = {
            "string_type": "text",
            "list_type": "a list",
            "int_type": "a whole number",
            "model_type": "a mapping of fields",
            "dict_type": "a mapping",
        }.get(kind, kind)
        hint = "put quotes around the value" if expected == "text" and got != "nothing" else ""
        return f"{where}: expected {expected}, got {got}", hint
    if kind == "string_too_short" or (kind == "string_pattern_mismatch" and not str(value).strip()):
        return f"{where}: is empty", "write the text or remove the field"
    if kind == "string_too_long":
        limit = item.get("ctx", {}).get("max_length")
        return f"{where}: is {len(value):,} characters long, over the limit of {limit:,}", ""
    if kind == "string_pattern_mismatch":
        if "\n" in str(value) and field in ("title", "summary", "role", "experience", "sector"):
            return f"{where}: must be a single line", "remove the line breaks"
        hint = _PATTERN_HINTS.get(field, "")
        if field in ("dimensions", "aliases", "group", "primary_dimension"):
            hint = _PATTERN_HINTS["id"]
        if item.get("ctx", {}).get("pattern") == ENTRY_ID_PATTERN:
            hint = (
                "an entry's id is 'MLQ-' and four digits, e.g. 'MLQ-0042' ('catalog new' picks one)"
            )
        return f"{where}: '{_short(value)}' is not a valid {field or 'value'}", hint
    if kind == "too_short":
        return f"{where}: needs at least {item['ctx'].get('min_length', 1)} item(s)", ""
    if kind == "too_long":
        return f"{where}: has too many items (limit {item['ctx'].get('max_length')})", ""
    return f"{where}: {item['msg']}", ""


def _short(value: Any, limit: int = 60) -> str:
    text = str(value).replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
