"""File → Documents: every document in the library, bundled or added; import, remove, hide or
show, re-read, rebuild everything (every document read again, the index built anew), and say
what a document is and whom it is written for where the reading guessed wrong. The work itself
is the window's (in a worker)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.plain import plain, tooltip
from search_index.index import kind_label
from search_index.reading.model import KIND_LABELS

ID = Qt.ItemDataRole.UserRole
STATE = Qt.ItemDataRole.UserRole + 1  # (bundled, hidden)
LABELS = Qt.ItemDataRole.UserRole + 2  # (kind, audience)


class DocumentsDialog(QDialog):
    importRequested = Signal()
    removeRequested = Signal(list)
    hideRequested = Signal(list, bool)  # ids, hidden
    rereadRequested = Signal(list)
    rebuildRequested = Signal()
    relabelRequested = Signal(list, str, str)  # ids, kind, audience

    def __init__(self, parent=None, *, writable: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Documents in the library"))
        self.note = plain(QLabel(self))
        self.note.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("documents")
        self.tree.setAccessibleName(self.tr("Documents in the library"))
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setHeaderLabels([self.tr("Title"), self.tr("Kind"), self.tr("For"),
                                   self.tr("From"), self.tr("Shown")])
        for column, width in enumerate((400, 140, 90, 150)):
            self.tree.setColumnWidth(column, width)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.tree.itemSelectionChanged.connect(self._enable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.import_button = self._button(buttons, self.tr("&Import…"), self.importRequested.emit)
        self.remove_button = self._button(buttons, self.tr("&Remove"),
                                          lambda: self.removeRequested.emit(self.selected()))
        self.hide_button = self._button(buttons, self.tr("&Hide"),
                                        lambda: self.hideRequested.emit(self.selected(), True))
        self.show_button = self._button(buttons, self.tr("&Show"),
                                        lambda: self.hideRequested.emit(self.selected(), False))
        self.reread_button = self._button(buttons, self.tr("Re-&read"),
                                          lambda: self.rereadRequested.emit(self.selected()))
        self.rebuild_button = self._button(buttons, self.tr("Re&build all"),
                                           self.rebuildRequested.emit)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind of document"))
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.audience = QComboBox(self)
        self.audience.setAccessibleName(self.tr("Written for"))
        self.audience.addItem(self.tr("patients"), "patient")
        self.audience.addItem(self.tr("clinicians"), "clinician")
        self.relabel_button = QPushButton(self.tr("Set for the selected"), self)
        self.relabel_button.clicked.connect(lambda _checked=False: self.relabelRequested.emit(
            self.selected(), self.kind.currentData(), self.audience.currentData()))
        labels = QHBoxLayout()
        kind_label, audience_label = QLabel(self.tr("&Kind:"), self), QLabel(
            self.tr("&Written for:"), self)
        kind_label.setBuddy(self.kind)
        audience_label.setBuddy(self.audience)
        for w in (kind_label, self.kind, audience_label, self.audience, self.relabel_button):
            labels.addWidget(w)
        labels.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree)
        layout.addLayout(labels)
        layout.addWidget(buttons)
        self.writable = writable
        self.resize(980, 480)

    def _button(self, box: QDialogButtonBox, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def fill(self, documents: dict[str, dict]) -> None:
        """`documents`: every document's row (hidden ones too)."""
        chosen = set(self.selected())
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for doc_id, d in documents.items():
            item = QTreeWidgetItem(self.tree, [
                d["title"], kind_label(d["kind"]),
                self.tr("patients") if d["audience"] == "patient" else self.tr("clinicians"),
                self.tr("bundled") if d["bundled"] else d["file_name"],
                self.tr("hidden") if d["hidden"] else self.tr("yes")])
            item.setData(0, ID, doc_id)
            item.setData(0, STATE, (bool(d["bundled"]), bool(d["hidden"])))
            item.setData(0, LABELS, (d["kind"], d["audience"]))
            item.setToolTip(0, tooltip(d["title"]))
            item.setToolTip(3, tooltip(d.get("origin") or self.tr("Shipped with Clinic Reference")))
            item.setSelected(doc_id in chosen)
        self.tree.setSortingEnabled(True)
        added = sum(1 for d in documents.values() if not d["bundled"])
        hidden = sum(1 for d in documents.values() if d["hidden"])
        self.note.setText(self.tr("%d documents: %d bundled, %d added; %d hidden. Bundled "
                                  "documents can be hidden but not removed.")
                          % (len(documents), len(documents) - added, added, hidden)
                          + ("" if self.writable else " " + self.tr(
                              "This window cannot change the library (another one is "
                              "writing to it).")))
        self._enable()

    def selected(self) -> list[str]:
        return [item.data(0, ID) for item in self.tree.selectedItems()]

    def _enable(self) -> None:
        states = [item.data(0, STATE) for item in self.tree.selectedItems()]
        bundled = any(b for b, _ in states)
        hidden = sum(h for _, h in states)
        w = self.writable
        self.import_button.setEnabled(w)
        self.rebuild_button.setEnabled(w)
        self.remove_button.setEnabled(w and bool(states) and not bundled)
        self.hide_button.setEnabled(w and hidden < len(states))
        self.show_button.setEnabled(w and hidden > 0)
        self.reread_button.setEnabled(w and bool(states))
        self.relabel_button.setEnabled(w and bool(states))
        labels = [item.data(0, LABELS) for item in self.tree.selectedItems()]
        if labels:  # the first selected document's labels, to change from
            self.kind.setCurrentIndex(max(0, self.kind.findData(labels[0][0])))
            self.audience.setCurrentIndex(max(0, self.audience.findData(labels[0][1])))
