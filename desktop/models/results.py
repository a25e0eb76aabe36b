"""Search results as a Qt list model, with named roles for the delegate and tests."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.plain import tooltip
from search_index.fields import kind_label
from search_index.results import Hit

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    HIT = Qt.ItemDataRole.UserRole + 1
    TITLE = Qt.ItemDataRole.UserRole + 2
    SECTION = Qt.ItemDataRole.UserRole + 3
    SNIPPET = Qt.ItemDataRole.UserRole + 4
    SPANS = Qt.ItemDataRole.UserRole + 5
    DOCUMENT_ID = Qt.ItemDataRole.UserRole + 6
    KIND = Qt.ItemDataRole.UserRole + 7
    TITLE_SPANS = Qt.ItemDataRole.UserRole + 8
    RELATED = Qt.ItemDataRole.UserRole + 9


class ResultsModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return f"{hit.title} — {hit.section}"
            case Qt.ItemDataRole.AccessibleTextRole:
                return f"{hit.title}. {hit.section}. {hit.snippet.text}"
            case Qt.ItemDataRole.ToolTipRole:
                # the whole title, which a long one's row shows cut short
                return tooltip(f"{hit.title}\n{hit.file_name} · {kind_label(hit.kind)}")
            case Role.HIT:
                return hit
            case Role.TITLE:
                return hit.title
            case Role.SECTION:
                return hit.section
            case Role.SNIPPET:
                return hit.snippet.text
            case Role.SPANS:
                return hit.snippet.spans
            case Role.DOCUMENT_ID:
                return hit.document_id
            case Role.KIND:
                return kind_label(hit.kind)
            case Role.TITLE_SPANS:
                return hit.title_spans
            case Role.RELATED:
                return hit.related
        return None
