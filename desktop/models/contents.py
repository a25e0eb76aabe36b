"""A document's table of contents: one row per section heading, holding where it starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

POSITION_ROLE = Qt.ItemDataRole.UserRole  # the heading's character position in the reader


class ContentsModel(QStandardItemModel):
    def set_sections(self, sections: list[tuple[str, int]]) -> None:
        """`sections`: (heading, position) in reading order."""
        self.clear()
        for heading, position in sections:
            item = QStandardItem(heading)
            item.setData(position, POSITION_ROLE)
            item.setEditable(False)
            self.appendRow(item)
