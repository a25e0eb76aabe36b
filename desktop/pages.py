"""Paper for every printout: page sizes and layouts, PDF files, and the print preview.

A PDF is written by QPdfWriter, which never loads Qt's print-system plugin: constructing a
QPrinter asks CUPS for the default printer (a TCP connection to port 631 when no local CUPS
socket exists). Only the print preview makes a QPrinter, because its Print… button prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.folders import start_folder

if TYPE_CHECKING:
    from desktop.settings import Settings

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
RESOLUTION = 300  # dots per inch, for the PDF and the preview alike


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

    def write_pdf(self, path: Path, title: str, paint: Paint) -> int:
        """Paint a PDF file on this paper; returns its pages. OSError names the file if it
        cannot be written."""
        writer = self.pdf(path, title)
        try:
            return paint(writer)
        except PageNotStarted:
            raise OSError(f"{path} could not be written: is its folder writable?") from None

    def pdf(self, path: Path, title: str) -> QPdfWriter:
        """A PDF file on this paper; nothing is written until a painter begins on it."""
        writer = QPdfWriter(str(path))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(self.layout())
        writer.setTitle(title)
        writer.setCreator("Clinic Reference")
        return writer

    def preview_printer(self) -> QPrinter:
        """The preview's printer, in PDF format, so painting the preview asks the print system
        nothing; the preview's Print… button opens the print dialog, where a printer is chosen."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(RESOLUTION)
        printer.setPageLayout(self.layout())
        return printer


Paint = Callable[[QPagedPaintDevice], int]


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


class PreviewDialog(QPrintPreviewDialog):
    """Print preview that owns its printer. Qt keeps only a pointer to the printer, so one made
    inline was collected while the dialog still painted on it (SIGSEGV).

    Its Print button turns the printer back into the system's printer before the print dialog
    opens (Qt's own would offer "Print to File" first, as the preview paints on a PDF printer);
    with `to_file` False (the kiosk, which writes nothing) printing to a file is not offered.
    """

    def __init__(self, paper: Paper, paint: Paint, parent=None, *, to_file: bool = True) -> None:
        printer = paper.preview_printer()
        super().__init__(printer, parent)
        self._printer = printer  # released with this wrapper, after the C++ dialog is gone
        self._paint = paint  # what it paints is kept for as long as the dialog, too
        self._to_file = to_file
        self.paintRequested.connect(paint)
        label = QCoreApplication.translate("QPrintPreviewDialog", "Print")
        self.print_action = next(a for a in self.findChildren(QAction) if a.text() == label)
        self.print_action.triggered.disconnect()
        self.print_action.triggered.connect(self.print_pages)

    def print_pages(self) -> None:
        """Print…: only here may the print system be asked (for its printers)."""
        self._printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        dialog = QPrintDialog(self._printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, self._to_file)
        try:
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                self.findChild(QPrintPreviewWidget).print_()
                self.accept()
            else:  # back to painting the preview without asking the print system
                self._printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        finally:
            dialog.deleteLater()

    def run(self) -> int:
        """Show it modally, then let Qt delete it (one dialog per preview, not one per click)."""
        try:
            return self.exec()
        finally:
            self.deleteLater()
