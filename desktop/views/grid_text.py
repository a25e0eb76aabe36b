"""Writing comparison cells into a QTextDocument (the screen and the printout share this).

Statement text is inserted as text through a cursor, never parsed as HTML; figures are set in
bold where they stand; a link per statement leads to its source.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor

from desktop.plain import tooltip
from desktop.theme import THEMES, Theme, current
from search_index.treatments.comparison import NOTHING, Cell, StatementView, spell_out

PAPER = THEMES["light"]  # printouts are dark on white whatever the screen's theme


def fmt(base: QTextCharFormat | None = None, *, bold=False, italic=False, color=None,
        scale: float = 1.0, point_size: float | None = None) -> QTextCharFormat:
    f = QTextCharFormat(base) if base is not None else QTextCharFormat()
    if point_size:
        f.setFontPointSize(point_size * scale)
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    if color is not None:
        f.setForeground(color)
    return f


def write_statement(cursor: QTextCursor, st: StatementView, size: float, patient: bool,
                    seen_abbreviations: set[str], linked: bool = True,
                    theme: Theme | None = None) -> None:
    """One statement: its sentence (figures bold), its evidence, its source."""
    t = theme or current()
    base = fmt(point_size=size)
    figures = sorted((f["start"], f["end"]) for f in st.figures)
    pieces = spell_out(st.text, seen_abbreviations) if patient else [(st.text, "text")]
    pos = 0  # position in st.text
    for piece, kind in pieces:
        if kind == "added":  # our spelling-out, not the source's words: set apart
            cursor.insertText(piece, fmt(base, italic=True, color=t.color("muted")))
            continue
        _write_with_figures(cursor, st.text, pos, pos + len(piece), figures, base)
        pos += len(piece)
    badge = st.design or "design not stated"
    if st.size:
        badge += f" · {st.size}"
    cursor.insertText("  ")
    cursor.insertText(f"[{badge}]", fmt(base, color=t.color("badge"), scale=0.85, point_size=size))
    source = fmt(base, color=t.color("link" if linked else "muted"), scale=0.85, point_size=size)
    if linked:
        source.setAnchor(True)
        source.setAnchorHref(f"stmt:{st.id}")
        source.setFontUnderline(True)
    source.setToolTip(tooltip(f"{st.title} — {st.section} ({st.file_name})"))
    cursor.insertText(f" source: {st.section}", source)


def _write_with_figures(cursor: QTextCursor, text: str, start: int, end: int,
                        figures: list[tuple[int, int]], base: QTextCharFormat) -> None:
    pos = start
    for fs, fe in figures:
        if fe <= pos or fs >= end:
            continue
        fs, fe = max(fs, pos), min(fe, end)
        cursor.insertText(text[pos:fs], base)
        cursor.insertText(text[fs:fe], fmt(base, bold=True))
        pos = fe
    cursor.insertText(text[pos:end], base)


def write_cell(cursor: QTextCursor, cell: Cell, size: float, patient: bool,
               seen: set[str], linked: bool = True, theme: Theme | None = None) -> None:
    t = theme or current()
    first = True
    spaced = QTextBlockFormat()
    spaced.setBottomMargin(5)

    def new_block() -> None:
        nonlocal first
        if first:
            cursor.setBlockFormat(spaced)
        else:
            cursor.insertBlock(spaced)
        first = False

    if cell.note:
        new_block()
        cursor.insertText("⚠ " + cell.note, fmt(bold=True, color=t.color("warn"), point_size=size))
        for st in cell.note_sources:
            new_block()
            side = "holds" if st.polarity == "kept" else "reduced"
            cursor.insertText(f"  benefit {side}: ", fmt(italic=True, color=t.color("warn"),
                                                          point_size=size * 0.9))
            write_statement(cursor, st, size * 0.9, patient, seen, linked, t)
    if cell.empty:
        new_block()
        cursor.insertText(NOTHING, fmt(italic=True, color=t.color("muted"), point_size=size))
    for st in cell.statements:
        new_block()
        write_statement(cursor, st, size, patient, seen, linked, t)
