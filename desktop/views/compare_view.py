"""Treatment options side by side: choose 2 to 4, read every cell with its figures, evidence
and source; print or export the grid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.announce import announce
from desktop.models.options import OptionsModel
from desktop.theme import strong, with_tick_boxes
from desktop.views.grid_cells import CellView, glossary, option_heading, row_label
from desktop.views.grid_text import write_cell
from desktop.views.statement_reviews import StatementReviews
from search_index.lexicon import cancer_types
from search_index.treatments.comparison import Grid, StatementView, build_grid, option_label

MAX_OPTIONS = 4


class CompareView(QWidget):
    statementActivated = Signal(object)  # StatementView

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.db = None
        self.grid: Grid | None = None
        self.statements: dict[int, StatementView] = {}

        self.options = OptionsModel(self)
        self.options.toggled.connect(self._option_toggled)
        self._order: list[str] = []  # the ticked options' ids, in the order ticked
        self.chooser = QListView(self)
        self.chooser.setObjectName("optionChooser")
        self.chooser.setAccessibleName(self.tr("Treatment options to compare"))
        self.chooser.setModel(self.options)
        with_tick_boxes(self.chooser)
        self.chooser.setMinimumWidth(210)
        self.chooser.setWordWrap(True)
        self.chooser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cancer = QComboBox(self)
        self.cancer.setAccessibleName(self.tr("Cancer type"))
        self.cancer.addItem(self.tr("All cancer types"), None)
        for tag in cancer_types():
            self.cancer.addItem(tag.label, tag.id)
        self.cancer.currentIndexChanged.connect(self.refresh)
        self.audience = QComboBox(self)
        self.audience.setAccessibleName(self.tr("View for"))
        self.audience.addItem(self.tr("Clinician view"), "clinician")
        self.audience.addItem(self.tr("Patient view"), "patient")
        self.audience.currentIndexChanged.connect(self._audience_changed)
        # Reviews of automatic statements travel between a clinic's workstations as one file.
        self.reviews = StatementReviews(self)
        self.reviews_button = self.reviews.button
        self.print_button = QPushButton(self.tr("Print preview…"), self)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.questions_button = QPushButton(self.tr("Add questions about these"), self)
        self.questions_button.setToolTip(self.tr("Add questions about these options to My questions"))
        self.status = QLabel(self.tr("Choose two to four options to compare."), self)
        self.status.setObjectName("compareStatus")
        self._lay_out(self._grid_area())
        self.print_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.questions_button.setEnabled(False)
        self.reviews.changed.connect(self.refresh)
        self.reviews.told.connect(self.status.setText)
        self.reviews.saved.connect(lambda text: announce(self.status, self.tr("Review"), text))
        self._show_review_buttons()

    def _grid_area(self) -> QScrollArea:
        self.grid_host = QWidget()
        self.grid_layout = QGridLayout(self.grid_host)
        self.grid_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid_layout.setHorizontalSpacing(8)
        self.grid_layout.setVerticalSpacing(8)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setObjectName("gridArea")
        scroll.setAccessibleName(self.tr("Comparison grid"))
        return scroll

    def _lay_out(self, scroll: QScrollArea) -> None:
        bar = QHBoxLayout()
        for w in (QLabel(self.tr("Cancer type:")), self.cancer, self.audience):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.reviews_button)
        second = QHBoxLayout()
        second.addWidget(self.status, 1)
        second.addWidget(self.questions_button)
        second.addWidget(self.print_button)
        second.addWidget(self.pdf_button)
        self.status.setWordWrap(True)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addLayout(second)
        right.addWidget(scroll, 1)
        left = QVBoxLayout()
        title = QLabel(self.tr("Options"))
        title.setObjectName("paneTitle")
        strong(title)
        left.addWidget(title)
        left.addWidget(self.chooser, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    # -- options -----------------------------------------------------------------------------

    def set_store(self, db, options: list[dict]) -> None:
        """A collection (again, after a change to the library): the options still offered stay
        ticked, and the grid is read from it anew."""
        self.db = db
        self.options.set_options(options)
        self._name_options()
        self.choose(self._order)

    def _name_options(self) -> None:
        """The picker in the audience's words: plain names and plain headings for patients."""
        self.options.name_for(self.audience.currentData())

    def keep_patient_view(self) -> None:
        """The kiosk: the patient view only (reviewed statements, plain words), no switch."""
        self.audience.setCurrentIndex(self.audience.findData("patient"))
        self.audience.hide()
        self.audience.setEnabled(False)

    def _audience_changed(self) -> None:
        self._name_options()
        self._show_review_buttons()
        self.refresh()

    # -- reviews of automatic statements ------------------------------------------------------

    def set_review_store(self, path: Path | None) -> None:
        """Reviews are written to the library's store (None: read-only, e.g. the kiosk)."""
        self.reviews.set_store(path)
        self._show_review_buttons()

    def _show_review_buttons(self) -> None:
        self.reviews.show_button(self.audience.currentData())

    def review(self, statement_id: int) -> None:
        self.reviews.review(self.statements[statement_id])

    def selected(self) -> list[str]:
        return [oid for oid in self._order if self.options.is_checked(oid)]

    def choose(self, option_ids: list[str]) -> None:
        """Tick exactly these options (in this order) and show the grid."""
        self.options.set_checked(set(option_ids))
        known = set(self.options.ids())
        self._order = [o for o in option_ids if o in known]
        self.refresh()

    def _option_toggled(self, option_id: str, checked: bool) -> None:
        if checked:
            if len(self._order) >= MAX_OPTIONS:
                self.options.set_checked(set(self.selected()))
                self.status.setText(self.tr("Four options at most: untick one first."))
                return
            self._order.append(option_id)
        elif option_id in self._order:
            self._order.remove(option_id)
        self.refresh()

    # -- the grid ----------------------------------------------------------------------------

    def refresh(self) -> None:
        ids = self.selected()
        self._clear_grid()
        if self.db is None or len(ids) < 2:
            self.grid = None
            self.status.setText(self.tr("Choose two to four options to compare."))
            self.print_button.setEnabled(False)
            self.pdf_button.setEnabled(False)
            self.questions_button.setEnabled(False)
            return
        self.grid = build_grid(self.db, ids, self.cancer.currentData(), self.audience.currentData())
        self.statements = {
            s.id: s
            for c in self.grid.columns
            for cell in c.cells.values()
            for s in cell.statements + cell.note_sources
        }
        self._show_grid(self.grid)
        n = len(self.statements)
        message = self.tr("%d statements from the documents; click a source to read it in place.") % n
        if self.grid.hidden_unreviewed:
            message += (
                " "
                + self.tr(
                    "%d statements from added documents are not shown: no "
                    "clinician has checked them yet."
                )
                % self.grid.hidden_unreviewed
            )
        announce(self.status, self.tr("Comparison"), message)
        self.print_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.questions_button.setEnabled(True)

    def _clear_grid(self) -> None:
        while item := self.grid_layout.takeAt(0):
            w = item.widget()
            if w is not None:
                w.hide()  # gone at once, not at the next turn of the event loop
                w.deleteLater()

    def _show_grid(self, grid: Grid) -> None:
        patient = grid.audience == "patient"
        size = self.font().pointSizeF() * (1.15 if patient else 1.0)
        for col, column in enumerate(grid.columns, start=1):
            self.grid_layout.addWidget(option_heading(column, grid.audience), 0, col)
        seen: set[str] = set()
        self.cells: dict[tuple[str, str], CellView] = {}
        for r, row in enumerate(grid.rows, start=1):
            label = row_label(grid.row_title(row))
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            label.setMinimumWidth(110)
            self.grid_layout.addWidget(label, r, 0)
            for col, column in enumerate(grid.columns, start=1):
                view = CellView()
                view.setObjectName("cell")
                view.setAccessibleName(
                    f"{grid.row_title(row)}: {option_label(column.option, grid.audience)}"
                )
                doc = QTextDocument(view)
                write_cell(QTextCursor(doc), column.cells[row], size, patient, seen)
                view.setDocument(doc)
                view.statementClicked.connect(
                    lambda sid: self.statementActivated.emit(self.statements[sid])
                )
                view.reviewClicked.connect(self.review)
                self.grid_layout.addWidget(view, r, col)
                self.cells[(row, column.option["id"])] = view
        words = glossary(grid) if patient else None
        if words is not None:
            n = len(grid.rows) + 1
            self.grid_layout.addWidget(row_label(self.tr("Words used above")), n, 0)
            self.grid_layout.addWidget(words, n, 1, 1, len(grid.columns))
        for col in range(1, len(grid.columns) + 1):
            self.grid_layout.setColumnStretch(col, 1)
