"""The main window's menu bar and toolbar: each action to a slot of the window or of one of
its controllers, with its shortcuts (see actions.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.actions import add_action
from desktop.shortcuts import ShortcutsDialog

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    _build_file_menu(window, bar.addMenu(window.tr("&File")))
    edit = bar.addMenu(window.tr("&Edit"))
    add_action(window, window.tr("&Find"), window.find_anywhere, [QKeySequence.StandardKey.Find], edit)
    add_action(
        window,
        window.tr("Find &next"),
        window.document_pane.find_bar.go_next,
        [QKeySequence.StandardKey.FindNext],
        edit,
    )
    add_action(
        window,
        window.tr("Find &previous"),
        window.document_pane.find_bar.go_previous,
        [QKeySequence.StandardKey.FindPrevious],
        edit,
    )
    add_action(
        window,
        window.tr("&Search the collection"),
        window.search_pane.focus_search,
        ["Ctrl+K", "Ctrl+L"],
        edit,
    )
    view = bar.addMenu(window.tr("&View"))
    window.view_control.build_menu(view)
    for i, title in enumerate(
        (window.tr("&Search and read"), window.tr("&Compare treatments"), window.tr("&My questions"))
    ):
        add_action(
            window,
            title,
            lambda _checked=False, i=i: window.tabs.setCurrentIndex(i),
            [f"Ctrl+{i + 1}"],
            view,
        )
    # nothing of a patient's is kept in the kiosk
    window.reading_control.build_menu(bar.addMenu(window.tr("&Go")), bookmarks_kept=not window.kiosk)
    help_menu = bar.addMenu(window.tr("&Help"))
    add_action(
        window,
        window.tr("&Keyboard shortcuts"),
        lambda: ShortcutsDialog(window).exec(),
        ["F1"],
        help_menu,
    )


def _build_file_menu(window: MainWindow, menu: QMenu) -> None:
    if window.kiosk:
        add_action(window, window.tr("&Leave kiosk mode…"), window.leave_kiosk, ["Ctrl+Shift+L"], menu)
        return
    window.library_control.build_menu(menu)
    add_action(window, window.tr("Set the &kiosk PIN…"), window.set_pin, [], menu)
    add_action(window, window.tr("&Clinic name for handouts…"), window.set_clinic_name, [], menu)
    add_action(window, window.tr("&Quit"), window.close, [QKeySequence.StandardKey.Quit], menu)


def build_toolbar(window: MainWindow) -> None:
    toolbar = window.addToolBar(window.tr("View"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.addAction(window.reading_control.back_action)
    toolbar.addAction(window.reading_control.forward_action)
    toolbar.addSeparator()
    window.view_control.build_toolbar(toolbar)
