"""Where a built site goes, safely: a folder that nothing else owns, switched atomically.

`--site-dir` may not be the project, a folder above it, anything inside its sources (`docs/`,
`catalog_src/`, `transcripts/`, …), the home folder or `/`. It must be empty, or a site this tool
built (the marker file says so). Builds live in `.<name>.builds/<id>/` beside it and `<name>`
itself is a symbolic link to the current one: switching to a new build is one rename of a link,
so a crash at any moment leaves the old site or the new one, whole. Leftover builds are removed
by the next build. Published folders get mode 755 and files 644.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from generator.problems import CatalogError, Problem
from generator.project import Project

MARKER = ".catalog-site"
"""Written in every site this tool builds; only such folders are ever replaced."""
MARKER_TEXT = "Built by `catalog build`. This folder is replaced by the next build.\n"
PROTECTED = ("docs", "catalog_src", "transcripts", "generator", "schema", "tests", ".git")
"""Folders of a project that a site may never replace or sit in."""


def check_site_dir(project: Project, site_dir: Path) -> Path:
    """The resolved site folder, or a located refusal of a folder the build must not touch."""
    target = _resolve(site_dir)
    root = project.root.resolve()
    home = Path.home().resolve()
    why = None
    if target == Path(target.anchor):
        why = "is the file system's root"
    elif target == home:
        why = "is your home folder"
    elif target == root or target in root.parents:
        why = "is the project folder or a folder above it"
    elif any(target == root / p or root / p in target.parents for p in PROTECTED):
        why = "is inside the project's sources"
    if why:
        raise CatalogError(
            Problem(
                str(site_dir),
                0,
                f"refusing to build the site here: the folder {why}",
                "choose a folder of its own, e.g. the default site/",
            )
        )
    _check_replaceable(target, site_dir)
    return target


def _resolve(site_dir: Path) -> Path:
    """The absolute path, with links resolved except the last part (our own link)."""
    absolute = Path(os.path.abspath(site_dir))
    return absolute.parent.resolve() / absolute.name


def _check_replaceable(target: Path, shown: Path) -> None:
    if target.is_symlink():
        if _points_into_builds(target):
            return
        raise CatalogError(
            Problem(str(shown), 0, "refusing to replace a link this tool did not make", "")
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise CatalogError(Problem(str(shown), 0, "refusing to replace a file with the site", ""))
    if (target / MARKER).is_file() or not any(target.iterdir()):
        return
    raise CatalogError(
        Problem(
            str(shown),
            0,
            "refusing to replace a folder this tool did not build (it has no "
            f"{MARKER} file and is not empty)",
            "empty it, or choose another --site-dir",
        )
    )


def _builds(target: Path) -> Path:
    return target.with_name(f".{target.name}.builds")


def _points_into_builds(link: Path) -> bool:
    destination = (link.parent / os.readlink(link)).resolve()
    return destination.parent == _builds(link).resolve()


def new_build(target: Path) -> Path:
    """A fresh folder for the next build, beside the site; leftovers of earlier builds (crashed
    or replaced) are removed first."""
    builds = _builds(target)
    try:
        builds.mkdir(parents=True, exist_ok=True)
        current = (target.parent / os.readlink(target)).resolve() if target.is_symlink() else None
        for old in builds.iterdir():
            if old.resolve() != current:
                _remove(old)
        return Path(tempfile.mkdtemp(prefix="build-", dir=builds))
    except OSError as error:
        raise environment_problem(builds, error) from None


def switch_to(build: Path, target: Path) -> None:
    """Make `target` show `build`, atomically; the build it showed before is removed."""
    try:
        (build / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _normalise_modes(build)
        previous = (target.parent / os.readlink(target)).resolve() if target.is_symlink() else None
        if target.is_dir() and not target.is_symlink():
            _retire_folder(target)
        link = target.with_name(f".{target.name}.link-{build.name}")
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(build, target.parent))
        os.replace(link, target)
    except OSError as error:
        raise environment_problem(target, error) from None
    if previous is not None and previous != build.resolve():
        _remove(previous)


def _retire_folder(target: Path) -> None:
    """A site folder from before builds were links (or an empty one): moved among the builds,
    where the next build removes it."""
    retired = _builds(target) / f"retired-{os.getpid()}"
    target.rename(retired)


def _normalise_modes(folder: Path) -> None:
    os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() else 0o644)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def discard(build: Path) -> None:
    """Remove a build that failed its checks (the published site is untouched)."""
    _remove(build)


def environment_problem(path: Path, error: OSError) -> CatalogError:
    """A failure of the machine (read-only folder, full disk) as a one-line located problem."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
    }
    reason = reasons.get(error.errno or 0, error.strerror or "cannot write")
    where = error.filename or path
    return CatalogError(
        Problem(
            str(where), 0, f"cannot write the site: {reason}", "the published site is unchanged"
        )
    )
