"""One module per `catalog` command, each with `HELP`, `add_arguments(parser)` and
`run(project, args) -> int`; `generator.cli` turns this table into the command line."""

from __future__ import annotations

from types import ModuleType

from generator.commands import (
    audit,
    build,
    coverage,
    diff,
    export,
    guard,
    hash_term,
    import_qda,
    new,
    pseudonymise,
    release,
    schema,
    serve,
    transcript,
    validate,
)

COMMANDS: dict[str, ModuleType] = {
    "validate": validate,
    "build": build,
    "serve": serve,
    "new": new,
    "coverage": coverage,
    "diff": diff,
    "guard": guard,
    "export": export,
    "import": import_qda,
    "audit": audit,
    "pseudonymise": pseudonymise,
    "release": release,
    "schema": schema,
    "transcript": transcript,
    "hash-term": hash_term,
}
"""Command name → module, in the order `catalog --help` lists them."""
