"""Every collection and search engine the window opens is closed and let go when a newer one
replaces it: the open files of the process stay flat however often the library changes."""

from __future__ import annotations

import gc
import os

from helpers import document_ids, select_documents
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_open_files_stay_flat_over_twenty_library_changes(qtbot, window):
    dialog = window.library_control.show_documents()
    doc_id = document_ids(dialog)[0]

    def segments(pattern: str):  # Whoosh keeps one file open per segment (of the current index)
        return window.library.index_dir.glob(pattern)

    def hide_and_show(changes: int) -> tuple[int, int]:
        for n in range(changes):
            hide = n % 2 == 0
            select_documents(dialog, doc_id)
            qtbot.mouseClick(
                dialog.hide_button if hide else dialog.show_button, Qt.MouseButton.LeftButton
            )
            qtbot.waitUntil(
                lambda hide=hide: (
                    window.library_control.task is None
                    and (doc_id in window.collection.documents()) != hide
                ),
                timeout=20000,
            )
        window.runner.wait()  # the last warm-up too
        QApplication.processEvents()
        gc.collect()
        return open_files(), len(list(segments("*.seg")))

    (after_two, segments_two) = hide_and_show(2)
    (after_twenty, segments_twenty) = hide_and_show(18)
    print(
        f"open files after 2 changes: {after_two} ({segments_two} index segments), "
        f"after 20: {after_twenty} ({segments_twenty} index segments)"
    )
    # What the index holds now may take a file more a segment; nothing else may grow.
    assert after_twenty - segments_twenty <= after_two - segments_two
