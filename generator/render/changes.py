"""A catalog diff as Markdown for a pull-request comment, and as data for `--format json`."""

from __future__ import annotations

import difflib
import json
from typing import Any

from generator.history import CatalogDiff, FieldChange

MAX_SHOWN = 300
"""Longest value shown inline; longer ones, and structured ones, are shown as a diff."""


def render_diff(diff: CatalogDiff, revision: str) -> str:
    """Markdown: added, changed (each field with its text before and after) and removed."""
    if not diff:
        return f"No catalog entry changed since `{revision}`.\n"
    out = [f"## Catalog changes since `{revision}`", ""]
    if diff.added:
        out += [f"### Added ({len(diff.added)})", ""]
        out += [f"- `{k}`: {t}" for k, t in diff.added.items()] + [""]
    if diff.changed:
        out += [f"### Changed ({len(diff.changed)})", ""]
        for key, (title, changes) in diff.changed.items():
            out.append(f"- `{key}`: {title} ({', '.join(c.name for c in changes)})")
            for change in changes:
                out += _change_lines(change)
        out.append("")
    if diff.removed:
        out += [f"### Removed ({len(diff.removed)})", ""]
        out += [f"- `{k}`: {t}" for k, t in diff.removed.items()] + [""]
    return "\n".join(out)


def _change_lines(change: FieldChange) -> list[str]:
    before, after = change.before, change.after
    if _inline(before) and _inline(after):
        return [f"  - `{change.name}`: {_show(before)} → {_show(after)}"]
    old, new = _lines(before), _lines(after)
    body = list(difflib.unified_diff(old, new, "before", "after", lineterm="", n=1))[2:]
    return [
        f"  - `{change.name}`:",
        "",
        "    ```diff",
        *(f"    {line}" for line in body),
        "    ```",
    ]


def _inline(value: Any) -> bool:
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return len(_show(value)) <= MAX_SHOWN
    return value is None or (
        isinstance(value, str | int) and "\n" not in str(value) and len(str(value)) <= MAX_SHOWN
    )


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return f"“{value}”"


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.splitlines()
    return json.dumps(value, indent=1, ensure_ascii=False).splitlines()


def diff_data(diff: CatalogDiff) -> dict[str, Any]:
    return {
        "added": [{"id": k, "title": t} for k, t in diff.added.items()],
        "changed": [
            {
                "id": k,
                "title": t,
                "fields": [{"name": c.name, "before": c.before, "after": c.after} for c in changes],
            }
            for k, (t, changes) in diff.changed.items()
        ],
        "removed": [{"id": k, "title": t} for k, t in diff.removed.items()],
    }
