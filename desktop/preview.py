"""Print preview without a print system: the printout's own pages painted as images, one under
another on a grey desk, with page navigation, zoom, paper size, Print… and Export PDF….

Qt's QPrintPreviewDialog needs a QPrinter, and any QPrinter loads the CUPS plugin, which asks a
print server for the default printer (a TCP connection to port 631). Here the pages are painted
by desktop.pages.page_image from the same layout the PDF is written from; only Print… makes a
printer, when someone means to print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen, QWheelEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from desktop.pages import (
    PAGE_SIZES,
    PageNotStarted,
    Printout,
    ask_pdf_path,
    on_paper,
    page_image,
    paint_pages,
    write_printout_pdf,
)
from desktop.plain import plain

if TYPE_CHECKING:
    from desktop.settings import Settings

GAP = 18.0  # points between pages, and around them
ZOOMS = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0]
FIT_WIDTH, FIT_PAGE = "width", "page"


class PageItem(QGraphicsItem):
    """One sheet in the scene, in points: its image painted at the resolution the view shows it
    at (painted again only when the zoom changes), with a soft shadow under it."""

    def __init__(self, printout: Printout, index: int) -> None:
        super().__init__()
        self.printout, self.index = printout, index
        points = printout.page_layout.fullRectPoints()
        self.rect = QRectF(0, 0, points.width(), points.height())
        self.image: QImage | None = None

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 4, 4)

    def shown_image(self, dpi: float) -> QImage:
        """The page at `dpi`, kept until asked for at another resolution."""
        if self.image is None or abs(self.image.width() - self.rect.width() * dpi / 72) > 1:
            self.image = page_image(self.printout, self.index, dpi)
        return self.image

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        for offset, alpha in ((3.0, 30), (1.5, 50)):
            painter.fillRect(self.rect.translated(offset, offset), QColor(0, 0, 0, alpha))
        painter.drawImage(self.rect, self.shown_image(72 * scale * ratio))
        painter.setPen(QPen(QColor("#9aa0a6"), 0))
        painter.drawRect(self.rect)


class PreviewView(QGraphicsView):
    """The pages one under another, zoomed to fit the width, the whole page or a fixed scale."""

    zoomed = Signal(int)  # Ctrl + wheel: a step in (1) or out (-1)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#6b7178"))
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setObjectName("previewPages")
        self.pages: list[PageItem] = []
        self.fit: str | float = FIT_WIDTH

    def show_pages(self, printout: Printout) -> None:
        self.scene().clear()
        self.pages = [PageItem(printout, i) for i in range(printout.page_count)]
        y, width = GAP, max(p.rect.width() for p in self.pages)
        for page in self.pages:
            self.scene().addItem(page)
            page.setPos((width - page.rect.width()) / 2 + GAP, y)
            y += page.rect.height() + GAP
        self.scene().setSceneRect(0, 0, width + 2 * GAP, y)
        self.apply_zoom()

    def zoom(self) -> float:
        """Screen pixels per point; 100 % shows a page at its size on paper."""
        return self.transform().m11()

    def apply_zoom(self) -> None:
        if not self.pages:
            return
        room = self.viewport().size()
        page = self.pages[0].rect
        if self.fit == FIT_WIDTH:
            scale = (room.width() - 2) / (page.width() + 2 * GAP)
        elif self.fit == FIT_PAGE:
            scale = min(
                room.width() / (page.width() + 2 * GAP), room.height() / (page.height() + 2 * GAP)
            )
        else:
            scale = float(self.fit) * self.logicalDpiX() / 72
        self.resetTransform()
        self.scale(scale, scale)

    def current(self) -> int:
        """The page most of the view shows (the one under the middle of the view)."""
        middle = self.mapToScene(self.viewport().rect().center()).y()
        tops = [p.y() for p in self.pages]
        return max(0, sum(1 for top in tops if top - GAP / 2 <= middle) - 1)

    def go_to(self, index: int) -> None:
        page = self.pages[index]
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.mapFromScene(QPointF(0, page.y() - GAP / 2)).y())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit in (FIT_WIDTH, FIT_PAGE):
            self.apply_zoom()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl + wheel zooms, as in any viewer; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.angleDelta().y():
            self.zoomed.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
        else:
            super().wheelEvent(event)


class PrintPreview(QDialog):
    """The printout as it will come out of the printer or into the PDF.

    `settings` given: Export PDF… is offered (never in the kiosk, which writes nothing, and
    whose print dialog offers printers only)."""

    def __init__(
        self,
        printout: Printout,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        file_name: str = "printout.pdf",
    ) -> None:
        super().__init__(parent)
        self.printout, self.settings, self.file_name = printout, settings, file_name
        self.setWindowTitle(self.tr("Print preview — %s") % printout.title)
        self.view = PreviewView(self)
        self._build_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(self.bar)
        layout.addWidget(line)
        layout.addWidget(self.view, 1)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        self.view.zoomed.connect(self._step_zoom)
        self.resize(1000, 760)
        self._show_pages()

    def _build_bar(self) -> None:
        self.bar = QWidget(self)
        self.bar.setObjectName("previewBar")
        self.previous = self._tool(
            self.tr("◂ Previous"), self.tr("Previous page"), QKeySequence.StandardKey.MoveToPreviousPage
        )
        self.next = self._tool(
            self.tr("Next ▸"), self.tr("Next page"), QKeySequence.StandardKey.MoveToNextPage
        )
        self.page = QSpinBox(self.bar)
        self.previous.clicked.connect(lambda: self.page.setValue(self.page.value() - 1))
        self.next.clicked.connect(lambda: self.page.setValue(self.page.value() + 1))
        self.page.setAccessibleName(self.tr("Page"))
        self.page.valueChanged.connect(lambda n: self.view.go_to(n - 1))
        self.page_count = QLabel(self.bar)
        self.zoom_out = self._tool(" − ", self.tr("Zoom out"), QKeySequence.StandardKey.ZoomOut)
        self.zoom_in = self._tool(" + ", self.tr("Zoom in"), QKeySequence.StandardKey.ZoomIn)
        self.zoom_out.clicked.connect(lambda: self._step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self._step_zoom(1))
        self.zoom = QComboBox(self.bar)
        self.zoom.setAccessibleName(self.tr("Zoom"))
        self.zoom.addItem(self.tr("Fit width"), FIT_WIDTH)
        self.zoom.addItem(self.tr("Whole page"), FIT_PAGE)
        for z in ZOOMS:
            self.zoom.addItem(f"{z:.0%}", z)
        self.zoom.currentIndexChanged.connect(lambda _: self._set_zoom(self.zoom.currentData()))
        self.paper = QComboBox(self.bar)
        self.paper.setAccessibleName(self.tr("Paper"))
        self.paper.addItems(list(PAGE_SIZES))
        size = self.printout.page_layout.pageSize()
        self.paper.setCurrentText(next((n for n, i in PAGE_SIZES.items() if i == size.id()), "A4"))
        self.paper.currentTextChanged.connect(self._set_paper)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self.bar)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.pdf_button.setVisible(self.settings is not None)
        self.print_button = QPushButton(self.tr("Print…"), self.bar)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pages)
        close = QPushButton(self.tr("Close"), self.bar)
        close.clicked.connect(self.reject)
        groups = [
            [self.previous, QLabel(self.tr("Page"), self.bar), self.page, self.page_count, self.next],
            [self.zoom_out, self.zoom, self.zoom_in],
            [QLabel(self.tr("Paper:"), self.bar), self.paper],
        ]
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(10, 6, 10, 6)
        for group in groups:
            for widget in group:
                row.addWidget(widget)
            row.addSpacing(16)
        row.addStretch(1)
        for widget in (self.pdf_button, self.print_button, close):
            row.addWidget(widget)

    def _tool(self, text: str, tip: str, keys: QKeySequence.StandardKey) -> QToolButton:
        button = QToolButton(self.bar)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setShortcut(QKeySequence(keys))
        button.setAutoRaise(True)
        return button

    # -- pages, zoom and paper -----------------------------------------------------------------

    def _show_pages(self) -> None:
        self.view.show_pages(self.printout)
        count = self.printout.page_count
        self.page.blockSignals(True)
        self.page.setRange(1, count)
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.page_count.setText(self.tr("of %d") % count)
        self._follow_scroll()

    def _follow_scroll(self) -> None:
        current = self.view.current() + 1
        self.page.blockSignals(True)
        self.page.setValue(current)
        self.page.blockSignals(False)
        self.previous.setEnabled(current > 1)
        self.next.setEnabled(current < self.printout.page_count)

    def _set_zoom(self, fit: str | float) -> None:
        keep = self.view.current()
        self.view.fit = fit
        self.view.apply_zoom()
        self.view.go_to(keep)

    def _step_zoom(self, step: int) -> None:
        now = self.view.zoom() * 72 / self.view.logicalDpiX()
        bigger = [z for z in ZOOMS if z > now * 1.01]
        smaller = [z for z in ZOOMS if z < now * 0.99]
        chosen = (bigger[:1] if step > 0 else smaller[-1:]) or [ZOOMS[-1] if step > 0 else ZOOMS[0]]
        self.zoom.setCurrentIndex(self.zoom.findData(chosen[0]))

    def _set_paper(self, size: str) -> None:
        self.printout.lay_out(on_paper(self.printout.page_layout, size))
        self._show_pages()

    def page_images(self) -> list[QImage]:
        """The pages as the view last painted them."""
        return [page.image for page in self.view.pages if page.image is not None]

    # -- out of the preview --------------------------------------------------------------------

    def export_pdf(self) -> None:
        """Export PDF…: the pages shown, on the paper shown."""
        if self.settings is None:
            return
        answer = ask_pdf_path(self, self.settings, self.tr("Save as PDF"), self.file_name)
        if answer is None:
            return
        try:
            write_printout_pdf(answer[0], self.printout)
        except OSError as exc:  # names the file, which may hold anything: shown as text
            self._warn(self.tr("Export PDF"), str(exc))

    def print_pages(self) -> None:
        """Print…: the only place a printer is made, so the only one that asks the print system."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(self.printout.page_layout)
        printer.setDocName(self.printout.title)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, self.settings is not None)
        try:
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return
            paper = self.printout.page_layout
            try:
                paint_pages(self.printout, printer)
            except PageNotStarted:
                self._warn(self.tr("Print"), self.tr("The printer could not start."))
                return
            finally:
                if not self.printout.page_layout.isEquivalentTo(paper):
                    self.printout.lay_out(paper)  # as the preview shows it, not the printer's
            QTimer.singleShot(0, self.accept)
        finally:
            Shiboken.delete(dialog)  # now, while the printer it points to is still alive

    def _warn(self, title: str, text: str) -> None:
        icon, ok = QMessageBox.Icon.Warning, QMessageBox.StandardButton.Ok
        plain(QMessageBox(icon, title, text, ok, self)).exec()

    def run(self) -> int:
        """Show it modally, then let Qt delete it (one dialog per preview, not one per click)."""
        try:
            return self.exec()
        finally:
            self.deleteLater()
