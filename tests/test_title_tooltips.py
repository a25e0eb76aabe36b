"""A title of any length, or one long word, shows in a tooltip that fits on the screen: its start,
wrapped, then "…" (in the results, the reader's header and the documents dialog)."""

from __future__ import annotations

import pytest
from helpers import document_row, imported, search, tooltip_at
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

WORDS = "Quorvextitle " + " ".join(f"word{i}" for i in range(20_000))[:99_987]
ONE_WORD = "Quorvexword" + "x" * 5_000


def shown_tooltip(qtbot, widget, at) -> str:
    """The tooltip Qt shows on resting the mouse at `at`, as it reads, once it is checked to
    fit on the screen (and to show more than a line's start)."""
    text = tooltip_at(qtbot, widget, at)
    label = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label")
    screen = widget.screen().geometry()
    assert label.width() <= screen.width() and label.height() <= screen.height() / 2, label.size()
    assert label.height() > 2 * label.fontMetrics().lineSpacing()  # wrapped, not one line
    return text.replace("\u200b", "")  # where a long word may break


def starts(text: str, title: str) -> bool:
    first = text.split("\n")[0]
    return len(first) > 300 and first.endswith("…") and title.startswith(first[:-1])


@pytest.mark.parametrize("title", [WORDS, ONE_WORD], ids=["words", "one word"])
def test_a_long_title_s_tooltip_fits_on_the_screen(qtbot, window, tmp_path, title):
    (tmp_path / "long.md").write_text(f"# {title}\n\nMicrowave ablation, quorvexbody.\n")
    imported(qtbot, window, tmp_path / "long.md")
    search(qtbot, window, "quorvexbody")
    results = window.search_pane.list
    row = results.visualRect(results.model().index(0, 0))
    text = shown_tooltip(qtbot, results.viewport(), row.center())
    assert starts(text, title) and text.endswith("\nlong.md · Text document")

    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)  # opened in the reader
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.document().firstBlock().position() + 5)
    at = window.reader.cursorRect(cursor).center()
    assert starts(shown_tooltip(qtbot, window.reader.viewport(), at), title)

    dialog = window.library_control.show_documents()
    doc_id = window.reader.document_id
    rect = dialog.tree.visualRect(dialog.tree.model().index(document_row(dialog, doc_id), 0))
    assert starts(shown_tooltip(qtbot, dialog.tree.viewport(), rect.center()), title)
