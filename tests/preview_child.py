"""Run in a child process by test_printing.py: open the main window, put content in it, press a
Print preview… button, read how many pages the dialog shows, close it with Escape, twice. With
`print`, press the preview's Print button too and read the printers its print dialog offers.

A segfault here kills only this process, so the test that runs it fails instead of the suite.
Prints one line of JSON: the page counts the dialog showed, and the printers offered.
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


def main(tab: str, kiosk: bool, press_print: bool) -> None:
    app = QApplication([])
    settings = Settings(MemoryStore()) if kiosk else Settings()
    window = MainWindow(settings, TaskRunner(), kiosk=kiosk, pin_hash=hash_pin("2468"))
    window.show()
    window.load_collection()
    while window.collection is None:
        app.processEvents()
    if tab == "compare":
        window.compare(["resection", "ablation", "chemoimmunotherapy"])
        button = window.compare_view.print_button
    else:
        window.tabs.setCurrentIndex(2)
        window.questions_view.add_text("Is surgery to remove the tumours an option for me?")
        window.questions_view.add_text("How long will I stay in hospital?")
        button = window.questions_view.preview_button
    pages: list[int] = []
    printers: list[list[str]] = []

    def close_print_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, close_print_dialog)
            return
        combo = dialog.findChild(QComboBox, "printers")
        printers.append([combo.itemText(i) for i in range(combo.count())])
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(20, close_preview)
            return
        pages.append(dialog.findChild(QPrintPreviewWidget).pageCount())
        if press_print:
            QTimer.singleShot(20, close_print_dialog)
            dialog.print_action.trigger()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    for _ in range(2):  # a second preview after the first is gone
        QTimer.singleShot(20, close_preview)
        button.click()
        gc.collect()
        app.processEvents()
    window._may_close = True
    window.close()
    print(json.dumps({"pages": pages, "printers": printers}))


if __name__ == "__main__":
    main(sys.argv[1], "kiosk" in sys.argv[2:], "print" in sys.argv[2:])
