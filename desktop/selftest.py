"""`clinic-reference --self-test`: headless proof that an installed copy works.

Opens the bundled collection, runs searches, builds a comparison and a handout PDF, imports a
PubMed record into a library, all in a temporary folder, and exits 0, or 1 with a one-line
reason.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="clinic-reference-selftest-") as tmp:
        os.environ["CLINIC_REFERENCE_HOME"] = tmp  # the user's real profile is not touched
        try:
            _run(Path(tmp))
        except Exception as exc:  # one line, whatever went wrong
            print(f"self-test FAILED: {type(exc).__name__}: {exc}")
            return 1
    print("self-test passed: collection, search, comparison, handout, import, large build")
    return 0


def _run(tmp: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.handout import HandoutOptions, compose, write_handout_pdf
    from desktop.printing import GridPrintout, export_pdf
    from search_index import paths
    from search_index.collection import bundled_collection, is_current, seed_files
    from search_index.questions.bank import build_bank
    from search_index.questions.lists import ListItem
    from search_index.treatments.comparison import build_grid

    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841
    if not is_current(paths.bundled_collection_dir(), seed_files()):
        raise RuntimeError("the bundled collection was not built from this app's own code and seeds")
    collection = bundled_collection()
    engine = collection.search_engine()
    for query, expected in (
        ("liver metastases immunotherapy", None),
        ("FOLFOX", "FOLFOX"),
        ("RFA", "radiofrequency"),
    ):
        results = engine.search(query)
        if not results.hits:
            raise RuntimeError(f"no results for {query!r}")
        if expected and expected.lower() not in results.hits[0].text.lower():
            raise RuntimeError(f"unexpected first result for {query!r}")
    # the English word list (resources/) is found: plain English left alone, a slip corrected
    if engine.search("what are my chances").suggestion or not engine.search("hepatectmy").corrected_from:
        raise RuntimeError("spelling corrections are wrong")
    grid = build_grid(collection.db, ["resection", "ablation", "chemoimmunotherapy"])
    pdf = export_pdf(GridPrintout(grid, collection.built), tmp / "comparison.pdf")
    bank = build_bank(collection.db)
    items = [ListItem(q.text, q.id) for q in bank[:3]]
    pages = write_handout_pdf(
        tmp / "handout.pdf", compose(items, {q.id: q for q in bank}), HandoutOptions(large_print=True)
    )
    for path in (pdf, tmp / "handout.pdf"):
        if not path.exists() or path.stat().st_size < 1000:
            raise RuntimeError(f"{path.name} was not written")
    if pages < 1:
        raise RuntimeError("the handout has no pages")
    engine.close()
    collection.close()
    _import(tmp)
    _large_build(tmp)


def _import(tmp: Path) -> None:
    from search_index.opening import open_collection

    record = tmp / "record.nbib"
    record.write_text(
        "PMID- 90000001\nTI  - Self-test record on microwave ablation.\n"
        "AB  - Microwave ablation of small liver metastases.\nDP  - 2024\n",
        encoding="utf-8",
    )
    with open_collection() as opened:
        if opened.library is None:
            raise RuntimeError(f"import: the library cannot be written ({opened.notices})")
        report = opened.library.import_paths([record])
    if len(report.added) != 1:
        raise RuntimeError(f"import: {report.summary()} {report.failed}")


def _large_build(tmp: Path) -> None:
    """A build large enough that Whoosh writes its rows in a process of its own (started by
    running this executable again: freeze_support in the entry point)."""
    from search_index.engine import open_engine
    from search_index.index import ROWS_IN_A_PROCESS_FROM, build_index

    n = ROWS_IN_A_PROCESS_FROM
    rows = [
        {"id": i, "document_id": f"d{i}", "text": f"passage {i} on ablation", "position": 0}
        for i in range(n)
    ]
    rows[7]["text"] = "passage 7, of a self-test word: quorvix"
    build_index(rows, tmp / "large-index", n)
    engine = open_engine(tmp / "large-index")
    try:
        hits = engine.search("quorvix").hits
        if engine.passages.n != n or not hits or hits[0].passage_id != 7:
            raise RuntimeError("large build: the index does not hold the passages given")
    finally:
        engine.close()
