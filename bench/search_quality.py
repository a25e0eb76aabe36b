"""Search quality and speed on BEIR-layout collections, Clinic Reference's engine vs SQLite FTS5.

    python bench/search_quality.py ../shared/bench/nfcorpus ../shared/bench/scifact [--json FILE]
    python bench/search_quality.py ../shared/bench/nfcorpus --synthetic 1000000 [--keep DIR]

For each collection: builds the app's own index over the corpus through the app's indexing code
(search_index.index, the same function the app's build calls) and an FTS5 index (porter
tokenizer, bm25) over the same corpus, runs every split's queries through both, and prints
nDCG@10 (graded gains, log2 discount, as BEIR/pytrec_eval compute it), build time, the time to
open the built index (and to open and warm it up), and query latency p50/p95, with ratios; then
the mean of the nDCG@10 ratios over the collections. With --json, each query's ten results
are written too (bench/same_rankings.py compares two runs).

With --synthetic N (not run by default; 1,000,000 takes a while): the same timings on a
synthetic collection of N passages made from the first collection's own sentences, each system
built and queried in a child process of its own, whose peak memory (max RSS) is reported too:
after building (and opening), and in all (the pages of the memory-mapped arrays that the
queries read count in it; the process's own memory after the queries is given beside). With
--keep DIR the indexes are built in DIR and kept, and a later run with the same DIR and size
only opens and queries them (its peak is then the queries' alone; the build's figures are the
first run's).

Build and query times are wall-clock, with the process's CPU time beside them (a build's with
that of the process the app's build writes the index's rows in): on a machine shared with other
work the CPU time says more about the code.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import random
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.engine import open_engine  # noqa: E402
from search_index.enrichment import passage_tags  # noqa: E402
from search_index.index import build_index  # noqa: E402

APP, PEER = "clinic-reference", "fts5"


def load(collection: Path) -> tuple[list[dict], dict[str, str], dict[str, dict[str, dict[str, int]]]]:
    corpus = [json.loads(ln) for ln in (collection / "corpus.jsonl").open(encoding="utf-8")]
    queries = {q["_id"]: q["text"] for q in map(json.loads, (collection / "queries.jsonl").open())}
    splits: dict[str, dict[str, dict[str, int]]] = {}
    for path in sorted((collection / "qrels").glob("*.tsv")):
        qrels: dict[str, dict[str, int]] = {}
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            qid, did, score = line.split("\t")
            qrels.setdefault(qid, {})[did] = int(score)
        splits[path.stem] = {q: r for q, r in qrels.items() if q in queries}
    return corpus, queries, splits


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


class AppSystem:
    name = APP

    def build(self, corpus: list[dict], workdir: Path) -> None:
        rows = (
            {
                "id": i,
                "document_id": d["_id"],
                "title": d.get("title", ""),
                "section": "",
                "text": d.get("text", ""),
                "kind": "",
                "audience": "",
                "year": None,
                "position": 0,
                # what the store adds as it writes a passage: counted in the build, as in the app
                **passage_tags(d.get("title", ""), d.get("text", "")),
            }
            for i, d in enumerate(corpus)
        )
        cpu = _cpu_with_children()
        build_index(rows, workdir / "app-index", count=len(corpus))
        self.build_cpu_s = _cpu_with_children() - cpu
        self.open(workdir)

    def open(self, workdir: Path) -> None:
        t = time.perf_counter()
        self.engine = open_engine(workdir / "app-index")
        self.open_s = time.perf_counter() - t
        self.engine.warm_up()  # as the app does in the background once its window is up
        self.warm_s = time.perf_counter() - t

    def search(self, query: str) -> list[str]:
        return [h.document_id for h in self.engine.search(query, limit=10).hits]

    def close(self) -> None:
        self.engine.close()


class Fts5System:
    name = PEER

    def build(self, corpus: list[dict], workdir: Path) -> None:
        self.open(workdir)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, "
            "tokenize='porter unicode61')"
        )
        with self.db:
            self.db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?)",
                ((d["_id"], d.get("title", ""), d.get("text", "")) for d in corpus),
            )

    def open(self, workdir: Path) -> None:
        self.db = sqlite3.connect(workdir / "fts5.sqlite")

    def search(self, query: str) -> list[str]:
        terms = [w for w in re.findall(r"\w+", query.lower())]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = self.db.execute(
            "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", [match]
        ).fetchall()
        return [r[0] for r in rows]

    def close(self) -> None:
        self.db.close()


def _built(system, corpus, workdir: Path) -> dict:
    t, cpu = time.perf_counter(), time.process_time()
    system.build(corpus, workdir)
    build_s = time.perf_counter() - t - getattr(system, "warm_s", 0.0)
    return {
        "build_s": round(build_s, 3),
        "build_cpu_s": round(getattr(system, "build_cpu_s", time.process_time() - cpu), 3),
        "open_s": round(getattr(system, "open_s", 0.0), 3),
        "open_warm_s": round(getattr(system, "warm_s", 0.0), 3),
    }


def measure(
    system,
    corpus: list[dict],
    queries: dict[str, str],
    splits: dict[str, dict[str, dict[str, int]]],
    workdir: Path,
) -> dict:
    out = _built(system, corpus, workdir)
    timed = Timed()
    out["splits"] = {}
    out["rankings"] = {}
    for split, qrels in splits.items():
        scores = []
        for qid, rel in qrels.items():
            ranked = timed(system.search, queries[qid])
            scores.append(ndcg_at_10(ranked, rel))
            out["rankings"][qid] = ranked
        out["splits"][split] = {"ndcg@10": round(statistics.mean(scores), 4), "queries": len(scores)}
    system.close()
    out.update(timed.figures())
    return out


class Timed:
    """Each call's wall time and the process's CPU time (less swayed than the wall clock by
    other work on a shared machine; SQLite runs in the process too)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, f, *args):
        t, c = time.perf_counter(), time.process_time()
        result = f(*args)
        self.wall.append((time.perf_counter() - t) * 1000)
        self.cpu.append((time.process_time() - c) * 1000)
        return result

    def figures(self) -> dict:
        return {
            "p50_ms": round(statistics.median(self.wall), 3),
            "p95_ms": round(percentile(self.wall, 0.95), 3),
            "cpu_p50_ms": round(statistics.median(self.cpu), 3),
            "cpu_p95_ms": round(percentile(self.cpu, 0.95), 3),
        }


def synthetic(corpus: list[dict], size: int, seed: int = 7) -> Iterator[dict]:
    """Passages of 2-5 of the corpus's own sentences, drawn at random: real term statistics.
    Made as they are read, so the collection is never all in memory at once."""
    rng = random.Random(seed)
    sentences = [s for d in corpus for s in re.split(r"(?<=[.!?])\s+", d.get("text", "")) if s]
    titles = [d.get("title", "") for d in corpus]
    for i in range(size):
        yield {
            "_id": f"SYN-{i}",
            "title": rng.choice(titles),
            "text": " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5))),
        }


class Sized:
    """An iterable that knows its length (the app's build is told how many passages come)."""

    def __init__(self, make, size: int) -> None:
        self.make, self.size = make, size

    def __iter__(self):
        return iter(self.make())

    def __len__(self) -> int:
        return self.size


def _synthetic_run(name: str, collection: str, size: int, workdir: str, out) -> None:
    """In a child process: build one system over the synthetic collection and time queries."""
    corpus, queries, splits = load(Path(collection))
    system = AppSystem() if name == APP else Fts5System()
    passages = Sized(lambda: synthetic(corpus, size), size)
    kept = Path(workdir) / f"built-{size}.json"
    if kept.exists():  # built by an earlier run with --keep: its build figures stand
        figures = json.loads(kept.read_text(encoding="utf-8"))
        system.open(Path(workdir))
    else:
        figures = _built(system, passages, Path(workdir))
        figures["build_peak_mb"] = _peak_mb()  # building, opening and warming up
        kept.write_text(json.dumps(figures), encoding="utf-8")
    timed = Timed()
    for q in [queries[q] for s in splits.values() for q in s]:
        timed(system.search, q)
    system.close()
    figures.update(timed.figures(), peak_mb=_peak_mb(), private_mb=_private_mb())
    out.put(figures)


def _peak_mb() -> int:
    """The most memory the process has held, files mapped into it included (max RSS), and its
    largest child's (the app's build writes the index's rows in a process of its own: the sum
    is a bound, the two may peak at different moments)."""
    own, children = (
        resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return round((own + children) / 1024)


def _cpu_with_children() -> float:
    """The process's CPU time and that of its children that have ended (the app's build writes
    the index's rows in a process of its own)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _private_mb() -> int | None:
    """The process's own memory now, without the pages of files mapped into it (Linux)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(r"^RssAnon:\s+(\d+) kB", status, re.MULTILINE)
    return round(int(found.group(1)) / 1024) if found else None


def timings(name: str, collection: Path, size: int, workdir: Path) -> dict:
    context = multiprocessing.get_context("spawn")  # a fresh process: its own peak memory
    out = context.Queue()
    child = context.Process(target=_synthetic_run, args=(name, str(collection), size, str(workdir), out))
    child.start()
    figures = out.get()
    child.join()
    return figures


def report(name: str, app: dict, peer: dict) -> None:
    print(f"\n{name:<18}{APP:>18}{PEER:>12}{'ratio':>10}")
    for split in app["splits"]:
        a, p = app["splits"][split]["ndcg@10"], peer["splits"][split]["ndcg@10"]
        print(f"{split + ' nDCG@10':<18}{a:>18.4f}{p:>12.4f}{a / p if p else 0:>10.3f}")
    print(f"{'open s':<18}{app['open_s']:>18.3f}")
    print(f"{'open + warm-up s':<18}{app['open_warm_s']:>18.3f}")
    for key, label in (
        ("build_s", "build s"),
        ("build_cpu_s", "  CPU s"),
        ("p50_ms", "query p50 ms"),
        ("p95_ms", "query p95 ms"),
        ("cpu_p50_ms", "  CPU p50 ms"),
        ("cpu_p95_ms", "  CPU p95 ms"),
    ):
        a, p = app[key], peer[key]
        print(f"{label:<18}{a:>18.3f}{p:>12.3f}{a / p if p else 0:>10.2f}")


def synthetic_timings(collection: Path, size: int, keep: Path | None) -> dict:
    """Each system's timings on a synthetic collection of `size` passages (built in `keep`
    and kept, or reused from it; else in a temporary folder)."""
    print(f"synthetic collection: {size} passages from {collection}")
    out: dict = {"passages": size}
    with tempfile.TemporaryDirectory() as tmp:
        for name in (APP, PEER):
            work = (keep or Path(tmp)) / name
            work.mkdir(parents=True, exist_ok=True)
            f = out[name] = timings(name, collection, size, work)
            print(
                f"  {name:<18} build {f['build_s']:.1f} s (CPU {f['build_cpu_s']:.1f} s)   "
                f"open {f['open_s']:.3f} s   "
                f"p50 {f['p50_ms']:.1f} ms   p95 {f['p95_ms']:.1f} ms   "
                f"(CPU {f['cpu_p50_ms']:.1f} / {f['cpu_p95_ms']:.1f} ms)   "
                f"peak {f['build_peak_mb']} MB building, {f['peak_mb']} MB in all "
                f"(mapped arrays counted; {f['private_mb']} MB its own after the queries)",
                flush=True,
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("collections", type=Path, nargs="+")
    parser.add_argument(
        "--json", type=Path, help="write the figures and each query's ten results to this file"
    )
    parser.add_argument(
        "--synthetic", type=int, default=0, help="passages in a synthetic collection to time (0: none)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="with --synthetic: build in this folder and keep the indexes; a later run given "
        "the same folder and size queries them again without building (and repeats the first "
        "build's figures)",
    )
    args = parser.parse_args()
    result: dict = {"collections": {}}
    ratios = []
    if not args.synthetic:
        for collection in args.collections:
            corpus, queries, splits = load(collection)
            print(
                f"{collection}: {len(corpus)} documents, splits "
                + ", ".join(f"{s} ({len(q)} queries)" for s, q in splits.items()),
                flush=True,
            )
            figures: dict = {}
            with tempfile.TemporaryDirectory() as tmp:
                for system in (AppSystem(), Fts5System()):
                    work = Path(tmp) / system.name
                    work.mkdir()
                    figures[system.name] = measure(system, corpus, queries, splits, work)
            result["collections"][str(collection)] = figures
            report(collection.name, figures[APP], figures[PEER])
            ratios += [
                figures[APP]["splits"][s]["ndcg@10"] / figures[PEER]["splits"][s]["ndcg@10"]
                for s in splits
            ]
            print(flush=True)
        print(f"mean nDCG@10 ratio over {len(ratios)} split(s): {statistics.mean(ratios):.3f}")
    else:
        result["synthetic"] = synthetic_timings(args.collections[0], args.synthetic, args.keep)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
