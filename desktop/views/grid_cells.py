"""The comparison grid's widgets: each cell a read-only text exactly as tall as its content,
the options' headings and the row labels, and the patients' glossary."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

from desktop.plain import tooltip
from desktop.theme import muted, strong
from desktop.views.grid_text import page_words
from search_index.lexicon import treatment_data
from search_index.treatments.comparison import Column, Grid, glossary_for, option_label


class CellView(QTextBrowser):
    """One cell: a read-only text that is exactly as tall as its content."""

    statementClicked = Signal(int)
    reviewClicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.anchorClicked.connect(self._clicked)
        self.document().documentLayout().documentSizeChanged.connect(self.updateGeometry)

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "stmt":
            self.statementClicked.emit(int(url.path()))
        elif url.scheme() == "review":
            self.reviewClicked.emit(int(url.path()))

    def sizeHint(self) -> QSize:
        self.document().setTextWidth(self.viewport().width())
        return QSize(200, int(self.document().size().height()) + 6)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.updateGeometry()


def option_heading(column: Column, audience: str) -> QWidget:
    """An option's name, and under it what it is (patients) or its kind and strongest evidence."""
    o = column.option
    head = QLabel(option_label(o, audience))
    head.setObjectName("optionHeader")
    strong(head)
    head.setWordWrap(True)
    head.setTextFormat(Qt.TextFormat.PlainText)
    head.setToolTip(tooltip(o["description"]))
    sub = QLabel(
        o["description"]
        if audience == "patient"
        else f"{treatment_data()['categories'][o['category']]}"
        + (
            f" · strongest evidence: {column.strongest.design}"
            if column.strongest and column.strongest.design
            else ""
        )
    )
    sub.setWordWrap(True)
    sub.setTextFormat(Qt.TextFormat.PlainText)
    sub.setObjectName("optionSubheader")
    muted(sub)
    box = QWidget()
    v = QVBoxLayout(box)
    v.setContentsMargins(4, 0, 4, 4)
    v.addWidget(head)
    v.addWidget(sub)
    return box


def row_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("rowHeader")
    strong(label)
    return label


def glossary(grid: Grid) -> QLabel | None:
    """The hard words of the grid, explained (for patients); None when it has none."""
    terms = glossary_for(page_words(grid))
    if not terms:
        return None
    text = QLabel("\n".join(f"{t}: {d}" for t, d in terms))
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setWordWrap(True)
    text.setObjectName("glossary")
    return text
