"""Filters beside the results: document kind, audience, cancer type, treatment, year."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

from desktop.models.facets import FacetModel


class FilterPane(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPane")
        self.model = FacetModel(self)
        title = QLabel(self.tr("Filters"), self)
        title.setObjectName("paneTitle")
        self.tree = QTreeView(self)
        self.tree.setObjectName("filters")
        self.tree.setAccessibleName(self.tr("Filters"))
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.model.modelReset.connect(self._fit_columns)
        self.model.rowsInserted.connect(lambda *_: self._fit_columns())
        self.clear = QPushButton(self.tr("Clear filters"), self)
        self.clear.setEnabled(False)
        self.clear.clicked.connect(self.model.clear_filters)
        self.model.filtersChanged.connect(lambda f: self.clear.setEnabled(bool(f)))
        self.model.modelReset.connect(self.tree.expandAll)
        self.model.rowsInserted.connect(lambda *_: self.tree.expandAll())
        layout = QVBoxLayout(self)
        self.setMinimumWidth(140)
        layout.setContentsMargins(10, 10, 4, 10)
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.clear)

    def _fit_columns(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row in range(self.model.rowCount()):  # facet titles span both columns
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
