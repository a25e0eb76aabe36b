"""Importing in the window: drop a folder of mixed files, watch the progress, read the summary;
the new documents are searchable, in the grid and in the question bank at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from helpers import (
    ABLATION_PAGE,
    SYNTHETIC_MEDLINE,
    agree,
    document_ids,
    document_row,
    open_window,
    search,
    select_documents,
)
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QPushButton,
)

DATA = Path(__file__).parent / "data" / "import"


def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic files"
    folder.mkdir()
    (folder / "export.nbib").write_text(SYNTHETIC_MEDLINE)
    (folder / "ablation.md").write_text(ABLATION_PAGE)
    (folder / "empty.txt").write_text("")
    (folder / "scan.pdf").write_bytes((DATA / "scanned_letter.pdf").read_bytes())
    return folder


def drop(qtbot, window, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at = QPoint(window.width() // 2, window.height() // 2)
    enter = QDragEnterEvent(
        at, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        window,
        QDropEvent(
            at.toPointF(),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )


def test_dropping_a_folder_imports_it_with_a_summary(qtbot, window, tmp_path):
    before = window.engine.passage_count
    drop(qtbot, window, [mixed_folder(tmp_path)])
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    report = window.library_control.import_report
    assert report.isVisible()
    # ablation.md and export.nbib (its 2 records) added; empty.txt and scan.pdf failed
    assert report.summary.text().startswith(
        "4 files found: 2 added, 0 skipped as duplicates, 2 failed; of the documents in them, "
        "3 added, 0 skipped as duplicates, 2 failed"
    )
    model = report.tree.model()
    failed = model.index(0, 0)
    assert failed.data().startswith("Failed (2)") and report.tree.isExpanded(failed)
    reasons = {
        model.index(i, 0, failed).data(): model.index(i, 1, failed).data()
        for i in range(model.rowCount(failed))
    }
    assert set(reasons) == {"empty.txt", "scan.pdf"} and "empty" in reasons["empty.txt"]
    assert "no text layer" in reasons["scan.pdf"]
    assert not window.library_control.import_progress.isVisible()
    report.close()

    assert window.engine.passage_count > before
    results = search(qtbot, window, "microwave hepatectomy")
    assert results.hits[0].document_id == "pmid-90000101"
    window.compare(["ablation", "resection"])
    quoted = {
        st.document_id
        for col in window.compare_view.grid.columns
        for cell in col.cells.values()
        for st in cell.statements
    }
    assert "pmid-90000101" in quoted
    assert any(s.document_id == "ablation" for q in window.questions_view.bank for s in q.sources)
    agree(window.library.directory)


def test_cancel_stops_the_import_and_keeps_what_was_added(qtbot, window, held_at_the_third_file):
    third_file = held_at_the_third_file
    qtbot.waitUntil(lambda: window.library_control.import_progress.value() == 2, timeout=20000)
    assert "note02.md — so far 2 added" in window.library_control.import_progress.labelText()
    cancel = window.library_control.import_progress.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    third_file.set()
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    text = window.library_control.import_report.summary.text()
    assert text == (
        "40 files found: 3 added, 0 skipped as duplicates, 0 failed, 37 not imported (cancelled)."
    )
    assert len(window.collection.documents()) == 5 + 3
    agree(window.library.directory)


def test_an_exports_progress_says_how_many_of_its_records_are_in(
    qtbot, window, export_held_at_record_300
):
    """One file of 2,000 records: its progress counts them as they are indexed (it said "so far
    0 added, 0%" until the file's end)."""
    progress = window.library_control.import_progress
    assert "export.nbib — so far 200 added" in progress.labelText()  # the first 200 indexed
    assert progress.maximum() == 0  # one file: a busy bar, not "0%" beside a growing count
    export_held_at_record_300.set()
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=60000)
    assert "2000 added" in window.library_control.import_report.summary.text()
    window.library_control.import_report.close()


def test_the_documents_dialog_hides_removes_and_rebuilds(qtbot, window, tmp_path, monkeypatch):
    window.library_control.import_paths([mixed_folder(tmp_path)])
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    window.library_control.import_report.close()
    dialog = window.library_control.show_documents()
    titles = document_ids(dialog)
    assert {"pmid-90000101", "ablation"} <= set(titles)
    bundled = next(d for d in titles if not d.startswith(("pmid", "ablation")))
    select_documents(dialog, bundled)
    assert not dialog.remove_button.isEnabled() and dialog.hide_button.isEnabled()
    qtbot.mouseClick(dialog.hide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bundled not in window.collection.documents(), timeout=20000)
    assert all(h.document_id != bundled for h in window.engine.search("liver metastases", limit=50).hits)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    select_documents(dialog, "pmid-90000101")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "pmid-90000101" not in window.collection.documents(include_hidden=True), timeout=20000
    )
    assert len(document_ids(dialog)) == len(titles) - 1
    qtbot.waitUntil(lambda: window.library_control.task is None)
    added = {"ablation": "2026-01-05T09:00:00+00:00", "pmid-90000102": "2026-02-05T09:00:00+00:00"}
    with window.library.db.conn:  # imported a month apart
        window.library.db.conn.executemany(
            "UPDATE documents SET added_at = ? WHERE id = ?", [(a, d) for d, a in added.items()]
        )
    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "index rebuilt" in window.statusBar().currentMessage(), timeout=20000)
    docs = window.collection.documents(include_hidden=True)
    assert {d: docs[d]["added_at"] for d in added} == added and docs[bundled]["hidden"]
    window.reader.show_welcome(window.collection.documents())
    text = window.reader.toPlainText()  # the latest added first
    assert text.index(docs["pmid-90000102"]["title"]) < text.index(docs["ablation"]["title"])
    agree(window.library.directory)


def test_a_leaflet_read_as_for_clinicians_is_set_for_patients_in_the_dialog(qtbot, window, tmp_path):
    (tmp_path / "leaflet.md").write_text(ABLATION_PAGE)
    window.library_control.import_paths([tmp_path / "leaflet.md"])
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    window.library_control.import_report.close()
    assert window.collection.documents()["leaflet"]["audience"] == "clinician"
    dialog = window.library_control.show_documents()
    select_documents(dialog, "leaflet")
    assert dialog.audience.currentData() == "clinician"
    dialog.audience.setCurrentIndex(dialog.audience.findData("patient"))
    qtbot.mouseClick(dialog.relabel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.collection.documents()["leaflet"]["audience"] == "patient", timeout=20000
    )
    model = dialog.tree.model()
    assert model.index(document_row(dialog, "leaflet"), 2).data() == "patients"
    hits = window.engine.search("ablation", filters={"audience": {"patient"}}).hits
    assert "leaflet" in {h.document_id for h in hits}


def held(open_library, gate: threading.Event, threads: list[threading.Thread]):
    """`open_library` that notes the thread it runs on, then waits for `gate` (at most 10 s)."""

    def opened(*args, **kwargs):
        threads.append(threading.current_thread())
        gate.wait(10)
        return open_library(*args, **kwargs)

    return opened


def test_a_second_window_on_the_profile_is_read_only_and_follows_the_first(
    qtbot, window, tmp_path, monkeypatch
):
    import search_index.library.access as access
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    runner = TaskRunner()
    second = MainWindow(Settings(), runner)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.collectionReady, timeout=20000):
        second.load_collection()
    assert second.library is None
    notice = second.findChild(QMessageBox, "libraryNotice")
    assert notice is not None and "Another Clinic Reference" in notice.text()
    asked: list[str] = []  # File → Import files… answered with the note below, once shown
    later = tmp_path / "later.md"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: asked.append("shown") or ([str(later)], "")
    )
    second.library_control.import_files_action.trigger()
    bar = second.statusBar()
    qtbot.waitUntil(lambda: "Another Clinic Reference window is changing" in bar.currentMessage())
    assert asked == [] and second.library is None  # refused before any file is chosen

    # What the writing window adds, the reading one shows without being restarted.
    (tmp_path / "export.nbib").write_text(SYNTHETIC_MEDLINE)
    window.library_control.import_paths([tmp_path / "export.nbib"])
    qtbot.waitUntil(lambda: "pmid-90000101" in second.collection.documents(), timeout=20000)
    assert search(qtbot, second, "microwave hepatectomy").hits[0].document_id == "pmid-90000101"
    assert "another Clinic Reference window" in second.statusBar().currentMessage()

    # Once the first window has closed, the second takes the library over when asked to add:
    # in a worker (here held until the test has looked), the window saying so and searching on.
    window.close()
    window.runner.wait()
    later.write_text("# A later note\n\nCryoablation, with the word trelvanox.\n")
    gate, opened_on = threading.Event(), []
    monkeypatch.setattr(access, "Library", held(access.Library, gate, opened_on))
    second.library_control.import_files_action.trigger()
    qtbot.waitUntil(lambda: opened_on != [], timeout=20000)
    assert opened_on[0] is not threading.main_thread()
    assert bar.currentMessage().startswith("Taking the library over")
    assert search(qtbot, second, " cryoablation").total > 0 and asked == []
    gate.set()
    qtbot.waitUntil(lambda: asked == ["shown"], timeout=20000)
    assert second.library is not None
    qtbot.waitUntil(lambda: second.library_control.import_report is not None, timeout=20000)
    assert second.search_pane.engine is second.engine  # what the window searches
    assert second.engine.search("trelvanox").hits[0].title == "A later note"
    second.close()
    runner.wait()


def test_files_dropped_on_a_reading_window_are_refused_aloud_then_taken_over(qtbot, window, tmp_path):
    second = open_window(qtbot)
    note = tmp_path / "dropped.md"
    note.write_text("# Dropped note\n\nCryoablation, with the word zelbrivant.\n")
    drop(qtbot, second, [note])  # accepted, to say why it cannot be imported yet
    bar = second.statusBar()
    qtbot.waitUntil(lambda: "Another Clinic Reference window is changing" in bar.currentMessage())
    assert second.library is None and second.library_control.import_report is None
    window.close()
    window.runner.wait()
    drop(qtbot, second, [note])
    qtbot.waitUntil(lambda: second.library_control.import_report is not None, timeout=20000)
    assert second.library is not None
    assert second.engine.search("zelbrivant").hits[0].title == "Dropped note"
    second.close()
    second.runner.wait()


def test_the_empty_page_lists_the_bundled_and_the_latest_added(qtbot, window):
    docs = dict(window.collection.documents())
    for i in range(60):
        docs[f"added{i}"] = {
            "title": f"Added note {i:02}",
            "kind": "text",
            "journal": "",
            "year": None,
            "bundled": 0,
            "added_at": f"2026-11-24T10:{i:02}:00",
        }
    window.reader.show_welcome(docs)
    text = window.reader.toPlainText()
    assert all(m["title"] in text for m in window.collection.documents().values())
    assert "Added note 59" in text and "Added note 00" not in text
    assert "and 25 more" in text


def test_an_unexpected_failure_is_shown_and_the_next_import_can_start(
    qtbot, window, tmp_path, monkeypatch
):
    import search_index.library.handle as handle

    def broken(directory):
        raise RuntimeError("the collection fell over")

    collection = handle.Collection
    monkeypatch.setattr(handle, "Collection", broken)
    (tmp_path / "a.md").write_text("A\n\nText.\n")
    window.library_control.import_paths([tmp_path / "a.md"])
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "libraryError") is not None, timeout=20000)
    box = window.findChild(QMessageBox, "libraryError")
    assert (
        "the collection fell over" in box.text()
        and not window.library_control.import_progress.isVisible()
    )
    assert window.library_control.task is None
    monkeypatch.setattr(handle, "Collection", collection)  # the profile's env stays
    (tmp_path / "b.md").write_text("B\n\nOther text.\n")
    assert window.library_control.import_paths([tmp_path / "b.md"]) is not None
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    assert "1 added" in window.library_control.import_report.summary.text()


def test_a_damaged_user_store_is_moved_aside_with_a_message(qtbot, user_home):
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner
    from search_index.questions.lists import QuestionList, all_lists, save

    user_home.mkdir(parents=True, exist_ok=True)
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 16
    (user_home / "user.sqlite").write_bytes(garbage)
    runner = TaskRunner()
    w = MainWindow(Settings(), runner)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    box = w.findChild(QMessageBox, "userStoreNotice")
    (aside,) = user_home.glob("damaged-*-user.sqlite")
    assert box is not None and str(aside) in box.text() and "nothing was deleted" in box.text()
    assert aside.read_bytes() == garbage  # kept as it was, for whoever can recover it
    save(w.user_db, QuestionList(None, "New", []))  # and a working store in its place
    assert [row["name"] for row in all_lists(w.user_db)] == ["New"]
    runner.wait()


def test_a_user_store_that_cannot_be_written_is_kept_in_memory_with_a_message(qtbot, monkeypatch):
    # /proc takes no new file, even from root (who writes to read-only folders): the store
    # cannot be made there, as in a read-only profile.
    from search_index import user_store
    from search_index.questions.lists import QuestionList, all_lists, save

    monkeypatch.setattr(user_store, "USER_STORE", "/proc/clinic-reference-test/user.sqlite")
    w = open_window(qtbot)
    w.runner.wait()
    box = w.findChild(QMessageBox, "userStoreNotice")
    assert box is not None and "cannot be saved" in box.text() and "/proc" in box.text()
    assert w.questions_view.bank  # the questions to ask are offered all the same
    save(w.user_db, QuestionList(None, "For today", []))  # lists work, for this window's life
    assert [row["name"] for row in all_lists(w.user_db)] == ["For today"]


def test_a_full_disk_while_hiding_says_so_plainly_and_changes_nothing(qtbot, window, monkeypatch):
    from search_index.library import upkeep as library

    def full(db, ids):  # inside the transaction that hides: the disk has no room left
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(library, "queue_for_index", full)
    dialog = window.library_control.show_documents()
    doc_id = document_ids(dialog)[0]
    select_documents(dialog, doc_id)
    qtbot.mouseClick(dialog.hide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "libraryError") is not None, timeout=20000)
    text = window.findChild(QMessageBox, "libraryError").text()
    assert "disk holding the library is full" in text and "Error" not in text
    assert doc_id in window.collection.documents()  # rolled back: still shown
    assert window.library_control.task is None


def test_import_dialogs_start_in_documents_then_where_files_came_from(
    qtbot, window, person_home, tmp_path, monkeypatch
):
    asked: list[str] = []
    folder = tmp_path / "downloads"
    folder.mkdir()
    note = folder / "note.md"
    note.write_text(ABLATION_PAGE, encoding="utf-8")

    def choose(parent, caption="", directory="", *args, **kwargs):
        asked.append(directory)
        return [str(note)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    monkeypatch.setattr(
        QFileDialog,
        "getExistingDirectory",
        lambda parent, caption="", directory="", *a, **k: asked.append(directory),
    )
    window.library_control.import_files_action.trigger()
    qtbot.waitUntil(lambda: window.library_control.import_report is not None)
    window.library_control.import_report.close()
    window.library_control.import_folder_action.trigger()
    assert asked == [str(person_home / "Documents"), str(folder)]
