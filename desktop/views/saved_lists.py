"""The saved question lists under "My questions": open one into the list, save the list being
worked on (or as a template), rename, duplicate, delete. Kept in the user store."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.my_questions import MyQuestionsModel
from search_index.questions import lists as saved
from search_index.questions.lists import QuestionList


class SavedLists(QWidget):
    def __init__(self, model: MyQuestionsModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model  # the list being worked on
        self.user_db: sqlite_utils.Database | None = None
        self.current: QuestionList | None = None  # the saved list it was opened from or saved as
        self.saved_lists = QComboBox(self)
        self.saved_lists.setAccessibleName(self.tr("Saved lists"))
        self.open_button = QPushButton(self.tr("Open"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.template_button = QPushButton(self.tr("Save as template"), self)
        self.rename_button = QPushButton(self.tr("Rename"), self)
        self.duplicate_button = QPushButton(self.tr("Duplicate"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(lambda: self.save_list())
        self.template_button.clicked.connect(lambda: self.save_list(template=True))
        self.rename_button.clicked.connect(self.rename_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for row in (
            (self.saved_lists, self.open_button, self.save_button),
            (self.template_button, self.rename_button, self.duplicate_button, self.delete_button),
        ):
            line = QHBoxLayout()
            for w in row:
                line.addWidget(w)
            layout.addLayout(line)

    def set_store(self, user_db: sqlite_utils.Database | None) -> None:
        """The user store the lists are kept in (None: nothing is kept, as in the kiosk)."""
        self.user_db = user_db
        self.fill()

    def fill(self) -> None:
        self.saved_lists.clear()
        if self.user_db is None:
            return
        for row in saved.all_lists(self.user_db):
            label = row["name"] + (self.tr(" (template)") if row["is_template"] else "")
            self.saved_lists.addItem(label, row["id"])

    def save_list(self, template: bool = False, name: str | None = None) -> int | None:
        if self.user_db is None:
            return None
        if name is None:
            default = self.current.name if self.current else self.tr("My questions")
            name, ok = QInputDialog.getText(
                self, self.tr("Save the list"), self.tr("Name:"), text=default
            )
            if not ok or not name.strip():
                return None
        list_id = (
            None if (template or self.current is None or self.current.name != name) else self.current.id
        )
        self.current = QuestionList(list_id, name.strip(), list(self.model.items), template)
        list_id = saved.save(self.user_db, self.current)
        self.fill()
        self.saved_lists.setCurrentIndex(self.saved_lists.findData(list_id))
        return list_id

    def _selected(self) -> tuple[sqlite_utils.Database, int] | None:
        """The store and the list chosen in it, when there are both."""
        list_id = self.saved_lists.currentData()
        if self.user_db is None or list_id is None:
            return None
        return self.user_db, list_id

    def open_list(self, list_id: int) -> None:
        if self.user_db is None:
            return
        self.current = saved.load(self.user_db, list_id)
        self.model.replace_all(self.current.items)

    def open_selected(self) -> None:
        if selected := self._selected():
            self.open_list(selected[1])

    def rename_selected(self) -> None:
        if not (selected := self._selected()):
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename the list"), self.tr("New name:"))
        if ok and name.strip():
            saved.rename(*selected, name.strip())
            self.fill()

    def duplicate_selected(self) -> None:
        if selected := self._selected():
            saved.duplicate(*selected, self.saved_lists.currentText() + " (copy)")
            self.fill()

    def delete_selected(self) -> None:
        if not (selected := self._selected()):
            return
        answer = QMessageBox.question(
            self, self.tr("Delete the list"), self.tr("Delete “%s”?") % self.saved_lists.currentText()
        )
        if answer == QMessageBox.StandardButton.Yes:
            saved.delete(*selected)
            self.fill()
