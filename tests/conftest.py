"""Shared fixtures: throw-away copies of catalog projects, and the CLI run in-process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from generator.cli import main
from generator.urls import GENERATED_DIRS, GENERATED_FILES

settings.register_profile(
    "fast", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
"""Property tests run 30 examples each by default and 400 in CI (`HYPOTHESIS_PROFILE=thorough`)."""

pytest_plugins = ["tests.browser_support"]
"""The browser tests' shared browser, built site and reader (one Playwright for the session)."""

REPO = Path(__file__).resolve().parent.parent
INTEGRATION = Path(__file__).resolve().parent / "integration"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def copy_project(target: Path, scenario: Path | None) -> Path:
    """A project at `target`: the repository's site config and hand-written docs, with the
    catalog and transcripts of `scenario` (a folder under tests/integration), or the repo's."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "CITATION.cff"):
        shutil.copy(REPO / name, target / name)
    shutil.copytree(REPO / "generator/theme", target / "generator/theme")
    generated = set(GENERATED_DIRS) | set(GENERATED_FILES)
    shutil.copytree(
        REPO / "docs",
        target / "docs",
        ignore=lambda folder, names: [
            n for n in names if Path(folder) == REPO / "docs" and n in generated
        ],
    )
    source = scenario or REPO
    for folder in ("catalog_src", "transcripts"):
        shutil.copytree(source / folder, target / folder)
    return target


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A small valid project: one synthetic interview, two entries."""
    return copy_project(tmp_path / "project", INTEGRATION / "minimal")


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """A copy of the repository's own catalog and transcripts."""
    return copy_project(tmp_path / "project", None)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `catalog ARGS` in-process against a project root."""

    def run(root: Path, *args: str) -> Run:
        code = main(["--root", str(root), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project, built once for the whole session: read it, never change it (tests
    that change a site copy it first)."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project", INTEGRATION / "minimal")
    assert main(["--root", str(root), "build"]) == 0
    return root
