"""`catalog serve` for real: a server process, an edited entry, the page served anew."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


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


@pytest.fixture
def server(minimal: Path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(minimal),
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
        assert wait_for(base + "issues/noisy-labels/", "Noisy labels from several"), "no server"
        yield minimal, base, output
    finally:
        process.terminate()
        process.wait(timeout=10)


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
    entry.write_text(entry.read_text().replace("phase: nowhere", "phase: data-preparation"))
    entry.write_text(entry.read_text().replace("from several", "from a few"))
    assert wait_for(base + "issues/noisy-labels/", "Noisy labels from a few"), "watcher died"
