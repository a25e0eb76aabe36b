"""The comparison grid on paper: landscape tables paged by hand (desktop/grid_paging.py), one
layout for the preview, the printer and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)

from desktop import grid_paging
from desktop.grid_paging import Chunk
from desktop.pages import Paper, footer, reference_device, write_printout_pdf
from desktop.preview import PrintPreview
from desktop.settings import Settings
from desktop.views.grid_text import PAPER, fmt, write_cell, write_statement
from search_index.reading.provenance import readable_date, with_status
from search_index.treatments.comparison import (
    Cell,
    Grid,
    StatementView,
    glossary_for,
    note_label,
)

TITLE = QTextDocument.MetaInformation.DocumentTitle
DISPUTES = "Where the sources disagree"
REFERENCE_DPI = 96  # the grid is laid out in pixels of this size, then scaled to the device


def paper(page: str = "A4") -> Paper:
    """The grid's sheet: landscape, narrow margins, so its columns get the width."""
    return Paper(page, landscape=True, margins_mm=(12, 12, 12, 12))


def today() -> str:
    return readable_date(date.today().isoformat())


@dataclass
class _Dispute:
    """A disagreement across the collection, printed once after the table: its words, the
    strongest statement of each source on either side, the options (columns) it concerns."""

    text: str
    sources: list[StatementView]
    options: list[str]


class _Sections:
    """Writes the sections after the tables: headings and entries, and the stretches of text
    (a heading with its first entry, an entry) that must stay on one page."""

    def __init__(self, cursor: QTextCursor, size: float) -> None:
        self.cursor, self.size = cursor, size
        self.groups: list[tuple[int, int]] = []
        self.heading = QTextBlockFormat()
        self.heading.setTopMargin(10)
        self.heading.setBottomMargin(2)
        self.entry_format = QTextBlockFormat()
        self.entry_format.setBottomMargin(3)

    def section(self, title: str) -> int:
        """A heading; returns where it starts."""
        self.cursor.insertBlock(self.heading)
        start = self.cursor.position()
        self.cursor.insertText(title, fmt(bold=True, point_size=self.size * 1.2))
        return start

    def entry(self, head: int | None) -> int:
        """Begins an entry; returns where its stretch starts (`head`, its section's heading,
        if it is the first)."""
        self.cursor.insertBlock(self.entry_format)
        return self.cursor.position() if head is None else head

    def close(self, start: int) -> None:
        self.groups.append((start, self.cursor.position()))

    def entries(self, title: str, entries: list[list[tuple[str, QTextCharFormat]]]) -> None:
        """A section of entries, each written as runs of text; nothing when there are none."""
        head: int | None = self.section(title) if entries else None
        for runs in entries:
            start = self.entry(head)
            head = None
            for text, char_format in runs:
                self.cursor.insertText(text, char_format)
            self.close(start)


class GridPrintout:
    """The grid on paper (a desktop.pages.Printout): each page holds its own table with the
    options' names and every row's label ("… (continued)" where a row goes on), a statement is
    never split from its source line, and the pages are numbered "n of N"; then where the
    sources disagree, the words explained and the sources.

    What the screen repeats in every cell is said once on paper: a source's status lines in
    full under Sources (a short marker on each of its statements), a disagreement with both
    sides after the table (a pointer in the cells it concerns).
    """

    dpi = REFERENCE_DPI

    def __init__(self, grid: Grid, collection_date: str, page: str = "A4", size: float = 9.0) -> None:
        self.grid, self.collection_date, self.size = grid, collection_date, size
        self.disputes = self._disputes()
        self.widths = self._widths()
        self.paper = paper(page)
        self.device = reference_device(REFERENCE_DPI)
        self.footer = size * 2.2 * REFERENCE_DPI / 72
        self.lay_out(self.paper.layout())

    def lay_out(self, page: QPageLayout) -> None:
        """Page the grid for this page layout (the preview's page setup may change it)."""
        self.page_layout = page
        rect = page.paintRect(QPageLayout.Unit.Inch)
        self.page_size = QSizeF(
            rect.width() * REFERENCE_DPI, rect.height() * REFERENCE_DPI - self.footer
        )
        rows, n = self.grid.rows, len(self.grid.columns)
        whole = [
            Chunk(row, [0] * n, [len(self._items(row, c)) for c in range(n)], False) for row in rows
        ]
        trial, marks, _ = self._build([whole], QSizeF(self.page_size.width(), 1e7))
        measures = grid_paging.measure(trial, marks, rows, n)
        page_h = self.page_size.height()
        lead = safety = 0.0
        for _ in range(5):  # a measured height may be off by a little: shrink the page, retry
            pages = grid_paging.paginate(measures, rows, n, lead, page_h - safety)
            self.doc, _, groups = self._build(pages, self.page_size)
            overflow, measured = grid_paging.fit(self.doc, pages, page_h)
            if overflow <= 0:
                break
            if measured > lead:  # the gap above a table at a page's top, once known
                lead = measured
            else:
                safety += overflow
        grid_paging.keep_together(self.doc, groups, page_h)
        self.page_count = self.doc.pageCount()
        self.title = self.doc.metaInformation(TITLE)

    # -- what a cell holds, as items that stay whole ---------------------------------------

    def _items(self, row: str, col: int) -> list[tuple[int, int]]:
        """A cell's items as ranges of its statements: the note (if any) travels with the
        first; an empty cell is one item (its note, and "nothing on this")."""
        n = len(self.grid.columns[col].cells[row].statements)
        return [(i, i + 1) for i in range(n)] if n else [(0, 0)]

    def _disputes(self) -> list[_Dispute]:
        found: dict[str, _Dispute] = {}
        patient = self.grid.audience == "patient"
        for column in self.grid.columns:
            name = column.option["plain" if patient else "name"]
            for row in self.grid.rows:
                note = column.cells[row].note
                if note:
                    found.setdefault(note, _Dispute(note, column.cells[row].note_sources, []))
                    found[note].options.append(name)
        return list(found.values())

    def _widths(self, labels: float = 14) -> list[float]:
        """Percentages of the page's width: the row labels', then each option's, wider for an
        option with more to say (as the square root of its text, between 0.8 and 1.5 times an
        even share), the same on every page so that an option keeps its place."""
        amounts = [
            sum(
                len(st.lead_in) + len(st.text) + len(st.source_name) + len(st.section)
                for cell in column.cells.values()
                for st in cell.statements
            )
            or 1
            for column in self.grid.columns
        ]
        even = (100 - labels) / len(amounts)
        roots = [a**0.5 for a in amounts]
        raw = [min(max(r / sum(roots) * (100 - labels), 0.8 * even), 1.5 * even) for r in roots]
        return [labels] + [w * (100 - labels) / sum(raw) for w in raw]

    def _pointer(self, note: str) -> str:
        """What a cell says of a disagreement printed after the table."""
        n = next(n for n, d in enumerate(self.disputes, 1) if d.text == note)
        return f"The sources disagree on this: both sides under “{DISPUTES}” ({n}), after the table."

    def _write_item(
        self, cursor: QTextCursor, row: str, col: int, item: int, patient: bool, seen: set[str]
    ) -> None:
        cell = self.grid.columns[col].cells[row]
        lo, hi = self._items(row, col)[item]
        note = self._pointer(cell.note) if cell.note and item == 0 else ""
        write_cell(
            cursor,
            Cell(cell.statements[lo:hi], note),
            self.size,
            patient,
            seen,
            linked=False,
            theme=PAPER,
            status_in_full=False,
        )

    # -- the document ----------------------------------------------------------------------

    def _build(
        self, pages: list[list[Chunk]], page_size: QSizeF
    ) -> tuple[QTextDocument, dict[tuple[str, int], list[int]], list[tuple[int, int]]]:
        """The document; where each cell's items start (and the cell ends) in it; the stretches
        after the tables that must not be split across pages."""
        grid, size = self.grid, self.size
        patient = grid.audience == "patient"
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(QFont("DejaVu Sans", int(size)))
        names = [c.option["plain" if patient else "name"] for c in grid.columns]
        doc.setMetaInformation(TITLE, "Treatment options compared: " + ", ".join(names))
        cursor = QTextCursor(doc)
        cursor.insertText(
            "Treatment options compared: " + " · ".join(names), fmt(bold=True, point_size=size * 1.5)
        )
        cursor.insertBlock()
        scope = f"Cancer type: {grid.cancer}" if grid.cancer else "All cancer types"
        cursor.insertText(
            f"{scope}. Collection of {self.collection_date}; printed "
            f"{today()}. Every statement is a sentence of the source named after "
            "it; the sources' own status lines are listed in full under Sources.",
            fmt(color=PAPER.color("muted"), point_size=size),
        )
        seen: set[str] = set()
        marks: dict[tuple[str, int], list[int]] = {}
        for number, chunks in enumerate(pages):
            cursor.movePosition(QTextCursor.MoveOperation.End)
            table = cursor.insertTable(
                len(chunks) + 1, len(grid.columns) + 1, self._table_format(new_page=number > 0)
            )
            for col, column in enumerate(grid.columns, start=1):
                c = table.cellAt(0, col).firstCursorPosition()
                c.insertText(names[col - 1], fmt(bold=True, point_size=size * 1.1))
                if patient:
                    c.insertBlock()
                    c.insertText(column.option["description"], fmt(italic=True, point_size=size * 0.9))
            for r, chunk in enumerate(chunks, start=1):
                label = grid.row_title(chunk.row) + (" (continued)" if chunk.continued else "")
                table.cellAt(r, 0).firstCursorPosition().insertText(
                    label, fmt(bold=True, point_size=size)
                )
                for col in range(len(grid.columns)):
                    at = table.cellAt(r, col + 1).firstCursorPosition()
                    for item in range(chunk.start[col], chunk.end[col]):
                        if item > chunk.start[col]:
                            at.insertBlock()
                        marks.setdefault((chunk.row, col), []).append(at.position())
                        self._write_item(at, chunk.row, col, item, patient, seen)
                    marks.setdefault((chunk.row, col), []).append(at.position())  # the end
        cursor.movePosition(QTextCursor.MoveOperation.End)
        groups = self._write_after_tables(cursor, patient, seen)
        # laid out once, when the text is all in (a layout kept up to date with every insert
        # took seconds)
        doc.documentLayout().setPaintDevice(self.device)
        doc.setPageSize(page_size)
        return doc, marks, groups

    def _table_format(self, new_page: bool) -> QTextTableFormat:
        table_format = QTextTableFormat()
        table_format.setHeaderRowCount(1)
        table_format.setCellPadding(4)
        table_format.setCellSpacing(0)
        table_format.setBorder(0.5)
        table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        table_format.setTopMargin(6)
        if new_page:
            table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        table_format.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, share) for share in self.widths]
        )
        table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        return table_format

    def _write_after_tables(
        self, cursor: QTextCursor, patient: bool, seen: set[str]
    ) -> list[tuple[int, int]]:
        """Where the sources disagree, the words explained, the sources; returns the stretches
        of text that must not be split across pages (a heading stays with what follows it)."""
        size = self.size
        out = _Sections(cursor, size)
        if self.disputes:
            self._write_disputes(out, patient, seen)
        statements = [
            s for c in self.grid.columns for cell in c.cells.values() for s in cell.statements
        ] + [s for d in self.disputes for s in d.sources]
        if patient:
            terms = glossary_for([s.text for s in statements])
            out.entries(
                "Words used above",
                [
                    [(f"{t}: ", fmt(bold=True, point_size=size)), (d, fmt(point_size=size))]
                    for t, d in terms
                ],
            )
        lines = sorted({with_status(s.source_name or s.title, s.source_status) for s in statements})
        out.entries("Sources", [[(line, fmt(point_size=size * 0.9))] for line in lines])
        cursor.insertBlock(out.heading)
        cursor.insertText(
            "What the documents say, not advice for any one person: talk it over with your care team.",
            fmt(italic=True, color=PAPER.color("muted"), point_size=size),
        )
        if out.groups:  # never alone on the last page
            out.groups[-1] = (out.groups[-1][0], cursor.position())
        return out.groups

    def _write_disputes(self, out: _Sections, patient: bool, seen: set[str]) -> None:
        """Each disagreement: its words, the options it concerns, each side's statement with
        its source (a statement and its source stay on one page, the first with the words)."""
        cursor, size = out.cursor, self.size
        head: int | None = out.section(DISPUTES)
        for n, dispute in enumerate(self.disputes, 1):
            start: int | None = out.entry(head)
            head = None
            cursor.insertText(
                f"{n}. {dispute.text}", fmt(bold=True, color=PAPER.color("warn"), point_size=size)
            )
            cursor.insertText(
                "\nFor: " + ", ".join(dispute.options), fmt(italic=True, point_size=size * 0.9)
            )
            for st in dispute.sources:
                start = out.entry(start)
                cursor.insertText(
                    f"{note_label(st, patient)}: ",
                    fmt(italic=True, color=PAPER.color("warn"), point_size=size * 0.9),
                )
                write_statement(
                    cursor,
                    st,
                    size * 0.9,
                    patient,
                    seen,
                    linked=False,
                    theme=PAPER,
                    status_in_full=False,
                )
                out.close(start)
                start = None

    # -- painting --------------------------------------------------------------------------

    def paint_page(self, painter: QPainter, index: int) -> None:
        """One page of the document, and its footer ("… page 2 of 5")."""
        width, height = self.page_size.width(), self.page_size.height()
        painter.save()
        painter.translate(0, -index * height)
        self.doc.drawContents(painter, QRectF(0, index * height, width, height))
        painter.restore()
        font = QFont("DejaVu Sans")
        font.setPixelSize(round(self.size * 0.85 * REFERENCE_DPI / 72))
        footer(
            painter,
            QRectF(0, height, width, self.footer),
            font,
            f"Treatment options compared, printed {today()} — page {index + 1} of {self.page_count}",
        )


def export_pdf(printout: GridPrintout, path: Path) -> Path:
    write_printout_pdf(path, printout)
    return path


def preview(printout: GridPrintout, parent=None, *, to_file: bool = True) -> PrintPreview:
    """The comparison's print preview; with `to_file` (never in the kiosk) Export PDF… too,
    remembering its folder in the app's settings."""
    settings = Settings() if to_file else None
    return PrintPreview(printout, parent, settings=settings, file_name="comparison.pdf")
