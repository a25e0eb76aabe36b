"""Foundation figures: store-and-index build time, query latency, launch-to-window time.

    python bench/build_and_query.py [--runs 5]

Prints median figures of several runs; compare ratios within one run, not across machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.collection import Collection, build_collection, seed_files  # noqa: E402

QUERIES = [
    "liver metastases immunotherapy",
    "chemoimmunotherapy survival",
    "FOLFOX",
    "surgical resection",
    "radiofrequency ablation",
    "immune checkpoint inhibitors",
    "hazard ratio",
    "portal vein embolization",
    "non-small cell lung cancer",
    "esophageal cancer liver metastases",
    "5-year survival",
    "clinical trial",
    "TACE HAIC",
    "bevacizumab",
    '"progression-free survival"',
    "repeat hepatectomy",
    "adverse events",
    "liver function",
    "colorectal",
    "neoadjuvant chemotherapy",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_build(runs: int, workdir: Path) -> Path:
    times = []
    for i in range(runs):
        out = workdir / f"collection-{i}"
        t = time.perf_counter()
        build_collection(seed_files(), out)
        times.append(time.perf_counter() - t)
    median = statistics.median(times) * 1000
    print(
        f"build (store + index, {len(seed_files())} seeds): median {median:.0f} ms"
        f"  min {min(times) * 1000:.0f} ms  over {runs} runs"
    )
    return out


def bench_queries(directory: Path, rounds: int) -> None:
    collection = Collection(directory)
    engine = collection.search_engine()
    engine.search("warm up")
    lat = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            engine.search(q)
            lat.append((time.perf_counter() - t) * 1000)
    print(
        f"query latency ({len(QUERIES)} queries x {rounds}): median {statistics.median(lat):.2f} ms"
        f"  p95 {percentile(lat, 0.95):.2f} ms  max {max(lat):.2f} ms"
    )
    engine.close()
    collection.close()


def bench_startup(directory: Path, runs: int, executable: Path | None = None) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        CLINIC_REFERENCE_COLLECTION=str(directory),
        CLINIC_REFERENCE_HOME=tempfile.mkdtemp(prefix="cr-bench-home-"),
    )
    shown, ready, total = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        env["CLINIC_REFERENCE_T0"] = repr(time.time())
        command = [str(executable)] if executable else [sys.executable, "-m", "desktop.main"]
        out = subprocess.run(
            [*command, "--startup-check"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        total.append(time.perf_counter() - t)
        line = next(ln for ln in out.stdout.splitlines() if ln.startswith("window_shown_s="))
        fields = dict(kv.split("=") for kv in line.split())
        shown.append(float(fields["window_shown_s"]))
        ready.append(float(fields["ready_s"]))
    kind = "packaged" if executable else "from source"
    print(
        f"{kind}: launch to first shown window: median {statistics.median(shown) * 1000:.0f} ms; "
        f"to searchable: {statistics.median(ready) * 1000:.0f} ms"
    )
    print(
        f"whole process, launch to exit after the first search is possible: median "
        f"{statistics.median(total) * 1000:.0f} ms over {runs} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--packaged",
        type=Path,
        default=None,
        help="also time this packaged executable (dist/clinic-reference/...)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        built = bench_build(args.runs, Path(tmp))
        bench_queries(built, rounds=10)
        bench_startup(built, args.runs)
        if args.packaged:
            bench_startup(built, args.runs, args.packaged)


if __name__ == "__main__":
    main()
