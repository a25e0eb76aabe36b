"""The main window in the waiting room: countdown and reset, the PIN, clinician settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QInputDialog, QMessageBox

from desktop.kiosk import (
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


class KioskMixin:
    """Mixed into MainWindow: uses its settings, panes and status bar."""

    # -- kiosk -------------------------------------------------------------------------------

    def _start_kiosk(self) -> None:
        if not isinstance(self.settings.store, MemoryStore):  # what it resets, and writes nothing
            raise TypeError("a kiosk keeps its settings in memory (MemoryStore), never on disk")
        self.compare_view.pdf_button.hide()  # no file dialogs in the waiting room
        self.compare_view.keep_patient_view()  # only statements a clinician has reviewed
        for action in self.audience_actions:  # patients' words only: no way to the clinicians'
            action.setVisible(False)
        self.questions_view.grade.hide()  # a reading grade is for whoever writes handouts
        self.no_files = NoFiles(self)
        # no right-click menu that hides the toolbar (and its words switch) from the next person
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.banner = CountdownBanner(self)
        self.idle = IdleWatcher(
            self.settings.kiosk_idle_s, self.settings.kiosk_countdown_s, parent=self, clock=self.clock
        )
        self.idle.tick.connect(self.banner.show_seconds)
        self.idle.resumed.connect(self.banner.hide)
        self.idle.expired.connect(self.reset)
        self.pin_gate = PinGate(self.pin_hash, self.clock)
        self.start_settings = dict(self.settings.store.values)
        # every choice a patient can make (cancer type, paper, large print …) as it starts
        self.start_choices = {w: w.currentIndex() for w in self.findChildren(QComboBox)}
        self.start_ticks = {b: b.isChecked() for b in self.findChildren(QCheckBox)}

    def reset(self) -> None:
        """Back to the start screen, with nothing of the last person left."""
        if hasattr(self, "banner"):
            self.banner.hide()
        self.search_pane.box.clear()
        self.search_pane.completions.setStringList([])
        self.filter_pane.model.clear_filters()
        self.search_pane.model.set_hits([])
        self.document_pane.find_bar.close_bar()
        self.document_pane.toc.clear()
        self.document_pane.toc.hide()
        if self.collection is not None:
            self.reader.show_welcome(self.collection.documents())
        self.compare_view.choose([])
        self.questions_view.reset()
        for combo, index in self.start_choices.items():  # the last patient's cancer type too
            combo.setCurrentIndex(index)
        for box, checked in self.start_ticks.items():
            box.setChecked(checked)
        forget_edits(self)
        if self.settings.store.values != self.start_settings:  # type size, colours, words
            self.settings.store.values = dict(self.start_settings)  # and history
            self.apply_view()
        self._last_variants = []
        self.statusBar().clearMessage()  # "Added to your questions: …"
        self.tabs.setCurrentIndex(0)
        self.search_pane.focus_search()

    def leave_kiosk(self) -> bool:
        wait = self.pin_gate.wait_s()
        if wait:  # the PIN is not even asked for
            self._pin_refused(self.tr("Too many wrong PINs. Try again in %d s.") % wait)
            return False
        pin = ask_pin(self, self.tr("Leave kiosk mode"))
        if pin is None:
            return False
        if self.pin_gate.attempt(pin):
            self._may_close = True
            self.close()
            return True
        wait = self.pin_gate.wait_s()
        self._pin_refused(
            self.tr("That PIN is not right.")
            + (" " + self.tr("Try again in %d s.") % wait if wait else "")
        )
        return False

    def _pin_refused(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Kiosk mode"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("pinRefused")
        box.exec()
        box.deleteLater()

    def set_clinic_name(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Clinic name"),
            self.tr("Printed at the top of question handouts:"),
            text=self.settings.clinic_name,
        )
        if ok:
            self.settings.clinic_name = name.strip()
            self.settings.sync()

    def set_pin(self) -> None:
        first = ask_pin(self, self.tr("Set the kiosk PIN"))
        if not first:
            return
        problem = pin_problem(first) or pin_problem(
            first, ask_pin(self, self.tr("Type the PIN again")) or ""
        )
        if problem:
            QMessageBox.warning(self, self.tr("Kiosk PIN"), problem)
            return
        self.settings.kiosk_pin_hash = hash_pin(first)
        self.settings.sync()
        self.statusBar().showMessage(self.tr("Kiosk PIN set."), 5000)
