"""Kiosk mode for the waiting room: full screen, patient view, large type; after a while
without input, a visible countdown and a full reset; nothing written to disk; the clinician's
PIN to leave."""

from __future__ import annotations

import getpass
import hashlib
import hmac
import math
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QUndoStack
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.application import application
from desktop.theme import current

if TYPE_CHECKING:
    from desktop.settings import Settings

DEFAULT_IDLE_S = 180
COUNTDOWN_S = 20
PIN_ITERATIONS = 200_000
PIN_MIN_LENGTH = 4
FREE_TRIES = 5  # wrong PINs before each further try has to wait
FIRST_WAIT_S = 30  # ... then 30 s, 60 s, 120 s … doubling up to
LONGEST_WAIT_S = 900
Clock = Callable[[], float]  # seconds, monotonic: time.monotonic, or a test's own
NO_PIN = (
    "The kiosk cannot start: no clinician PIN is set, so nobody could leave it.\n"
    "Set one first: start Clinic Reference normally and choose File → Set the kiosk "
    "PIN…, or run\n    clinic-reference --set-kiosk-pin"
)


class MemoryStore:
    """Stands in for QSettings in kiosk mode: the same calls, kept in memory only."""

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self.values: dict[str, Any] = dict(initial or {})

    def value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def setValue(self, key: str, value: Any) -> None:  # noqa: N802 (QSettings' name)
        self.values[key] = value

    def remove(self, key: str) -> None:
        self.values = {k: v for k, v in self.values.items() if k != key and not k.startswith(key + "/")}

    def sync(self) -> None:
        pass


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """'salt$hash' (hex), PBKDF2-SHA256: the PIN itself is never stored."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, PIN_ITERATIONS)
    return f"{salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    if not pin_is_set(stored):
        return False
    salt_hex, _ = stored.split("$", 1)
    return hmac.compare_digest(hash_pin(pin, bytes.fromhex(salt_hex)), stored)


def pin_is_set(stored: str) -> bool:
    """Whether `stored` is a hash some PIN could match (not empty, not mangled by hand)."""
    salt_hex, _, digest_hex = stored.partition("$")
    try:
        return len(bytes.fromhex(salt_hex)) >= 8 and len(bytes.fromhex(digest_hex)) == 32
    except ValueError:
        return False


def refuse_without_pin() -> None:
    """Say why the kiosk does not start: on stderr, and in a box when someone can see one."""
    print(NO_PIN, file=sys.stderr)
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "Clinic Reference", NO_PIN)


def set_pin_from_terminal(settings: Settings) -> int:
    """`clinic-reference --set-kiosk-pin`: the PIN typed twice (unseen), or two lines on stdin."""
    if sys.stdin.isatty():
        first, again = getpass.getpass("Kiosk PIN: "), getpass.getpass("The PIN again: ")
    else:
        first, again = sys.stdin.readline().strip(), sys.stdin.readline().strip()
    problem = pin_problem(first, again)
    if problem:
        print(f"The kiosk PIN was not changed: {problem}", file=sys.stderr)
        return 1
    settings.kiosk_pin_hash = hash_pin(first)
    settings.sync()
    print("Kiosk PIN set.")
    return 0


def pin_problem(first: str, again: str | None = None) -> str | None:
    """Why a new PIN cannot be used (too short; typed again differently), or None."""
    if len(first) < PIN_MIN_LENGTH:
        return f"Use {PIN_MIN_LENGTH} digits or more."
    if again is not None and again != first:
        return "The two PINs differ."
    return None


class IdleWatcher(QObject):
    """Counts down after `idle_s` seconds without a key or a touch; any input cancels.

    Time is read from `clock` (seconds, monotonic) at each check, so a test moves a clock of
    its own instead of waiting real seconds, and a slow machine cannot reset mid-visit."""

    countdownStarted = Signal()
    tick = Signal(int)  # seconds left
    expired = Signal()
    resumed = Signal()

    def __init__(
        self,
        idle_s: int = DEFAULT_IDLE_S,
        countdown_s: int = COUNTDOWN_S,
        parent=None,
        clock: Clock = time.monotonic,
        check_ms: int = 250,
    ) -> None:
        super().__init__(parent)
        self.idle_s, self.countdown_s, self.clock = idle_s, countdown_s, clock
        self.last_input = clock()
        self.left: int | None = None  # seconds left while counting down, else None
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        application().installEventFilter(self)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.Wheel,
        ):
            self.poke()
        return False

    def poke(self) -> None:
        self.last_input = self.clock()
        if self.left is not None:
            self.left = None
            self.resumed.emit()

    def check(self) -> None:
        """Start, advance or end the countdown as the clock says."""
        left = math.ceil(self.idle_s + self.countdown_s - (self.clock() - self.last_input))
        if left > self.countdown_s or left == self.left:
            return
        if self.left is None:
            self.countdownStarted.emit()
        self.left = max(left, 0)
        self.tick.emit(self.left)
        if self.left == 0:
            self.left = None
            self.last_input = self.clock()
            self.expired.emit()

    def stop(self) -> None:
        application().removeEventFilter(self)
        self.timer.stop()


class NoFiles(QObject):
    """No way to a file from the kiosk: a file dialog (a print dialog's "…" or any other) is
    closed as it opens, and a print dialog offers printers only, never "Print to File" with its
    path box; with no printer there, it says so and closes."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        app = application()
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)  # seen here, then
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            if isinstance(obj, QFileDialog):
                QTimer.singleShot(0, obj.reject)
            elif isinstance(obj, QPrintDialog):
                obj.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
                obj.setVisible(True)  # already shown: only lays out its printers again
                if not QPrinterInfo.availablePrinterNames():
                    QTimer.singleShot(0, lambda: self._no_printer(obj))
        return False

    def _no_printer(self, dialog: QPrintDialog) -> None:
        dialog.reject()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Clinic Reference",
            self.tr("There is no printer here. Please ask at the desk for a printed copy."),
            QMessageBox.StandardButton.Ok,
            dialog.parentWidget(),
        )
        box.setObjectName("noPrinter")
        box.open()

    def stop(self) -> None:
        application().removeEventFilter(self)


class CountdownBanner(QFrame):
    """Over the window: 'Starting over in 20 seconds. Touch the screen to keep going.'"""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.home = parent  # the window; a dialog in front of it holds the banner meanwhile
        self.setObjectName("countdown")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Countdown"))
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        t = current()
        self.setStyleSheet(
            f"#countdown {{ background: {t.mark}; color: {t.mark_text}; border: 3px solid {t.warn}; }}"
        )
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.label.setText(
            self.tr(
                "Starting over in %d seconds, to keep your questions private."
                "\nTouch the screen or press a key to keep going."
            )
            % seconds
        )
        host = self._over(QApplication.activeModalWidget())
        self.setGeometry(
            host.width() // 6, host.height() // 3, host.width() * 2 // 3, host.height() // 4
        )
        self.raise_()
        self.show()

    def _over(self, dialog: QWidget | None) -> QWidget:
        """Shown over a dialog that is open in front of the window (a print preview), where a
        patient reading it sees the countdown; back on the window when the dialog closes. The
        widget it is now over."""
        host = dialog if isinstance(dialog, QDialog) else self.home
        if self.parentWidget() is host:
            return host
        self.setParent(host)
        if isinstance(host, QDialog):
            host.finished.connect(lambda _result: self._over(None))
        else:
            self.hide()
        return host


def forget_edits(window: QWidget) -> None:
    """What a patient typed or left open, gone beyond Ctrl+Z: every dialog and menu closed,
    every text field emptied with its undo history, every undo stack cleared (the question
    list's), the reader's links history and the clipboard emptied."""
    for _ in range(10):  # menus open within menus
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit):  # kiosk fields hold only a patient's words
            widget.setText("")  # unlike clear(), setText drops the undo history
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            widget.document().clearUndoRedoStacks()
        if isinstance(widget, QTextBrowser):
            widget.clearHistory()
    for stack in window.findChildren(QUndoStack):
        stack.clear()
    clipboard = QApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


class PinGate:
    """The PIN that leaves the kiosk; after FREE_TRIES wrong ones each further try waits longer
    (a patient cannot guess a four-digit PIN in a visit). Kept in memory only."""

    def __init__(self, stored: str, clock: Clock = time.monotonic) -> None:
        self.stored, self.clock = stored, clock
        self.wrong = 0
        self.until = 0.0

    def wait_s(self) -> int:
        """Whole seconds before the next PIN is taken (0: now)."""
        return max(0, math.ceil(self.until - self.clock()))

    def attempt(self, pin: str) -> bool:
        if self.wait_s():
            return False
        if verify_pin(pin, self.stored):
            self.wrong = 0
            return True
        self.wrong += 1
        if self.wrong >= FREE_TRIES:
            wait = FIRST_WAIT_S * 2 ** min(self.wrong - FREE_TRIES, 10)
            self.until = self.clock() + min(wait, LONGEST_WAIT_S)
        return False


def ask_pin(parent, title: str) -> str | None:
    dialog = QInputDialog(parent)
    dialog.setObjectName("pinDialog")
    dialog.setWindowTitle(title)
    dialog.setLabelText(parent.tr("Clinician PIN:"))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
    pin = dialog.textValue()
    dialog.deleteLater()
    return pin if accepted else None
