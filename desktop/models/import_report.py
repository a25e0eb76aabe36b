"""An import's outcome as a two-column tree: failed, skipped and added documents under a heading
each, with the document's title or the reason beside the file's name, and the folders not looked
into if there were any."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.plain import tooltip
from search_index.library import ImportReport


class ImportReportModel(QStandardItemModel):
    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("File"), self.tr("Document or reason")])
        groups = [
            (self.tr("Failed (%d)"), [(f, r) for f, r in report.failed]),
            (
                self.tr("Skipped as duplicates (%d)"),
                [(f, f"{t} — {why}") for f, t, why in report.duplicates],
            ),
            (self.tr("Added (%d)"), report.added),
        ] + ([(self.tr("Folders not looked into (%d)"), report.folders)] if report.folders else [])
        for label, rows in groups:
            head = QStandardItem(label % len(rows))
            head.setEditable(False)
            for name, text in rows:
                head.appendRow([self._cell(name), self._cell(text)])
            self.appendRow([head, self._cell("")])

    @staticmethod
    def _cell(text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        if text:
            item.setToolTip(tooltip(text))
        return item
