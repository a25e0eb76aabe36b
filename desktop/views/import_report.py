"""After an import: what was added, what was skipped as a duplicate, what failed and why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.plain import plain, tooltip
from search_index.library import ImportReport


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import finished"))
        self.summary = plain(QLabel(report.summary() + ".", self))
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("importReport")
        self.tree.setAccessibleName(self.tr("Files added, skipped and failed"))
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Document or reason")])
        self.tree.setColumnWidth(0, 220)
        self.tree.setWordWrap(True)
        groups = [
            (self.tr("Failed (%d)"), [(f, r) for f, r in report.failed]),
            (
                self.tr("Skipped as duplicates (%d)"),
                [(f, f"{t} — {why}") for f, t, why in report.duplicates],
            ),
            (self.tr("Added (%d)"), report.added),
        ]
        for label, rows in groups:
            head = QTreeWidgetItem(self.tree, [label % len(rows)])
            head.setFirstColumnSpanned(True)
            for name, text in rows:
                item = QTreeWidgetItem(head, [name, text])
                item.setToolTip(1, tooltip(text))
                item.setToolTip(0, tooltip(name))
            head.setExpanded(bool(rows) and len(rows) <= 50)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(960, 440)  # room for a whole reason on one line
