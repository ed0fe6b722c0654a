"""Publishable by design: two tiers of data, a repository with no name in it, messages that
never show a private word, and a build that can neither leak nor destroy."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.folding import fold
from generator.leaks import LeakList, load_leak_list
from tests.conftest import FIXTURES, REPO

PRIVATE = FIXTURES / "private-tier"
ENTRY = "catalog_src/issues/missing-sensor-data.yaml"


# ---- the repository is publishable ------------------------------------------------------------


def tracked_files() -> list[str]:
    listing = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True
    ).stdout
    return [name for name in listing.decode().split("\0") if name]


def citation_authors() -> set[str]:
    """The study's authors in CITATION.cff `references`: the citation's own exact strings."""
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    return {
        str(author.get(key, ""))
        for ref in cff.get("references", [])
        for author in ref.get("authors", [])
        for key in ("given-names", "family-names")
    }


def test_no_tracked_file_holds_a_listed_name() -> None:
    """Every file of the repository (transcripts, YAML, comments, tests, fixtures, docs) is
    scanned for the hashed names; only the study's citation may name its authors."""
    leaks = load_leak_list(REPO / "transcripts/leak-check.yaml", "leak-check.yaml")
    assert isinstance(leaks, LeakList) and len(leaks.hashes) > 20
    allowed = {fold(a) for a in citation_authors()}
    hits = []
    for name in tracked_files():
        data = (REPO / name).read_bytes()
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.split("\n"), 1):
            for found in leaks.find(line):
                if name == "CITATION.cff" and found.words in allowed:
                    continue
                hits.append(f"{name}:{number}: {found.masked}")
    assert hits == []


def test_transcripts_in_the_repository_are_pseudonymised() -> None:
    names = [n for n in tracked_files() if n.startswith("transcripts/")]
    assert "transcripts/leak-check.yaml" in names
    texts = [n for n in names if n.endswith(".txt")]
    assert len(texts) == 31
    for name in texts:
        first = (REPO / name).read_text().split("\n", 1)[0]
        assert first.startswith("Pseudonymised transcript:"), name
    assert not any("anonymisation" in n or "key" in n for n in names)


# ---- the private tier -----------------------------------------------------------------------


@pytest.fixture
def private(tmp_path: Path, minimal: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "private"
    shutil.copytree(PRIVATE, folder)
    monkeypatch.setenv("CATALOG_PRIVATE_DIR", str(folder))
    return folder


def test_pseudonymise_makes_the_public_transcript_and_is_idempotent(
    private: Path, minimal: Path, cli
) -> None:
    public = minimal / "transcripts/I1.txt"
    expected = public.read_text()
    public.unlink()
    (minimal / "transcripts/leak-check.yaml").unlink()
    run = cli(minimal, "pseudonymise")
    assert run.code == 0, run.out
    assert "I1: [Company A] x1, [Interviewer] x1, [Place A] x1" in run.err
    assert public.read_text().split("\n", 3)[3] == expected.split("\n", 3)[3]
    assert "Northfield" not in public.read_text() and "[Place A] plant" in public.read_text()
    again = cli(minimal, "pseudonymise")
    assert "1 public transcripts (0 written)" in again.err
    assert cli(minimal, "pseudonymise", "--check").code == 0
    assert cli(minimal, "validate").code == 0
    listed = (minimal / "transcripts/leak-check.yaml").read_text()
    assert "Northfield" not in listed and "Place" not in listed  # hashes only, no tag


def test_check_reports_a_public_transcript_that_drifted(private: Path, minimal: Path, cli) -> None:
    public = minimal / "transcripts/I1.txt"
    public.write_text(public.read_text().replace("missing values", "missing data"))
    run = cli(minimal, "pseudonymise", "--check")
    assert run.code == 1
    assert run.lines == [
        "transcripts/I1.txt: differs from what the private tier makes for I1 "
        "(hint: run 'catalog pseudonymise')"
    ]


def test_pseudonymise_never_overwrites_a_file_it_did_not_make(
    private: Path, minimal: Path, cli
) -> None:
    raw = (private / "raw/I1.txt").read_text()
    (minimal / "transcripts/I1.txt").write_text(raw)
    run = cli(minimal, "pseudonymise")
    assert run.code == 1
    assert "transcripts/I1.txt:1: not a public transcript made by catalog pseudonymise" in run.out
    assert (minimal / "transcripts/I1.txt").read_text() == raw


def test_a_term_limited_to_paragraphs_and_a_misspelt_term(
    private: Path, minimal: Path, cli
) -> None:
    key = private / "pseudonymisation-key.yaml"
    key.write_text(
        key.read_text()
        + '      - {term: labels, tag: "[Word]", reason: test, paragraphs: [3], leak_check: false}\n'
        + '      - {term: Nortfield, tag: "[Place A]", reason: misspelt}\n'
    )
    run = cli(minimal, "pseudonymise")
    assert run.code == 0
    text = (minimal / "transcripts/I1.txt").read_text()
    assert "And the [Word] were noisy" in text and "labelled the images" in text
    assert (
        "(private)/pseudonymisation-key.yaml: warning: I1: terms[5] ([Place A]) matched nothing "
        "in I1 (hint: check its spelling against the raw export)"
    ) in run.lines
    assert "Nortfield" not in run.out + run.err


def test_a_term_never_touches_labels_or_codes(private: Path, minimal: Path, cli) -> None:
    key = private / "pseudonymisation-key.yaml"
    key.write_text(
        key.read_text()
        + '      - {term: Interviewee, tag: "[X]", reason: test, leak_check: false}\n'
        + '      - {term: Data-noisy-labels, tag: "[Y]", reason: test, leak_check: false}\n'
    )
    before = (minimal / "transcripts/I1.txt").read_text()
    run = cli(minimal, "pseudonymise")
    assert run.code == 0
    assert (minimal / "transcripts/I1.txt").read_text() == before
    assert sum("matched nothing" in line for line in run.lines) == 2


def test_build_and_validate_need_nothing_private(minimal: Path, cli, monkeypatch) -> None:
    monkeypatch.delenv("CATALOG_PRIVATE_DIR", raising=False)
    assert cli(minimal, "validate").code == 0
    assert cli(minimal, "build").code == 0
    run = cli(minimal, "pseudonymise")
    assert run.code == 1 and "no private tier is set" in run.out


def test_the_private_folder_can_be_named_in_a_local_file(
    tmp_path: Path, minimal: Path, cli, monkeypatch
) -> None:
    monkeypatch.delenv("CATALOG_PRIVATE_DIR", raising=False)
    shutil.copytree(PRIVATE, tmp_path / "elsewhere")
    (minimal / ".catalog-private").write_text(str(tmp_path / "elsewhere") + "\n")
    assert cli(minimal, "pseudonymise", "--check").code == 0


def test_a_name_found_later_is_removed_from_the_public_transcript(
    minimal: Path, cli, monkeypatch
) -> None:
    """Once the key is given up, the public transcript itself is pseudonymised further."""
    monkeypatch.delenv("CATALOG_PRIVATE_DIR", raising=False)
    run = cli(
        minimal,
        "pseudonymise",
        "--add-term",
        "imputed",
        "--tag",
        "[Method]",
        "--interview",
        "I1",
        "--paragraph",
        "5",
    )
    assert run.code == 0, run.out
    assert "transcripts/I1.txt: 'i******' replaced by [Method] x1" in run.err
    text = (minimal / "transcripts/I1.txt").read_text()
    assert "We [Method] the short gaps" in text
    listed = yaml.safe_load((minimal / "transcripts/leak-check.yaml").read_text())
    assert len(listed["added_later"]) == 1
    about = minimal / "docs/about.md"
    about.write_text(about.read_text() + "\nThe gaps were imputed.\n")
    assert cli(minimal, "build").code == 1  # the new hash now guards every page too


# ---- no output shows a private word ---------------------------------------------------------


@pytest.mark.parametrize("style", ["text", "github", "json"])
def test_a_near_miss_hint_never_shows_a_name(minimal: Path, cli, style: str) -> None:
    """The quote differs from the transcript by one word, and that word is a name."""
    entry = minimal / ENTRY
    entry.write_text(
        entry.read_text().replace(
            "Half of the sensor readings from the [plant] were empty",
            "Half of the sensor readings from the Northfield-West plant were empty",
        )
    )
    run = cli(minimal, "validate", "--format", style)
    assert run.code == 1
    assert "northfield" not in (run.out + run.err).lower()
    assert "N*********" in run.out or "n*********" in run.out


# ---- symbolic links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("docs/assets/notes.txt", "transcripts/I1.txt"),  # inside the project, outside docs/
        ("docs/assets/key.yaml", "../private-key.yaml"),
        ("catalog_src/issues/elsewhere.yaml", "../outside.yaml"),
        ("transcripts/I9.txt", "../outside.txt"),
    ],
)
def test_links_that_leave_their_place_are_refused(
    minimal: Path, tmp_path: Path, cli, link: str, target: str
) -> None:
    (tmp_path / "project/../private-key.yaml").resolve().write_text("secret: Northfield\n")
    (tmp_path / "outside.yaml").write_text("id: elsewhere\n")
    (tmp_path / "outside.txt").write_text("Interviewee\n\nhello\n")
    path = minimal / link
    path.parent.mkdir(parents=True, exist_ok=True)
    resolved = (minimal / target) if not target.startswith("..") else (minimal / target).resolve()
    path.symlink_to(resolved)
    for command in ("validate", "build"):
        run = cli(minimal, command)
        assert run.code == 1
        assert f"{link}: a symbolic link to something outside" in run.out
        assert "private-key" not in run.out and str(tmp_path) not in run.out


# ---- a build that cannot destroy anything ---------------------------------------------------


@pytest.mark.parametrize("where", [".", "..", "docs", "docs/issues", "catalog_src", "~", "/"])
def test_site_dir_refuses_places_it_must_not_replace(minimal: Path, cli, where: str) -> None:
    before = sorted(p.name for p in minimal.iterdir())
    target = Path(os.path.expanduser(where)) if where in ("~", "/") else minimal / where
    run = cli(minimal, "build", "--site-dir", str(target))
    assert run.code == 1
    assert "refusing to build the site here" in run.out
    assert sorted(p.name for p in minimal.iterdir()) == before
    assert (minimal / "docs/about.md").is_file()


def test_site_dir_refuses_a_folder_it_did_not_build(minimal: Path, tmp_path: Path, cli) -> None:
    mine = tmp_path / "my-notes"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    run = cli(minimal, "build", "--site-dir", str(mine))
    assert run.code == 1 and "refusing to replace a folder this tool did not build" in run.out
    assert (mine / "thesis.tex").read_text() == "precious"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli(minimal, "build", "--site-dir", str(empty)).code == 0
    assert (empty / "index.html").is_file() and (empty / ".catalog-site").is_file()
    assert cli(minimal, "build", "--site-dir", str(empty)).code == 0  # its own: replaced


def test_published_files_have_ordinary_permissions(minimal: Path, cli) -> None:
    assert cli(minimal, "build").code == 0
    site = (minimal / "site").resolve()
    modes = {oct(p.stat().st_mode & 0o777) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {"0o755"}
    modes = {oct(p.stat().st_mode & 0o777) for p in site.rglob("*") if p.is_file()}
    assert modes == {"0o644"}


def test_a_crash_at_any_moment_leaves_a_whole_site(minimal: Path, cli) -> None:
    """Kill builds at different moments: `site/` always shows a whole site, the old or the new
    one, and the next build removes what the killed ones left."""
    import signal
    import sys
    import time

    assert cli(minimal, "build").code == 0
    old = (minimal / "site/index.html").read_bytes()
    about = minimal / "docs/about.md"
    about.write_text(about.read_text() + "\nA new paragraph.\n")
    for delay in (0.3, 0.8, 1.3, 1.8, 2.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(minimal), "build"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = minimal / "site"
        assert (site / "index.html").read_bytes() in (old, (site / "index.html").read_bytes())
        assert (site / ".catalog-site").is_file() and (site / "about/index.html").is_file()
    assert cli(minimal, "build").code == 0
    assert "A new paragraph." in (minimal / "site/about/index.html").read_text()
    assert len(list((minimal / ".site.builds").iterdir())) == 1


def mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    return result.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    where = tmp_path / "small"
    if os.geteuid() != 0 or not mount_tmpfs(where, "size=256k"):
        pytest.skip("needs root to mount a small file system")
    yield where
    subprocess.run(["umount", str(where)], check=False)


def test_a_full_disk_is_a_located_problem(minimal: Path, small_disk: Path, cli) -> None:
    run = cli(minimal, "build", "--site-dir", str(small_disk / "site"))
    assert run.code == 1
    assert run.lines[0].endswith(
        "cannot write the site: the disk is full (hint: the published site is unchanged)"
    )
    assert "Traceback" not in run.out + run.err and "internal error" not in run.err


def test_a_read_only_site_folder_is_a_located_problem(minimal: Path, tmp_path: Path, cli) -> None:
    parent = tmp_path / "readonly"
    assert cli(minimal, "build", "--site-dir", str(parent / "site")).code == 0
    index = (parent / "site/index.html").read_bytes()
    if os.geteuid() == 0:
        if subprocess.run(["mount", "--bind", str(parent), str(parent)]).returncode:
            pytest.skip("cannot bind-mount")
        subprocess.run(["mount", "-o", "remount,ro,bind", str(parent)], check=True)
    else:
        parent.chmod(0o555)
    try:
        run = cli(minimal, "build", "--site-dir", str(parent / "site"))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(parent)], check=False)
        else:
            parent.chmod(0o755)
    assert run.code == 1
    assert "cannot write the site: the file system is read-only" in run.out or (
        "cannot write the site: permission denied" in run.out
    )
    assert (parent / "site/index.html").read_bytes() == index


# ---- old releases and forks -------------------------------------------------------------------


def git(root: Path, *args: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_old_releases_are_published_through_today_s_list(minimal: Path, cli) -> None:
    """A title released with a name in it, fixed later and listed, never blocks the changelog."""
    entry = minimal / ENTRY
    entry.write_text(
        entry.read_text().replace(
            "title: Missing sensor readings", "title: Missing readings at Brookvale"
        )
    )
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "add", "-A")
    git(minimal, "commit", "-qm", "release")
    git(minimal, "tag", "v0.1.0")
    entry.write_text(
        entry.read_text().replace(
            "title: Missing readings at Brookvale", "title: Missing sensor readings"
        )
    )
    listed = minimal / "transcripts/leak-check.yaml"
    leaks = load_leak_list(listed, "x")
    assert isinstance(leaks, LeakList)
    listed.write_text(listed.read_text() + f"added_later:\n  - {leaks.term_hash('Brookvale')}\n")
    run = cli(minimal, "build")
    assert run.code == 0, run.out
    changelog = (minimal / "site/changelog/index.html").read_text()
    assert "Brookvale" not in changelog and "Missing readings at [name removed]" in changelog


def test_a_fork_with_its_own_addresses_builds(minimal: Path, cli) -> None:
    config = minimal / "mkdocs.yml"
    text = config.read_text()
    for old in (
        "ml-quality-catalog.github.io/catalog",
        "github.com/ml-quality-catalog/catalog",
        "repo_name: ml-quality-catalog/catalog",
    ):
        assert old in text
    config.write_text(
        text.replace("ml-quality-catalog.github.io/catalog", "acme.github.io/quality")
        .replace("github.com/ml-quality-catalog/catalog", "github.com/acme/quality")
        .replace("repo_name: ml-quality-catalog/catalog", "repo_name: acme/quality")
    )
    run = cli(minimal, "build")
    assert run.code == 0, run.out  # 'Acme' is a listed name, but these are the fork's addresses
    html = (minimal / "site/issues/noisy-labels/index.html").read_text()
    assert "https://github.com/acme/quality/edit/main/catalog_src/issues/noisy-labels.yaml" in html
