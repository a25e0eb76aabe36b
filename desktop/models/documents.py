"""The library's documents as a Qt table model (title, kind, audience, origin, shown), with
named roles for the dialog and tests; sorted through a proxy by the view."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.plain import tooltip
from search_index.fields import kind_label

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole
    STATE = Qt.ItemDataRole.UserRole + 1  # (bundled, hidden)
    LABELS = Qt.ItemDataRole.UserRole + 2  # (kind, audience)


class DocumentsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, dict]] = []
        self._headers = [
            self.tr("Title"),
            self.tr("Kind"),
            self.tr("For"),
            self.tr("From"),
            self.tr("Shown"),
        ]

    def set_documents(self, documents: dict[str, dict]) -> None:
        """`documents`: every document's row (hidden ones too), by id."""
        self.beginResetModel()
        self._rows = list(documents.items())
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc_id, d = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(d, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return tooltip(d["title"])
            if column == 3:
                return tooltip(d.get("origin") or self.tr("Shipped with Clinic Reference"))
            return None
        if role == Role.ID:
            return doc_id
        if role == Role.STATE:
            return bool(d["bundled"]), bool(d["hidden"])
        if role == Role.LABELS:
            return d["kind"], d["audience"]
        return None

    def _cell(self, d: dict, column: int) -> str:
        if column == 0:
            return d["title"]
        if column == 1:
            return kind_label(d["kind"])
        if column == 2:
            return self.tr("patients") if d["audience"] == "patient" else self.tr("clinicians")
        if column == 3:
            return self.tr("bundled") if d["bundled"] else d["file_name"]
        return self.tr("hidden") if d["hidden"] else self.tr("yes")
