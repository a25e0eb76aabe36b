"""Retake the README's pictures: the real window, offscreen, on a scratch profile.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CLINIC_REFERENCE_HOME"] = tempfile.mkdtemp(prefix="clinic-reference-shots-")
sys.path.insert(0, str(DOCS.parent))

from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app import create_application  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.tasks import TaskRunner  # noqa: E402


def settle(window: MainWindow, rounds: int = 60) -> None:
    for _ in range(rounds):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    window.runner.wait()
    QApplication.processEvents()


def main() -> None:
    app = create_application([])
    window = MainWindow(Settings(), TaskRunner())
    window.resize(1500, 900)
    window.show()
    ready: list[bool] = []
    window.collectionReady.connect(lambda: ready.append(True))
    window.load_collection()
    while not ready:
        app.processEvents()
    settle(window)  # the library may open after the bundled collection: type once it is there
    pane = window.search_pane
    pane.box.setFocus()
    QTest.keyClicks(pane.box, "liver metastases immunotherapy")
    while pane.model.rowCount() == 0:
        app.processEvents()
    settle(window)
    pane.box.completer().popup().hide()
    first = pane.list.visualRect(pane.model.index(0)).center()
    QTest.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=first)  # read it
    settle(window)
    window.grab().save(str(DOCS / "screenshot.png"))

    window.compare(["chemoimmunotherapy", "ici", "chemotherapy"])
    settle(window)
    window.grab().save(str(DOCS / "compare.png"))

    window.tabs.setCurrentIndex(2)
    for text in (
        "Is surgery to remove the tumours an option for me?",
        "What side effects should I expect, and how long do they last?",
        "Who do I call if I feel unwell at night?",
    ):
        window.questions_view.add_text(text)
    settle(window)
    window.grab().save(str(DOCS / "questions.png"))

    window.library_control.import_paths([DOCS.parent / "tests" / "data" / "import"])
    while window.library_control.import_report is None:
        app.processEvents()
    settle(window)
    report = window.library_control.import_report
    report.resize(900, 560)
    settle(window)
    report.grab().save(str(DOCS / "import.png"))
    report.close()
    dialog = window.library_control.show_documents()
    if dialog is not None:
        dialog.resize(1000, 560)
        dialog.show()
        settle(window)
        dialog.grab().save(str(DOCS / "documents.png"))
        dialog.close()
    window.close()


if __name__ == "__main__":
    main()
