"""Run in a child process by test_kiosk.py, through the real entry point (desktop.main).

`kiosk_visit.py kiosk PIN`: a patient's visit: search, read a result, compare two options, tick
a question and write one, wait for the idle reset (on a clock of the script's own), press
Ctrl+Z in every text field, then the clinician leaves with the PIN. `kiosk_visit.py clinician`:
the clinician window opens its library and is closed, as on a normal day (`killed`,
`terminated`: is sent SIGKILL, SIGTERM). Each step done is printed; the exit status is the
app's (3 when a step failed).
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMainWindow

from desktop.main import main

Wait = Callable[[], bool]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def say(step: str) -> None:
    print(step, flush=True)


def visit(w: QMainWindow, pin: str) -> Iterator[Wait]:
    yield lambda: w.collection is not None
    clock = Clock()
    w.kiosk_control.idle.clock = clock
    w.kiosk_control.idle.poke()
    QTest.keyClicks(w.search_pane.box, "liver mets")
    yield lambda: w.search_pane.model.rowCount() > 0
    w.search_pane.box.completer().popup().hide()
    QTest.keyClick(w.search_pane.box, Qt.Key.Key_Return)
    yield lambda: w.reader.document_id is not None
    say("read")
    w.compare(["resection", "ablation"])
    yield lambda: w.compare_view.grid is not None
    say("compared")
    view = w.questions_view
    view.tree.setFocus()
    QTest.keyClick(view.tree, Qt.Key.Key_Home)  # the first heading
    QTest.keyClick(view.tree, Qt.Key.Key_Down)  # its first question
    QTest.keyClick(view.tree, Qt.Key.Key_Space)  # ticked: on the list
    QTest.keyClicks(view.own, "Can I keep working")
    QTest.keyClick(view.own, Qt.Key.Key_Return)
    QTest.keyClicks(view.own, "Who pays for it")  # typed, not yet added
    yield lambda: view.model.rowCount() == 2
    say("questions")
    clock.now += 200
    yield lambda: view.model.rowCount() == 0 and w.reader.document_id is None
    say("reset")
    for box in (w.search_pane.box, view.own, view.find_box):
        QTest.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        if box.text():
            raise AssertionError(f"Ctrl+Z brought back {box.text()!r}")
    say("nothing undone")
    leave = next(a for a in w.findChildren(QAction) if a.text() == "&Leave kiosk mode…")
    QTimer.singleShot(0, leave.trigger)


def answer_pin(pin: str) -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QInputDialog) and not dialog.property("answered"):
        dialog.setProperty("answered", True)
        box = dialog.findChild(QLineEdit)
        QTest.keyClicks(box, pin)
        QTest.keyClick(box, Qt.Key.Key_Return)


def clinician(w: QMainWindow) -> Iterator[Wait]:
    yield lambda: w.collection is not None
    say("opened")
    if sys.argv[1] == "killed":  # as by a power cut or a logout's SIGKILL: the store's log stays
        os.kill(os.getpid(), signal.SIGKILL)
    if sys.argv[1].endswith("terminated"):  # a logout's SIGTERM: the app ends as quitting does
        os.kill(os.getpid(), signal.SIGTERM)
        return
    w.close()


def drive(steps: Callable[[QMainWindow], Iterator[Wait]]) -> None:
    """Step through `steps` on the app's window, each waiting until its condition holds."""
    state: dict = {}

    def poll() -> None:
        try:
            if "steps" not in state:
                window = next(
                    (w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"), None
                )
                if window is None:
                    return
                state["steps"] = steps(window)
                state["wait"] = next(state["steps"])
            while state["wait"]():
                state["wait"] = next(state["steps"])
        except StopIteration:
            timer.stop()
        except Exception:
            traceback.print_exc()
            QApplication.exit(3)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(50)
    state["timer"] = timer


if __name__ == "__main__":
    app = QApplication([sys.argv[0]])  # the entry point takes this one
    if sys.argv[1] == "kiosk":
        pin = sys.argv[2]
        drive(lambda w: visit(w, pin))
        answers = QTimer()
        answers.timeout.connect(lambda: answer_pin(pin))
        answers.start(50)
        code = main(["--kiosk"])
    else:  # (the kiosk too, to be sent SIGTERM: `kiosk-terminated`)
        drive(clinician)
        code = main(["--kiosk"] if sys.argv[1].startswith("kiosk") else [])
    say(f"exit {code}")
    sys.exit(code)
