"""The longest document the library takes (MAX_DOCUMENT_CHARS) against a typical one: import
time, how long the reader's UI thread is busy showing it, the comparison grid built over a
library holding it, and how soon Cancel takes effect at points spread over its import.

    QT_QPA_PLATFORM=offscreen python bench/largest_document.py

Short paragraphs (one passage each, about 90 characters) are the worst case: most passages
for the characters. Compare ratios within one run, not figures across machines.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CLINIC_REFERENCE_HOME"] = tempfile.mkdtemp(prefix="clinic-bench-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.views.reader import ReaderView  # noqa: E402
from search_index.collection import Collection  # noqa: E402
from search_index.importing import MAX_DOCUMENT_CHARS  # noqa: E402
from search_index.opening import open_collection  # noqa: E402
from search_index.treatments.comparison import build_grid, option_list  # noqa: E402

WORDS = (
    "ablation resection liver metastases patients survival months chemotherapy tumour "
    "margin hepatic portal vein recurrence"
).split()


def handbook(path: Path, chars: int, seed: int) -> Path:
    rng, lines, n = random.Random(seed), [f"Clinic handbook {seed} on liver metastases", ""], 0
    while sum(map(len, lines)) + 2 * len(lines) < chars - 120:
        lines += [" ".join(rng.choice(WORDS) for _ in range(11)).capitalize() + f" ({n}).", ""]
        n += 1
    path.write_text("\n".join(lines))
    return path


def measure(library, reader: ReaderView, app: QApplication, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    report = library.import_paths([path])
    took = time.perf_counter() - started
    assert len(report.added) == 1, report.summary()
    collection = Collection(library.directory)
    doc_id = next(
        d
        for d, row in collection.documents().items()
        if not row["bundled"] and row["file_name"] == path.name
    )
    started = time.perf_counter()
    reader.show_document(collection.document(doc_id))
    app.processEvents()
    shown = time.perf_counter() - started
    started = time.perf_counter()
    build_grid(collection.db, [o["id"] for o in option_list(collection.db)][:4])
    grid = time.perf_counter() - started
    collection.close()
    library.remove([doc_id])
    latencies = []
    for k in range(8):  # cancel at points spread over the import
        flag = threading.Event()
        worker = threading.Thread(
            target=library.import_paths, args=([path],), kwargs={"cancelled": flag.is_set}
        )
        worker.start()
        time.sleep(took * (k + 0.5) / 8)
        flag.set()
        pressed = time.perf_counter()
        worker.join()
        latencies.append(time.perf_counter() - pressed)
        added = [r[0] for r in library.db.execute("SELECT id FROM documents WHERE NOT bundled")]
        library.remove(added)
    return {
        "import_s": took,
        "reader_s": shown,
        "grid_s": grid,
        "cancel_max_s": max(latencies),
        "cancel_median_s": statistics.median(latencies),
    }


def main() -> None:
    app = QApplication([])
    reader = ReaderView()
    reader.resize(900, 700)
    reader.show()
    library = open_collection().library
    folder = Path(tempfile.mkdtemp(prefix="clinic-bench-docs-"))
    typical = measure(library, reader, app, handbook(folder / "typical.txt", 20_000, 1))
    largest = measure(library, reader, app, handbook(folder / "largest.txt", MAX_DOCUMENT_CHARS, 2))
    print(f"largest allowed document: {MAX_DOCUMENT_CHARS:,} characters; typical: 20,000")
    print(f"{'':18}{'typical':>10}{'largest':>10}{'ratio':>8}")
    for key in typical:
        print(
            f"{key:18}{typical[key]:>10.3f}{largest[key]:>10.3f}"
            f"{largest[key] / max(typical[key], 1e-6):>8.1f}"
        )
    library.close()


if __name__ == "__main__":
    main()
