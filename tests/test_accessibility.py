"""Keyboard, screen reader names, type size, contrast, the audience switch, bookmarks."""

from __future__ import annotations

import pytest
from conftest import search
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextCursor
from PySide6.QtWidgets import QLabel, QWidget

from desktop import main_window as main_window_module
from desktop.shortcuts import ShortcutsDialog
from desktop.theme import THEMES, contrast_ratio, zoom_step


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        iface = QAccessible.queryAccessibleInterface(w)
        if iface is None or not iface.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(w).__name__} {w.objectName()!r}")
    return missing


def test_every_control_of_every_view_has_an_accessible_name(qtbot, window):
    search(qtbot, window, "ablation")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    window.document_pane.find_bar.open_bar()
    window.compare(["resection", "ablation"])
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        assert unnamed_controls(window) == [], window.tabs.tabText(tab)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == []


def test_result_counts_are_announced(qtbot, window):
    search(qtbot, window, "portal vein")
    name = window.search_pane.status.accessibleName()
    assert name.startswith("Search status:") and "match" in name


def test_every_flow_with_the_keyboard_alone(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    # search and read
    qtbot.keyClick(window.reader, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.search_pane.box
    search(qtbot, window, "repeat hepatectomy")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    assert window.reader.document_id == "004_8ff4a1b6eae72ebc"
    # compare: Ctrl+2, then arrows and Space in the option list
    qtbot.keyClick(window.reader, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    chooser = window.compare_view.chooser
    chooser.setFocus()
    ticked = 0
    for _ in range(chooser.count()):
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
        item = chooser.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) and ticked < 2:
            qtbot.keyClick(chooser, Qt.Key.Key_Space)
            ticked += item.checkState() == Qt.CheckState.Checked
    assert window.compare_view.grid is not None and len(window.compare_view.grid.columns) == 2
    # questions: Ctrl+3, tick in the bank with Space, move with Ctrl+Down
    qtbot.keyClick(chooser, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.questions_view
    tree = view.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert view.model.rowCount() == 2
    first = view.model.texts()[0]
    view.list.setCurrentIndex(view.model.index(0))
    qtbot.keyClick(view.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.model.texts()[1] == first


def font_size_of(document) -> float:
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
    return cursor.charFormat().fontPointSize() or document.defaultFont().pointSizeF()


def test_zoom_changes_the_reader_and_the_grid_and_is_remembered(qtbot, window):
    window.open_document("004_8ff4a1b6eae72ebc")
    window.compare(["resection", "ablation"])
    reader_before = font_size_of(window.reader.document())
    cell = window.compare_view.cells[("benefit", "resection")]
    grid_before = font_size_of(cell.document())
    window.zoom(1)
    window.zoom(1)
    assert font_size_of(window.reader.document()) > reader_before
    cell = window.compare_view.cells[("benefit", "resection")]
    assert font_size_of(cell.document()) > grid_before
    assert window.settings.zoom == zoom_step(zoom_step(1.0, 1), 1)
    window.zoom(0)
    assert window.settings.zoom == 1.0


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_keeps_text_contrast_at_least_4_5(name):
    for (fg, bg), ratio in THEMES[name].contrasts().items():
        assert ratio >= 4.5, (name, fg, bg, round(ratio, 2))


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_audience_switch_changes_option_names_rows_and_words(qtbot, window):
    window.compare(["resection", "ablation"])
    headers = lambda: [w.text() for w in window.compare_view.grid_host.findChildren(QLabel)  # noqa: E731
                       if w.objectName() == "optionHeader"]
    assert "Surgical resection" in headers()
    window.audience_switch.setCurrentIndex(window.audience_switch.findData("patient"))
    assert "Surgery to remove the tumours" in headers()
    assert window.compare_view.grid.rows == ["what", "who", "benefit", "evidence", "risks",
                                             "uncertain"]  # uncertainty shown to patients too
    assert window.tabs.tabText(2) == "Questions for my doctor"
    assert window.settings.zoom >= 1.3  # patients get large type


def test_bookmarks_with_a_note_listed_opened_and_removed(qtbot, window, monkeypatch):
    window.open_document("003_79e89714341c78ca")
    passage = next(iter(window.reader.passage_ranges))
    bookmark_id = window.bookmark(passage, note="KPS >= 70 matters")
    dialog = main_window_module.BookmarksDialog(window.user_db, {}, window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and "KPS >= 70 matters" in dialog.model.item(0).text()
    window.open_document("000_9dc129712fbbb328")
    with qtbot.waitSignal(dialog.openRequested) as blocker:
        dialog.open_button.click()
    (opened,) = blocker.args
    assert (opened["document_id"], opened["passage_id"]) == ("003_79e89714341c78ca", passage)
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 0 and bookmark_id


def test_shortcuts_window_lists_the_window_shortcuts(qtbot, window):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    keys = {k.strip() for r in range(dialog.table.rowCount())
            for k in dialog.table.item(r, 1).text().split(",")}
    assert {"Ctrl+F", "Ctrl+0", "Ctrl+K", "F1", "Ctrl+1", "Ctrl+B"} <= keys
