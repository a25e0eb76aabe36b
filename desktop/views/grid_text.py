"""Writing comparison cells into a QTextDocument (the screen and the printout share this).

Statement text is inserted as text through a cursor, never parsed as HTML; figures are set in
bold where they stand; a link per statement leads to its source.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor

from desktop.plain import tooltip
from desktop.theme import THEMES, Theme, current
from search_index.reading.provenance import status_marker
from search_index.treatments.comparison import (
    NOTHING,
    Cell,
    Grid,
    StatementView,
    note_label,
    plain_words,
    spell_out,
)

PAPER = THEMES["light"]  # printouts are dark on white whatever the screen's theme


def fmt(
    base: QTextCharFormat | None = None,
    *,
    bold=False,
    italic=False,
    color=None,
    scale: float = 1.0,
    point_size: float | None = None,
) -> QTextCharFormat:
    f = QTextCharFormat(base) if base is not None else QTextCharFormat()
    if point_size:
        f.setFontPointSize(point_size * scale)
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    if color is not None:
        f.setForeground(color)
    return f


CUT_OFF = " [cut off in the saved copy]"


def write_statement(
    cursor: QTextCursor,
    st: StatementView,
    size: float,
    patient: bool,
    seen_abbreviations: set[str],
    linked: bool = True,
    theme: Theme | None = None,
    status_in_full: bool = True,
) -> None:
    """One statement: its lead-in and sentence (figures bold, a cut-off marked), the arms it
    compares, its evidence, the source's own status (or, where a printout lists it in full under
    Sources, a short marker), whether a person reviewed it, its source."""
    t = theme or current()
    base = fmt(point_size=size)
    small = fmt(base, scale=0.85, point_size=size)
    _write_sentence(cursor, st, base, patient, seen_abbreviations, t)
    if line := arms_line(st, patient):
        cursor.insertText("\n" + line, fmt(small, italic=True))
    cursor.insertText("\n")
    cursor.insertText(evidence_badge(st, patient), fmt(small, color=t.color("badge")))
    if st.source_status and not status_in_full:
        cursor.insertText(
            "  " + status_marker(st.source_status), fmt(small, bold=True, color=t.color("warn"))
        )
    elif st.source_status:
        cursor.insertText(
            ("  The source says of itself: " if not patient else "  The source says: ")
            + " · ".join(st.source_status),
            fmt(small, bold=True, color=t.color("warn")),
        )
    if st.review_label:
        cursor.insertText(
            f"  [{st.review_label}]" if not patient else f"  {st.patient_review_label}",
            fmt(small, italic=True, color=t.color("warn" if st.unreviewed else "muted")),
        )
        if linked and not patient and st.reviewable:
            review = fmt(small, color=t.color("link"))
            review.setAnchor(True)
            review.setAnchorHref(f"review:{st.id}")
            review.setFontUnderline(True)
            cursor.insertText(" ", small)
            cursor.insertText("Review…", review)
    _write_source(cursor, st, small, linked, t)


def _write_sentence(
    cursor: QTextCursor,
    st: StatementView,
    base: QTextCharFormat,
    patient: bool,
    seen_abbreviations: set[str],
    t: Theme,
) -> None:
    """The lead-in and the sentence, figures bold (for patients, abbreviations spelled out
    and the reviewers' plain gloss), a cut-off marked."""
    if st.lead_in:  # the words the fragment completes, from the same source
        cursor.insertText(st.lead_in + " … ", fmt(base, color=t.color("muted")))
    figures = sorted((f["start"], f["end"]) for f in st.figures)
    pieces = spell_out(st.text, seen_abbreviations) if patient else [(st.text, "text")]
    pos = 0  # position in st.text
    for piece, kind in pieces:
        if kind == "added":  # our spelling-out, not the source's words: set apart
            cursor.insertText(piece, fmt(base, italic=True, color=t.color("muted")))
            continue
        _write_with_figures(cursor, st.text, pos, pos + len(piece), figures, base)
        pos += len(piece)
    if st.cut_off:  # the reader's own mark, in brackets for clinicians as there
        cursor.insertText(
            "… (cut off in the saved copy)" if patient else CUT_OFF,
            fmt(base, italic=True, color=t.color("warn")),
        )
    if patient and st.patient_note:  # the reviewers' plain gloss: our words, set apart
        cursor.insertText(
            "\nIn plain words: " + st.patient_note, fmt(base, italic=True, color=t.color("muted"))
        )


def _write_source(
    cursor: QTextCursor, st: StatementView, small: QTextCharFormat, linked: bool, t: Theme
) -> None:
    source = fmt(small, color=t.color("link" if linked else "muted"))
    if linked:
        source.setAnchor(True)
        source.setAnchorHref(f"stmt:{st.id}")
        source.setFontUnderline(True)
    source.setToolTip(tooltip(f"{st.source_name} — {st.section}"))
    cursor.insertText("  source: ", fmt(small, color=t.color("muted")))
    cursor.insertText(f"{st.source_name} · {st.section}", source)


def evidence_badge(st: StatementView, patient: bool) -> str:
    """The design and size of the study the sentence reports (for patients, in words the page
    explains, without brackets)."""
    design = st.design or "Design not stated"
    if patient:
        kind = (
            "the source does not say what kind of study"
            if not st.design_rank and design == "Design not stated"
            else f"kind of study: {design.lower()}"
        )
        return f"How sure: {kind}" + (f", {st.size}" if st.size else "")
    return f"[{design}" + (f" · {st.size}" if st.size else "") + "]"


def arms_line(st: StatementView, patient: bool) -> str:
    """ "X (figures) vs Y (figures)", intervention first, the comparator named."""
    if not st.arms:
        return ""
    order = {"intervention": 0, "single": 1, "comparator": 2}
    arms = sorted(st.arms, key=lambda a: order.get(a.get("role", ""), 1))

    def arm(a: dict) -> str:
        figures = ", ".join(a.get("figures", []))
        label = plain_words(a["label"]) if patient else a["label"]  # "CMT + ICI" spelled out
        return label + (f" ({figures})" if figures else "")

    compared = arm(arms[0])
    for a in arms[1:]:
        against = "compared with " if patient else "vs "
        compared += f" {against}{'comparator ' if a.get('role') == 'comparator' else ''}{arm(a)}"
    if len(arms) == 1:
        compared += " (no comparison group named)"
    what = f" — {st.endpoint}" if st.endpoint else ""
    return ("Compared: " if patient else "Arms: ") + compared + what


def _write_with_figures(
    cursor: QTextCursor,
    text: str,
    start: int,
    end: int,
    figures: list[tuple[int, int]],
    base: QTextCharFormat,
) -> None:
    pos = start
    for fs, fe in figures:
        if fe <= pos or fs >= end:
            continue
        fs, fe = max(fs, pos), min(fe, end)
        cursor.insertText(text[pos:fs], base)
        cursor.insertText(text[fs:fe], fmt(base, bold=True))
        pos = fe
    cursor.insertText(text[pos:end], base)


def write_cell(
    cursor: QTextCursor,
    cell: Cell,
    size: float,
    patient: bool,
    seen: set[str],
    linked: bool = True,
    theme: Theme | None = None,
    status_in_full: bool = True,
) -> None:
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
            cursor.insertText(
                f"  {note_label(st, patient)}: ",
                fmt(italic=True, color=t.color("warn"), point_size=size * 0.9),
            )
            write_statement(cursor, st, size * 0.9, patient, seen, linked, t, status_in_full)
    if cell.empty:
        new_block()
        cursor.insertText(NOTHING, fmt(italic=True, color=t.color("muted"), point_size=size))
    for st in cell.statements:
        new_block()
        write_statement(cursor, st, size, patient, seen, linked, t, status_in_full)


def page_words(grid: Grid) -> list[str]:
    """Every text the grid puts on the page (for the words-explained list): headings, rows,
    notes, statements with their badges, arms and status lines."""
    patient = grid.audience == "patient"
    out = [grid.row_title(r) for r in grid.rows]
    for c in grid.columns:
        out += [c.option["plain"] if patient else c.option["name"], c.option["description"]]
        for cell in c.cells.values():
            out.append(cell.note)
            for st in cell.statements + cell.note_sources:
                spelled = "".join(piece for piece, _ in spell_out(st.text, set()))
                out += [
                    st.lead_in,
                    spelled,
                    evidence_badge(st, patient),
                    arms_line(st, patient),
                    st.patient_note if patient else "",
                    " ".join(st.source_status),
                ]
    return [t for t in out if t]
