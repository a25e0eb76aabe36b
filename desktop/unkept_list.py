"""On closing a window that does not keep its question list (another window holds the profile):
whether to save the list by name. Asked after the close event, not inside it: the title bar's
close button pressed again while the question is open is then refused, where Qt, a close being
under way, closed the window under the question, unanswered, and the list was lost."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop.views.questions_view import QuestionsView


class UnkeptList(QObject):
    def __init__(self, window: QMainWindow, questions: QuestionsView) -> None:
        super().__init__(window)
        self.window, self.questions = window, questions
        self.asking = False
        self.settled = False  # saved or let go: the window may close

    def holds_close(self) -> bool:
        """Whether closing waits for the question (asked once, the close tried again after)."""
        if self.settled or not self.questions.unkept_list():
            return False
        if not self.asking:
            self.asking = True
            QTimer.singleShot(0, self, self._ask)  # (not once the window is gone)
        return True

    def _ask(self) -> None:
        try:
            self.settled = self._save_or_let_go()
        finally:
            self.asking = False
        if self.settled:
            self.window.close()

    def _save_or_let_go(self) -> bool:
        """False when the person chose to stay (Cancel, or cancelled naming it)."""
        answer = QMessageBox.question(
            self.window,
            self.tr("Your question list"),
            self.tr(
                "Another Clinic Reference window holds this profile, so this window does not keep "
                "its question list. Save it as a named list before closing?"
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            return True
        return answer == QMessageBox.StandardButton.Save and (
            self.questions.lists.save_list() is not None
        )
