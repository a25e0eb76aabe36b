"""Go → Bookmarks: the bookmarked passages with their notes; open or remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from search_index import bookmarks


class BookmarksDialog(QDialog):
    openRequested = Signal(dict)  # the bookmark's row

    def __init__(self, db, titles: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.db, self.titles = db, titles
        self.setWindowTitle(self.tr("Bookmarks"))
        self.list = QListWidget(self)
        self.list.setObjectName("bookmarks")
        self.list.setAccessibleName(self.tr("Bookmarked passages"))
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        self.remove_button.clicked.connect(self.remove_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        for b in bookmarks.all_bookmarks(self.db):
            title = self.titles.get(b["document_id"], b["document_id"])
            text = f"{b['note'] or '(no note)'}\n{title}\n“{b['excerpt']}”"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, b)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.openRequested.emit(item.data(Qt.ItemDataRole.UserRole))
            self.accept()

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            bookmarks.remove(self.db, item.data(Qt.ItemDataRole.UserRole)["id"])
            self.fill()
