"""The treatment options to compare, as a checkable list under their categories' headings, named
in the audience's words."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.plain import tooltip
from search_index.lexicon import treatment_data
from search_index.treatments.comparison import option_label

OPTION_ROLE = Qt.ItemDataRole.UserRole  # an option's id; headings hold none
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1  # a heading's category


class OptionsModel(QStandardItemModel):
    """One row per heading and per option; `toggled` says which option a person ticked."""

    toggled = Signal(str, bool)  # option id, checked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._updating = False
        self.itemChanged.connect(self._on_item_changed)

    def set_options(self, options: list[dict]) -> None:
        self._updating = True
        self.clear()
        for category, label in treatment_data()["categories"].items():
            members = [o for o in options if o["category"] == category]
            if not members:
                continue
            head = QStandardItem(label)
            head.setData(category, CATEGORY_ROLE)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, not choosable
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.appendRow(head)
            for o in members:
                item = QStandardItem(o["name"])
                item.setData(o["id"], OPTION_ROLE)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.appendRow(item)
        self._updating = False

    def name_for(self, audience: str) -> None:
        """Plain names and plain headings for patients."""
        data = treatment_data()
        by_id = {o["id"]: o for o in data["options"]}
        headings = data["categories_plain" if audience == "patient" else "categories"]
        self._updating = True
        for row in range(self.rowCount()):
            item = self.item(row)
            oid = item.data(OPTION_ROLE)
            if not oid:
                item.setText(headings[item.data(CATEGORY_ROLE)])
                continue
            o = by_id[oid]
            item.setText(option_label(o, audience))
            plain = o["description"] if audience == "patient" else f"{o['plain']}: {o['description']}"
            item.setToolTip(tooltip(plain))
        self._updating = False

    def ids(self) -> list[str]:
        return [oid for row in range(self.rowCount()) if (oid := self.item(row).data(OPTION_ROLE))]

    def is_checked(self, option_id: str) -> bool:
        item = self._item_of(option_id)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_checked(self, option_ids: set[str]) -> None:
        """Tick exactly these options (no `toggled` signal)."""
        self._updating = True
        for row in range(self.rowCount()):
            item = self.item(row)
            if oid := item.data(OPTION_ROLE):
                checked = oid in option_ids
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._updating = False

    def _item_of(self, option_id: str) -> QStandardItem | None:
        found = self.match(self.index(0, 0), OPTION_ROLE, option_id, 1, Qt.MatchFlag.MatchExactly)
        return self.itemFromIndex(found[0]) if found else None

    def _on_item_changed(self, item: QStandardItem) -> None:
        oid = item.data(OPTION_ROLE)
        if not self._updating and oid:
            self.toggled.emit(oid, item.checkState() == Qt.CheckState.Checked)
