"""The comparison grid on paper: landscape tables paged by hand, for preview, printing and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPainter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableFormat,
)

from desktop.pages import Paper, PreviewDialog, begin, footer
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
class _Chunk:
    """One table row of the printout: a grid row's items from `start` up to `end`, per column."""

    row: str
    start: list[int]
    end: list[int]
    continued: bool
    oversize: bool = False  # an item taller than a page, which Qt breaks where it must


def _reference_device() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(REFERENCE_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


@dataclass
class _Dispute:
    """A disagreement across the collection, printed once after the table: its words, the
    strongest statement of each source on either side, the options (columns) it concerns."""

    text: str
    sources: list[StatementView]
    options: list[str]


class GridPrintout:
    """The grid on paper: each page holds its own table with the options' names and every row's
    label ("… (continued)" where a row goes on), a statement is never split from its source
    line, and the pages are numbered "n of N"; then where the sources disagree, the words
    explained and the sources.

    Qt splits a table row across pages line by line and shows its label only before the break,
    so the rows are paged here: each statement's height is measured in a first layout of the
    whole grid, then each page's table is filled from those heights.

    What the screen repeats in every cell is said once on paper: a source's status lines in
    full under Sources (a short marker on each of its statements), a disagreement with both
    sides after the table (a pointer in the cells it concerns).
    """

    def __init__(self, grid: Grid, collection_date: str, page: str = "A4", size: float = 9.0) -> None:
        self.grid, self.collection_date, self.size = grid, collection_date, size
        self.disputes = self._disputes()
        self.widths = self._widths()
        self.paper = paper(page)
        self.device = _reference_device()  # fixes the layout's dpi, whatever the screen's
        self.footer = size * 2.2 * REFERENCE_DPI / 72
        self._lay_out(self.paper.layout())

    def _lay_out(self, page: QPageLayout) -> None:
        """Page the grid for this page layout (the preview's page setup may change it)."""
        self.page_layout = page
        rect = page.paintRect(QPageLayout.Unit.Inch)
        self.page_size = QSizeF(
            rect.width() * REFERENCE_DPI, rect.height() * REFERENCE_DPI - self.footer
        )
        columns = range(len(self.grid.columns))
        whole = [
            _Chunk(row, [0 for _ in columns], [len(self._items(row, c)) for c in columns], False)
            for row in self.grid.rows
        ]
        trial, marks, _ = self._build([whole], QSizeF(self.page_size.width(), 1e7))
        heights, labels, overhead, header, title = self._measure(trial, marks)
        lead = safety = 0.0
        for _ in range(5):  # a measured height may be off by a little: shrink the page, retry
            pages = self._paginate(
                heights, labels, overhead, header, title, lead, self.page_size.height() - safety
            )
            self.doc, _, groups = self._build(pages, self.page_size)
            overflow, measured = self._fit(pages)
            if overflow <= 0:
                break
            if measured > lead:  # the gap above a table at a page's top, once known
                lead = measured
            else:
                safety += overflow
        self._keep_together(self.doc, groups)
        self.page_count = self.doc.pageCount()

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
        self, pages: list[list[_Chunk]], page_size: QSizeF
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
        groups: list[tuple[int, int]] = []
        heading = QTextBlockFormat()
        heading.setTopMargin(10)
        heading.setBottomMargin(2)
        entry = QTextBlockFormat()
        entry.setBottomMargin(3)

        def section(title: str) -> int:
            cursor.insertBlock(heading)
            start = cursor.position()
            cursor.insertText(title, fmt(bold=True, point_size=size * 1.2))
            return start

        def item(head: int | None) -> int:
            """Begins an entry; returns where its stretch starts (its section's heading, if
            it is the first)."""
            cursor.insertBlock(entry)
            return cursor.position() if head is None else head

        def close(start: int) -> None:
            groups.append((start, cursor.position()))

        if self.disputes:
            head: int | None = section(DISPUTES)
            for n, dispute in enumerate(self.disputes, 1):
                start: int | None = item(head)
                head = None
                cursor.insertText(
                    f"{n}. {dispute.text}", fmt(bold=True, color=PAPER.color("warn"), point_size=size)
                )
                cursor.insertText(
                    "\nFor: " + ", ".join(dispute.options), fmt(italic=True, point_size=size * 0.9)
                )
                for st in dispute.sources:
                    cursor.insertBlock(entry)
                    start = cursor.position() if start is None else start
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
                    close(start)
                    start = None
        statements = [
            s for c in self.grid.columns for cell in c.cells.values() for s in cell.statements
        ] + [s for d in self.disputes for s in d.sources]
        if patient:
            terms = glossary_for([s.text for s in statements])
            head = section("Words used above") if terms else None
            for term, definition in terms:
                start = item(head)
                head = None
                cursor.insertText(f"{term}: ", fmt(bold=True, point_size=size))
                cursor.insertText(definition, fmt(point_size=size))
                close(start)
        head = section("Sources")
        for line in sorted({with_status(s.source_name or s.title, s.source_status) for s in statements}):
            start = item(head)
            head = None
            cursor.insertText(line, fmt(point_size=size * 0.9))
            close(start)
        cursor.insertBlock(heading)
        cursor.insertText(
            "What the documents say, not advice for any one person: talk it over with your care team.",
            fmt(italic=True, color=PAPER.color("muted"), point_size=size),
        )
        groups[-1] = (groups[-1][0], cursor.position())  # never alone on the last page
        return groups

    def _keep_together(self, doc: QTextDocument, groups: list[tuple[int, int]]) -> None:
        """Start on a new page each stretch of text that would run across a page's end."""
        layout = doc.documentLayout()
        page_h = self.page_size.height()
        breaking = QTextBlockFormat()
        breaking.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        for start, end in groups:
            first, last = doc.findBlock(start), doc.findBlock(end)
            top = layout.blockBoundingRect(first).top()
            bottom = layout.blockBoundingRect(last).bottom()
            if top // page_h != (bottom - 1) // page_h and bottom - top < page_h:
                QTextCursor(first).mergeBlockFormat(breaking)

    # -- paging ----------------------------------------------------------------------------

    def _measure(self, trial: QTextDocument, marks: dict[tuple[str, int], list[int]]):
        """From a layout of the whole grid as one table: each item's height per cell, each
        row label's height, a row's padding and borders, the header row, the title above."""
        layout = trial.documentLayout()
        table = next(f for f in trial.rootFrame().childFrames() if isinstance(f, QTextTable))
        top = layout.frameBoundingRect(table).top()
        heights: dict[tuple[str, int], list[float]] = {}
        labels: dict[str, float] = {}
        row_tops, content = [], []
        for r, row in enumerate(self.grid.rows, start=1):
            label = layout.blockBoundingRect(table.cellAt(r, 0).firstCursorPosition().block())
            row_tops.append(label.top())
            labels[row] = label.height()
            tallest = label.height()
            for c in range(len(self.grid.columns)):
                *starts, end = [trial.findBlock(at) for at in marks[row, c]]
                tops = [layout.blockBoundingRect(b).top() for b in starts]
                bottom = layout.blockBoundingRect(end).bottom() + end.blockFormat().bottomMargin()
                heights[row, c] = [b - a for a, b in zip(tops, [*tops[1:], bottom], strict=True)]
                tallest = max(tallest, sum(heights[row, c]))
            content.append(tallest)
        end = layout.frameBoundingRect(table).bottom()
        gaps = [b - a - h for a, b, h in zip(row_tops, [*row_tops[1:], end], content, strict=True)]
        return heights, labels, max(gaps), row_tops[0] - top, top

    def _paginate(
        self,
        heights: dict[tuple[str, int], list[float]],
        labels: dict[str, float],
        overhead: float,
        header: float,
        title: float,
        lead: float,
        page_h: float,
    ) -> list[list[_Chunk]]:
        columns = range(len(self.grid.columns))
        pages: list[list[_Chunk]] = [[]]
        room = page_h - title - header
        for row in self.grid.rows:
            at = [0 for _ in columns]
            ends = [len(heights[row, c]) for c in columns]
            continued = False
            while at != ends:
                take, used = list(at), labels[row]
                for c in columns:
                    h = 0.0
                    while take[c] < ends[c] and h + heights[row, c][take[c]] + overhead <= room:
                        h += heights[row, c][take[c]]
                        take[c] += 1
                    used = max(used, h)
                fresh = not pages[-1]
                # a row starts where each of its columns shows something, and not as one line
                starved = any(t == a < e for t, a, e in zip(take, at, ends, strict=True))
                scrap = take != ends and sum(t - a for t, a in zip(take, at, strict=True)) < 2
                if take == at or ((starved or scrap) and not fresh and not continued):
                    if not fresh:  # start the row on a new page rather than leave a scrap
                        pages.append([])
                        room = page_h - lead - header
                        continue
                    # one item taller than a page: it goes alone, and Qt breaks it
                    take = [min(a + 1, e) for a, e in zip(at, ends, strict=True)]
                    used = max(sum(heights[row, c][at[c] : take[c]]) for c in columns)
                pages[-1].append(
                    _Chunk(row, list(at), list(take), continued, oversize=used + overhead > room)
                )
                room -= used + overhead
                at, continued = take, True
                if at != ends:
                    pages.append([])
                    room = page_h - lead - header
        return [p for p in pages if p]

    def _fit(self, pages: list[list[_Chunk]]) -> tuple[float, float]:
        """How far the furthest table runs past the end of its page (<= 0: all fit; a table
        holding an item taller than a page is left out), and the gap above a table that starts
        a page."""
        layout = self.doc.documentLayout()
        page_h = self.page_size.height()
        worst, lead = -1.0, 0.0
        tables = [f for f in self.doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
        for number, (frame, chunks) in enumerate(zip(tables, pages, strict=True)):
            box = layout.frameBoundingRect(frame)
            if not any(chunk.oversize for chunk in chunks):
                worst = max(worst, box.bottom() - (box.top() // page_h + 1) * page_h)
            if number:
                lead = max(lead, box.top() % page_h)
        return worst, lead

    # -- painting --------------------------------------------------------------------------

    def paint(self, device: QPagedPaintDevice) -> int:
        """Every page on a printer or a PDF writer, numbered; returns the number of pages."""
        if not device.pageLayout().isEquivalentTo(self.page_layout):
            self._lay_out(device.pageLayout())
        painter = QPainter()
        begin(painter, device)
        scale = device.logicalDpiX() / REFERENCE_DPI
        painter.scale(scale, scale)
        width, height = self.page_size.width(), self.page_size.height()
        footer_font = QFont("DejaVu Sans")
        footer_font.setPixelSize(round(self.size * 0.85 * REFERENCE_DPI / 72))
        for page in range(self.page_count):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * height)
            self.doc.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            footer(
                painter,
                QRectF(0, height, width, self.footer),
                footer_font,
                f"Treatment options compared, printed {today()} — page {page + 1} of {self.page_count}",
            )
        painter.end()
        return self.page_count


def export_pdf(printout: GridPrintout, path: Path) -> Path:
    printout.paper.write_pdf(path, printout.doc.metaInformation(TITLE), printout.paint)
    return path


def preview(printout: GridPrintout, parent=None, *, to_file: bool = True) -> PreviewDialog:
    return PreviewDialog(printout.paper, printout.paint, parent, to_file=to_file)
