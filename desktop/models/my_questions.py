"""The user's question list as an item model: reorder by drag and drop or keys, edit in place,
mark the top three; every change goes through an undo stack."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QUndoCommand, QUndoStack

from search_index.questions.lists import ListItem

MIME = "application/x-clinic-reference-question-row"
TOP_LIMIT = 3
_Index = QModelIndex | QPersistentModelIndex


class MyQuestionsModel(QAbstractListModel):
    changed = Signal(int)  # the undo stack's index, or -1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[ListItem] = []
        self.undo = QUndoStack(self)
        self.undo.indexChanged.connect(self.changed)  # signal to signal: gone with the model

    # -- model -------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.text
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.top else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                "One of my top three (printed first)"
                if item.top
                else "Tick to make it one of your top three"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{index.row() + 1}. {item.text}" + (", top three" if item.top else "")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = index.row()
        if role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if text and text != self.items[row].text:
                self.undo.push(_Edit(self, row, text))
            return True
        if role == Qt.ItemDataRole.CheckStateRole:
            self.set_top(row, Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        return False

    # drag and drop: rows move inside the list, as one undoable step
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        data.setData(MIME, QByteArray(str(indexes[0].row()).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: _Index) -> bool:
        if not data.hasFormat(MIME):
            return False
        source = int(data.data(MIME).toStdString())
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.items))
        if target > source:
            target -= 1
        if target != source:
            self.move(source, target)
        return False  # we moved it ourselves: the view must not remove the source row

    # -- operations (all undoable) -----------------------------------------------------------

    def add(self, item: ListItem, row: int | None = None) -> None:
        if any(i.text == item.text for i in self.items):
            return
        self.undo.push(_Insert(self, len(self.items) if row is None else row, item))

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.undo.push(_Remove(self, row))

    def move(self, source: int, target: int) -> None:
        target = max(0, min(len(self.items) - 1, target))
        if source != target and 0 <= source < len(self.items):
            self.undo.push(_Move(self, source, target))

    def set_top(self, row: int, top: bool) -> bool:
        """Mark or unmark one of the top three; refuses a fourth."""
        if top and not self.items[row].top and sum(i.top for i in self.items) >= TOP_LIMIT:
            return False
        if self.items[row].top != top:
            self.undo.push(_Top(self, row, top))
        return True

    def replace_all(self, items: list[ListItem]) -> None:
        self.beginResetModel()
        self.items = [ListItem(i.text, i.question_id, i.top) for i in items]
        self.endResetModel()
        self.undo.clear()
        self.changed.emit(-1)

    def texts(self) -> list[str]:
        return [i.text for i in self.items]

    # raw changes, used by the commands
    def _insert(self, row: int, item: ListItem) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.insert(row, item)
        self.endInsertRows()

    def _remove(self, row: int) -> ListItem:
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self.items.pop(row)
        self.endRemoveRows()
        return item

    def _move(self, source: int, target: int) -> None:
        dest = target + 1 if target > source else target
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), dest)
        self.items.insert(target, self.items.pop(source))
        self.endMoveRows()

    def _changed(self, row: int) -> None:
        index = self.index(row)
        self.dataChanged.emit(index, index)


class _Insert(QUndoCommand):
    def __init__(self, model: MyQuestionsModel, row: int, item: ListItem) -> None:
        super().__init__(f"Add “{item.text[:30]}”")
        self.model, self.row, self.item = model, row, item

    def redo(self) -> None:
        self.model._insert(self.row, self.item)

    def undo(self) -> None:
        self.model._remove(self.row)


class _Remove(QUndoCommand):
    def __init__(self, model: MyQuestionsModel, row: int) -> None:
        super().__init__("Remove a question")
        self.model, self.row = model, row
        self.item: ListItem | None = None

    def redo(self) -> None:
        self.item = self.model._remove(self.row)

    def undo(self) -> None:
        assert self.item is not None
        self.model._insert(self.row, self.item)


class _Move(QUndoCommand):
    def __init__(self, model: MyQuestionsModel, source: int, target: int) -> None:
        super().__init__("Move a question")
        self.model, self.source, self.target = model, source, target

    def redo(self) -> None:
        self.model._move(self.source, self.target)

    def undo(self) -> None:
        self.model._move(self.target, self.source)


class _Edit(QUndoCommand):
    def __init__(self, model: MyQuestionsModel, row: int, text: str) -> None:
        super().__init__("Edit a question")
        # (`edited`, not `text`: QUndoCommand.text() is the command's name, which the undo
        # stack's menu items show)
        self.model, self.row, self.edited = model, row, text
        self.before = model.items[row]

    def redo(self) -> None:
        # An edited question is the user's own: it no longer claims a document as its source.
        self.model.items[self.row] = ListItem(self.edited, "", self.before.top)
        self.model._changed(self.row)

    def undo(self) -> None:
        self.model.items[self.row] = self.before
        self.model._changed(self.row)


class _Top(QUndoCommand):
    def __init__(self, model: MyQuestionsModel, row: int, top: bool) -> None:
        super().__init__("Top three" if top else "Not in the top three")
        self.model, self.row, self.top = model, row, top

    def redo(self) -> None:
        self.model.items[self.row].top = self.top
        self.model._changed(self.row)

    def undo(self) -> None:
        self.model.items[self.row].top = not self.top
        self.model._changed(self.row)
