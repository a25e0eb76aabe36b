"""A clinician's reviews of the statements extracted automatically from added documents:
recorded one by one from the grid, and carried between a clinic's workstations as one file."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from desktop.views.review_dialog import ReviewDialog
from search_index.schema import open_store
from search_index.treatments import reviews
from search_index.treatments.comparison import StatementView


class StatementReviews(QObject):
    changed = Signal()  # a review was recorded or imported: the grid is out of date
    told = Signal(str)  # what happened, for the grid's status line
    saved = Signal(str)  # a review recorded, to be announced

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.db: sqlite_utils.Database | None = None  # writable, to the library: reviews live there
        self.initials = ""  # the reviewer's, for this session
        self.button = QPushButton(self.tr("Reviews"), parent)
        self.button.setAccessibleName(self.tr("Reviews of automatic statements"))
        menu = QMenu(self.button)
        self.export_action = menu.addAction(self.tr("Export reviews…"), self.export_reviews)
        self.import_action = menu.addAction(self.tr("Import reviews…"), self.import_reviews)
        self.button.setMenu(menu)

    def set_store(self, path: Path | None) -> None:
        """Reviews are written to the library's store (None: read-only, e.g. the kiosk)."""
        if self.db is not None:
            self.db.close()
        self.db = open_store(path) if path is not None else None

    def show_button(self, audience: str) -> None:
        self.button.setVisible(audience == "clinician")
        self.button.setEnabled(self.db is not None)

    def review(self, st: StatementView) -> None:
        if self.db is None:
            self.told.emit(self.tr("This library is open read-only: reviews cannot be saved here."))
            return
        dialog = ReviewDialog(st, self.initials, self.parent_widget)
        if not dialog.exec() or not dialog.decision:
            return
        self.initials = dialog.initials.text().strip().upper()
        option, row = dialog.moved_to()
        reviews.record(
            self.db,
            st.document_key,
            st.sentence_hash,
            st.original_option,
            dialog.decision,
            self.initials,
            sentence=st.text,
            new_option=option,
            new_row=row,
        )
        self.changed.emit()
        self.saved.emit(self.tr("Review saved (%s).") % dialog.decision)

    def export_reviews(self) -> None:
        if self.db is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            self.tr("Export reviews"),
            "statement-reviews.json",
            self.tr("Reviews (*.json)"),
        )
        if name:
            n = reviews.export(self.db, Path(name))
            self.told.emit(self.tr("%d reviews exported to %s.") % (n, name))

    def import_reviews(self) -> None:
        if self.db is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self.parent_widget, self.tr("Import reviews"), "", self.tr("Reviews (*.json)")
        )
        if not name:
            return
        try:
            n = reviews.import_file(self.db, Path(name))
        except reviews.ReviewFileError as exc:
            QMessageBox.warning(self.parent_widget, self.tr("Import reviews"), str(exc))
            return
        self.changed.emit()
        self.told.emit(self.tr("%d reviews imported from %s.") % (n, name))
