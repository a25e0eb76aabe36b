"""Filter values with their counts, as a checkable tree: facet > value (count)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.plain import tooltip
from search_index.results import FacetValue

FACET_TITLES = {
    "type": "Document kind",
    "audience": "Written for",
    "cancer": "Cancer type",
    "treatment": "Treatment",
    "year": "Year",
}
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
FACET_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3


class FacetModel(QStandardItemModel):
    """Rebuilt from each search's facet counts; the ticked values are the filters."""

    filtersChanged = Signal(dict)  # facet -> set of values

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.selected: dict[str, set[str]] = {}
        self._updating = False
        self.itemChanged.connect(self._on_item_changed)

    def set_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        self._updating = True
        self.clear()
        root = self.invisibleRootItem()
        for facet, values in facets.items():
            if not values:
                continue
            head = QStandardItem(FACET_TITLES.get(facet, facet))
            head.setToolTip(tooltip(head.text()))  # a narrow pane cuts names short: whole here
            head.setEditable(False)
            head.setSelectable(False)
            head.setData(facet, FACET_ROLE)
            for v in values:
                item = QStandardItem(v.label)
                item.setToolTip(tooltip(f"{v.label}: {v.count}"))
                item.setEditable(False)
                item.setCheckable(True)
                checked = v.value in self.selected.get(facet, set())
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                item.setData(v.value, VALUE_ROLE)
                item.setData(facet, FACET_ROLE)
                item.setData(v.count, COUNT_ROLE)
                item.setData(
                    f"{FACET_TITLES.get(facet, facet)}: {v.label}, {v.count} passages",
                    Qt.ItemDataRole.AccessibleTextRole,
                )
                count = QStandardItem(str(v.count))
                count.setEditable(False)
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                head.appendRow([item, count])
            root.appendRow([head, QStandardItem()])
        self._updating = False

    def clear_filters(self) -> None:
        self.selected = {}
        self._updating = True
        for row in range(self.rowCount()):
            head = self.item(row)
            for i in range(head.rowCount()):
                head.child(i).setCheckState(Qt.CheckState.Unchecked)
        self._updating = False
        self.filtersChanged.emit({})

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._updating or not item.isCheckable():
            return
        facet, value = item.data(FACET_ROLE), item.data(VALUE_ROLE)
        chosen = self.selected.setdefault(facet, set())
        if item.checkState() == Qt.CheckState.Checked:
            chosen.add(value)
        else:
            chosen.discard(value)
        if not chosen:
            del self.selected[facet]
        self.filtersChanged.emit({f: set(v) for f, v in self.selected.items()})
