"""`catalog serve` for real: a server process, an edited entry, the page served anew, a deleted
entry gone, and the errors told to the browser (the notice script every preview page loads)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.problems import Problem
from generator.project import Project
from generator.serve import NOTICE, Notice, built_path, notice_script, prune


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, seconds: float = 30) -> bool:
    """Poll until the page contains `text` (the wait bounds a hang; it is not a speed test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


class Output:
    """The server's output, read as it comes (so a test can wait for a message)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return True
            time.sleep(0.1)
        return False


def status(url: str) -> int:
    """The HTTP status of `url` (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@contextmanager
def serving(root: Path) -> Iterator[tuple[str, Output]]:
    """`catalog serve` on `root` in its own process, until the block ends (then SIGTERM)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(root),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/catalog/"
    output = Output(process)
    try:
        assert wait_until(lambda: status(base + NOTICE) == 200), "no server: " + "".join(
            output.lines
        )
        yield base, output
    finally:
        process.terminate()
        process.wait(timeout=10)
        output.thread.join(timeout=5)
        assert process.returncode == 0, "".join(output.lines)
        assert "Traceback" not in "".join(output.lines)


@pytest.fixture
def server(minimal: Path) -> Iterator[tuple[Path, str, Output]]:
    with serving(minimal) as (base, output):
        assert wait_for(base + "issues/noisy-labels/", "Noisy labels from several"), "no pages"
        yield minimal, base, output


def test_saving_an_entry_updates_the_served_page(server) -> None:
    root, base, _ = server
    entry = root / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(
        entry.read_text().replace(
            "Noisy labels from several labelling teams", "Noisy labels from many labelling teams"
        )
    )
    assert wait_for(base + "issues/noisy-labels/", "Noisy labels from many labelling teams")
    assert wait_for(base + "issues/", "Noisy labels from many labelling teams")


def test_saving_a_transcript_updates_the_excerpt(server) -> None:
    root, base, _ = server
    transcript = root / "transcripts/I1.txt"
    transcript.write_text(
        transcript.read_text().replace(
            "What quality issues did you meet with your data?",
            "Which quality issues did you meet in your data?",
        )
    )
    assert wait_for(base + "interviews/I1/", "Which quality issues did you meet in your data?")


def test_a_broken_entry_keeps_the_last_good_page_and_says_why(server) -> None:
    root, base, output = server
    entry = root / "catalog_src/issues/noisy-labels.yaml"
    entry.write_text(entry.read_text().replace("phase: data-preparation", "phase: nowhere"))
    assert output.wait_for("pages kept as they were"), "".join(output.lines)
    assert output.wait_for("noisy-labels.yaml:4: phase: unknown phase 'nowhere'")
    assert "Noisy labels from several" in fetch(base + "issues/noisy-labels/")
    assert wait_for(base + NOTICE, "noisy-labels.yaml:4\\u003c/code\\u003e: phase: unknown phase")
    entry.write_text(entry.read_text().replace("phase: nowhere", "phase: data-preparation"))
    entry.write_text(entry.read_text().replace("from several", "from a few"))
    assert wait_for(base + "issues/noisy-labels/", "Noisy labels from a few"), "watcher died"
    assert wait_for(base + NOTICE, "the catalog has no errors")


def test_a_deleted_entry_is_gone_from_the_served_site(server) -> None:
    root, base, _ = server
    assert status(base + "MLQ-0001/") == 200
    (root / "catalog_src/issues/missing-sensor-data.yaml").unlink()
    assert wait_until(lambda: status(base + "issues/missing-sensor-data/") == 404)
    assert status(base + "MLQ-0001/") == 404  # its permanent address, a redirect page
    assert wait_until(lambda: "Missing sensor readings" not in fetch(base + "issues/"))
    assert "Noisy labels from several" in fetch(base + "issues/noisy-labels/")


def test_a_catalog_broken_at_startup_is_served_with_its_errors(minimal: Path) -> None:
    entry = minimal / "catalog_src/issues/missing-sensor-data.yaml"
    good = entry.read_text()
    entry.write_text(good.replace("were empty", "were corrupted"))
    with serving(minimal) as (base, output):
        assert output.wait_for("serving anyway"), "".join(output.lines)
        assert "missing-sensor-data.yaml:12: quotes[0]: quote not found" in "".join(output.lines)
        notice = fetch(base + NOTICE)
        assert (
            "missing-sensor-data.yaml:12\\u003c/code\\u003e: quotes[0]: quote not found" in notice
        )
        assert "hint: the quote has" in notice
        assert status(base) == 404  # no generated page yet: MkDocs' 404 page, which has the notice
        assert NOTICE in fetch_error_page(base)
        entry.write_text(good)
        assert wait_for(base, "Missing sensor readings")
        assert wait_for(base + NOTICE, "the catalog has no errors")
    work = next(line for line in output.lines if "catalog-serve-" in line)
    folder = work.split("'")[-2].rsplit("/", 1)[0]
    assert not Path(folder).exists(), "SIGTERM left the temporary folder behind"


def fetch_error_page(url: str) -> str:
    try:
        urllib.request.urlopen(url, timeout=5)
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    return ""


def test_a_port_in_use_is_one_clear_problem(minimal: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = ["serve", "--dev-addr", f"127.0.0.1:{port}"]
        run = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(minimal), *command],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 1
    assert f"--dev-addr: cannot serve on 127.0.0.1:{port}: Address already in use" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.parametrize("address", ["8000", "127.0.0.1", "example.org:80", "127.0.0.1:x"])
def test_a_wrong_address_is_refused_before_anything_starts(minimal: Path, cli, address) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli(minimal, "serve", "--dev-addr", address)
    assert stopped.value.code == 2


def test_the_notice_masks_listed_names_and_escapes_markup(minimal: Path, tmp_path: Path) -> None:
    notice = Notice(Project(minimal), tmp_path / "wake.json")
    hostile = Problem("catalog_src/issues/x.yaml", 3, "phase: '<img src=x onerror=alert(1)>'")
    named = Problem("catalog_src/issues/x.yaml", 4, "tag 'Northfield'", "not 'Northfield' & <b>")
    shown = notice.set_catalog([named, hostile])
    assert [p.line for p in shown] == [3, 4]
    assert "Northfield" not in str(shown) and "N*********" in shown[1].message
    assert "N*********" in (tmp_path / "wake.json").read_text()
    notice.write(tmp_path / "site", [])
    script = (tmp_path / "site" / NOTICE).read_text()
    markup = script.split("var markup = ", 1)[1].split(", source = ", 1)[0]
    assert "Northfield" not in script and "<" not in markup and "&" not in markup
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in script  # &lt;img ...&gt;
    assert "x.yaml:3\\u003c/code\\u003e" in script
    assert "hint: not" in script
    assert notice_script([]).startswith("/*") and "fetch" not in notice_script([])


def test_built_paths_follow_directory_urls(tmp_path: Path) -> None:
    assert built_path("issues/x.md") == "issues/x/index.html"
    assert built_path("issues/index.md") == "issues/index.html"
    assert built_path("index.md") == "index.html"
    assert built_path("MLQ-0001/index.html") == "MLQ-0001/index.html"
    assert built_path("downloads/catalog.json") == "downloads/catalog.json"
    site = tmp_path / "site"
    for rel in ("issues/x/index.html", "issues/y/index.html", "MLQ-0001/index.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("page")
    prune(site, {"issues/x.md", "MLQ-0001/index.html", "never/built.md"})
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "issues",
        "issues/y",
        "issues/y/index.html",
    ]
