"""File → Documents: every document in the library, bundled or added; import, remove, hide or
show, re-read, rebuild everything (every document read again, the index built anew), and say
what a document is and whom it is written for where the reading guessed wrong. The work itself
is the window's (in a worker)."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
)

from desktop.models.documents import DocumentsModel, Role
from desktop.plain import plain
from search_index.reading.model import KIND_LABELS

# Whether the window changes the library: it writes it; another window does, and a change
# asked for here takes the library over (once that one has let it go); or it cannot at all.
Writing = Literal["write", "take over", "read"]


class DocumentsDialog(QDialog):
    importRequested = Signal()
    removeRequested = Signal(list)
    hideRequested = Signal(list, bool)  # ids, hidden
    rereadRequested = Signal(list)
    rebuildRequested = Signal()
    relabelRequested = Signal(list, str, str)  # ids, kind, audience

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Documents in the library"))
        self.note = plain(QLabel(self))
        self.note.setWordWrap(True)
        # why the last change asked for here could not be made (the main window's status bar,
        # which says it too, is behind this dialog)
        self.refusal = plain(QLabel(self))
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.model = DocumentsModel(self)
        self.proxy = QSortFilterProxyModel(self)  # sorted by the column clicked
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("documents")
        self.tree.setAccessibleName(self.tr("Documents in the library"))
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setModel(self.proxy)
        for column, width in enumerate((400, 140, 90, 150)):
            self.tree.setColumnWidth(column, width)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.tree.selectionModel().selectionChanged.connect(self._enable)
        buttons = self._build_buttons()
        labels = self._build_relabelling()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.refusal)
        layout.addWidget(self.tree)
        layout.addLayout(labels)
        layout.addWidget(buttons)
        self.access: Writing = "write"  # as of the last fill
        self.resize(980, 480)

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.import_button = self._button(buttons, self.tr("&Import…"), self.importRequested.emit)
        self.remove_button = self._button(
            buttons, self.tr("&Remove"), lambda: self.removeRequested.emit(self.selected())
        )
        self.hide_button = self._button(
            buttons, self.tr("&Hide"), lambda: self.hideRequested.emit(self.selected(), True)
        )
        self.show_button = self._button(
            buttons, self.tr("&Show"), lambda: self.hideRequested.emit(self.selected(), False)
        )
        self.reread_button = self._button(
            buttons, self.tr("Re-&read"), lambda: self.rereadRequested.emit(self.selected())
        )
        self.rebuild_button = self._button(buttons, self.tr("Re&build all"), self.rebuildRequested.emit)
        return buttons

    def _build_relabelling(self) -> QHBoxLayout:
        """What a document is and whom it is written for, set for the selected ones."""
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind of document"))
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.audience = QComboBox(self)
        self.audience.setAccessibleName(self.tr("Written for"))
        self.audience.addItem(self.tr("patients"), "patient")
        self.audience.addItem(self.tr("clinicians"), "clinician")
        self.relabel_button = QPushButton(self.tr("Set for the selected"), self)
        self.relabel_button.clicked.connect(
            lambda _checked=False: self.relabelRequested.emit(
                self.selected(), self.kind.currentData(), self.audience.currentData()
            )
        )
        labels = QHBoxLayout()
        kind_label, audience_label = (
            QLabel(self.tr("&Kind:"), self),
            QLabel(self.tr("&Written for:"), self),
        )
        kind_label.setBuddy(self.kind)
        audience_label.setBuddy(self.audience)
        for w in (kind_label, self.kind, audience_label, self.audience, self.relabel_button):
            labels.addWidget(w)
        labels.addStretch(1)
        return labels

    def _button(self, box: QDialogButtonBox, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def fill(self, documents: dict[str, dict], access: Writing = "write") -> None:
        """`documents`: every document's row (hidden ones too); `access`: the window's, now."""
        self.access = access
        self.refusal.hide()
        chosen = set(self.selected())
        self.model.set_documents(documents)
        self.select(chosen)
        added = sum(1 for d in documents.values() if not d["bundled"])
        hidden = sum(1 for d in documents.values() if d["hidden"])
        self.note.setText(
            self.tr(
                "%d documents: %d bundled, %d added; %d hidden. Bundled "
                "documents can be hidden but not removed."
            )
            % (len(documents), len(documents) - added, added, hidden)
            + self._access_note()
        )
        self._enable()

    def refuse(self, reason: str) -> None:
        """Say, in the dialog, why the change asked for was not made."""
        self.refusal.setText(reason)
        self.refusal.show()

    def _access_note(self) -> str:
        if self.access == "take over":
            return " " + self.tr(
                "This window only reads the library for now: a change asked for here takes it "
                "over first (once no other window is changing it)."
            )
        if self.access == "read":
            return " " + self.tr("This window cannot change the library.")
        return ""

    def selected(self) -> list[str]:
        return [index.data(Role.ID) for index in self.tree.selectionModel().selectedRows()]

    def select(self, doc_ids: set[str]) -> None:
        """Select these documents' rows (and no other)."""
        chosen = QItemSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Role.ID) in doc_ids:
                chosen.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().select(chosen, flags)

    def _enable(self) -> None:
        rows = self.tree.selectionModel().selectedRows()
        states = [index.data(Role.STATE) for index in rows]
        bundled = any(b for b, _ in states)
        hidden = sum(h for _, h in states)
        w = self.access != "read"  # a change asked for may take the library over first
        self.import_button.setEnabled(w)
        self.rebuild_button.setEnabled(w)
        self.remove_button.setEnabled(w and bool(states) and not bundled)
        self.hide_button.setEnabled(w and hidden < len(states))
        self.show_button.setEnabled(w and hidden > 0)
        self.reread_button.setEnabled(w and bool(states))
        self.relabel_button.setEnabled(w and bool(states))
        labels = [index.data(Role.LABELS) for index in rows]
        if labels:  # the first selected document's labels, to change from
            self.kind.setCurrentIndex(max(0, self.kind.findData(labels[0][0])))
            self.audience.setCurrentIndex(max(0, self.audience.findData(labels[0][1])))
