"""After an import: what was added, what was skipped as a duplicate, what failed and why."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeView, QVBoxLayout

from desktop.models.import_report import ImportReportModel
from desktop.plain import plain
from search_index.library import ImportReport


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import finished"))
        self.summary = plain(QLabel(report.summary().rstrip(".") + ".", self))
        self.summary.setWordWrap(True)
        self.model = ImportReportModel(report, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("importReport")
        self.tree.setAccessibleName(self.tr("Files added, skipped and failed"))
        self.tree.setModel(self.model)
        self.tree.setColumnWidth(0, 220)
        self.tree.setWordWrap(True)
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            files = self.model.item(row).rowCount()
            self.tree.setExpanded(self.model.index(row, 0), 0 < files <= 50)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(960, 440)  # room for a whole reason on one line
