"""Paper for every printout: page sizes and layouts, what a printout is, how its pages are painted
on a PDF file, a printer or an image (the preview), and the save dialog for PDFs.

No printer is made here: constructing a QPrinter loads Qt's print-system plugin, which asks CUPS
for the default printer (a TCP connection to port 631 when no local CUPS socket exists). A PDF is
written by QPdfWriter and the preview paints images, so only Print… to a real printer
(desktop/preview.py) may talk to a print system.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.folders import start_folder

if TYPE_CHECKING:
    from desktop.settings import Settings

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
RESOLUTION = 300  # dots per inch of a PDF


@dataclass(frozen=True)
class Paper:
    """A sheet: its size name (A4 or Letter), orientation and margins in millimetres."""

    size: str = "A4"
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (18, 16, 18, 16)  # left, top, right, bottom

    def layout(self) -> QPageLayout:
        orientation = (
            QPageLayout.Orientation.Landscape if self.landscape else QPageLayout.Orientation.Portrait
        )
        return QPageLayout(
            QPageSize(PAGE_SIZES[self.size]),
            orientation,
            QMarginsF(*self.margins_mm),
            QPageLayout.Unit.Millimeter,
        )


class Printout(Protocol):
    """Pages laid out once, in units of 1/`dpi` inch from the top left of a page's printable
    area, and painted from that one layout on whatever shows or prints them."""

    title: str
    page_layout: QPageLayout
    page_count: int

    @property
    def dpi(self) -> float:
        """Layout units per inch (read only: a printout's own resolution)."""

    def lay_out(self, page: QPageLayout) -> None:
        """Lay the pages out again for another sheet (the printer's, the preview's paper)."""

    def paint_page(self, painter: QPainter, index: int) -> None:
        """Paint one page, its footer included."""


def reference_device(dpi: float) -> QImage:
    """A paint device of a fixed resolution to lay text out against, whatever the screen's: the
    PDF, the printer and the preview all scale that one layout."""
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def paint_pages(printout: Printout, device: QPagedPaintDevice) -> int:
    """Every page on a printer or a PDF writer; returns the number of pages. A device on other
    paper (a printer's own margins) gets the pages laid out again for it."""
    if not device.pageLayout().isEquivalentTo(printout.page_layout):
        printout.lay_out(device.pageLayout())
    painter = QPainter()
    begin(painter, device)
    scale = device.logicalDpiX() / printout.dpi
    for index in range(printout.page_count):
        if index:
            device.newPage()
        painter.save()
        painter.scale(scale, scale)
        printout.paint_page(painter, index)
        painter.restore()
    painter.end()
    return printout.page_count


def page_image(printout: Printout, index: int, dpi: float) -> QImage:
    """One whole sheet, margins included, as an image of `dpi` dots per inch (the preview's)."""
    layout, scale = printout.page_layout, dpi / 72  # pixels per point
    sheet, paint = layout.fullRectPoints(), layout.paintRect(QPageLayout.Unit.Point)
    image = QImage(
        round(sheet.width() * scale), round(sheet.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.translate(paint.left() * scale, paint.top() * scale)
    painter.scale(dpi / printout.dpi, dpi / printout.dpi)
    printout.paint_page(painter, index)
    painter.end()
    return image


def write_printout_pdf(path: Path, printout: Printout) -> int:
    """A PDF file of the printout on its paper; returns its pages. OSError names the file if it
    cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(printout.page_layout)
    writer.setTitle(printout.title)
    writer.setCreator("Clinic Reference")
    try:
        return paint_pages(printout, writer)
    except PageNotStarted:
        raise OSError(f"{path} could not be written: is its folder writable?") from None


def on_paper(layout: QPageLayout, size: str) -> QPageLayout:
    """The same layout on another paper size (A4, Letter)."""
    return QPageLayout(
        QPageSize(PAGE_SIZES[size]), layout.orientation(), layout.margins(), layout.units()
    )


class PageNotStarted(Exception):
    """A painter could not begin on a printer or a PDF file."""


def begin(painter: QPainter, device: QPagedPaintDevice) -> None:
    if not painter.begin(device):
        raise PageNotStarted


def footer(painter: QPainter, rect: QRectF, font: QFont, text: str) -> None:
    """The line at the foot of every printed page ("… page 2 of 3"), the same on every printout."""
    painter.setFont(font)
    painter.setPen(QColor("#555a60"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, text)


def default_paper(settings: Settings) -> str:
    """The paper last chosen, else Letter where the locale measures in US units, else A4."""
    if settings.paper in PAGE_SIZES:
        return settings.paper
    us = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us else "A4"


def ask_pdf_path(
    parent: QWidget, settings: Settings, caption: str, file_name: str, choose_paper: bool = False
) -> tuple[Path, str] | None:
    """The save dialog for a PDF: starts in the folder last saved to, else Documents; with
    `choose_paper` its file types are the paper sizes (else the paper is ""). Returns the path
    and the paper, or None when cancelled, and remembers both."""
    folder = start_folder(settings.pdf_folder)
    tr = QCoreApplication.translate
    filters = (
        {tr("pages", "PDF on %s paper (*.pdf)") % size: size for size in PAGE_SIZES}
        if choose_paper
        else {tr("pages", "PDF (*.pdf)"): ""}
    )
    paper = default_paper(settings) if choose_paper else ""
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent,
        caption,
        str(folder / file_name),
        ";;".join(filters),
        next(f for f, size in filters.items() if size == paper),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    paper = filters.get(chosen_filter, paper)
    settings.pdf_folder = str(path.parent)
    if choose_paper:
        settings.paper = paper
    return path, paper
