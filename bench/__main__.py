"""The benchmark: `python -m bench [--sizes 50:5,200:20,1000:100] [--update-readme]`.

For each size it builds a synthetic project from the real catalog (entries and transcripts
multiplied), then times in fresh processes, with peak memory: `catalog validate` without and with
the parse cache, page generation alone, the full `catalog build` from scratch, and the naive peer
(the same entries as hand-written Markdown pages, Material's default navigation). At the largest
size it also measures how long `catalog serve` takes to show a saved edit. The table is printed
and written to bench/results/latest.json; --update-readme copies it into the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.peer import make_peer
from bench.synth import REPO, make_project

PYTHON = sys.executable
GENERATE = (
    "import sys, time; from pathlib import Path; from generator.project import Project; "
    "from generator.check import check_project; from generator.build import generate; "
    "p = Project(Path(sys.argv[1])); c = check_project(p); t = time.perf_counter(); "
    "generate(p, c); print('generate-seconds', time.perf_counter() - t)"
)


def measure(*command: str) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "bench.measure", *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{result['tail']}")
    return result


def catalog(root: Path, *args: str) -> dict:
    return measure(PYTHON, "-m", "generator", "--root", str(root), *args)


def clean(root: Path) -> None:
    for name in (".catalog-cache", "site"):
        shutil.rmtree(root / name, ignore_errors=True)
    for name in ("issues", "interviews", "phases", "dimensions", "downloads"):
        shutil.rmtree(root / "docs" / name, ignore_errors=True)


def serve_latency(root: Path, rounds: int = 3) -> list[float]:
    """Seconds from saving an entry to the served page showing the change."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "generator",
            "--root",
            str(root),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    entry = sorted((root / "catalog_src/issues").glob("*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/catalog/issues/{entry.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 300
        while "<h1" not in page():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("catalog serve did not start")
            time.sleep(0.5)
        time.sleep(5)
        original, timings = entry.read_text(), []
        for k in range(rounds):
            marker = f"Edited title number {k}"
            text = (
                "\n".join(
                    f"title: {marker}" if line.startswith("title:") else line
                    for line in original.splitlines()
                )
                + "\n"
            )
            started = time.perf_counter()
            entry.write_text(text)
            while marker not in page():
                if time.perf_counter() - started > 60:
                    raise SystemExit("edit not shown within 60 s")
                time.sleep(0.05)
            timings.append(time.perf_counter() - started)
            time.sleep(5)  # let the catalog-wide pages of this edit be rebuilt too
        entry.write_text(original)
        return timings
    finally:
        server.terminate()
        server.wait(timeout=20)


def run(sizes: list[tuple[int, int]], workdir: Path) -> dict:
    rows = []
    for entries, transcripts in sizes:
        root = make_project(workdir / f"catalog-{entries}", entries, transcripts)
        quotes = sum(
            f.read_text().count("interview: ") for f in (root / "catalog_src/issues").glob("*.yaml")
        )
        clean(root)
        cold = catalog(root, "validate")
        warm = catalog(root, "validate")
        gen = measure(PYTHON, "-c", GENERATE, str(root))
        generate_seconds = float(gen["tail"].split("generate-seconds")[1].split()[0])
        clean(root)
        build = catalog(root, "build", "--site-dir", str(workdir / f"site-{entries}"))
        peer_root = make_peer(root, workdir / f"peer-{entries}")
        peer = measure(
            PYTHON,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(peer_root / "mkdocs.yml"),
            "-d",
            str(workdir / f"peer-site-{entries}"),
        )
        row = {
            "entries": entries,
            "transcripts": transcripts,
            "quotes": quotes,
            "validate_cold_s": round(cold["seconds"], 2),
            "validate_warm_s": round(warm["seconds"], 2),
            "generate_s": round(generate_seconds, 2),
            "build_s": round(build["seconds"], 2),
            "peer_build_s": round(peer["seconds"], 2),
            "build_over_peer": round(build["seconds"] / peer["seconds"], 2),
            "build_ms_per_entry": round(1000 * build["seconds"] / entries, 1),
            "peak_mb": round(
                max(cold["peak_mb"], warm["peak_mb"], gen["peak_mb"], build["peak_mb"]), 1
            ),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    largest = max(sizes)
    serve = serve_latency(workdir / f"catalog-{largest[0]}")
    first, last = rows[0], rows[-1]
    return {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "rows": rows,
        "serve_edit_s": [round(s, 2) for s in serve],
        "targets": {
            "build at most half the naive peer": last["build_over_peer"] <= 0.5,
            "per-entry build cost within 2x of the smallest size": last["build_ms_per_entry"]
            <= 2 * first["build_ms_per_entry"],
            "validate under 2 s (cold cache)": last["validate_cold_s"] < 2,
            "validate under 2 s (warm cache)": last["validate_warm_s"] < 2,
            "peak memory under 500 MB": max(r["peak_mb"] for r in rows) < 500,
            "serve shows an edit within 2 s (median)": sorted(serve)[len(serve) // 2] <= 2,
        },
    }


def table(result: dict) -> str:
    head = (
        "| entries | transcripts | quotes | validate cold (s) | validate warm (s) | generate (s) "
        "| full build (s) | naive peer (s) | build / peer | build ms per entry | peak MB |"
    )
    lines = [head, "|" + "---:|" * 11]
    for r in result["rows"]:
        lines.append(
            f"| {r['entries']} | {r['transcripts']} | {r['quotes']} | {r['validate_cold_s']} "
            f"| {r['validate_warm_s']} | {r['generate_s']} | {r['build_s']} | {r['peer_build_s']} "
            f"| {r['build_over_peer']} | {r['build_ms_per_entry']} | {r['peak_mb']} |"
        )
    lines += [
        "",
        f"`catalog serve`, saving an entry at {result['rows'][-1]['entries']} entries: "
        f"shown after {', '.join(map(str, result['serve_edit_s']))} s.",
        "",
        f"Measured {result['date']} on {result['machine']}.",
        "",
    ]
    lines += [f"- {'met' if ok else 'NOT met'}: {name}" for name, ok in result["targets"].items()]
    return "\n".join(lines)


def update_readme(text: str) -> None:
    readme = REPO / "README.md"
    content = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    before, rest = content.split(start)
    _, after = rest.split(end)
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="50:5,200:20,1000:100",
        help="entries:transcripts pairs (default: 50:5,200:20,1000:100)",
    )
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in pair.split(":")) for pair in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as folder:
        result = run(sizes, Path(folder))
    out = REPO / "bench/results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    text = table(result)
    print(text)
    if args.update_readme:
        update_readme(text)


if __name__ == "__main__":
    main()
