"""Go → Bookmarks: the bookmarked passages with their notes; open or remove."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from search_index import bookmarks

BOOKMARK = Qt.ItemDataRole.UserRole  # the bookmark's row (a dict)


class BookmarksDialog(QDialog):
    openRequested = Signal(dict)  # the bookmark's row

    def __init__(self, db, titles: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.db, self.titles = db, titles
        self.setWindowTitle(self.tr("Bookmarks"))
        self.model = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setObjectName("bookmarks")
        self.list.setAccessibleName(self.tr("Bookmarked passages"))
        self.list.setWordWrap(True)
        self.list.setSpacing(4)  # each bookmark (three lines) apart from the next
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setModel(self.model)
        self.list.activated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentIndex()))
        self.remove_button.clicked.connect(self.remove_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.fill()

    def fill(self) -> None:
        self.model.clear()
        for b in bookmarks.all_bookmarks(self.db):
            title = self.titles.get(b["document_id"], b["document_id"])
            item = QStandardItem(f"{b['note'] or '(no note)'}\n{title}\n“{b['excerpt']}”")
            item.setData(b, BOOKMARK)
            self.model.appendRow(item)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(index.data(BOOKMARK))
            self.accept()

    def remove_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            bookmarks.remove(self.db, index.data(BOOKMARK)["id"])
            self.fill()
