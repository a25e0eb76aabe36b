"""The waiting-room kiosk's window: the PIN and its lockout, the idle reset on a clock of the
test's own, and nothing of a patient left after it (the kiosk as a process:
test_kiosk_process.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from helpers import answer_modal, search
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolBar,
)

from desktop.kiosk import MemoryStore, hash_pin, verify_pin
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner
from desktop.theme import PATIENT_ZOOM

PIN = "2468"


class FakeClock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot, clock):
    """The kiosk window as `--kiosk` makes it (3 minutes idle, 20 s countdown), on a clock of
    the test's own."""
    runner = TaskRunner()
    w = MainWindow(Settings(MemoryStore()), runner, kiosk=True, pin_hash=hash_pin(PIN), clock=clock)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    yield w
    w.kiosk_control.may_close = True
    w.kiosk_control.idle.stop()
    runner.wait()


@contextmanager
def dialogs_answered(qtbot, pin: str | None = None) -> Iterator[list[str]]:
    """While inside, answer each modal dialog through its own widgets: type `pin` into a PIN
    dialog and press Enter; press OK on a message box. Yields the boxes' texts, as they come."""
    said: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.property("answered"):
            return
        dialog.setProperty("answered", True)
        if isinstance(dialog, QInputDialog):
            box = dialog.findChild(QLineEdit)
            qtbot.keyClicks(box, pin or "")
            qtbot.keyClick(box, Qt.Key.Key_Return)
        elif isinstance(dialog, QMessageBox):
            said.append(dialog.text())
            dialog.button(QMessageBox.StandardButton.Ok).click()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    try:
        yield said
    finally:
        timer.stop()


def leave_action(window: MainWindow) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == "&Leave kiosk mode…")


def try_to_leave(qtbot, window: MainWindow, pin: str) -> list[str]:
    """File → Leave kiosk mode…, typing `pin` if the PIN is asked for; what the boxes said."""
    with dialogs_answered(qtbot, pin) as said:
        leave_action(window).trigger()
    return said


# -- leaving: the PIN, and a growing wait after 5 wrong ones ---------------------------------


def test_only_the_pin_leaves_the_kiosk(qtbot, kiosk):
    kiosk.close()
    assert kiosk.isVisible()  # closing (Alt+F4, the window's X) is refused
    assert try_to_leave(qtbot, kiosk, "0000") == ["That PIN is not right."]
    assert kiosk.isVisible()
    assert try_to_leave(qtbot, kiosk, PIN) == [] and not kiosk.isVisible()


def test_after_five_wrong_pins_each_try_waits_longer(qtbot, kiosk, clock):
    for _ in range(4):
        assert try_to_leave(qtbot, kiosk, "1111") == ["That PIN is not right."]
    assert try_to_leave(qtbot, kiosk, "1111") == ["That PIN is not right. Try again in 30 s."]
    # while locked out the PIN is not even asked for, the right one included
    assert try_to_leave(qtbot, kiosk, PIN) == ["Too many wrong PINs. Try again in 30 s."]
    clock.advance(29)
    assert try_to_leave(qtbot, kiosk, PIN) == ["Too many wrong PINs. Try again in 1 s."]
    assert kiosk.isVisible()
    clock.advance(1)
    assert try_to_leave(qtbot, kiosk, "1111") == ["That PIN is not right. Try again in 60 s."]
    clock.advance(60)
    assert try_to_leave(qtbot, kiosk, "2222") == ["That PIN is not right. Try again in 120 s."]
    clock.advance(120)
    assert try_to_leave(qtbot, kiosk, PIN) == [] and not kiosk.isVisible()


def test_the_pin_set_in_clinician_mode_opens_the_kiosk_gate(qtbot, window):
    set_pin = next(a for a in window.findChildren(QAction) if a.text() == "Set the &kiosk PIN…")
    with dialogs_answered(qtbot, "12") as said:
        set_pin.trigger()
    assert said == ["Use 4 digits or more."] and window.settings.kiosk_pin_hash == ""
    with dialogs_answered(qtbot, PIN) as said:  # typed twice, the same
        set_pin.trigger()
    assert said == [] and verify_pin(PIN, window.settings.kiosk_pin_hash)


def test_pin_is_stored_only_as_a_salted_hash():
    a, b = hash_pin(PIN), hash_pin(PIN)
    assert a != b and PIN not in a  # salted
    assert verify_pin(PIN, a) and not verify_pin("2469", a)


# -- the idle reset, on the test's clock ------------------------------------------------------


def test_the_countdown_starts_after_three_idle_minutes_and_resets(qtbot, kiosk, clock):
    search(qtbot, kiosk, "liver mets")
    clock.advance(179)
    with qtbot.assertNotEmitted(kiosk.kiosk_control.idle.countdownStarted):
        kiosk.kiosk_control.idle.check()  # what its timer does, now: exact on a slow runner
    clock.advance(1)
    with qtbot.waitSignal(kiosk.kiosk_control.idle.countdownStarted, timeout=5000):
        pass
    assert (
        kiosk.kiosk_control.banner.isVisible()
        and "Starting over in 20 seconds" in kiosk.kiosk_control.banner.label.text()
    )
    clock.advance(15)
    qtbot.waitUntil(lambda: "in 5 seconds" in kiosk.kiosk_control.banner.label.text(), timeout=5000)
    assert kiosk.search_pane.box.text() == "liver mets"  # not yet
    clock.advance(5)
    with qtbot.waitSignal(kiosk.kiosk_control.idle.expired, timeout=5000):
        pass
    assert kiosk.search_pane.box.text() == "" and not kiosk.kiosk_control.banner.isVisible()


def test_the_countdown_shows_over_a_print_preview_and_the_reset_closes_it(qtbot, kiosk, clock):
    from desktop.preview import PrintPreview

    kiosk.tabs.setCurrentIndex(2)
    view = kiosk.questions_view
    qtbot.keyClicks(view.own, "Can I keep working")
    qtbot.keyClick(view.own, Qt.Key.Key_Return)
    seen: dict[str, object] = {}

    def idle_while_reading(preview: PrintPreview) -> None:
        clock.advance(180)  # the patient reads the preview without touching anything
        qtbot.waitUntil(lambda: kiosk.kiosk_control.banner.isVisible(), timeout=5000)
        seen["over"] = kiosk.kiosk_control.banner.window()
        seen["preview"] = preview
        clock.advance(20)

    answer_modal(PrintPreview, idle_while_reading)
    qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)  # returns once reset
    assert seen["over"] is seen["preview"]  # the countdown was where the patient was looking
    assert view.model.rowCount() == 0  # started over
    banner = kiosk.kiosk_control.banner
    assert banner.parentWidget() is kiosk and not banner.isVisible()  # back on the window


def test_any_input_cancels_the_countdown(qtbot, kiosk, clock):
    clock.advance(185)
    with qtbot.waitSignal(kiosk.kiosk_control.idle.countdownStarted, timeout=5000):
        pass
    with qtbot.waitSignal(kiosk.kiosk_control.idle.resumed, timeout=5000):
        qtbot.keyClick(kiosk.search_pane.box, Qt.Key.Key_A)
    assert not kiosk.kiosk_control.banner.isVisible()
    clock.advance(179)  # a full idle time again from the key press
    with qtbot.assertNotEmitted(kiosk.kiosk_control.idle.countdownStarted):
        kiosk.kiosk_control.idle.check()  # what its timer does, now: exact on a slow runner


def test_patients_see_no_reading_grade(qtbot, kiosk, tmp_path):
    kiosk.tabs.setCurrentIndex(2)
    view = kiosk.questions_view
    qtbot.keyClicks(view.own, "Can I keep working")
    qtbot.keyClick(view.own, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1 and view.preview_button.isVisible()
    assert not view.grade.isVisible()
    shown = " ".join(w.text() for w in kiosk.findChildren(QLabel) if w.isVisible())
    assert "grade" not in shown.lower() and "reading level" not in shown.lower()
    kiosk.grab().save(str(tmp_path / "kiosk_questions.png"))


def test_no_way_to_a_file_from_the_kiosk(qtbot, kiosk):
    """A file dialog (a print dialog's "…", say) closes as it opens; a print dialog offers no
    "Print to File" and its path box, and with no printer there it says so and closes."""
    files = QFileDialog(kiosk)
    files.open()
    qtbot.waitUntil(lambda: not files.isVisible(), timeout=5000)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # as the handout's preview has it
    dialog = QPrintDialog(printer, kiosk)
    dialog.show()
    printers = dialog.findChild(QComboBox, "printers")
    assert "Print to File (PDF)" not in [printers.itemText(i) for i in range(printers.count())]
    assert not any(e.isVisible() for e in dialog.findChildren(QLineEdit, "filename"))
    if not QPrinterInfo.availablePrinterNames():
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        box = kiosk.findChild(QMessageBox, "noPrinter")
        assert box.isVisible() and "no printer" in box.text()
        box.button(QMessageBox.StandardButton.Ok).click()


def test_the_toolbar_cannot_be_hidden(qtbot, kiosk):
    """The window's right-click menu (toolbar and menu bar) would let a patient hide the
    toolbar, and with it the words switch, from the next person."""
    bar = kiosk.findChild(QToolBar)
    menus: list[list[str]] = []

    def close_menu() -> None:  # a menu shown waits for a choice: note it and close it
        popup = QApplication.activePopupWidget()
        if popup is not None:
            menus.append([a.text() for a in popup.actions()])
            popup.close()

    QTimer.singleShot(200, close_menu)
    at = QPoint(5, 5)
    QApplication.sendEvent(
        bar, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, bar.mapToGlobal(at))
    )
    qtbot.wait(300)
    assert menus == [] and bar.isVisible()


def test_the_contents_of_a_document_read_in_large_print_show_whole_headings(qtbot, kiosk):
    kiosk.resize(1280, 800)
    search(qtbot, kiosk, "chemoimmunotherapy survival")
    qtbot.keyClick(kiosk.search_pane.box, Qt.Key.Key_Return)
    toc = kiosk.document_pane.toc
    qtbot.waitUntil(lambda: toc.isVisible() and toc.model().rowCount() > 2)
    assert not toc.horizontalScrollBar().isVisible()
    width = toc.viewport().width()
    metrics = toc.fontMetrics()
    for row in range(toc.model().rowCount()):
        index = toc.model().index(row, 0)
        rect = toc.visualRect(index)
        assert rect.width() <= width, index.data()
        # a heading wider than the pane takes more lines, not more width
        lines = -(-metrics.horizontalAdvance(index.data()) // width)
        assert rect.height() >= lines * metrics.lineSpacing(), index.data()


# -- the reset forgets everything, undo histories included -----------------------------------

UNDO = Qt.KeyboardModifier.ControlModifier
REDO = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_after_the_reset_ctrl_z_brings_nothing_back(qtbot, kiosk, clock):
    view = kiosk.questions_view
    search(qtbot, kiosk, "liver mets")
    qtbot.keyClick(kiosk.search_pane.box, Qt.Key.Key_Return)
    assert kiosk.reader.document_id is not None
    find_bar = kiosk.document_pane.find_bar
    find_bar.open_bar()
    qtbot.keyClicks(find_bar.box, "tumour")
    qtbot.keyClicks(view.own, "Can I keep working")
    qtbot.keyClick(view.own, Qt.Key.Key_Return)
    qtbot.keyClicks(view.own, "Who pays for it")
    kiosk.add_question("Is it painful?")  # as the reader's "Add to my questions" does
    assert "Is it painful?" in kiosk.statusBar().currentMessage()
    qtbot.keyClicks(view.find_box, "surgery")
    view.find_box.clear()  # the test can see what Ctrl+Z brings back:
    qtbot.keyClick(view.find_box, Qt.Key.Key_Z, UNDO)
    assert view.find_box.text() == "surgery"
    kiosk.reader.selectAll()
    qtbot.keyClick(kiosk.reader, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text()
    kiosk.compare_view.cancer.setCurrentIndex(kiosk.compare_view.cancer.findText("Breast cancer"))
    view.large_print.click()
    view.page.setCurrentIndex(view.page.findText("Letter"))
    kiosk.view_control.audience_switch.setCurrentIndex(
        kiosk.view_control.audience_switch.findData("clinician")
    )
    next(a for a in kiosk.findChildren(QAction) if a.text() == "Zoom &in").trigger()
    assert kiosk.settings.audience == "clinician" and kiosk.settings.zoom > PATIENT_ZOOM

    clock.advance(200)
    with qtbot.waitSignal(kiosk.kiosk_control.idle.expired, timeout=5000):
        pass
    for box in (kiosk.search_pane.box, view.own, view.find_box, find_bar.box):
        for _ in range(3):
            qtbot.keyClick(box, Qt.Key.Key_Z, UNDO)
        qtbot.keyClick(box, Qt.Key.Key_Z, REDO)
        assert box.text() == "", box.accessibleName()
    kiosk.tabs.setCurrentIndex(2)
    for _ in range(3):
        qtbot.keyClick(view.list, Qt.Key.Key_Z, UNDO)
    qtbot.mouseClick(view.buttons["undo"], Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0 and not view.buttons["undo"].isEnabled()
    assert QApplication.clipboard().text() == "" and kiosk.statusBar().currentMessage() == ""
    assert kiosk.settings.audience == "patient" and kiosk.settings.zoom == PATIENT_ZOOM
    assert kiosk.view_control.audience_switch.currentData() == "patient"
    assert kiosk.compare_view.cancer.currentData() is None  # all cancer types
    assert view.large_print.isChecked() and view.page.currentText() == "A4"


def test_the_reset_closes_a_dialog_left_open(qtbot, kiosk, clock):
    """A patient who opens the PIN dialog and walks away: the reset closes it."""
    closed_by_test = []

    def walk_away() -> None:
        clock.advance(200)

        def too_late() -> None:  # the reset did not close it: close it, and fail below
            if QApplication.activeModalWidget() is not None:
                closed_by_test.append(QApplication.activeModalWidget().objectName())
                QApplication.activeModalWidget().reject()

        QTimer.singleShot(10000, too_late)

    QTimer.singleShot(200, walk_away)
    with qtbot.waitSignal(kiosk.kiosk_control.idle.expired, timeout=15000):
        leave_action(kiosk).trigger()  # returns once the dialog is closed
    assert closed_by_test == [] and kiosk.isVisible()


def test_the_kiosk_offers_no_way_to_the_clinicians_words(qtbot, kiosk):
    # The clinician view holds statements no clinician has reviewed yet: not for patients.
    assert not kiosk.view_control.audience_switch.isVisible()
    assert not kiosk.compare_view.audience.isVisible()
    kiosk.compare(["resection", "ablation"])
    assert kiosk.compare_view.grid.audience == "patient"


def test_a_kiosk_on_settings_kept_on_disk_is_refused(qtbot):
    from desktop.settings import Settings

    with pytest.raises(TypeError, match="memory"):
        MainWindow(Settings(), TaskRunner(), kiosk=True, pin_hash=hash_pin("2468"))
