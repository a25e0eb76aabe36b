"""Run in a child process by test_printing.py: open the main window (or the kiosk with `kiosk`),
put content in it, press Print preview… on the Compare tab and on My questions, twice each; each
time read how many pages the preview shows, press its Print button, read the printers the print
dialog offers, and close both with Escape.

A segfault here kills only this process, so the test that runs it fails instead of the suite.
Prints one line of JSON: the page counts shown and the printers offered, by tab.
"""

from __future__ import annotations

import gc
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtPrintSupport import (  # noqa: E402
    QPrintDialog,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox  # noqa: E402

from desktop.kiosk import MemoryStore, hash_pin  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.tasks import TaskRunner  # noqa: E402


def main(kiosk: bool) -> None:
    app = QApplication([])
    settings = Settings(MemoryStore()) if kiosk else Settings()
    window = MainWindow(settings, TaskRunner(), kiosk=kiosk, pin_hash=hash_pin("2468"))
    window.show()
    window.load_collection()
    while window.collection is None:
        app.processEvents()
    window.compare(["resection", "ablation", "chemoimmunotherapy"])
    window.questions_view.add_text("Is surgery to remove the tumours an option for me?")
    window.questions_view.add_text("How long will I stay in hospital?")
    buttons = {
        "compare": (1, window.compare_view.print_button),
        "questions": (2, window.questions_view.preview_button),
    }
    pages: dict[str, list[int]] = {tab: [] for tab in buttons}
    printers: dict[str, list[list[str]]] = {tab: [] for tab in buttons}
    now = {"tab": ""}  # the tab whose preview is open

    def close_print_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.objectName() == "noPrinter":  # the kiosk, no printer
            printers[now["tab"]].append([])
            dialog.close()
            return
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, close_print_dialog)
            return
        combo = dialog.findChild(QComboBox, "printers")
        printers[now["tab"]].append([combo.itemText(i) for i in range(combo.count())])
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(20, close_preview)
            return
        pages[now["tab"]].append(dialog.findChild(QPrintPreviewWidget).pageCount())
        QTimer.singleShot(20, close_print_dialog)
        dialog.print_action.trigger()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    for tab, (index, button) in buttons.items():
        now["tab"] = tab
        window.tabs.setCurrentIndex(index)
        for _ in range(2):  # a second preview after the first is gone
            QTimer.singleShot(20, close_preview)
            button.click()
            gc.collect()
            app.processEvents()
    if kiosk:  # closes only with the PIN
        window.kiosk_control.may_close = True
    window.close()
    print(json.dumps({"pages": pages, "printers": printers}))


if __name__ == "__main__":
    main("kiosk" in sys.argv[1:])
