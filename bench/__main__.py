"""The benchmark: `python -m bench [--sizes 108:31,1000:100,5000:500] [--update-readme]`.

For each size it builds a synthetic project from the real catalog (entries and transcripts
multiplied), then times in fresh processes, with peak memory: `catalog validate` without and with
the parse cache, page generation alone, the full `catalog build` from scratch, and the naive peer
(the same entries as hand-written Markdown pages, Material's default navigation; up to
`--peer-max` entries, as its cost grows with the square of the pages). At the size nearest 1,000
it also measures how long `catalog serve` takes to show a saved edit (five saves). The table is
printed and written to bench/results/latest.json; --update-readme copies it into the README.
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
from collections.abc import Callable
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


def peer_build(root: Path, workdir: Path, entries: int) -> dict:
    """The naive peer of the project, built by plain MkDocs + Material."""
    peer_root = make_peer(root, workdir / f"peer-{entries}")
    site = workdir / f"peer-site-{entries}"
    return measure(
        PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(peer_root / "mkdocs.yml"), "-d", str(site)
    )


def targets(rows: list[dict], serve: list[float]) -> dict[str, bool | None]:
    """The targets of the benchmark, each met (True), missed (False) or not measured (None)."""
    by_size = {r["entries"]: r for r in rows}
    real, mid, big = rows[0], by_size.get(1000), by_size.get(5000)

    def check(row: dict | None, key: str, test: Callable[[float], bool]) -> bool | None:
        return None if row is None or row.get(key) is None else test(row[key])

    per_entry = (
        big["build_ms_per_entry"] <= 1.5 * mid["build_ms_per_entry"] if mid and big else None
    )
    return {
        f"{real['entries']} entries: full build no slower than the naive peer": check(
            real, "build_over_peer", lambda x: x <= 1
        ),
        "1,000 entries: full build at most 0.3 of the naive peer": check(
            mid, "build_over_peer", lambda x: x <= 0.3
        ),
        "1,000 entries: validate cold under 2 s": check(mid, "validate_cold_s", lambda x: x < 2),
        "5,000 entries: full build under 40 s": check(big, "build_s", lambda x: x < 40),
        "5,000 entries: peak memory under 500 MB": check(big, "peak_mb", lambda x: x < 500),
        "5,000 entries: per-entry cost within 1.5x of 1,000": per_entry,
        "serve at 1,000 entries: an edit shown within 1 s (median of 5)": (
            sorted(serve)[len(serve) // 2] <= 1 if serve else None
        ),
    }


def run(sizes: list[tuple[int, int]], workdir: Path, peer_max: int = 1000) -> dict:
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
        peer = peer_build(root, workdir, entries) if entries <= peer_max else None
        row = {
            "entries": entries,
            "transcripts": transcripts,
            "quotes": quotes,
            "validate_cold_s": round(cold["seconds"], 2),
            "validate_warm_s": round(warm["seconds"], 2),
            "generate_s": round(generate_seconds, 2),
            "build_s": round(build["seconds"], 2),
            "peer_build_s": round(peer["seconds"], 2) if peer else None,
            "build_over_peer": round(build["seconds"] / peer["seconds"], 2) if peer else None,
            "build_ms_per_entry": round(1000 * build["seconds"] / entries, 1),
            "peak_mb": round(
                max(cold["peak_mb"], warm["peak_mb"], gen["peak_mb"], build["peak_mb"]), 1
            ),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    nearest = min(sizes, key=lambda size: abs(size[0] - 1000))
    serve = serve_latency(workdir / f"catalog-{nearest[0]}", rounds=5)
    return {
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "rows": rows,
        "serve_entries": nearest[0],
        "serve_edit_s": [round(s, 2) for s in serve],
        "targets": targets(rows, serve),
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
            f"| {r['validate_warm_s']} | {r['generate_s']} | {r['build_s']} "
            f"| {dash(r['peer_build_s'])} | {dash(r['build_over_peer'])} "
            f"| {r['build_ms_per_entry']} | {r['peak_mb']} |"
        )
    lines += [
        "",
        f"`catalog serve`, saving an entry at {result['serve_entries']} entries: "
        f"shown after {', '.join(map(str, result['serve_edit_s']))} s.",
        "",
        f"Measured {result['date']} on {result['machine']}.",
        "",
    ]
    verdicts = {True: "met", False: "NOT met", None: "not measured"}
    lines += [f"- {verdicts[ok]}: {name}" for name, ok in result["targets"].items()]
    return "\n".join(lines)


def dash(value: object) -> str:
    return "—" if value is None else str(value)


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
        default="108:31,1000:100,5000:500",
        help="entries:transcripts pairs (default: 108:31,1000:100,5000:500)",
    )
    parser.add_argument(
        "--peer-max", type=int, default=1000, help="largest size the naive peer is built at"
    )
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in pair.split(":")) for pair in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="catalog-bench-") as folder:
        result = run(sizes, Path(folder), args.peer_max)
    out = REPO / "bench/results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    text = table(result)
    print(text)
    if args.update_readme:
        update_readme(text)


if __name__ == "__main__":
    main()
