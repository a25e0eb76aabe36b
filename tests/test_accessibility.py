"""Keyboard, screen reader names, type size, contrast, the audience switch, bookmarks."""

from __future__ import annotations

import pytest
from helpers import search, seed
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QAccessible, QImage, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.shortcuts import ShortcutsDialog
from desktop.theme import THEMES, contrast_ratio, zoom_step
from desktop.views.bookmarks_dialog import BookmarksDialog


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
    assert window.reader.document_id == seed("repeat hepatectomy").doc_id
    # compare: Ctrl+2, then arrows and Space in the option list
    qtbot.keyClick(window.reader, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    chooser = window.compare_view.chooser
    chooser.setFocus()
    ticked = 0
    for _ in range(chooser.model().rowCount()):
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
        index = chooser.currentIndex()
        if index.data(Qt.ItemDataRole.UserRole) and ticked < 2:
            qtbot.keyClick(chooser, Qt.Key.Key_Space)
            ticked += index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    assert window.compare_view.grid is not None and len(window.compare_view.grid.columns) == 2
    # questions: Ctrl+3, tick in the bank with Space, move with Ctrl+Down
    qtbot.keyClick(chooser, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.questions_view
    tree = view.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)  # the first heading
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # its first question
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
    window.reading_control.open_document(seed("What are the treatment options for achieving").doc_id)
    window.compare(["resection", "ablation"])
    reader_before = font_size_of(window.reader.document())
    cell = window.compare_view.cells[("benefit", "resection")]
    grid_before = font_size_of(cell.document())
    window.view_control.zoom(1)
    window.view_control.zoom(1)
    assert font_size_of(window.reader.document()) > reader_before
    cell = window.compare_view.cells[("benefit", "resection")]
    assert font_size_of(cell.document()) > grid_before
    assert window.settings.zoom == zoom_step(zoom_step(1.0, 1), 1)
    window.view_control.zoom(0)
    assert window.settings.zoom == 1.0


@pytest.mark.parametrize("name", list(THEMES))
def test_every_theme_keeps_text_contrast_at_least_4_5(name):
    for (fg, bg), ratio in THEMES[name].contrasts().items():
        assert ratio >= 4.5, (name, fg, bg, round(ratio, 2))


def has_tick_boxes(model, parent=None) -> bool:
    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        if model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable or has_tick_boxes(model, index):
            return True
    return False


def indicator_contrast(widget: QWidget) -> float:
    """An unticked tick box as the widget's own style draws it, on the widget's own background:
    the best contrast of any of its pixels against that background."""
    view = isinstance(widget, QAbstractItemView)
    style = widget.style()
    side = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, widget) + 4
    option = QStyleOptionViewItem() if view else QStyleOptionButton()
    option.initFrom(widget)
    option.rect = QRect(0, 0, side, side)
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    if view:
        option.features = QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        option.checkState = Qt.CheckState.Unchecked
    ground = widget.palette().color(QPalette.ColorRole.Base if view else QPalette.ColorRole.Window)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(ground)
    painter = QPainter(image)
    style.drawPrimitive(
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck
        if view
        else QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        option,
        painter,
        widget,
    )
    painter.end()
    return max(
        contrast_ratio(image.pixelColor(x, y).name(), ground.name())
        for x in range(side)
        for y in range(side)
    )


@pytest.mark.parametrize("name", list(THEMES))
def test_unticked_boxes_stand_out_in_every_theme(qtbot, window, name):
    """WCAG's 3:1 for the parts of a control: an empty tick box is seen without ticking it."""
    search(qtbot, window, "ablation")  # the filters hold tick boxes once there are results
    qtbot.waitUntil(lambda: window.filter_pane.model.rowCount() > 0)
    window.view_control.set_theme(name)
    boxes = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, QCheckBox)
        or (
            isinstance(w, QAbstractItemView)
            and not isinstance(w, QHeaderView)
            and has_tick_boxes(w.model())
        )
    ]
    assert {w.objectName() for w in boxes} >= {"filters", "optionChooser"}
    weak = {f"{type(w).__name__} {w.objectName()!r}": round(indicator_contrast(w), 2) for w in boxes}
    assert all(ratio >= 3 for ratio in weak.values()), weak


def test_contrast_ratio_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_audience_switch_changes_option_names_rows_and_words(qtbot, window):
    window.compare(["resection", "ablation"])

    def headers() -> list[str]:
        return [
            w.text()
            for w in window.compare_view.grid_host.findChildren(QLabel)
            if w.objectName() == "optionHeader"
        ]

    assert "Surgical resection" in headers()
    window.view_control.audience_switch.setCurrentIndex(
        window.view_control.audience_switch.findData("patient")
    )
    assert "Surgery to remove the tumours" in headers()
    assert window.compare_view.grid.rows == [
        "what",
        "who",
        "benefit",
        "evidence",
        "risks",
        "uncertain",
    ]  # uncertainty shown to patients too
    assert window.tabs.tabText(2) == "Questions for my doctor"
    assert window.settings.zoom >= 1.3  # patients get large type


def test_bookmarks_with_a_note_listed_opened_and_removed(qtbot, window, monkeypatch):
    journal = seed("Karnofsky").doc_id  # a clinician marks the performance status criterion
    window.reading_control.open_document(journal)
    passage = next(iter(window.reader.passage_ranges))
    bookmark_id = window.reading_control.bookmark(passage, note="KPS >= 70 matters")
    dialog = BookmarksDialog(window.user_db, {}, window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and "KPS >= 70 matters" in dialog.model.item(0).text()
    window.reading_control.open_document(seed("Does chemoimmunotherapy improve survival").doc_id)
    with qtbot.waitSignal(dialog.openRequested) as blocker:
        dialog.open_button.click()
    (opened,) = blocker.args
    assert (opened["document_id"], opened["passage_id"]) == (journal, passage)
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 0 and bookmark_id


def test_shortcuts_window_lists_the_window_shortcuts(qtbot, window):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    keys = {
        k.strip()
        for r in range(dialog.table.rowCount())
        for k in dialog.table.item(r, 1).text().split(",")
    }
    assert {"Ctrl+F", "Ctrl+0", "Ctrl+K", "F1", "Ctrl+1", "Ctrl+B"} <= keys


def zoom_to(window, target: float) -> None:
    """View → Zoom in, pressed until the type is `target` times its size."""
    zoom_in = next(a for a in window.actions() if a.text().replace("&", "") == "Zoom in")
    while window.settings.zoom < target:
        zoom_in.trigger()


@pytest.mark.parametrize("zoom", [1.0, 2.5])
def test_at_any_type_size_the_filters_and_search_box_fit(qtbot, window, zoom):
    """At 250% on a 1280 × 800 screen: no filter cut to "Guid…" (each shows whole or 20
    characters at least), a search box that shows a search, and a window no wider than the
    screen it was given."""
    window.resize(1280, 800)
    search(qtbot, window, "liver metastases")
    qtbot.waitUntil(lambda: window.filter_pane.model.rowCount() > 0)
    zoom_to(window, zoom)
    qtbot.waitUntil(lambda: window.width() == 1280)
    tree, model = window.filter_pane.tree, window.filter_pane.model
    metrics = tree.fontMetrics()
    box = tree.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, tree)
    cut = []
    for r in range(model.rowCount()):
        group = model.index(r, 0)
        for c in range(model.rowCount(group)):
            label = model.index(c, 0, group)
            room = tree.visualRect(label).width() - box - metrics.averageCharWidth()
            if min(metrics.horizontalAdvance(label.data()), 20 * metrics.averageCharWidth()) > room:
                cut.append(label.data())
    assert not cut
    search_box = window.search_pane.box
    assert search_box.width() >= 20 * search_box.fontMetrics().averageCharWidth()
