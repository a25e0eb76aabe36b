"""Build a list of questions to take to the doctor, and print it as a handout."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.handout import HandoutOptions, HandoutPrintout, compose, reading_level, write_handout_pdf
from desktop.models.my_questions import MyQuestionsModel
from desktop.models.question_bank import QuestionBankModel, QuestionFilter
from desktop.pages import ask_pdf_path
from desktop.preview import PrintPreview
from desktop.theme import with_tick_boxes
from desktop.views.saved_lists import SavedLists
from search_index.lexicon import treatment_data
from search_index.questions import lists as saved
from search_index.questions.bank import Question, grouped
from search_index.questions.lists import ListItem


class QuestionsView(QWidget):
    """The bank on the left (tick to add), my list on the right (reorder, edit, top three)."""

    listChanged = Signal()

    def __init__(self, settings, kiosk: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("questionsView")
        self.settings = settings
        self.kiosk = kiosk  # nothing written to disk, no file dialogs
        self.bank: list[Question] = []
        self.by_id: dict[str, Question] = {}
        self.user_db: sqlite_utils.Database | None = None
        self.keeps_draft = False  # set with the bank: see set_bank
        self._build_bank()
        self._build_list()
        self.lists = SavedLists(self.model, self)
        self._build_handout()
        self.model.changed.connect(self._list_changed)
        self.model.rowsInserted.connect(lambda *_: self._list_changed())
        self.model.rowsRemoved.connect(lambda *_: self._list_changed())
        self.model.dataChanged.connect(lambda *_: self._list_changed())
        with_tick_boxes(self.tree, self.list, self.large_print, self.summary)
        self._lay_out()
        if kiosk:
            self.lists.hide()
            self.pdf_button.hide()

    def _build_bank(self) -> None:
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText(self.tr("Find a question"))
        self.find_box.setAccessibleName(self.tr("Find a question"))
        self.find_box.setClearButtonEnabled(True)
        self.group_by = QComboBox(self)
        self.group_by.setAccessibleName(self.tr("Group questions by"))
        self.group_by.addItem(self.tr("By topic"), "topic")
        self.group_by.addItem(self.tr("By treatment"), "option")
        self.bank_model = QuestionBankModel(self)
        self.bank_model.ticked.connect(self._bank_ticked)
        self.bank_filter = QuestionFilter(self.bank_model, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("questionBank")
        self.tree.setAccessibleName(self.tr("Questions you can ask"))
        self.tree.setModel(self.bank_filter)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.find_box.textChanged.connect(self._find_in_bank)
        self.group_by.currentIndexChanged.connect(self._fill_bank)

    def _build_list(self) -> None:
        self.model = MyQuestionsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("myQuestions")
        self.list.setAccessibleName(self.tr("My questions"))
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.own = QLineEdit(self)
        self.own.setPlaceholderText(self.tr("Write your own question and press Enter"))
        self.own.setAccessibleName(self.tr("Your own question"))
        self.own.returnPressed.connect(self.add_own)
        buttons = {}
        for key, text in (
            ("up", self.tr("Move up")),
            ("down", self.tr("Move down")),
            ("remove", self.tr("Remove")),
            ("undo", self.tr("Undo")),
            ("redo", self.tr("Redo")),
        ):
            buttons[key] = QPushButton(text, self)
        buttons["up"].clicked.connect(lambda: self.move_current(-1))
        buttons["down"].clicked.connect(lambda: self.move_current(1))
        buttons["remove"].clicked.connect(self.remove_current)
        buttons["undo"].clicked.connect(self.model.undo.undo)
        buttons["redo"].clicked.connect(self.model.undo.redo)
        self.model.undo.canUndoChanged.connect(buttons["undo"].setEnabled)
        self.model.undo.canRedoChanged.connect(buttons["redo"].setEnabled)
        buttons["undo"].setEnabled(False)
        buttons["redo"].setEnabled(False)
        self.buttons = buttons
        self.list.installEventFilter(self)  # Ctrl+Up/Down move, Delete removes, Ctrl+Z undoes

    def _build_handout(self) -> None:
        self.large_print = QCheckBox(self.tr("Large print"), self)
        self.large_print.setChecked(self.kiosk)
        self.page = QComboBox(self)
        self.page.setAccessibleName(self.tr("Paper size"))
        self.page.addItems(["A4", "Letter"])
        self.summary = QCheckBox(self.tr("Add a short summary of the treatments"), self)
        self.summary.setChecked(True)
        self.summary.toggled.connect(lambda _on: self.show_grade())  # the summary is read too
        self.preview_button = QPushButton(self.tr("Print preview…"), self)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.preview_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.grade = QLabel(self)
        self.grade.setObjectName("readingGrade")
        self.grade.setAccessibleName(self.tr("Reading level of the handout"))

    def eventFilter(self, obj, event) -> bool:
        if obj is self.list and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.remove_current()
                return True
            if event.matches(QKeySequence.StandardKey.Undo):
                self.model.undo.undo()
                return True
            if event.matches(QKeySequence.StandardKey.Redo):
                self.model.undo.redo()
                return True
        return super().eventFilter(obj, event)

    def _lay_out(self) -> None:
        left = QWidget(self)
        lv = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.find_box, 1)
        top.addWidget(self.group_by)
        lv.addWidget(QLabel(self.tr("Questions you can ask (tick to add)")))
        lv.addLayout(top)
        lv.addWidget(self.tree, 1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel(self.tr("My questions (drag to reorder; tick your top three)")))
        rv.addWidget(self.list, 1)
        rv.addWidget(self.own)
        row = QHBoxLayout()
        for key in ("up", "down", "remove"):
            row.addWidget(self.buttons[key])
        row.addStretch(1)
        for key in ("undo", "redo"):
            row.addWidget(self.buttons[key])
        rv.addLayout(row)
        rv.addWidget(self.lists)
        print_row = QHBoxLayout()
        for w in (self.large_print, self.page):
            print_row.addWidget(w)
        print_row.addStretch(1)
        rv.addLayout(print_row)
        rv.addWidget(self.summary)
        self.grade.setWordWrap(True)
        rv.addWidget(self.grade)
        out_row = QHBoxLayout()
        out_row.addStretch(1)
        out_row.addWidget(self.preview_button)
        out_row.addWidget(self.pdf_button)
        rv.addLayout(out_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([450, 550])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(splitter)

    # -- the bank ----------------------------------------------------------------------------

    def set_bank(
        self,
        bank: list[Question],
        user_db: sqlite_utils.Database | None = None,
        keeps_draft: bool = True,
    ) -> None:
        """`keeps_draft`: this window keeps the list being worked on in the user's store (the
        one window that writes the profile; a second one would overwrite the first's list)."""
        self.bank = bank
        self.by_id = {q.id: q for q in bank}
        first_open = self.user_db is None
        self.user_db = None if self.kiosk else user_db
        self.keeps_draft = keeps_draft and self.user_db is not None
        if first_open and self.keeps_draft and user_db is not None and not self.model.items:
            self._restore_draft(user_db)
        self._fill_bank()
        self.lists.set_store(self.user_db)

    def unkept_list(self) -> bool:
        """A list this window does not keep (another window holds the profile) and that differs
        from the saved list it came from: closing would lose it."""
        if self.kiosk or self.keeps_draft or self.user_db is None or not self.model.items:
            return False
        current = self.lists.current
        return current is None or current.items != self.model.items

    def _restore_draft(self, user_db: sqlite_utils.Database) -> None:
        """The list as it was when the app last stopped (closed, or killed)."""
        items, list_id = saved.load_draft(user_db)
        if items:
            known = {row["id"] for row in saved.all_lists(user_db)}
            self.lists.current = None
            if list_id is not None and list_id in known:
                self.lists.current = saved.load(user_db, list_id)
            self.model.replace_all(items)

    def _fill_bank(self) -> None:
        names = {o["id"]: o["name"] for o in treatment_data()["options"]}
        by_topic = self.group_by.currentData() == "topic"
        groups = {
            key.capitalize() if by_topic else names.get(key, self.tr("General")): members
            for key, members in grouped(self.bank, self.group_by.currentData()).items()
        }
        self.bank_model.set_groups(groups, {i.question_id for i in self.model.items})
        self._find_in_bank()

    def _find_in_bank(self) -> None:
        by_option = self.group_by.currentData() == "option"
        self.bank_filter.set_words(self.bank, self.find_box.text(), by_first_shown=by_option)
        self.tree.expandAll()  # rows the filter brings back come collapsed

    def _bank_ticked(self, qid: str, checked: bool) -> None:
        if checked:
            self.add_question(qid)
        else:
            row = next((i for i, it in enumerate(self.model.items) if it.question_id == qid), None)
            if row is not None:
                self.model.remove(row)

    # -- my list -----------------------------------------------------------------------------

    def add_question(self, question_id: str) -> None:
        q = self.by_id[question_id]
        self.model.add(ListItem(q.text, q.id))

    def add_text(self, text: str) -> None:
        """'Add to my questions' from elsewhere (a question in a document, say)."""
        match = next((q for q in self.bank if q.text == text), None)
        self.model.add(ListItem(text, match.id if match else ""))

    def add_own(self) -> None:
        text = self.own.text().strip()
        if text:
            self.model.add(ListItem(text if text.endswith("?") else text + "?"))
            self.own.clear()

    def move_current(self, step: int) -> None:
        row = self.list.currentIndex().row()
        if row >= 0:
            self.model.move(row, row + step)
            self.list.setCurrentIndex(
                self.model.index(max(0, min(row + step, self.model.rowCount() - 1)))
            )

    def remove_current(self) -> None:
        row = self.list.currentIndex().row()
        if row >= 0:
            self.model.remove(row)

    def _list_changed(self) -> None:
        self.bank_model.show_chosen({i.question_id for i in self.model.items})
        self.show_grade()
        if self.keeps_draft and self.user_db is not None:  # kept as it changes: never lost
            current = self.lists.current
            saved.save_draft(self.user_db, self.model.items, current.id if current else None)
        self.listChanged.emit()

    def show_grade(self) -> None:
        """The handout's reading level, for clinicians only: a patient (the kiosk, the patient
        view) sees a hint while the list is empty, and no grade."""
        clinician = not self.kiosk and self.settings.audience != "patient"
        if not self.model.items:
            self.grade.setText(self.tr("Tick questions on the left, or write your own."))
        elif clinician:
            grade = compose(self.model.items, self.by_id, self.summary.isChecked()).grade()
            self.grade.setText(self.tr("Handout: %s") % reading_level(grade))
        self.grade.setVisible(clinician or not self.model.items)

    # -- the handout -------------------------------------------------------------------------

    def options(self) -> HandoutOptions:
        return HandoutOptions(
            clinic=self.settings.clinic_name,
            large_print=self.large_print.isChecked(),
            page=self.page.currentText(),
            summary=self.summary.isChecked(),
        )

    def handout(self):
        return compose(self.model.items, self.by_id, self.summary.isChecked())

    def print_preview(self) -> None:
        if not self.model.items:
            return
        printout = HandoutPrintout(self.handout(), self.options())
        settings = None if self.kiosk else self.settings  # the kiosk offers no file
        PrintPreview(printout, self, settings=settings, file_name="questions.pdf").run()

    def export_pdf(self) -> Path | None:
        """Export PDF…: asks where, then writes there. Takes no argument: a button's clicked(bool)
        once arrived as the path, and a file named `False` was written in the working folder."""
        if not self.model.items or self.kiosk:
            return None
        answer = ask_pdf_path(self, self.settings, self.tr("Save the handout as PDF"), "questions.pdf")
        try:
            return self.save_pdf(answer[0]) if answer else None
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export PDF"), str(exc))
            return None

    def save_pdf(self, path: Path) -> Path | None:
        """The handout written to `path` (never in the kiosk, which writes nothing)."""
        if not self.model.items or self.kiosk:
            return None
        write_handout_pdf(path, self.handout(), self.options())
        return path

    def reset(self) -> None:
        """Back to an empty list (the kiosk's reset)."""
        self.lists.current = None
        self.model.replace_all([])
        self.find_box.clear()
        self.own.clear()
