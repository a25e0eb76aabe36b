"""The printed question list: numbered questions with lined space for answers, a plain summary
of the options asked about, the words explained, the sources, and a reminder.

Laid out by hand so that a question never leaves its answer lines behind at a page break, and
the pages are numbered "1 of N": the layout records what each page draws, once, and the PDF, the
printer and the preview paint those pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import textstat
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)

from desktop.pages import RESOLUTION, Paper, footer, reference_device, write_printout_pdf
from search_index.lexicon import treatment_data
from search_index.questions.bank import Question
from search_index.questions.lists import ListItem, printed_order
from search_index.reading.provenance import source_line
from search_index.treatments.comparison import glossary_for

REMINDER = (
    "These questions help you talk with your care team. This sheet is not medical advice "
    "for you. Only your own doctors can give that."
)


@dataclass
class HandoutOptions:
    clinic: str = ""
    title: str = "Questions for my doctor"
    large_print: bool = False
    page: str = "A4"
    answer_lines: int = 3
    summary: bool = True

    @property
    def paper(self) -> Paper:
        return Paper(self.page)

    @property
    def body_pt(self) -> float:
        return 15.0 if self.large_print else 11.0


@dataclass
class Handout:
    """What the sheet says, in order; the text is what readability is measured on."""

    questions: list[ListItem]
    summaries: list[tuple[str, str]] = field(default_factory=list)  # (plain name, description)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def patient_text(self) -> str:
        parts = [q.text for q in self.questions]
        parts += [f"{name}. {desc}" for name, desc in self.summaries]
        parts += [f"{t}: {d}" for t, d in self.glossary]
        return "\n".join(parts + [REMINDER])

    def grade(self) -> float:
        """Flesch-Kincaid grade of the sheet's own words (textstat)."""
        return float(textstat.flesch_kincaid_grade(self.patient_text()))


def compose(items: list[ListItem], bank: dict[str, Question], summary: bool = True) -> Handout:
    ordered = printed_order(items)
    option_ids = [o for it in ordered if it.question_id in bank for o in bank[it.question_id].options]
    options = {o["id"]: o for o in treatment_data()["options"]}
    described = [options[o] for o in dict.fromkeys(option_ids) if o in options] if summary else []
    texts = [it.text for it in ordered] + [o["description"] for o in described]
    # a treatment the sheet describes is not defined again in the words explained, under its
    # plain name or its medical one; the medical one is given beside it where the sheet uses it
    glossary = glossary_for(texts, [name for o in described for name in (o["plain"], o["name"])])
    asked = " ".join(it.text for it in ordered).lower()
    summaries = [
        (
            o["plain"]
            + (
                f" ({_as_in_text(o['name'])})"
                if o["name"].lower() in asked and o["name"].lower() != o["plain"].lower()
                else ""
            ),
            o["description"],
        )
        for o in described
    ]
    sources = sorted(
        {
            source_line(asdict(s))
            for it in ordered
            if it.question_id in bank
            for s in bank[it.question_id].sources
        }
    )
    return Handout(ordered, summaries, glossary, sources)


def _as_in_text(name: str) -> str:
    """A name as it reads inside a sentence: "Chemoimmunotherapy" -> "chemoimmunotherapy"
    (an abbreviation such as "TACE" is left as it is)."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def reading_level(grade: float) -> str:
    """The sheet's reading level in words a clinician can act on (Flesch-Kincaid grade)."""
    if grade <= 8:
        return (
            f"Reads at about school grade {max(grade, 1):.0f} (Flesch-Kincaid): plain enough "
            "for most patients; patient material should be at grade 8 or below."
        )
    return (
        f"Reads at about school grade {grade:.0f} (Flesch-Kincaid): harder than the grade 8 "
        "or below patient material should be; shorter questions and words help."
    )


Draw = Callable[[QPainter], None]


class _Layout:
    """Blocks placed on pages, in pixels of a reference device: each page's drawing is kept,
    to be painted on any device."""

    def __init__(self, page: QRectF, options: HandoutOptions, device: QImage) -> None:
        self.page, self.options, self.device = page, options, device
        self.dpi = device.logicalDpiX()
        self.y = page.top()
        self.pages: list[list[Draw]] = [[]]

    def draw(self, step: Draw) -> None:
        self.pages[-1].append(step)

    def font(self, scale: float = 1.0, bold: bool = False, italic: bool = False) -> QFont:
        """Sized in the printer's own pixels, so measuring and drawing agree exactly. Large print
        has no small print: nothing is set below its body size."""
        if self.options.large_print:
            scale = max(scale, 1.0)
        f = QFont("DejaVu Sans")
        f.setPixelSize(round(self.options.body_pt * scale * self.dpi / 72))
        f.setBold(bold)
        f.setItalic(italic)
        return f

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)

    def layout(self, text: str, font: QFont, width: float) -> QTextLayout:
        """Lines broken between words, and inside a word only when it is wider than the page
        (a long web address, a pasted string): drawText's word wrap let such a word run off."""
        layout = QTextLayout(text, font, self.device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    def height(self, text: str, font: QFont, indent: float = 0) -> float:
        return self.layout(text, font, self.page.width() - indent).boundingRect().height()

    def need(self, h: float) -> None:
        if self.y + h > self.page.bottom() - self.footer_height and self.y > self.page.top():
            self.new_page()

    @property
    def footer_height(self) -> float:
        return self.metrics(self.font(0.8)).height() * 2

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.page.top()

    def heading(self, text: str, scale: float = 1.15) -> None:
        """A heading never ends a page: it needs room for a line after it."""
        font = self.font(scale, bold=True)
        self.need(self.height(text, font) + self.metrics(self.font()).height() * 3)
        self.text(text, font)

    def text(
        self, text: str, font: QFont, indent: float = 0, color: str = "#000000", after: float = 0.4
    ) -> None:
        layout = self.layout(text, font, self.page.width() - indent)
        h = layout.boundingRect().height()
        self.need(h)
        at = QPointF(self.page.left() + indent, self.y)

        def draw(painter: QPainter) -> None:
            painter.setPen(QColor(color))
            layout.draw(painter, at)

        self.draw(draw)
        self.y += h + self.metrics(font).height() * after

    def question(self, number: int, item: ListItem) -> None:
        font = self.font(1.0, bold=True)
        line = self.metrics(self.font()).height() * 1.9
        label = f"{number}. "
        indent = self.metrics(font).horizontalAdvance("00. ")
        h = self.height(item.text, font, indent) + line * self.options.answer_lines + line * 0.4
        self.need(h)  # the question and its answer lines stay together
        box = QRectF(self.page.left(), self.y, indent, line)

        def number_label(painter: QPainter) -> None:
            painter.setFont(font)
            painter.setPen(QColor("#000000"))
            painter.drawText(box, label)

        self.draw(number_label)
        self.text(item.text + ("  (one of my top three)" if item.top else ""), font, indent, after=0.2)
        pen = QPen(QColor("#8a8f96"), max(1.0, self.dpi / 150))
        for _ in range(self.options.answer_lines):
            self.y += line
            start, end = QPointF(self.page.left() + indent, self.y), QPointF(self.page.right(), self.y)
            self.draw(_rule(pen, start, end))
        self.y += line * 0.4


def _rule(pen: QPen, start: QPointF, end: QPointF) -> Draw:
    """A line to write an answer on."""

    def draw(painter: QPainter) -> None:
        painter.setPen(pen)
        painter.drawLine(start, end)

    return draw


def _paint(layout: _Layout, handout: Handout, options: HandoutOptions) -> None:
    if options.clinic:
        layout.text(options.clinic, layout.font(0.9), color="#3d434a", after=0.2)
    layout.text(options.title, layout.font(1.6, bold=True), after=0.2)
    layout.text(
        f"Date: {date.today().day} {date.today():%B %Y}        Name: ______________________",
        layout.font(0.9),
        color="#3d434a",
        after=0.8,
    )
    for n, item in enumerate(handout.questions, start=1):
        layout.question(n, item)
    if handout.summaries:
        layout.heading("The treatments these questions are about")
        for name, desc in handout.summaries:
            layout.text(f"{name}: {desc}", layout.font(), indent=10)
    if handout.glossary:
        layout.heading("Words on this sheet")
        for term, definition in handout.glossary:
            layout.text(f"{term}: {definition}", layout.font(), indent=10)
    if handout.sources:
        layout.heading("Where the questions come from", 1.0)
        for s in handout.sources:
            layout.text(s, layout.font(0.8), indent=10, color="#3d434a", after=0.1)
    layout.y += layout.metrics(layout.font()).height() * 0.6
    layout.text(REMINDER, layout.font(0.95, italic=True), color="#3d434a")


class HandoutPrintout:
    """The handout's pages (see desktop.pages.Printout), laid out at the PDF's resolution."""

    dpi = RESOLUTION

    def __init__(self, handout: Handout, options: HandoutOptions) -> None:
        self.handout, self.options, self.title = handout, options, options.title
        self.lay_out(options.paper.layout())

    def lay_out(self, page: QPageLayout) -> None:
        self.page_layout = page
        rect = QRectF(page.paintRectPixels(self.dpi))
        rect.moveTo(0, 0)
        self._layout = _Layout(rect, self.options, reference_device(self.dpi))
        _paint(self._layout, self.handout, self.options)
        self.page_count = len(self._layout.pages)

    def paint_page(self, painter: QPainter, index: int) -> None:
        layout = self._layout
        for step in layout.pages[index]:
            step(painter)
        page, height = layout.page, layout.footer_height
        foot = QRectF(page.left(), page.bottom() - height, page.width(), height)
        footer(painter, foot, layout.font(0.8), f"Page {index + 1} of {self.page_count}")


def write_handout_pdf(path: Path, handout: Handout, options: HandoutOptions) -> int:
    return write_printout_pdf(path, HandoutPrintout(handout, options))
