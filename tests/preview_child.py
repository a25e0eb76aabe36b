"""Run in a child process by test_printing.py: open the main window (or the kiosk with `kiosk`),
put content in it, and press Print preview… on the Compare tab and on My questions, twice each.
Each time: read the page count the preview shows, page through it with its Next button, and
press its Print… button: read the printers the print dialog offers and close it with Escape.

  --trace     do not press Print… (the only control that may ask a print system): run under
              strace, the preview flows must make no internet-family connect
  --out DIR   also, in the first preview of each tab, show the pages at 100 %, save them as
              DIR/<tab>-<n>.png and, where it is offered (not in the kiosk), press Export PDF…
              (the save dialog answered DIR/<tab>.pdf) and print to a file
              (DIR/<tab>-printed.pdf) through the print dialog

A segfault here kills only this process, so the test that runs it fails instead of the suite.
Prints one line of JSON: by tab, the page counts shown, the pages paged through, the printers
offered.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtPrintSupport import QPrintDialog  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit  # noqa: E402

from desktop.kiosk import MemoryStore, hash_pin  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.preview import PrintPreview  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.tasks import TaskRunner  # noqa: E402


def later(check, act) -> None:
    """Run `act` on the active modal dialog once `check` holds for it."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not check(dialog):
            QTimer.singleShot(20, attempt)
        else:
            act(dialog)

    QTimer.singleShot(20, attempt)


class Person:
    def __init__(self, trace: bool, out: Path | None) -> None:
        self.trace, self.out = trace, out
        self.tab = ""
        self.printing_to: str | None = None  # print to this file at the next print dialog
        self.shown: dict[str, dict[str, list]] = {}

    def record(self, key: str, value) -> None:
        self.shown.setdefault(self.tab, {}).setdefault(key, []).append(value)

    def in_preview(self, first: bool):
        def act(dialog: PrintPreview) -> None:
            self.record("pages", dialog.page.maximum())
            paged = 1
            while dialog.next.isEnabled():
                dialog.next.click()
                paged += 1
            self.record("paged", paged)
            if first and self.out is not None:
                self.save(dialog)
            if not self.trace:
                later(
                    lambda d: isinstance(d, QPrintDialog) or d.objectName() == "noPrinter", self.in_print
                )
                dialog.print_button.click()
            QTest.keyClick(dialog, Qt.Key.Key_Escape)

        return act

    def save(self, dialog: PrintPreview) -> None:
        """The pages at 100 %, as the preview painted them; then Export PDF… and print to a file."""
        assert self.out is not None
        dialog.zoom.setCurrentIndex(dialog.zoom.findData(1.0))
        for n in range(dialog.page.maximum()):
            dialog.page.setValue(n + 1)
            dialog.view.viewport().grab()  # paints what shows, at the zoom shown
        for n, image in enumerate(dialog.page_images()):
            image.save(str(self.out / f"{self.tab}-{n + 1}.png"))
        self.record("export offered", dialog.pdf_button.isVisible())
        if dialog.pdf_button.isVisible():
            pdf = str(self.out / f"{self.tab}.pdf")
            QFileDialog.getSaveFileName = lambda *args, **kwargs: (pdf, "")  # the person's answer
            dialog.pdf_button.click()
            self.printing_to = str(self.out / f"{self.tab}-printed.pdf")

    def in_print(self, dialog) -> None:
        if dialog.objectName() == "noPrinter":  # the kiosk, with no printer here
            self.record("printers", [])
            dialog.close()
            return
        combo = dialog.findChild(QComboBox, "printers")
        offered = [combo.itemText(i) for i in range(combo.count())]
        self.record("printers", offered)
        target = self.printing_to
        if target and any("File" in p for p in offered):
            combo.setCurrentIndex(next(i for i, p in enumerate(offered) if "File" in p))
            dialog.findChild(QLineEdit, "filename").setText(target)
            self.printing_to = None
            dialog.accept()
            return
        QTest.keyClick(dialog, Qt.Key.Key_Escape)


def main(args: list[str]) -> None:
    kiosk, trace = "kiosk" in args, "--trace" in args
    out = Path(args[args.index("--out") + 1]) if "--out" in args else None
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
    person = Person(trace, out)
    for tab, (index, button) in buttons.items():
        person.tab = tab
        window.tabs.setCurrentIndex(index)
        for n in range(2):  # a second preview after the first is gone
            later(lambda d: isinstance(d, PrintPreview), person.in_preview(first=n == 0))
            button.click()
            gc.collect()
            app.processEvents()
    if kiosk:  # closes only with the PIN
        window.kiosk_control.may_close = True
    window.close()
    print(json.dumps(person.shown))


if __name__ == "__main__":
    main(sys.argv[1:])
