"""Paging the comparison grid: Qt splits a table row across pages line by line and shows its
label only before the break, so the rows are paged here. Each statement's height is measured in a
first layout of the whole grid as one table; then each page gets its own table, filled from those
heights, and stretches of text after the tables that would run across a page's end start a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat, QTextTable


@dataclass
class Chunk:
    """One table row of the printout: a grid row's items from `start` up to `end`, per column."""

    row: str
    start: list[int]
    end: list[int]
    continued: bool
    oversize: bool = False  # an item taller than a page, which Qt breaks where it must


@dataclass
class Measures:
    """Heights in a layout of the whole grid as one table: each item's per cell, each row
    label's, a row's padding and borders (`overhead`), the header row, the title above."""

    heights: dict[tuple[str, int], list[float]]
    labels: dict[str, float]
    overhead: float
    header: float
    title: float


def measure(
    trial: QTextDocument, marks: dict[tuple[str, int], list[int]], rows: list[str], columns: int
) -> Measures:
    """The grid's measures, from `trial` (the grid as one table) and `marks`, where each cell's
    items start, and the cell ends, in it."""
    layout = trial.documentLayout()
    table = next(f for f in trial.rootFrame().childFrames() if isinstance(f, QTextTable))
    top = layout.frameBoundingRect(table).top()
    heights: dict[tuple[str, int], list[float]] = {}
    labels: dict[str, float] = {}
    row_tops: list[float] = []
    content: list[float] = []
    for r, row in enumerate(rows, start=1):
        label = layout.blockBoundingRect(table.cellAt(r, 0).firstCursorPosition().block())
        row_tops.append(label.top())
        labels[row] = label.height()
        tallest = label.height()
        for c in range(columns):
            *starts, end = [trial.findBlock(at) for at in marks[row, c]]
            tops = [layout.blockBoundingRect(b).top() for b in starts]
            bottom = layout.blockBoundingRect(end).bottom() + end.blockFormat().bottomMargin()
            heights[row, c] = [b - a for a, b in zip(tops, [*tops[1:], bottom], strict=True)]
            tallest = max(tallest, sum(heights[row, c]))
        content.append(tallest)
    table_bottom = layout.frameBoundingRect(table).bottom()
    gaps = [b - a - h for a, b, h in zip(row_tops, [*row_tops[1:], table_bottom], content, strict=True)]
    return Measures(heights, labels, max(gaps), row_tops[0] - top, top)


def paginate(
    m: Measures, rows: list[str], n_columns: int, lead: float, page_h: float
) -> list[list[Chunk]]:
    """Each page's table rows: a row goes on under its label where it does not fit, and never
    starts as a scrap at a page's foot. `lead`: the gap above a table that starts a page."""
    heights, labels, overhead, header = m.heights, m.labels, m.overhead, m.header
    columns = range(n_columns)
    pages: list[list[Chunk]] = [[]]
    room = page_h - m.title - header
    for row in rows:
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
                Chunk(row, list(at), list(take), continued, oversize=used + overhead > room)
            )
            room -= used + overhead
            at, continued = take, True
            if at != ends:
                pages.append([])
                room = page_h - lead - header
    return [p for p in pages if p]


def fit(doc: QTextDocument, pages: list[list[Chunk]], page_h: float) -> tuple[float, float]:
    """How far the furthest table runs past the end of its page (<= 0: all fit; a table
    holding an item taller than a page is left out), and the gap above a table that starts
    a page."""
    layout = doc.documentLayout()
    worst, lead = -1.0, 0.0
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    for number, (frame, chunks) in enumerate(zip(tables, pages, strict=True)):
        box = layout.frameBoundingRect(frame)
        if not any(chunk.oversize for chunk in chunks):
            worst = max(worst, box.bottom() - (box.top() // page_h + 1) * page_h)
        if number:
            lead = max(lead, box.top() % page_h)
    return worst, lead


def keep_together(doc: QTextDocument, groups: list[tuple[int, int]], page_h: float) -> None:
    """Start on a new page each stretch of text that would run across a page's end."""
    layout = doc.documentLayout()
    breaking = QTextBlockFormat()
    breaking.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    for start, end in groups:
        first, last = doc.findBlock(start), doc.findBlock(end)
        top = layout.blockBoundingRect(first).top()
        bottom = layout.blockBoundingRect(last).bottom()
        if top // page_h != (bottom - 1) // page_h and bottom - top < page_h:
            QTextCursor(first).mergeBlockFormat(breaking)
