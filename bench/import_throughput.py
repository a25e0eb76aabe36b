"""Import figures: documents per second for a large PubMed (MEDLINE) batch, and the cost of one
incremental add on the big index it leaves, against rebuilding that index.

    python bench/import_throughput.py [--corpus ../shared/bench/nfcorpus] [--files 10] [--window]

The NFCorpus abstracts (evaluation data: read from ../shared, never copied into the project) are
written out as MEDLINE exports in a temporary folder and imported through the app's own code
into a fresh library. Compare ratios within one run, not figures across machines.

With --window the same batch is imported through the main window (worker, progress dialog)
while a 1 ms heartbeat timer runs on the UI thread: the longest gaps are how long the window
could not respond during the import.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def medline_record(pmid: int, title: str, text: str) -> str:
    """One record in MEDLINE's layout: tag, dash, value; continuation lines indented 6."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + len(w) > 74:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    body = ("\n      ".join(lines)) if text else ""
    return (
        f"PMID- {pmid}\nTI  - {title or 'Untitled'}\n"
        + (f"AB  - {body}\n" if body else "")
        + "DP  - 2020\nPT  - Journal Article\n"
    )


def write_exports(corpus: Path, folder: Path, files: int) -> int:
    docs = [json.loads(line) for line in (corpus / "corpus.jsonl").open(encoding="utf-8")]
    per_file = -(-len(docs) // files)
    for f in range(files):
        chunk = docs[f * per_file : (f + 1) * per_file]
        records = [
            medline_record(93000000 + f * per_file + i, d["title"], d["text"])
            for i, d in enumerate(chunk)
        ]
        (folder / f"export{f:02}.nbib").write_text("\n".join(records), encoding="utf-8")
    return len(docs)


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[tuple[Path, Path, int]]:
    """A throwaway user home, and the corpus written out as MEDLINE exports beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["CLINIC_REFERENCE_HOME"] = str(tmp_path / "home")  # before the app's imports
        exports = tmp_path / "exports"
        exports.mkdir()
        yield tmp_path, exports, write_exports(args.corpus, exports, args.files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/bench/nfcorpus")
    parser.add_argument("--files", type=int, default=10, help="MEDLINE files to split it into")
    parser.add_argument("--adds", type=int, default=5, help="single-document adds to time")
    parser.add_argument(
        "--window", action="store_true", help="import through the window and measure its responsiveness"
    )
    args = parser.parse_args()
    if args.window:
        return window_responsiveness(args)
    with workspace(args) as (tmp_path, exports, count):
        from search_index.opening import open_collection  # after the home is set

        opened = open_collection()
        library = opened.library
        t = time.perf_counter()
        report = library.import_paths([exports])
        seconds = time.perf_counter() - t
        print(
            f"import: {len(report.added)} of {count} documents from {args.files} MEDLINE "
            f"files in {seconds:.1f} s = {len(report.added) / seconds:.0f} documents/s "
            f"({len(report.duplicates)} duplicates, {len(report.failed)} failed)"
        )
        passages = library.db.execute("SELECT count(*) FROM passages").fetchone()[0]

        adds = []
        for i in range(args.adds):
            one = tmp_path / f"one{i}.md"
            one.write_text(
                f"Incremental note {i}\n\nRadiofrequency ablation of a small liver "
                f"metastasis, case {i}; discharged the next day.\n"
            )
            t = time.perf_counter()
            assert library.import_paths([one]).added
            adds.append(time.perf_counter() - t)
        add_ms = statistics.median(adds) * 1000
        t = time.perf_counter()
        library.rebuild_index()
        rebuild = time.perf_counter() - t
        print(
            f"one incremental add on {passages} passages: median {add_ms:.0f} ms "
            f"(of {args.adds}); rebuilding the index instead: {rebuild:.1f} s "
            f"= {rebuild * 1000 / add_ms:.0f}x the add"
        )
        library.close()
        opened.collection.close()
        t = time.perf_counter()
        again = open_collection()
        print(
            f"reopening the library (checking store against index): "
            f"{(time.perf_counter() - t) * 1000:.0f} ms"
        )
        again.library.close()


def window_responsiveness(args: argparse.Namespace) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with workspace(args) as (_, exports, count):
        from PySide6.QtCore import QElapsedTimer, QTimer
        from PySide6.QtWidgets import QApplication

        from desktop.main_window import MainWindow
        from desktop.settings import Settings
        from desktop.tasks import TaskRunner

        app = QApplication.instance() or QApplication([])
        runner = TaskRunner()
        window = MainWindow(Settings(), runner)
        window.show()
        window.load_collection()
        while window.engine is None:
            app.processEvents()
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]

        def beat() -> None:
            now = clock.nsecsElapsed()
            gaps.append((now - last[0]) / 1e6)
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(1)
        heartbeat.timeout.connect(beat)
        heartbeat.start()
        t = time.perf_counter()
        window.library_control.import_paths([exports])
        while getattr(window, "import_report", None) is None:
            app.processEvents()
        seconds = time.perf_counter() - t
        heartbeat.stop()
        gaps.sort()
        print(
            f"window import: {count} records in {seconds:.1f} s; event-loop gaps over "
            f"{len(gaps)} heartbeats: median {statistics.median(gaps):.2f} ms, p99 "
            f"{gaps[int(len(gaps) * 0.99)]:.2f} ms, max {gaps[-1]:.1f} ms, over 16 ms: "
            f"{sum(g > 16 for g in gaps)}"
        )
        window.close()
        runner.wait()


if __name__ == "__main__":
    main()
