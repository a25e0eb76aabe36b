"""Draws a search result: title, kind and section, and the snippet with matched words marked.

Text goes into a QTextDocument through a cursor (insertText), never as HTML.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractScrollArea, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.models.results import Role
from desktop.theme import current

PADDING = 8
TITLE_LINES = 3  # a longer title is cut short (about this many lines), whole in the row's tooltip
_Index = QModelIndex | QPersistentModelIndex


def fill_marked(
    cursor: QTextCursor,
    text: str,
    spans: list[tuple[int, int]],
    base: QTextCharFormat,
    mark: QTextCharFormat,
) -> None:
    """Insert `text` at `cursor`, with `mark` over each span."""
    pos = 0
    for start, end in spans:
        cursor.insertText(text[pos:start], base)
        cursor.insertText(text[start:end], mark)
        pos = end
    cursor.insertText(text[pos:], base)


def mark_format(base: QTextCharFormat) -> QTextCharFormat:
    fmt = QTextCharFormat(base)
    fmt.setBackground(current().color("mark"))
    fmt.setForeground(current().color("mark_text"))
    fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


def _cut_title(
    title: str, spans: list[tuple[int, int]], font: QFont, width: float
) -> tuple[str, list[tuple[int, int]]]:
    """The title as the row shows it in `font`, cut short to about TITLE_LINES lines of `width`,
    and its marked spans within what is shown."""
    lines = (width - 2 * PADDING) * TITLE_LINES
    shown = QFontMetricsF(font).elidedText(title, Qt.TextElideMode.ElideRight, lines)
    if shown == title:
        return title, spans
    kept = len(shown) - 1  # a beginning of the title, then "…"
    return shown, [(a, min(b, kept)) for a, b in spans if a < kept]


class ResultDelegate(QStyledItemDelegate):
    """Laying out a result's text is the costly part of showing it: sizes are kept per
    (result, width), so a list is measured once, not at every scroll or repaint."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sizes: dict[tuple[int, int, str], QSize] = {}

    def _document(self, option: QStyleOptionViewItem, index: _Index, selected: bool) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(PADDING)
        doc.setTextWidth(max(100, option.rect.width()))
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        cursor = QTextCursor(doc)

        font = QFont(option.font)
        font.setWeight(QFont.Weight.Bold)
        font.setPointSizeF(option.font.pointSizeF() * 1.1)
        title = QTextCharFormat()
        title.setFont(font)
        title.setForeground(palette.color(text_role))
        shown, spans = _cut_title(
            index.data(Role.TITLE), index.data(Role.TITLE_SPANS), font, doc.textWidth()
        )
        fill_marked(cursor, shown, spans, title, mark_format(title))

        cursor.insertBlock()
        meta = QTextCharFormat()
        meta.setForeground(palette.color(text_role) if selected else current().color("muted"))
        meta.setFontPointSize(option.font.pointSizeF() * 0.92)
        related = "  ·  related" if index.data(Role.RELATED) else ""
        cursor.insertText(f"{index.data(Role.KIND)} · {index.data(Role.SECTION)}{related}", meta)

        cursor.insertBlock()
        body = QTextCharFormat()
        body.setForeground(palette.color(text_role))
        fill_marked(cursor, index.data(Role.SNIPPET), index.data(Role.SPANS), body, mark_format(body))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index, selected)
        painter.save()
        painter.translate(opt.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, ctx)
        painter.setPen(current().color("border"))
        painter.drawLine(0, opt.rect.height() - 1, opt.rect.width(), opt.rect.height() - 1)
        painter.restore()

    def forget_sizes(self) -> None:
        """After a change of type size or colours."""
        self._sizes.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        view = option.widget
        width = view.viewport().width() if isinstance(view, QAbstractScrollArea) else option.rect.width()
        key = (index.data(Role.HIT).passage_id, width, index.data(Role.SNIPPET))
        size = self._sizes.get(key)
        if size is None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.rect.setWidth(width)
            doc = self._document(opt, index, False)
            size = QSize(int(doc.idealWidth()), int(doc.size().height()) + 1)
            if len(self._sizes) > 2000:
                self._sizes.clear()
            self._sizes[key] = size
        return size
