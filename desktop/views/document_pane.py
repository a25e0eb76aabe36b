"""The document pane: the reader, its table of contents, and find-in-document."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QListView, QSplitter, QVBoxLayout, QWidget

from desktop.models.contents import POSITION_ROLE, ContentsModel
from desktop.views.find_bar import FindBar
from desktop.views.reader import ReaderView
from search_index.collection import StoredDocument


class DocumentPane(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPane")
        self.setMinimumWidth(300)
        self.reader = ReaderView(self)
        self.find_bar = FindBar(self.reader, self)
        self.contents = ContentsModel(self)
        self.toc = QListView(self)
        self.toc.setObjectName("contents")
        self.toc.setAccessibleName(self.tr("Contents of the document"))
        self.toc.setModel(self.contents)
        self.toc.activated.connect(self._jump)
        self.toc.clicked.connect(self._jump)
        self.toc.setMinimumWidth(120)
        # headings wrap in the pane's width (large print made them run off to the side)
        self.toc.setWordWrap(True)
        self.toc.setResizeMode(QListView.ResizeMode.Adjust)
        self.toc.setSpacing(3)  # a wrapped heading is told from the next one
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc.hide()
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reader, 1)
        column.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("documentSplitter")
        self.splitter.addWidget(self.toc)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([170, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 10, 10, 10)
        layout.addWidget(self.splitter)

    def show_document(
        self, stored: StoredDocument, variants=None, passage_id=None, scroll: int | None = None
    ) -> None:
        # The contents pane first: showing it narrows the reader, and the text must be laid out
        # (and scrolled to the hit) at its final width.
        self.toc.setVisible(len(stored.sections) + bool(stored.references) > 1)
        self.reader.show_document(stored, variants, passage_id, scroll)
        self.contents.set_sections(self.reader.section_positions)
        if self.find_bar.isVisible():
            self.find_bar.find_all(self.find_bar.box.text())

    def _jump(self, index: QModelIndex) -> None:
        cursor = QTextCursor(self.reader.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.reader.setTextCursor(cursor)  # from the end, so the heading lands at the top
        cursor.setPosition(index.data(POSITION_ROLE))
        self.reader.setTextCursor(cursor)
        self.reader.ensureCursorVisible()
