"""Find in the open document: a bar under the reader, next and previous, "2 of 5"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from desktop.theme import current


class FindBar(QWidget):
    def __init__(self, view: QTextEdit, parent=None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("findBar")
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.box = QLineEdit(self)
        self.box.setPlaceholderText(self.tr("Find in document"))
        self.box.setAccessibleName(self.tr("Find in document"))
        self.box.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setMinimumWidth(70)
        self.count.setAccessibleName(self.tr("Matches"))
        self.previous = QToolButton(self)
        self.previous.setText(self.tr("Previous"))
        self.previous.setToolTip(self.tr("Previous match (Shift+F3)"))
        self.next = QToolButton(self)
        self.next.setText(self.tr("Next"))
        self.next.setToolTip(self.tr("Next match (F3 or Enter)"))
        close = QToolButton(self)
        close.setText(self.tr("Close"))
        close.setToolTip(self.tr("Close (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for w in (self.box, self.count, self.previous, self.next, close):
            layout.addWidget(w)
        self.box.textChanged.connect(self.find_all)
        self.box.returnPressed.connect(self.go_next)
        self.next.clicked.connect(self.go_next)
        self.previous.clicked.connect(self.go_previous)
        close.clicked.connect(self.close_bar)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.close_bar,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        self.find_all(self.box.text())

    def close_bar(self) -> None:
        self.matches, self.current = [], -1
        self.view.setExtraSelections([])
        self.hide()
        self.view.setFocus()

    def find_all(self, text: str) -> None:
        self.matches = []
        doc = self.view.document()
        cursor = QTextCursor(doc)
        while text:
            cursor = doc.find(text, cursor, QTextDocument.FindFlag(0))
            if cursor.isNull():
                break
            self.matches.append(QTextCursor(cursor))
        self.current = 0 if self.matches else -1
        self._show()

    def go_next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._show()

    def go_previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._show()

    def _show(self) -> None:
        selections = []
        for i, cursor in enumerate(self.matches):
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            fmt = QTextCharFormat()
            theme = current()
            fmt.setBackground(theme.color("highlight" if i == self.current else "mark"))
            fmt.setForeground(theme.color("highlighted_text" if i == self.current else "mark_text"))
            sel.format = fmt
            selections.append(sel)
        self.view.setExtraSelections(selections)
        if self.current >= 0:
            self.view.setTextCursor(self.matches[self.current])
            self.view.ensureCursorVisible()
            self.count.setText(self.tr("%d of %d") % (self.current + 1, len(self.matches)))
        else:
            self.count.setText(self.tr("No match") if self.box.text() else "")
