"""Filters beside the results: document kind, audience, cancer type, treatment, year."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

from desktop.models.facets import FACET_ROLE, VALUE_ROLE, FacetModel
from desktop.theme import strong, with_fusion_tick_boxes


class FilterPane(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPane")
        self.model = FacetModel(self)
        self._shown: dict = {}
        self._later = QTimer(self)  # owned: stops with the pane
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._update)
        title = QLabel(self.tr("Filters"), self)
        title.setObjectName("paneTitle")
        strong(title)
        self.tree = QTreeView(self)
        self.tree.setObjectName("filters")
        self.tree.setAccessibleName(self.tr("Filters"))
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        # Plain Fusion here: the list is redrawn after every search, and the Python-drawn
        # tick boxes made typing stutter (9 pauses over one frame per run against 1).
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        with_fusion_tick_boxes(self.tree)
        self.model.modelReset.connect(self._fit_columns)
        self.model.rowsInserted.connect(lambda *_: self._fit_columns())
        self.clear = QPushButton(self.tr("Clear filters"), self)
        self.clear.setEnabled(False)
        self.clear.clicked.connect(self.model.clear_filters)
        self.model.filtersChanged.connect(lambda f: self.clear.setEnabled(bool(f)))
        self.model.modelReset.connect(self.tree.expandAll)
        self.model.rowsInserted.connect(lambda *_: self.tree.expandAll())
        layout = QVBoxLayout(self)
        self.setMinimumWidth(120)
        layout.setContentsMargins(10, 10, 4, 10)
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.clear)

    def show_facets(self, results) -> None:
        """Update the counts after the results are on screen (a later turn of the event loop,
        so the two never add up to one long pause), and only if they changed."""
        if results.facets != self._shown:
            self._shown = results.facets
            self._later.start()

    def _update(self) -> None:
        """The new counts, the keyboard's place kept: the current filter (ticked a moment ago,
        say) stays current and selected, in view, the list scrolled as it was if it can be."""
        at = self.tree.currentIndex()
        place = (at.data(FACET_ROLE), at.data(VALUE_ROLE), at.column())
        scrolled = self.tree.verticalScrollBar().value()
        self.model.set_facets(self._shown)
        found = self.model.find(*place) if at.isValid() else QModelIndex()
        if found.isValid():
            self.tree.setCurrentIndex(found)  # laid out first: the scroll bar's range is new
        self.tree.verticalScrollBar().setValue(scrolled)
        if found.isValid():
            self.tree.scrollTo(found)  # (only if that left it out of view)

    def _fit_columns(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row in range(self.model.rowCount()):  # facet titles span both columns
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
