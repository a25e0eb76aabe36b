"""The list being worked on is never lost: not by closing the window, not by a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from helpers import answer_modal, menu_action
from helpers import open_window as opened_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

CHILD = """
import os, signal
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from desktop.app import create_application
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner
app = create_application([])
w = MainWindow(Settings(), TaskRunner())
w.show()
w.collectionReady.connect(lambda: (
    QTest.keyClicks(w.questions_view.own, "Will I need a drain after surgery?"),
    QTest.keyClick(w.questions_view.own, Qt.Key.Key_Return),
    os.kill(os.getpid(), signal.SIGKILL)))  # a crash, right after the question was typed
w.load_collection()
app.exec()
"""


def open_window(qtbot):
    w = opened_window(qtbot)
    w.runner.wait()  # the draft is read once the collection is open
    notice = w.findChild(QMessageBox, "libraryNotice")  # a second window's: it only reads
    if notice is not None:
        qtbot.mouseClick(notice.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return w


def test_the_list_comes_back_after_the_window_is_closed(qtbot):
    first = open_window(qtbot)
    box = first.questions_view.own
    qtbot.keyClicks(box, "How long is the recovery?")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "Who do I call at night?")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    first.close()
    again = open_window(qtbot)
    assert [i.text for i in again.questions_view.model.items] == [
        "How long is the recovery?",
        "Who do I call at night?",
    ]


def test_the_list_survives_a_crash(qtbot, user_home: Path):
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=dict(os.environ),
        timeout=120,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    again = open_window(qtbot)
    assert [i.text for i in again.questions_view.model.items] == ["Will I need a drain after surgery?"]


def test_a_second_window_does_not_overwrite_the_first_ones_list(qtbot):
    first = open_window(qtbot)  # holds the profile for writing
    qtbot.keyClicks(first.questions_view.own, "Is the first window's list kept?")
    qtbot.keyClick(first.questions_view.own, Qt.Key.Key_Return)
    second = open_window(qtbot)  # the same profile, read-only
    assert second.library is None
    qtbot.keyClicks(second.questions_view.own, "A question typed in the second window")
    qtbot.keyClick(second.questions_view.own, Qt.Key.Key_Return)
    answer_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    second.close()  # asked whether to save its list: no
    qtbot.waitUntil(lambda: not second.isVisible())
    first.close()
    again = open_window(qtbot)
    assert [i.text for i in again.questions_view.model.items] == ["Is the first window's list kept?"]


def test_closing_a_window_that_does_not_keep_its_list_offers_to_save_it(qtbot):
    from PySide6.QtWidgets import QInputDialog

    from search_index.questions.lists import all_lists, load

    first = open_window(qtbot)  # holds the profile for writing
    second = open_window(qtbot)  # read-only: its list is not kept as it changes
    qtbot.keyClicks(second.questions_view.own, "Is this typed in the second window?")
    qtbot.keyClick(second.questions_view.own, Qt.Key.Key_Return)

    answered: list[QMessageBox.StandardButton] = []

    def button(box: QMessageBox, which: QMessageBox.StandardButton) -> None:
        box.button(which).click()
        answered.append(which)

    answer_modal(QMessageBox, lambda box: button(box, QMessageBox.StandardButton.Cancel))
    second.close()  # asked once the close has been refused
    qtbot.waitUntil(lambda: answered == [QMessageBox.StandardButton.Cancel])
    qtbot.wait(50)
    assert second.isVisible()  # Cancel: still there, list and all

    def name_it(dialog: QInputDialog) -> None:
        dialog.setTextValue("From the second window")
        dialog.accept()

    answer_modal(QMessageBox, lambda box: button(box, QMessageBox.StandardButton.Save))
    answer_modal(QInputDialog, name_it)
    second.close()
    qtbot.waitUntil(lambda: not second.isVisible())
    (kept,) = [r for r in all_lists(first.user_db) if r["name"] == "From the second window"]
    assert [i.text for i in load(first.user_db, kept["id"]).items] == [
        "Is this typed in the second window?"
    ]


def test_closing_again_while_asked_about_the_list_waits_for_the_answer(qtbot):
    from PySide6.QtWidgets import QInputDialog

    from search_index.questions.lists import all_lists

    first = open_window(qtbot)  # holds the profile for writing
    second = open_window(qtbot)  # read-only: its list is not kept as it changes
    qtbot.keyClicks(second.questions_view.own, "Asked twice?")
    qtbot.keyClick(second.questions_view.own, Qt.Key.Key_Return)
    seen: list[str] = []

    def close_again_then_save(box: QMessageBox) -> None:
        # the title bar's close button, pressed while the question is open: the window system's
        # request to close, to the window (QWidget.close() does nothing while a close is asked)
        QApplication.sendEvent(second.windowHandle(), QCloseEvent())
        seen.append("asked" if second.isVisible() and box.isVisible() else "gone")
        box.button(QMessageBox.StandardButton.Save).click()

    def name_it(dialog: QInputDialog) -> None:
        dialog.setTextValue("Kept")
        dialog.accept()

    answer_modal(QMessageBox, close_again_then_save)
    answer_modal(QInputDialog, name_it)
    menu_action(second, "File/Quit").trigger()
    qtbot.waitUntil(lambda: not second.isVisible())
    assert seen == ["asked"]
    assert [r["name"] for r in all_lists(first.user_db)] == ["Kept"]
