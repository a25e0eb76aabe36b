"""Re-read and Rebuild all in the documents dialog show how far they are, with Cancel, and then
say what they did in a message over the dialog (not only for ten seconds in the status bar)."""

from __future__ import annotations

import threading
from pathlib import Path

from helpers import document_ids, search, select_documents, told
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QPushButton


def notes(tmp_path: Path, count: int) -> Path:
    """Notes with a made-up word each, found in no lexicon: note n is found by its word."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(count):
        (folder / f"note{n}.md").write_text(
            f"Clinic note {n}\n\nAblation of liver metastases, case word vexqor{n}a.\n"
        )
    return folder


def imported(qtbot, window, tmp_path: Path, count: int):
    window.library_control.import_paths([notes(tmp_path, count)])
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    window.library_control.import_report.close()
    return window.library_control.show_documents()


def test_reread_and_rebuild_show_progress_then_say_what_they_did(qtbot, window, tmp_path):
    dialog = imported(qtbot, window, tmp_path, 3)
    select_documents(dialog, "note0", "note1")
    qtbot.mouseClick(dialog.reread_button, Qt.MouseButton.LeftButton)
    progress = window.library_control.import_progress
    assert progress.objectName() == "changeProgress" and progress.isVisible()
    assert told(qtbot, window, dialog) == "2 of 2 document(s) read again"
    assert not progress.isVisible()

    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    progress = window.library_control.import_progress
    assert progress.isVisible() and progress.windowTitle() == "Rebuilding the library"
    shown: list[tuple[int, int, str]] = []
    progress.findChild(QProgressBar).valueChanged.connect(
        lambda value: shown.append((value, progress.maximum(), progress.labelText()))
    )
    assert told(qtbot, window, dialog) == "Every document read again and the index rebuilt."
    labels = [label for _, _, label in shown]
    assert {"Reading the documents again", "Building the search index"} <= set(labels)
    assert shown[-1][0] == shown[-1][1] > 0  # the bar went to its end
    assert "index rebuilt" in window.statusBar().currentMessage()
    for n in range(3):
        assert {h.document_id for h in search(qtbot, window, f"vexqor{n}a").hits} == {f"note{n}"}
        window.search_pane.box.clear()


def test_cancel_stops_a_rebuild_between_documents_and_loses_nothing(
    qtbot, window, tmp_path, monkeypatch
):
    dialog = imported(qtbot, window, tmp_path, 6)
    before = set(document_ids(dialog))
    from search_index.library import upkeep

    pressed, read_again = threading.Event(), upkeep._read_again
    seen: list[str] = []

    def gated(library, doc_id, files):  # the third document waits until Cancel is pressed
        seen.append(doc_id)
        if len(seen) == 3:
            pressed.wait(10)
        return read_again(library, doc_id, files)

    monkeypatch.setattr(upkeep, "_read_again", gated)
    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    progress = window.library_control.import_progress
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=20000)
    cancel = progress.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    pressed.set()
    text = told(qtbot, window, dialog)
    assert text.startswith("Stopped: the documents read again so far are in the index")
    assert len(seen) == 3  # no document after the one being read when Cancel was pressed
    assert set(document_ids(dialog)) == before
    for n in range(6):
        assert {h.document_id for h in search(qtbot, window, f"vexqor{n}a").hits} == {f"note{n}"}
        window.search_pane.box.clear()
