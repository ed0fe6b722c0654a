"""Work spread over the machine's cores by forked processes, where the platform forks.

A forked worker inherits the parent's objects (the catalog, its views, compiled templates)
without pickling them; only the arguments and results travel. Callers keep the results in the
order of their inputs, so the output does not depend on the number of processes. Only commands
that run no threads of their own use it (`catalog build`, not `catalog serve`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_task: Callable[[object], object] | None = None
"""The function the workers run, set before they are forked."""


def cpus() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _run(item: object) -> object:
    assert _task is not None
    return _task(item)


def fork_map(task: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[task(item) for item in items]`, computed by `jobs` forked processes, each taking
    runs of neighbouring items (about four runs per process, so that the load evens out)."""
    global _task
    _task = task  # type: ignore[assignment]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            runs = max(1, len(items) // (4 * jobs))
            return pool.map(_run, items, chunksize=runs)  # type: ignore[arg-type]
    finally:
        _task = None
