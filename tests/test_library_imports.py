"""The user's library, importing: added documents searchable, compared and in the question bank
without a rebuild; duplicates skipped; each bad file, input or record failing alone; a cancel
leaving nothing of a document half-added; the store and the index always in agreement."""

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
    passages_by_document,
    write,
)

from search_index.collection import Collection
from search_index.questions.bank import build_bank
from search_index.treatments.comparison import build_grid


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


def test_a_file_in_a_subfolder_is_named_by_its_path_in_the_folder_imported(opened, tmp_path):
    # Two files called notes.txt in two subfolders: the report must say which is which.
    folder = tmp_path / "clinic"
    for year in ("2025", "2026"):
        (folder / year).mkdir(parents=True)
    write(folder / "2025", "notes.txt", "")
    write(folder / "2026", "notes.txt", ABLATION_PAGE)
    report = opened.library.import_paths([folder])
    assert [name for name, _ in report.added] == [str(Path("2026", "notes.txt"))]
    assert [name for name, _ in report.failed] == [str(Path("2025", "notes.txt"))]


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
    folders = dict(report.folders)  # not looked into: counted apart from the files found
    assert "permission" in folders["locked_folder/"] and "permission" in folders["locked/"]
    assert "not followed" in folders["back_up/"]
    assert "too long" in failed["long.txt"] and "500,000 at most" in failed["long.txt"]
    added = {t for _, t in report.added}
    assert {
        "Utf16 ablation for liver metastases: what to expect",
        "Bom ablation for liver metastases: what to expect",
    } <= added
    assert len(added) == 4  # and the two records of the export after all of them
    # found: pipe.txt, zero, loop_a, missing.txt, good.nbib and the folder's another_pipe,
    # utf16.txt, bom.md, long.txt; the three that read added, the six others failed
    assert report.summary().startswith(
        "9 files found: 3 added, 0 skipped as duplicates, 6 failed; of the documents in them, "
        "4 added, 0 skipped as duplicates, 6 failed. 3 folders not looked into"  # those three
    )
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


def test_a_plain_text_question_list_reaches_the_question_bank(opened, tmp_path):
    opened.library.import_paths([write(tmp_path, "leaflet.txt", PLAIN_LEAFLET)])
    collection = Collection(opened.library.directory)
    asked = {q.text for q in build_bank(collection.db) for s in q.sources if s.document_id == "leaflet"}
    assert {"How many treatments will I need?", "When will I have my first scan?"} <= asked
    assert "Liver team, City Hospital" not in asked
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


def test_a_path_given_and_met_in_a_folder_given_too_is_reported_once(opened, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "loop_a").symlink_to(folder / "loop_b")
    (folder / "loop_b").symlink_to(folder / "loop_a")
    note = write(folder, "note.md", ABLATION_PAGE)
    for inputs in ([folder / "loop_a", folder, note], [folder, folder / "loop_a", note]):
        report = opened.library.import_paths(inputs)
        named = [name for name, *_ in report.failed + report.added + report.duplicates]
        assert sorted(named) == ["loop_a", "loop_b", "note.md"], inputs
