"""The parse cache: keyed by content and by the package's code, never serving stale results."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.cache import PACKAGE, Cache, code_version
from generator.project import Project


def test_editing_a_module_that_produces_cached_values_changes_the_code_version(
    tmp_path: Path,
) -> None:
    """check.py (speaker corrections, quote lookups) was once left out of a hand-kept list."""
    copy = tmp_path / "generator"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_version(copy)
    assert before == code_version(PACKAGE)
    check = copy / "check.py"
    check.write_text(check.read_text().replace("paragraphs[n - 1] = ", "paragraphs[n - 1] =  "))
    assert code_version(copy) != before
    (copy / "new_module.py").write_text("X = 1\n")
    assert code_version(copy) not in (before, code_version(PACKAGE))


def test_a_value_cached_by_other_code_is_computed_again(tmp_path: Path) -> None:
    calls: list[str] = []

    def compute(label: str) -> str:
        calls.append(label)
        return label

    old = Cache(tmp_path, version="old-code")
    assert old.get("kind", b"content", "", lambda: compute("first")) == "first"
    again = Cache(tmp_path, version="old-code")
    assert again.get("kind", b"content", "", lambda: compute("second")) == "first"
    new = Cache(tmp_path, version="new-code")
    assert new.get("kind", b"content", "", lambda: compute("third")) == "third"
    assert calls == ["first", "third"]


def test_memos_of_other_code_versions_are_dropped(tmp_path: Path) -> None:
    old = Cache(tmp_path, version="old")
    old.memo("quotes").get("k", lambda: 1)
    old.save()
    assert (tmp_path / "quotes-old.pickle").is_file()
    new = Cache(tmp_path, version="new")
    assert new.memo("quotes").get("k", lambda: 2) == 2
    new.save()
    assert sorted(p.name for p in tmp_path.glob("*.pickle")) == ["quotes-new.pickle"]


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CATALOG_NO_CACHE", "1")
    cache = Cache(tmp_path)
    assert cache.get("kind", b"x", "", lambda: 1) == 1
    assert cache.get("kind", b"x", "", lambda: 2) == 2
    assert not list(tmp_path.iterdir())


def test_a_validate_run_writes_the_cache_and_a_second_run_uses_it(minimal: Path, cli) -> None:
    assert cli(minimal, "validate").code == 0
    cache_dir = Project(minimal).cache_dir
    stored = sorted(p.name for p in cache_dir.rglob("*.pickle"))
    assert any(name.startswith("quotes-") for name in stored)
    assert any(name.startswith("yaml-") for name in stored)
    assert cli(minimal, "validate").code == 0
    assert sorted(p.name for p in cache_dir.rglob("*.pickle")) == stored


def test_a_code_change_is_seen_by_the_next_run_despite_a_warm_cache(
    minimal: Path, tmp_path: Path
) -> None:
    """Run `catalog validate` from a copy of the package, change how speaker corrections are
    applied (code in check.py), run again: the result must follow the new code."""
    import subprocess
    import sys

    package = tmp_path / "code" / "generator"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    interviews = minimal / "catalog_src/interviews.yaml"
    interviews.write_text(
        interviews.read_text()
        + "  speaker_corrections:\n    - {paragraph: 3, speaker: interviewer, reason: test}\n"
    )

    def validate() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-P", "-m", "generator", "--root", str(minimal), "validate"],
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(package.parent), "PATH": "/usr/bin:/bin"},
            check=False,
        )

    first = validate()
    assert "these are the interviewer's words" in first.stdout, first.stdout + first.stderr
    check = package / "check.py"
    source = check.read_text()
    applied = "paragraphs[n - 1] = replace(paragraphs[n - 1], speaker=speaker)"
    assert applied in source
    check.write_text(source.replace(applied, "pass  # corrections ignored"))
    second = validate()
    assert second.returncode == 0, second.stdout + second.stderr
