"""Run in a child process by test_printing.py (under strace): open the main window, put content
in it, press Export PDF… on the Compare tab or on My questions with the save dialog answered by
the path given, and exit. Prints the path written.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from desktop.main_window import MainWindow  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.tasks import TaskRunner  # noqa: E402


def main(tab: str, path: str) -> None:
    app = QApplication([])
    window = MainWindow(Settings(), TaskRunner())
    window.show()
    window.load_collection()
    while window.collection is None:
        app.processEvents()
    QFileDialog.getSaveFileName = lambda *args, **kwargs: (path, "")  # the person's answer
    if tab == "compare":
        window.compare(["resection", "ablation", "chemoimmunotherapy"])
        window.compare_view.pdf_button.click()
    else:
        window.questions_view.add_text("Is surgery to remove the tumours an option for me?")
        window.questions_view.pdf_button.click()
    window.close()
    print(path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
