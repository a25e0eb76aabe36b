"""Printouts: the comparison grid as a landscape table, for print preview, printing and PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import (
    QFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)

from desktop.pages import Paper, PreviewDialog
from desktop.views.grid_text import PAPER, fmt, write_cell
from search_index.treatments.comparison import Grid, glossary_for

TITLE = QTextDocument.MetaInformation.DocumentTitle


def grid_document(grid: Grid, collection_date: str, size: float = 9.0) -> QTextDocument:
    """The grid as a document: a title, a table (header repeated on every page), sources."""
    patient = grid.audience == "patient"
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", int(size)))
    cursor = QTextCursor(doc)
    names = [c.option["plain" if patient else "name"] for c in grid.columns]
    doc.setMetaInformation(TITLE, "Treatment options compared: " + ", ".join(names))
    cursor.insertText("Treatment options compared: " + " · ".join(names),
                      fmt(bold=True, point_size=size * 1.5))
    cursor.insertBlock()
    scope = f"Cancer type: {grid.cancer}" if grid.cancer else "All cancer types"
    cursor.insertText(f"{scope}. Collection of {collection_date}; printed {date.today():%d %B %Y}."
                      " Every statement is a sentence of the source named after it.",
                      fmt(color=PAPER.color("muted"), point_size=size))
    cursor.insertBlock()

    table_format = QTextTableFormat()
    table_format.setHeaderRowCount(1)  # repeated at the top of each page
    table_format.setCellPadding(4)
    table_format.setCellSpacing(0)
    table_format.setBorder(0.5)
    table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    first = 14
    rest = (100 - first) / len(grid.columns)
    table_format.setColumnWidthConstraints(
        [QTextLength(QTextLength.Type.PercentageLength, first)]
        + [QTextLength(QTextLength.Type.PercentageLength, rest)] * len(grid.columns))
    table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table = cursor.insertTable(len(grid.rows) + 1, len(grid.columns) + 1, table_format)
    header = QTextCharFormat()
    for col, column in enumerate(grid.columns, start=1):
        c = table.cellAt(0, col).firstCursorPosition()
        c.insertText(names[col - 1], fmt(header, bold=True, point_size=size * 1.1))
        if patient:
            c.insertBlock()
            c.insertText(column.option["description"], fmt(italic=True, point_size=size * 0.9))
    seen: set[str] = set()
    for r, row in enumerate(grid.rows, start=1):
        table.cellAt(r, 0).firstCursorPosition().insertText(
            grid.row_title(row), fmt(bold=True, point_size=size))
        for col, column in enumerate(grid.columns, start=1):
            write_cell(table.cellAt(r, col).firstCursorPosition(), column.cells[row], size,
                       patient, seen, linked=False, theme=PAPER)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    statements = [s for c in grid.columns for cell in c.cells.values() for s in cell.statements]
    if patient:
        terms = glossary_for([s.text for s in statements])
        if terms:
            cursor.insertBlock()
            cursor.insertText("Words used above", fmt(bold=True, point_size=size * 1.2))
            for term, definition in terms:
                cursor.insertBlock()
                cursor.insertText(f"{term}: ", fmt(bold=True, point_size=size))
                cursor.insertText(definition, fmt(point_size=size))
    cursor.insertBlock()
    cursor.insertText("Sources", fmt(bold=True, point_size=size * 1.2))
    for file_name, title in sorted({(s.file_name, s.title) for s in statements}):
        cursor.insertBlock()
        cursor.insertText(f"{title} ({file_name})", fmt(point_size=size * 0.9))
    cursor.insertBlock()
    cursor.insertText("What the documents say, not advice for any one person: talk it over with "
                      "your care team.", fmt(italic=True, color=PAPER.color("muted"), point_size=size))
    return doc


def paper(page: str = "A4") -> Paper:
    """The grid's sheet: landscape, narrow margins, so its columns get the width."""
    return Paper(page, landscape=True, margins_mm=(12, 12, 12, 12))


def export_pdf(doc: QTextDocument, path: Path, page: str = "A4") -> Path:
    doc.print_(paper(page).pdf(path, doc.metaInformation(TITLE)))
    return path


def preview(doc: QTextDocument, parent=None, page: str = "A4", *,
            to_file: bool = True) -> PreviewDialog:
    return PreviewDialog(paper(page), doc.print_, parent, to_file=to_file)
