"""The window in the waiting room: the idle countdown and its banner, the PIN that leaves, and
every choice as the kiosk started, to go back to for the next person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QInputDialog, QMainWindow, QMessageBox, QWidget

from desktop.kiosk import (
    Clock,
    CountdownBanner,
    IdleWatcher,
    MemoryStore,
    NoFiles,
    PinGate,
    ask_pin,
    forget_edits,
    hash_pin,
    pin_problem,
)
from desktop.settings import Settings


class KioskController(QObject):
    expired = Signal()  # nobody has touched the kiosk for a while: start over
    unlocked = Signal()  # the clinician's PIN was given: the window may close

    def __init__(self, window: QMainWindow, settings: Settings, pin_hash: str, clock: Clock) -> None:
        super().__init__(window)
        if not isinstance(settings.store, MemoryStore):  # what it resets, and writes nothing
            raise TypeError("a kiosk keeps its settings in memory (MemoryStore), never on disk")
        self.window, self.settings = window, settings
        self.memory = settings.store
        self.may_close = False  # only with the clinician's PIN
        self.no_files = NoFiles(window)
        # no right-click menu that hides the toolbar (and its words switch) from the next person
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.banner = CountdownBanner(window)
        self.idle = IdleWatcher(
            settings.kiosk_idle_s, settings.kiosk_countdown_s, parent=window, clock=clock
        )
        self.idle.tick.connect(self.banner.show_seconds)
        self.idle.resumed.connect(self.banner.hide)
        self.idle.expired.connect(self.expired)
        self.pin_gate = PinGate(pin_hash, clock)
        self.start_settings: dict = {}
        self.start_choices: dict[QComboBox, int] = {}
        self.start_ticks: dict[QCheckBox, bool] = {}

    def remember_start(self) -> None:
        """Every choice a patient can make (cancer type, paper, large print …) as it starts,
        once the window is built."""
        self.start_settings = dict(self.memory.values)
        self.start_choices = {w: w.currentIndex() for w in self.window.findChildren(QComboBox)}
        self.start_ticks = {b: b.isChecked() for b in self.window.findChildren(QCheckBox)}

    def restore_start(self, restore_settings: Callable[[], None]) -> None:
        """Every choice back as it started, edits' undo history gone; `restore_settings` runs
        when the settings (type size, colours, words, history) changed."""
        self.banner.hide()
        for combo, index in self.start_choices.items():  # the last patient's cancer type too
            combo.setCurrentIndex(index)
        for box, checked in self.start_ticks.items():
            box.setChecked(checked)
        forget_edits(self.window)
        if self.memory.values != self.start_settings:
            self.memory.values = dict(self.start_settings)
            restore_settings()

    def leave(self) -> bool:
        wait = self.pin_gate.wait_s()
        if wait:  # the PIN is not even asked for
            self._refused(self.tr("Too many wrong PINs. Try again in %d s.") % wait)
            return False
        pin = ask_pin(self.window, self.tr("Leave kiosk mode"))
        if pin is None:
            return False
        if self.pin_gate.attempt(pin):
            self.may_close = True
            self.unlocked.emit()
            return True
        wait = self.pin_gate.wait_s()
        self._refused(
            self.tr("That PIN is not right.")
            + (" " + self.tr("Try again in %d s.") % wait if wait else "")
        )
        return False

    def _refused(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Kiosk mode"),
            text,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setObjectName("pinRefused")
        box.exec()
        box.deleteLater()


# -- what a clinician sets for the kiosk and its handouts (outside it) -------------------------


def set_clinic_name(parent: QWidget, settings: Settings) -> None:
    name, ok = QInputDialog.getText(
        parent,
        parent.tr("Clinic name"),
        parent.tr("Printed at the top of question handouts:"),
        text=settings.clinic_name,
    )
    if ok:
        settings.clinic_name = name.strip()
        settings.sync()


def set_pin(parent: QWidget, settings: Settings) -> bool:
    """The PIN that leaves the kiosk, typed twice; True once it is set."""
    first = ask_pin(parent, parent.tr("Set the kiosk PIN"))
    if not first:
        return False
    problem = pin_problem(first) or pin_problem(
        first, ask_pin(parent, parent.tr("Type the PIN again")) or ""
    )
    if problem:
        QMessageBox.warning(parent, parent.tr("Kiosk PIN"), problem)
        return False
    settings.kiosk_pin_hash = hash_pin(first)
    settings.sync()
    return True
