"""Bookmarks: made with Ctrl+D, opened from Go → Bookmarks (Ctrl+B), anchored to the text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import answer_modal, open_window, seed_of_kind, select_documents, write
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.views.bookmarks_dialog import BookmarksDialog
from search_index import bookmarks
from search_index.collection import Collection, build_collection, seed_files
from search_index.reading.model import GUIDELINE, JOURNAL
from search_index.user_store import USER_SCHEMA, open_user_store


def bookmark_with_ctrl_d(qtbot, window, doc_id: str, passage: int, note: str) -> None:
    """Open the document, put the cursor in the passage, press Ctrl+D and write the note."""
    window.activateWindow()  # focus back from any dialog, as with a real window manager
    qtbot.waitUntil(window.isActiveWindow)
    window.reading_control.open_document(doc_id)
    start, _ = window.reader.passage_ranges[passage]
    cursor = window.reader.textCursor()
    cursor.setPosition(start + 1)
    window.reader.setTextCursor(cursor)
    window.reader.setFocus()

    def write_note(dialog: QInputDialog) -> None:
        dialog.setTextValue(note)
        dialog.accept()

    answer_modal(QInputDialog, write_note)
    qtbot.keyClick(window.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(bookmarks.all_bookmarks(window.user_db)))


def open_bookmark(qtbot, window, row: int = 0) -> str:
    """Go → Bookmarks, the one on `row` opened: the text of the passage the reader is at."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    answer_modal(
        BookmarksDialog, lambda d: (d.list.setCurrentIndex(d.model.index(row, 0)), d.open_button.click())
    )
    qtbot.keyClick(window.reader, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    db = window.reading_control.shown.collection.db
    (text,) = db.execute("SELECT text FROM passages WHERE id = ?", [window.reader.current_passage])
    return text[0]


def test_a_bookmark_made_with_ctrl_d_opens_its_passage_from_the_dialog(qtbot, window):
    doc_id = seed_of_kind(JOURNAL).doc_id
    window.reading_control.open_document(doc_id)
    passage = list(window.reader.passage_ranges)[2]
    bookmark_with_ctrl_d(qtbot, window, doc_id, passage, "Check with the surgeon")
    (saved,) = bookmarks.all_bookmarks(window.user_db)
    assert saved["note"] == "Check with the surgeon" and saved["document_id"] == doc_id

    window.reading_control.open_document(seed_of_kind(GUIDELINE).doc_id)  # elsewhere, then back
    open_bookmark(qtbot, window)
    assert window.reader.document_id == doc_id
    assert window.reader.current_passage == passage


def test_a_bookmark_finds_its_passage_after_the_ids_change(tmp_path: Path):
    # Two builds of the same documents in different orders: the same passages, other row ids.
    first, second = tmp_path / "first", tmp_path / "second"
    build_collection(seed_files(), first)
    build_collection(list(reversed(seed_files())), second)
    a, b = Collection(first), Collection(second)
    user = open_user_store(tmp_path / "user.sqlite")
    rows = list(a.db.query("SELECT id, text FROM passages ORDER BY id"))
    moved = 0
    for row in rows[::7]:
        bookmarks.add(user, a.db, row["id"], "")
    for saved in bookmarks.all_bookmarks(user):
        found, by_its_words = bookmarks.locate(b.db, saved)
        assert by_its_words
        (text,) = b.db.execute("SELECT text FROM passages WHERE id = ?", [found]).fetchone()
        before = next(r for r in rows if r["id"] == saved["passage_id"])
        assert text == before["text"]
        moved += found != saved["passage_id"]
    assert moved  # the ids did change: the anchor, not the id, found them
    a.close(), b.close()


def test_a_bookmark_of_a_removed_document_says_so(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    window.reading_control.open_bookmark(
        {"document_id": "gone", "start": 0, "excerpt": "x", "passage_id": 1}
    )
    assert shown and "no longer in the library" in shown[0]


# The user store as the release before offsets left it (schema version 2).
V2_STORE = (
    "CREATE TABLE lists (id INTEGER PRIMARY KEY, name TEXT, is_template INTEGER, updated TEXT);"
    "CREATE TABLE list_items (list_id INTEGER, position INTEGER, question_id TEXT, text TEXT,"
    " top INTEGER, PRIMARY KEY (list_id, position));"
    "CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, document_id TEXT, passage_id INTEGER,"
    " note TEXT, excerpt TEXT, created TEXT); PRAGMA user_version = 2;"
)


def test_the_user_store_is_backed_up_before_it_migrates(tmp_path: Path):
    path = tmp_path / "user.sqlite"
    old = sqlite3.connect(path)  # a version-2 store, as the previous release left it
    old.executescript(
        V2_STORE + "INSERT INTO bookmarks VALUES (1, 'd', 5, 'kept', 'Some words', '2026-01-01');"
    )
    old.close()
    db = open_user_store(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == USER_SCHEMA
    assert [b["note"] for b in bookmarks.all_bookmarks(db)] == ["kept"]
    backup = sqlite3.connect(path.with_name("user.sqlite.v2.bak"))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
    assert backup.execute("SELECT note FROM bookmarks").fetchall() == [("kept",)]


def test_a_damaged_user_store_is_moved_aside_with_a_message(tmp_path: Path):
    path = tmp_path / "user.sqlite"
    path.write_bytes(b"this is not a database, it is garbage" * 100)
    heard: list[str] = []
    db = open_user_store(path, heard)
    assert db["lists"].count == 0
    (aside,) = tmp_path.glob("damaged-*-user.sqlite")
    assert aside.read_bytes().startswith(b"this is not a database")
    assert heard and str(aside) in heard[0]


def test_the_window_says_when_the_users_store_was_damaged(qtbot, user_home: Path, monkeypatch):
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    user_home.mkdir(parents=True, exist_ok=True)
    (user_home / "user.sqlite").write_bytes(b"garbage, not SQLite" * 50)
    runner = TaskRunner()
    w = MainWindow(Settings(), runner)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    runner.wait()
    (notice,) = w.findChildren(QMessageBox, "userStoreNotice")
    assert notice.isVisible() and "could not be read" in notice.text()
    assert list(user_home.glob("damaged-*-user.sqlite"))


# A clinic note in Markdown; the bookmarked passage is the procedure's second paragraph.
NOTE = """Clinic note on ablation

## Before

Ablation is offered to people with up to three small liver tumours.

## The procedure

The team meets first to plan which tumours to treat.

A thin needle is placed through the skin into the tumour and heated for ten minutes.

Most people go home the next day; pain and fever for a few days are common.
"""
MARKED = "A thin needle is placed through the skin into the tumour and heated for ten minutes."
EDITED = MARKED.replace("A thin", "A fine").replace("ten minutes", "about twelve minutes")
EARLIER = "Ablation is offered to people with up to three small liver tumours."
INSERTED = (EARLIER, f"{EARLIER}\n\nA nurse calls the week before to explain the day.")
# The changes made to the note before it is read again, and the passage its bookmark opens at.
CHANGES = {
    "text inserted before it": ([INSERTED], MARKED),
    "its own words edited": ([(MARKED, EDITED)], EDITED),
    "text inserted before it and its words edited": ([INSERTED, (MARKED, EDITED)], EDITED),
}


def reread_in_dialog(qtbot, window, doc_id: str) -> None:
    """Select the document in File → Documents and press Re-read; close the message it ends with."""
    dialog = window.library_control.show_documents()
    select_documents(dialog, doc_id)
    qtbot.mouseClick(dialog.reread_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library_control.task is None, timeout=30000)
    done = dialog.findChild(QMessageBox, "libraryDone")
    assert done is not None and "1 of 1" in done.text()
    done.button(QMessageBox.StandardButton.Ok).click()
    dialog.close()


def import_and_bookmark(qtbot, window, path: Path, text: str) -> str:
    """Import the file, open it and bookmark the passage whose text is `text`; its document id."""
    window.library_control.import_paths([path])
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    window.library_control.import_report.close()
    db = window.reading_control.shown.collection.db
    ((doc_id, passage_id),) = db.execute(
        "SELECT document_id, id FROM passages WHERE text = ?", [text]
    ).fetchall()
    bookmark_with_ctrl_d(qtbot, window, doc_id, passage_id, "Ask about the needle")
    return doc_id


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_bookmark_opens_its_passage_after_its_file_changed_and_was_read_again(
    qtbot, window, tmp_path, change
):
    path = write(tmp_path, "ablation-note.md", NOTE)
    doc_id = import_and_bookmark(qtbot, window, path, MARKED)
    changes, expected = CHANGES[change]
    for old, new in changes:
        path.write_text(path.read_text().replace(old, new))
    reread_in_dialog(qtbot, window, doc_id)
    assert open_bookmark(qtbot, window) == expected
    assert window.reader.document_id == doc_id
    assert "no longer" not in window.statusBar().currentMessage()


def test_a_bookmark_of_a_passage_no_longer_there_opens_where_it_stood(qtbot, window, tmp_path):
    path = write(tmp_path, "ablation-note.md", NOTE)
    doc_id = import_and_bookmark(qtbot, window, path, MARKED)
    path.write_text(NOTE.replace(f"{MARKED}\n\n", ""))
    reread_in_dialog(qtbot, window, doc_id)
    assert open_bookmark(qtbot, window).startswith("Most people go home")  # the one after it
    assert "no longer in this document" in window.statusBar().currentMessage()


def test_a_bookmark_kept_before_offsets_were_saved_opens_at_its_words(qtbot, user_home):
    doc = seed_of_kind(JOURNAL)
    texts = [p.text for _, p in doc.passages()]
    marked, other = texts[len(texts) // 2], texts[-1]
    edited = other[:200].replace(" the ", " a ", 1)
    assert marked != other and not marked.startswith(texts[0][:20]) and edited != other[:200]
    user_home.mkdir(parents=True)
    old = sqlite3.connect(user_home / "user.sqlite")  # a version-2 store: no offsets
    old.executescript(V2_STORE)
    old.executemany(  # the passage ids of an older build; an excerpt saved before an edit
        "INSERT INTO bookmarks VALUES (?, ?, 99999, '', ?, ?)",
        [
            (1, doc.doc_id, marked[:200], "2026-01-02"),
            (2, doc.doc_id, edited, "2026-01-01"),
        ],
    )
    old.commit()
    old.close()
    w = open_window(qtbot)
    assert [b["start"] for b in bookmarks.all_bookmarks(w.user_db)] == [None, None]
    assert open_bookmark(qtbot, w, 0) == marked
    assert open_bookmark(qtbot, w, 1) == other


def test_of_two_passages_saying_the_same_a_bookmark_opens_its_own(opened, tmp_path: Path):
    lib = opened.library
    visits = "Visits\n\n## First visit\n\nBring your scans.\n\n## Second visit\n\nBring your scans.\n"
    lib.import_paths([write(tmp_path, "visits.md", visits)])
    query = "SELECT id, document_id, start FROM passages WHERE text = ? ORDER BY position"
    first, second = lib.db.query(query, ["Bring your scans."])
    user = open_user_store(tmp_path / "user.sqlite")
    bookmarks.add(user, lib.db, second["id"], "")
    lib.reread(second["document_id"])
    (saved,) = bookmarks.all_bookmarks(user)
    found = bookmarks.locate(lib.db, saved)
    assert first["start"] < second["start"] and found and found.by_its_words
    assert lib.db.execute("SELECT start FROM passages WHERE id = ?", [found[0]]).fetchone() == (
        second["start"],
    )
