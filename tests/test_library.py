"""The user's library: imports searchable, compared and in the question bank without a rebuild;
duplicates skipped; each bad file failing alone; store and index always in agreement."""

from __future__ import annotations

import codecs
import os
import sqlite3
from pathlib import Path

import pytest
from helpers import (
    ABLATION_PAGE,
    PLAIN_LEAFLET,
    SEEDS,
    SYNTHETIC_MEDLINE,
    agree,
    write,
)

from search_index.collection import Collection
from search_index.index import INDEX_DIR
from search_index.library import LOCK_FILE, Library, LibraryBusy
from search_index.opening import open_collection
from search_index.questions.bank import build_bank
from search_index.schema import STORE_FILE
from search_index.store import set_meta
from search_index.treatments.comparison import build_grid


@pytest.fixture
def opened(user_home: Path):
    o = open_collection()
    yield o
    if o.library is not None:
        o.library.close()
    o.collection.close()


def test_a_new_library_holds_the_bundled_documents(opened, collection: Collection):
    assert opened.library is not None and not opened.notices
    assert set(opened.collection.documents()) == set(collection.documents())
    agree(opened.library.directory)


def test_imported_documents_are_searched_compared_and_asked_about(opened, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "export.nbib", SYNTHETIC_MEDLINE)
    write(folder, "ablation.md", ABLATION_PAGE)
    report = opened.library.import_paths([folder])
    assert report.files == 2 and not report.failed and len(report.added) == 3
    agree(opened.library.directory)

    collection = Collection(opened.library.directory)
    engine = collection.search_engine()
    top = engine.search("microwave ablation hepatectomy randomised").hits[0]
    assert top.document_id == "pmid-90000101"  # British spelling finds the American one
    assert engine.search("burning the tumour").total > 0
    grid = build_grid(collection.db, ["ablation", "resection"])
    quoted = {
        st.document_id for col in grid.columns for cell in col.cells.values() for st in cell.statements
    }
    assert "pmid-90000101" in quoted
    bank = build_bank(collection.db)
    asked = {q.text for q in bank for s in q.sources if s.document_id == "ablation"}
    assert "How long will I stay in hospital after ablation?" in asked
    assert "microwave" in engine.vocabulary.counts  # suggestions know the new words
    engine.close()
    collection.close()


def test_duplicates_by_doi_pmid_and_text_are_skipped(opened, tmp_path: Path):
    first = write(tmp_path, "a.nbib", SYNTHETIC_MEDLINE)
    opened.library.import_paths([first])
    same_pmid = SYNTHETIC_MEDLINE.replace("LID - 10.9999/synthetic.101 [doi]\n", "")
    same_doi = SYNTHETIC_MEDLINE.replace("PMID- 90000101", "PMID- 90000999").split("\n\nPMID- 90000102")[
        0
    ]
    again = [
        write(tmp_path, "b.nbib", same_pmid),
        write(tmp_path, "c.nbib", same_doi),
        write(tmp_path, "d.md", ABLATION_PAGE),
        write(tmp_path, "e.txt", ABLATION_PAGE),
    ]
    report = opened.library.import_paths(again)
    whys = [why for _, _, why in report.duplicates]
    assert len(report.added) == 1  # d.md; e.txt is the same text
    assert sum("PMID" in w for w in whys) == 2 and any("DOI" in w for w in whys)
    assert any(w.startswith("the same text") for w in whys)
    agree(opened.library.directory)


def test_a_seed_imported_again_is_a_duplicate(opened):
    report = opened.library.import_paths(SEEDS[:2])
    assert not report.added and len(report.duplicates) == 2


def test_bad_files_fail_alone_with_their_names(opened, tmp_path: Path):
    good = write(tmp_path, "good.md", ABLATION_PAGE)
    bad = [
        write(tmp_path, "empty.txt", ""),
        write(tmp_path, "binary.dat", b"\x00\xff" * 50),
        write(tmp_path, "latin.txt", "Caf\xe9 tumour".encode("latin-1")),
        write(tmp_path, "broken.xml", "<PubmedArticleSet><PubmedArticle><Medline"),
    ]
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)
    missing = tmp_path / "gone.txt"
    report = opened.library.import_paths([bad[0], good, *bad[1:], huge, missing])
    failed = dict(report.failed)
    assert set(failed) == {"empty.txt", "binary.dat", "latin.txt", "broken.xml", "huge.txt", "gone.txt"}
    assert "empty" in failed["empty.txt"] and "too large" in failed["huge.txt"]
    assert "no longer there" in failed["gone.txt"]
    assert [name for name, _ in report.added] == ["good.md"]
    agree(opened.library.directory)


def test_remove_hide_show_and_reread(opened, tmp_path: Path):
    lib = opened.library
    page = write(tmp_path, "ablation.md", ABLATION_PAGE)
    lib.import_paths([page, write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    bundled = next(iter(opened.collection.documents()))
    assert lib.remove([bundled]) == 0  # bundled documents are hidden, never deleted
    assert lib.set_hidden([bundled], True) == 1
    assert bundled not in agree(lib.directory)
    assert bundled not in Collection(lib.directory).documents()
    lib.set_hidden([bundled], False)
    assert bundled in agree(lib.directory)

    page.write_text(ABLATION_PAGE + "\nCryoablation freezes the tumour instead.\n")
    (doc_id,) = [
        r["id"] for r in lib.db.query("SELECT id FROM documents WHERE file_name = ?", ["ablation.md"])
    ]
    lib.reread(doc_id)
    collection = Collection(lib.directory)
    engine = collection.search_engine()
    assert engine.search("cryoablation").hits[0].document_id == doc_id
    assert lib.remove(["pmid-90000101", "pmid-90000102"]) == 2
    assert "pmid-90000101" not in agree(lib.directory)
    engine.close()
    collection.close()


def test_reread_of_a_vanished_file_keeps_the_document(opened, tmp_path: Path):
    page = write(tmp_path, "ablation.md", ABLATION_PAGE)
    opened.library.import_paths([page])
    page.unlink()
    from search_index.reading import ReadError

    with pytest.raises(ReadError, match="no longer there"):
        opened.library.reread("ablation")
    assert "ablation" in agree(opened.library.directory)


def test_the_index_is_repaired_from_the_store(opened, tmp_path: Path):
    """What a kill between the store's commit and the index's leaves, put right on opening."""
    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    from search_index.index import IndexUpdate

    with IndexUpdate(directory / INDEX_DIR) as update:  # the index loses one document
        update.remove("pmid-90000101")
    lib.close()
    again = open_collection()
    assert "pmid-90000101" in agree(directory)
    again.library.close()
    for f in (directory / INDEX_DIR).iterdir():  # now damage the index itself
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


def passages_by_document(directory: Path) -> dict[str, list[str]]:
    db = sqlite3.connect(directory / STORE_FILE)
    out: dict[str, list[str]] = {}
    for doc_id, text in db.execute(
        "SELECT document_id, text FROM passages ORDER BY document_id, position"
    ):
        out.setdefault(doc_id, []).append(text)
    db.close()
    return out


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
    (directory / INDEX_DIR / VOCABULARY_FILE).write_bytes(b"\x00{garbage")
    assert Vocabulary(directory / INDEX_DIR).count("microwave") == 0  # a reader is not stopped
    again = open_collection()
    assert any("spelling suggestions" in n for n in again.notices)
    assert Vocabulary(directory / INDEX_DIR).count("microwave") > 0
    again.library.close()


def records(first: int, count: int) -> str:
    return "\n".join(
        f"PMID- {first + i}\nTI  - Ablation series {first + i}.\nAB  - Of {20 + i} "
        f"patients {i} had complications after ablation.\nDP  - 2020\n"
        for i in range(count)
    )


def test_a_full_disk_stops_the_import_with_nothing_half_written_and_it_resumes(
    opened, tmp_path, monkeypatch
):
    folder = tmp_path / "exports"
    folder.mkdir()
    for f in range(6):
        write(folder, f"export{f}.nbib", records(95000000 + 10 * f, 2))
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
    assert "4 files still to import" in report.summary()
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
    report = lib.import_paths([write(tmp_path, "export.nbib", records(95100000, 3))])
    assert not report.added and len(report.failed) == 3 and "full" in report.stopped
    assert not [d for d in passages_by_document(lib.directory) if d.startswith("pmid-951")]
    agree(lib.directory)


@pytest.mark.timeout(60)
def test_bad_inputs_each_fail_with_their_name_and_the_batch_goes_on(opened, tmp_path, monkeypatch):
    """Given directly or inside folders: nothing hangs, grows or stops the batch."""
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer forever
    (tmp_path / "loop_a").symlink_to(tmp_path / "loop_b")
    (tmp_path / "loop_b").symlink_to(tmp_path / "loop_a")
    folder = tmp_path / "folder"
    (folder / "locked").mkdir(parents=True)
    write(folder / "locked", "inside.md", ABLATION_PAGE)
    os.mkfifo(folder / "another_pipe")
    (folder / "back_up").symlink_to(folder)  # a folder link that leads back to itself
    write(
        folder,
        "utf16.txt",
        codecs.BOM_UTF16_LE + ABLATION_PAGE.replace("Ablation", "Utf16 ablation").encode("utf-16-le"),
    )
    write(folder, "bom.md", codecs.BOM_UTF8 + ABLATION_PAGE.replace("Ablation", "Bom ablation").encode())
    write(folder, "long.txt", "A very long note\n\n" + "Words of a long note. " * 30000)
    locked = {folder / "locked", tmp_path / "locked_folder"}
    (tmp_path / "locked_folder").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):  # as a folder without read permission answers (root reads all)
        if isinstance(path, (str, os.PathLike)) and Path(path) in locked:  # rmtree passes fds
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)

    inputs = [
        tmp_path / "pipe.txt",
        Path("/dev/zero"),
        tmp_path / "loop_a",
        tmp_path / "missing.txt",
        tmp_path / "locked_folder",
        folder,
        write(tmp_path, "good.nbib", SYNTHETIC_MEDLINE),
    ]
    report = opened.library.import_paths(inputs)
    failed = dict(report.failed)
    assert "named pipe" in failed["pipe.txt"] and "named pipe" in failed["another_pipe"]
    assert "device" in failed["zero"]
    assert "symbolic links" in failed["loop_a"]
    assert "no longer there" in failed["missing.txt"]
    assert "permission" in failed["locked_folder/"] and "permission" in failed["locked/"]
    assert "not followed" in failed["back_up/"]
    assert "too long" in failed["long.txt"] and "500,000 at most" in failed["long.txt"]
    added = {t for _, t in report.added}
    assert {
        "Utf16 ablation for liver metastases: what to expect",
        "Bom ablation for liver metastases: what to expect",
    } <= added
    assert len(added) == 4  # and the two records of the export after all of them
    agree(opened.library.directory)


@pytest.mark.parametrize("when", ["writing", "indexing"])
def test_cancel_inside_a_long_document_leaves_nothing_of_it(opened, tmp_path, when):
    text = "A long handbook\n\n" + "\n\n".join(
        f"Paragraph {i} on ablation of liver metastases." for i in range(3000)
    )
    path = write(tmp_path, "handbook.txt", text)
    lib = opened.library
    outside = sqlite3.connect(lib.store_path)  # sees only what is committed
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        if when == "writing":  # a few hundred passages into the store's transaction
            return len(asked) > 3
        return (
            outside.execute("SELECT count(*) FROM documents WHERE id = 'handbook'").fetchone()[0] > 0
        )  # in the store, not yet in the index

    report = lib.import_paths([path], cancelled=cancelled)
    outside.close()
    assert report.cancelled and not report.added and not report.failed
    assert "handbook" not in passages_by_document(lib.directory)
    agree(lib.directory)
    again = lib.import_paths([path])  # and it can be imported whole afterwards
    assert len(again.added) == 1
    assert len(passages_by_document(lib.directory)["handbook"]) == 3000


def test_reading_takes_no_lock_and_writes_nothing(user_home, collection):
    fresh = open_collection(access="read")  # a profile with no library yet: the bundled documents
    assert fresh.library is None and not fresh.notices and fresh.watched is None
    assert fresh.collection.documents().keys() == collection.documents().keys()
    assert not (user_home / "library").exists()
    fresh.collection.close()
    writer = open_collection()
    reader = open_collection(access="read")  # while a writer is open: no notice, no waiting
    assert reader.library is None and not reader.notices
    assert reader.watched == writer.library.directory
    writer.library.close()
    again = open_collection()  # the reader holds no lock
    assert again.library is not None
    again.library.close()
    reader.collection.close()


def test_a_documents_audience_and_kind_can_be_set_and_outlast_reading_again(opened, tmp_path):
    lib = opened.library
    lib.import_paths([write(tmp_path, "leaflet.md", ABLATION_PAGE)])
    engine = Collection(lib.directory).search_engine()
    found = engine.search("ablation audience:patient", limit=50).hits
    assert "leaflet" not in {h.document_id for h in found}  # read as for clinicians
    assert lib.relabel(["leaflet"], audience="patient") == 1
    assert lib.reread("leaflet").title.startswith("Ablation")
    lib.rebuild()
    collection = Collection(lib.directory)
    assert collection.documents()["leaflet"]["audience"] == "patient"
    found = collection.search_engine().search("ablation audience:patient", limit=50).hits
    assert "leaflet" in {h.document_id for h in found}
    assert lib.relabel(["leaflet"], kind="qa_page") == 1
    assert Collection(lib.directory).documents()["leaflet"]["kind"] == "qa_page"
    agree(lib.directory)


def test_a_plain_text_question_list_reaches_the_question_bank(opened, tmp_path):
    opened.library.import_paths([write(tmp_path, "leaflet.txt", PLAIN_LEAFLET)])
    collection = Collection(opened.library.directory)
    asked = {q.text for q in build_bank(collection.db) for s in q.sources if s.document_id == "leaflet"}
    assert {"How many treatments will I need?", "When will I have my first scan?"} <= asked
    assert "Liver team, City Hospital" not in asked
    collection.close()


def test_one_writer_per_profile(opened):
    second = open_collection()
    assert second.library is None and "Another Clinic Reference" in second.notices[0]
    assert second.collection.documents().keys() == opened.collection.documents().keys()
    with pytest.raises(LibraryBusy):
        Library(opened.library.directory, opened.collection)
    opened.library.close()
    third = open_collection()  # the lock goes with the writer
    assert third.library is not None
    third.library.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_profile_still_opens(user_home: Path):
    first = open_collection()
    directory = first.library.directory
    first.library.close()
    (directory / LOCK_FILE).unlink()
    directory.chmod(0o555)
    try:
        o = open_collection()
        assert o.library is None and "cannot be written" in o.notices[0]
        assert o.collection.documents()
    finally:
        directory.chmod(0o755)


def test_a_store_that_cannot_be_written_fails_each_file_and_keeps_agreement(opened, tmp_path):
    lib = opened.library
    lib.db.execute("PRAGMA query_only = ON")  # as a full or read-only disk answers writes
    report = lib.import_paths(
        [write(tmp_path, "a.md", ABLATION_PAGE), write(tmp_path, "b.nbib", SYNTHETIC_MEDLINE)]
    )
    assert not report.added and {n for n, _ in report.failed} == {"a.md", "b.nbib"}
    lib.db.execute("PRAGMA query_only = OFF")
    agree(lib.directory)


def test_a_profile_that_cannot_be_written_opens_read_only(user_home, monkeypatch):
    """As a read-only or full data folder answers the writer lock (works as root too)."""

    def refuse(self, blocking=False):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("search_index.library.writer.FileLock.acquire", refuse)
    o = open_collection()
    assert o.library is None and "cannot be written" in o.notices[0]
    assert o.collection.documents()
    o.collection.close()


def test_the_bundled_collection_opens_when_the_library_cannot(user_home, collection, monkeypatch):
    from search_index.library import repair

    def full(library, bundled, progress):  # as a full disk answers the first copy of the store
        raise OSError(28, "No space left on device")

    prepare = repair.prepare
    monkeypatch.setattr(repair, "prepare", full)
    o = open_collection()
    assert o.library is None and "disk holding the library is full" in o.notices[0]
    assert o.collection.documents().keys() == collection.documents().keys()
    o.collection.close()
    monkeypatch.setattr(repair, "prepare", prepare)  # not undo(): the profile stays
    again = open_collection()  # and the lock was let go
    assert again.library is not None
    again.library.close()


def test_words_of_an_import_killed_before_counting_them_are_counted_on_opening(opened, tmp_path):
    lib = opened.library
    lib.import_paths([write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    directory = lib.directory
    from search_index.store import set_meta
    from search_index.suggest import VOCABULARY_FILE, Vocabulary

    (directory / INDEX_DIR / VOCABULARY_FILE).unlink()  # as a kill after the index's commit
    set_meta(lib.db, {"vocabulary_stale": "1"})
    lib.close()
    again = open_collection()
    assert Vocabulary(directory / INDEX_DIR).count("microwave") > 0
    again.library.close()


def test_rebuild_reads_everything_again_and_keeps_what_it_cannot(opened, tmp_path: Path):
    lib = opened.library
    page, export = (
        write(tmp_path, "ablation.md", ABLATION_PAGE),
        write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE),
    )
    lib.import_paths([page, export])
    page.write_text(ABLATION_PAGE + "\nCryoablation freezes the tumour instead.\n")
    export.unlink()
    problems = lib.rebuild()
    assert len(problems) == 2 and all("no longer there" in p for p in problems)
    stored = agree(lib.directory)
    assert {"ablation", "pmid-90000101", "pmid-90000102"} <= set(stored)
    assert len(stored) == len(opened.collection.documents()) + 3
    collection = Collection(lib.directory)
    engine = collection.search_engine()
    assert engine.search("cryoablation").hits[0].document_id == "ablation"
    engine.close()
    collection.close()


def test_a_broken_record_fails_alone_and_the_others_of_its_file_are_added(opened):
    export = Path(__file__).parent / "data" / "import" / "broken_record.nbib"
    report = opened.library.import_paths([export])
    assert report.failed and all(name == "broken_record.nbib" for name, _ in report.failed)
    assert any(reason.startswith("record 2 ") for _, reason in report.failed)
    assert report.added
    agree(opened.library.directory)


def test_a_reader_that_crashes_fails_its_file_alone(opened, tmp_path, monkeypatch):
    from search_index.library import imports as library

    read = library.read_any

    def crashing(path, *args):
        if path.name == "bad.md":
            raise IndexError("list index out of range")
        return read(path, *args)

    monkeypatch.setattr(library, "read_any", crashing)
    report = opened.library.import_paths(
        [write(tmp_path, "bad.md", ABLATION_PAGE), write(tmp_path, "good.nbib", SYNTHETIC_MEDLINE)]
    )
    assert report.failed == [("bad.md", "it could not be read (list index out of range)")]
    assert len(report.added) == 2
    agree(opened.library.directory)
