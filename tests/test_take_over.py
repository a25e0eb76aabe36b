"""A window that only reads the library (another one writes it) takes it over when asked to
change it, from the documents dialog as from the File menu; the dialog then shows it writes."""

from __future__ import annotations

from helpers import document_ids, open_window, select_documents, tooltip_at
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog


def press_menu(window, text: str) -> None:
    """Choose the File menu's command named `text` (its & left out)."""
    (action,) = [a for a in window.findChildren(QAction) if a.text().replace("&", "") == text]
    action.trigger()


def documents_dialog(window):
    press_menu(window, "Documents in the library…")
    dialog = window.library_control.documents_dialog
    assert dialog.isVisible()
    return dialog


def changes(dialog) -> dict[str, bool]:
    """Which of the dialog's buttons that change the library can be pressed."""
    buttons = ("import", "remove", "hide", "show", "reread", "rebuild", "relabel")
    return {b: getattr(dialog, f"{b}_button").isEnabled() for b in buttons}


def test_the_documents_dialog_offers_the_take_over_and_then_writes(qtbot, window, monkeypatch):
    second = open_window(qtbot)
    assert second.library is None
    chosen: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: chosen.append("asked") or ([], "")
    )
    dialog = documents_dialog(second)
    bundled = document_ids(dialog)[0]
    select_documents(dialog, bundled)
    assert "a change asked for here takes it over" in dialog.note.text()
    assert changes(dialog) == dict.fromkeys(changes(dialog), True) | {"remove": False, "show": False}
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # the first still writes
    bar = second.statusBar()
    qtbot.waitUntil(lambda: "Another Clinic Reference window is changing" in bar.currentMessage())
    assert chosen == [] and second.library is None
    # said in the dialog too: the status bar is behind it
    assert dialog.refusal.isVisible() and "change it there" in dialog.refusal.text()
    dialog.close()

    # The first window quits; Ctrl+I, its file dialog cancelled, takes the library over.
    window.close()
    window.runner.wait()
    press_menu(second, "Import files…")
    qtbot.waitUntil(lambda: chosen == ["asked"], timeout=20000)
    assert bar.currentMessage() == "This window now adds and removes documents."
    dialog = documents_dialog(second)
    assert "change" not in dialog.note.text()  # neither "cannot change" nor "takes it over"
    select_documents(dialog, bundled)
    qtbot.mouseClick(dialog.hide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bundled not in second.collection.documents(), timeout=20000)
    second.close()
    second.runner.wait()


def test_a_change_pressed_in_the_dialog_of_a_reading_window_takes_the_library_over(qtbot, window):
    second = open_window(qtbot)
    dialog = documents_dialog(second)
    window.close()  # the writing window quits while the dialog stays open in the other
    window.runner.wait()
    bundled = document_ids(dialog)[0]
    select_documents(dialog, bundled)
    qtbot.mouseClick(dialog.hide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bundled not in second.collection.documents(), timeout=20000)
    assert second.library is not None and "takes it over" not in dialog.note.text()
    assert changes(dialog)["show"]  # the hidden one, still selected, can be shown again
    second.close()
    second.runner.wait()


def test_a_narrow_window_shows_the_whole_refusal_on_hovering_the_status_bar(qtbot, window):
    second = open_window(qtbot)
    second.resize(480, 600)
    qtbot.waitUntil(lambda: second.width() < 800)  # as narrow as it goes
    press_menu(second, "Import files…")
    bar = second.statusBar()
    qtbot.waitUntil(lambda: "Another Clinic Reference window" in bar.currentMessage())
    said = bar.currentMessage()
    assert bar.fontMetrics().horizontalAdvance(said) > bar.width() - second.status_label.width()
    assert tooltip_at(qtbot, bar, QPoint(10, bar.height() // 2)) == said  # cut short: whole here
    second.close()
    second.runner.wait()
