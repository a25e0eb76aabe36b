"""The user's library put right on opening: a damaged or deleted store, a damaged index or word
list, a kill between the store's commit and the index's; and a full or read-only disk stopping an
import with nothing half-written. Store and index end in agreement, with a notice."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from helpers import (
    ABLATION_PAGE,
    SYNTHETIC_MEDLINE,
    agree,
    medline_records,
    passages_by_document,
    write,
)

from search_index import generations
from search_index.opening import open_collection
from search_index.schema import STORE_FILE
from search_index.store import set_meta


def test_the_index_is_repaired_from_the_store(opened, tmp_path: Path):
    """What a kill between the store's commit and the index's leaves, put right on opening."""
    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    from search_index.index import IndexUpdate

    with IndexUpdate(generations.current(directory)) as update:  # the index loses one document
        update.remove("pmid-90000101")
    lib.close()
    again = open_collection()
    assert "pmid-90000101" in agree(directory)
    again.library.close()
    for f in (generations.current(directory)).iterdir():  # now damage the index itself
        if f.suffix == ".toc":
            f.write_bytes(b"garbage")
    again = open_collection()
    assert any("rebuilt" in n for n in again.notices)
    assert "pmid-90000101" in agree(directory)
    again.library.close()


def test_a_damaged_store_is_moved_aside_and_the_bundled_documents_open(opened, tmp_path):
    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    lib.close()
    (directory / STORE_FILE).write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    again = open_collection()
    (notice,) = again.notices
    aside = [p for p in directory.iterdir() if p.name.startswith("damaged-") and p.suffix == ".sqlite"]
    assert len(aside) == 1 and str(aside[0]) in notice
    assert "pmid-90000101" not in again.collection.documents()
    assert len(again.collection.documents()) == len(opened.collection.documents())
    agree(directory)
    again.library.close()


def test_a_damaged_stores_readable_documents_are_saved_into_the_new_one(opened, tmp_path):
    records = "\n".join(
        f"PMID- {94000000 + i}\nTI  - Resection series {i} for liver metastases.\nAB  - "
        + " ".join(f"Of {20 + i + j} patients {j} had complications after resection." for j in range(12))
        + "\nDP  - 2020\n"
        for i in range(40)
    )
    lib = opened.library
    assert len(lib.import_paths([write(tmp_path, "export.nbib", records)]).added) == 40
    directory = lib.directory
    before = passages_by_document(directory)
    lib.close()
    opened.collection.close()
    db = sqlite3.connect(directory / STORE_FILE)  # a page of passages in the middle is lost
    pages = [
        r[0]
        for r in db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'passages' AND pagetype = 'leaf' ORDER BY pageno"
        )
    ]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(directory / STORE_FILE, "r+b") as f:
        f.seek((pages[len(pages) // 2] - 1) * page_size)
        f.write(os.urandom(page_size))

    again = open_collection()
    (notice,) = again.notices
    aside = [p for p in directory.iterdir() if p.name.startswith("damaged-") and p.suffix == ".sqlite"]
    assert len(aside) == 1 and str(aside[0]) in notice
    after = passages_by_document(directory)
    saved = [d for d in after if d.startswith("pmid-94")]
    assert f"{len(saved)} of the 40 documents you had added" in notice
    assert 30 <= len(saved) < 40, notice  # one page's worth lost, the rest saved
    for doc_id in saved:  # each one whole, as it was
        assert after[doc_id] == before[doc_id]
    agree(directory)
    found = again.collection.search_engine().search("resection series", limit=200).hits
    assert set(saved) <= {h.document_id for h in found}
    # Killed while salvaging (as the mark left in the store says): the next start goes on.
    set_meta(again.library.db, {"salvaging": str(aside[0])})
    again.library.close()
    again.collection.close()
    resumed = open_collection()
    assert f"{len(saved)} of the 40 documents you had added" in resumed.notices[0]
    assert passages_by_document(directory) == after
    resumed.library.close()
    resumed.collection.close()


def test_a_deleted_store_is_made_again_with_a_notice(opened, tmp_path):
    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    lib.close()
    opened.collection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{directory / STORE_FILE}{suffix}").unlink(missing_ok=True)
    again = open_collection()
    (notice,) = again.notices
    assert "was missing" in notice and "need adding again" in notice
    assert "pmid-90000101" not in again.collection.documents()
    agree(directory)
    again.library.close()


def test_a_garbage_word_list_is_counted_again(opened, tmp_path):
    from search_index.suggest import VOCABULARY_FILE, Vocabulary

    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    lib.close()
    (generations.current(directory) / VOCABULARY_FILE).write_bytes(b"\x00{garbage")
    assert Vocabulary(generations.current(directory)).count("microwave") == 0  # a reader is not stopped
    again = open_collection()
    assert any("spelling suggestions" in n for n in again.notices)
    assert Vocabulary(generations.current(directory)).count("microwave") > 0
    again.library.close()


def test_words_of_an_import_killed_before_counting_them_are_counted_on_opening(opened, tmp_path):
    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    from search_index.store import set_meta
    from search_index.suggest import VOCABULARY_FILE, Vocabulary

    (generations.current(directory) / VOCABULARY_FILE).unlink()  # as a kill after the index's commit
    set_meta(lib.db, {"vocabulary_stale": "1"})
    lib.close()
    again = open_collection()
    assert Vocabulary(generations.current(directory)).count("microwave") > 0
    again.library.close()


def test_a_full_disk_stops_the_import_with_nothing_half_written_and_it_resumes(
    opened, tmp_path, monkeypatch
):
    folder = tmp_path / "exports"
    folder.mkdir()
    for f in range(6):
        write(folder, f"export{f}.nbib", medline_records(95000000 + 10 * f, 2))
    from search_index.store import statements as store

    real, calls = store.add_statements, []

    def full(db, doc, *args):  # the fifth document's last write finds no room
        calls.append(doc.doc_id)
        if len(calls) == 5:
            raise sqlite3.OperationalError("database or disk is full")
        real(db, doc, *args)

    monkeypatch.setattr(store, "add_statements", full)
    lib = opened.library
    report = lib.import_paths([folder])
    assert len(report.added) == 4 and not report.failed
    assert "disk holding the library is full" in report.summary()
    # export0 and export1 in; export2 stopped at its first record; 3, 4 and 5 not reached
    assert report.summary().startswith(
        "6 files found: 2 added, 0 skipped as duplicates, 0 failed, 4 not imported"
    )
    stored = passages_by_document(lib.directory)
    assert calls[4] not in stored  # its document, passages and all, rolled back
    assert all(len(stored[d]) == 1 for d in calls[:4])
    agree(lib.directory)

    monkeypatch.setattr(store, "add_statements", real)  # space freed: importing again completes
    again = lib.import_paths([folder])
    assert len(again.added) == 8 and len(again.duplicates) == 4 and not again.stopped
    assert len([d for d in agree(lib.directory) if d.startswith("pmid-950")]) == 12


def test_an_index_that_finds_the_disk_full_takes_the_documents_back_out(opened, tmp_path, monkeypatch):
    def full(self, rows):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("search_index.index.IndexUpdate.add", full)
    lib = opened.library
    report = lib.import_paths([write(tmp_path, "export.nbib", medline_records(95100000, 3))])
    assert not report.added and len(report.failed) == 3 and "full" in report.stopped
    assert not [d for d in passages_by_document(lib.directory) if d.startswith("pmid-951")]
    agree(lib.directory)


def test_a_disk_that_fills_in_the_store_and_the_index_counts_each_file_once(
    opened, tmp_path, monkeypatch
):
    folder = tmp_path / "notes"
    folder.mkdir()
    for f in range(10):
        write(folder, f"note{f}.md", f"Note {f}\n\nAblation note number {f}.\n")
    from search_index.store import statements as store

    real, calls = store.add_statements, []

    def full(db, doc, *args):  # the eighth document finds no room in the store
        calls.append(doc.doc_id)
        if len(calls) == 8:
            raise sqlite3.OperationalError("database or disk is full")
        real(db, doc, *args)

    def no_room(self, rows):  # ... nor does the index for the seven before it
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "add_statements", full)
    monkeypatch.setattr("search_index.index.IndexUpdate.add", no_room)
    report = opened.library.import_paths([folder])
    # note0-6 in the store, then out again: failed; note7 stopped the import; note7-9 not imported
    assert report.summary().startswith(
        "10 files found: 0 added, 0 skipped as duplicates, 7 failed, 3 not imported. Stopped: "
    )
    agree(opened.library.directory)


def test_a_store_that_cannot_be_written_fails_each_file_and_keeps_agreement(opened, tmp_path):
    lib = opened.library
    lib.db.execute("PRAGMA query_only = ON")  # as a full or read-only disk answers writes
    report = lib.import_paths(
        [write(tmp_path, "a.md", ABLATION_PAGE), write(tmp_path, "b.nbib", SYNTHETIC_MEDLINE)]
    )
    assert not report.added and {n for n, _ in report.failed} == {"a.md", "b.nbib"}
    lib.db.execute("PRAGMA query_only = OFF")
    agree(lib.directory)
