"""The window's modal flows driven through their own widgets: bookmarking a passage, the
bookmarks dialog, Help → Keyboard shortcuts; and the window's title."""

from __future__ import annotations

from collections.abc import Callable

from helpers import menu_action, search
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QListView,
    QPushButton,
    QTableWidget,
)

from desktop.app import create_application


def when_modal(handle: Callable[[QDialog], None]) -> list[QDialog]:
    """Call `handle` with the next modal dialog once it is up (exec() blocks the test)."""
    seen: list[QDialog] = []
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible() and dialog not in seen:
            timer.stop()
            seen.append(dialog)
            try:
                handle(dialog)
            except BaseException:
                dialog.reject()  # a failing check must not leave exec() waiting until the timeout
                raise

    timer.timeout.connect(poll)
    timer.start()
    seen.append(timer)  # kept alive by the caller's list
    return seen


def open_a_passage(qtbot, window) -> None:
    search(qtbot, window, "portal vein embolization")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reader.document_id is not None)


def bookmark_with_note(qtbot, window, note: str) -> None:
    def type_note(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        field = dialog.findChild(QLineEdit)
        qtbot.keyClicks(field, note)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    keep = when_modal(type_note)
    menu_action(window, "Go/Bookmark the passage…").trigger()
    assert len(keep) == 2  # the note was asked for


def test_a_bookmark_is_made_listed_opened_and_removed_through_the_dialogs(qtbot, window):
    open_a_passage(qtbot, window)
    doc, passage = window.reader.document_id, window.reader.current_passage
    bookmark_with_note(qtbot, window, "ask about PVE")
    window.reading_control.open_document(next(d for d in window.collection.documents() if d != doc))
    seen: dict = {}

    def open_it(dialog: QDialog) -> None:
        rows = dialog.findChild(QListView)
        model = rows.model()
        seen["rows"] = [model.index(i, 0).data() for i in range(model.rowCount())]
        rows.setCurrentIndex(model.index(0, 0))
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Open").click()

    keep = when_modal(open_it)
    menu_action(window, "Go/Bookmarks…").trigger()
    assert len(keep) == 2
    assert len(seen["rows"]) == 1 and seen["rows"][0].startswith("ask about PVE\n")
    assert window.reader.document_id == doc and window.reader.current_passage == passage

    def remove_it(dialog: QDialog) -> None:
        rows = dialog.findChild(QListView)
        rows.setCurrentIndex(rows.model().index(0, 0))
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Remove").click()
        seen["left"] = rows.model().rowCount()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()

    keep = when_modal(remove_it)
    menu_action(window, "Go/Bookmarks…").trigger()
    assert seen["left"] == 0

    def count_again(dialog: QDialog) -> None:
        seen["after"] = dialog.findChild(QListView).model().rowCount()
        dialog.reject()

    keep = when_modal(count_again)  # noqa: F841 (the poller lives as long as the list)
    menu_action(window, "Go/Bookmarks…").trigger()
    assert seen["after"] == 0  # removed from the store, not just from the list


def test_cancelling_the_note_makes_no_bookmark(qtbot, window):
    open_a_passage(qtbot, window)
    keep = when_modal(
        lambda d: d.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    )
    menu_action(window, "Go/Bookmark the passage…").trigger()
    assert len(keep) == 2
    seen = {}

    def count(dialog: QDialog) -> None:
        seen["rows"] = dialog.findChild(QListView).model().rowCount()
        dialog.reject()

    keep = when_modal(count)
    menu_action(window, "Go/Bookmarks…").trigger()
    assert seen["rows"] == 0


def test_keyboard_shortcuts_lists_the_window_keys_and_closes(qtbot, window):
    seen = {}

    def read_and_close(dialog: QDialog) -> None:
        table = dialog.findChild(QTableWidget)
        seen["rows"] = {
            (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())
        }
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
        seen["closed"] = not dialog.isVisible()

    keep = when_modal(read_and_close)
    menu_action(window, "Help/Keyboard shortcuts").trigger()
    assert len(keep) == 2 and seen["closed"]
    keys = {k for k, _ in seen["rows"]}
    for expected in ("Ctrl+K, Ctrl+L", "Alt+Left", "Alt+Right", "F1", "Ctrl+B"):
        assert any(expected in k for k in keys), expected
    assert ("Alt+Left", "Back") in seen["rows"]  # once: twice would be "ambiguous"


def test_the_title_names_the_app_once(window):
    """The system appends the application's display name to a window's title (Qt does so
    unless the title already ends with it)."""
    app = create_application([])
    name, title = app.applicationDisplayName(), window.windowTitle()
    shown = title if title.endswith(name) else f"{title} — {name}"
    assert shown.count("Clinic Reference") == 1
    assert "liver metastases" in shown.lower()
