"""A clinician's review of one automatically extracted statement: confirm it, move it to another
option or row, or reject it; signed with initials, dated today."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from search_index.lexicon import treatment_data
from search_index.treatments.comparison import StatementView
from search_index.treatments.extraction import ROW_TITLES, ROWS


class ReviewDialog(QDialog):
    def __init__(self, statement: StatementView, initials: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review a statement"))
        self.setObjectName("reviewDialog")
        self.decision = ""
        sentence = QLabel(statement.text)
        sentence.setTextFormat(sentence.textFormat().PlainText)
        sentence.setWordWrap(True)
        source = QLabel(self.tr("From: %s") % statement.source_name)
        source.setTextFormat(source.textFormat().PlainText)
        source.setWordWrap(True)
        self.option = QComboBox(self)
        self.option.setAccessibleName(self.tr("Option the statement is about"))
        for o in treatment_data()["options"]:
            self.option.addItem(o["name"], o["id"])
        self.option.setCurrentIndex(self.option.findData(statement.option_id))
        self.row = QComboBox(self)
        self.row.setAccessibleName(self.tr("Row of the comparison"))
        for row in ROWS:
            self.row.addItem(ROW_TITLES[row], row)
        self.row.setCurrentIndex(self.row.findData(statement.row))
        self.initials = QLineEdit(initials, self)
        self.initials.setAccessibleName(self.tr("Your initials"))
        self.initials.setMaxLength(6)
        self.initials.textChanged.connect(self._enable)
        self.original = (statement.option_id, statement.row)
        self.option.currentIndexChanged.connect(self._enable)
        self.row.currentIndexChanged.connect(self._enable)

        form = QFormLayout()
        form.addRow(self.tr("Option:"), self.option)
        form.addRow(self.tr("Row:"), self.row)
        form.addRow(self.tr("Initials:"), self.initials)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = QPushButton(self.tr("Confirm as placed"))
        self.move_button = QPushButton(self.tr("Move here"))
        self.reject_button = QPushButton(self.tr("Reject"))
        for button, decision in (
            (self.confirm_button, "confirm"),
            (self.move_button, "move"),
            (self.reject_button, "reject"),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _c=False, d=decision: self._decide(d))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (sentence, source):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._enable()

    def _enable(self) -> None:
        signed = bool(self.initials.text().strip())
        moved = (self.option.currentData(), self.row.currentData()) != self.original
        self.confirm_button.setEnabled(signed and not moved)
        self.move_button.setEnabled(signed and moved)
        self.reject_button.setEnabled(signed)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()

    def moved_to(self) -> tuple[str, str]:
        """(option, row) where they differ from the statement's place, else ""."""
        option, row = self.option.currentData(), self.row.currentData()
        return (option if option != self.original[0] else "", row if row != self.original[1] else "")
