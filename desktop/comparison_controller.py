"""The comparison grid's buttons: print it (preview), export it as PDF, and add the question
bank's questions about the options compared to My questions."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from desktop.library_controller import LibraryController
from desktop.pages import ask_pdf_path, default_paper
from desktop.printing import GridPrintout, export_pdf, preview
from desktop.settings import Settings
from desktop.views.compare_view import CompareView
from desktop.views.questions_view import QuestionsView


class ComparisonController(QObject):
    message = Signal(str, int)  # for the status bar, and for how long (ms)

    def __init__(
        self,
        window: QMainWindow,
        settings: Settings,
        compare_view: CompareView,
        questions_view: QuestionsView,
        shown: LibraryController,
        *,
        kiosk: bool,
    ) -> None:
        super().__init__(window)
        self.window, self.settings, self.kiosk = window, settings, kiosk
        self.compare_view, self.questions_view = compare_view, questions_view
        self.shown = shown  # the collection shown
        compare_view.print_button.clicked.connect(self.print_comparison)
        compare_view.pdf_button.clicked.connect(self.export_comparison)
        compare_view.questions_button.clicked.connect(self.add_comparison_questions)

    def add_comparison_questions(self) -> None:
        """From the grid: the question bank's questions about each option compared."""
        chosen = set(self.compare_view.selected())
        for q in self.questions_view.bank:
            if (
                chosen & set(q.options)
                and q.topic in ("treatment choice", "side effects")
                and not q.sources
            ):
                self.questions_view.add_question(q.id)
        self.message.emit(self.tr("Questions added to My questions."), 5000)

    def _printout(self, page: str) -> GridPrintout | None:
        grid = self.compare_view.grid
        collection = self.shown.collection
        if grid is None or collection is None:
            return None
        return GridPrintout(grid, collection.built or "unknown date", page)

    def print_comparison(self) -> None:
        printout = self._printout(default_paper(self.settings))
        if printout is not None:
            preview(printout, self.window, to_file=not self.kiosk).run()

    def export_comparison(self) -> None:
        if self.compare_view.grid is None or self.kiosk:
            return
        answer = ask_pdf_path(
            self.window,
            self.settings,
            self.tr("Export the comparison as PDF"),
            "comparison.pdf",
            choose_paper=True,
        )
        printout = self._printout(answer[1]) if answer else None
        if answer and printout is not None:
            try:
                export_pdf(printout, answer[0])
            except OSError as exc:
                QMessageBox.warning(self.window, self.tr("Export the comparison"), str(exc))
                return
            self.message.emit(self.tr("Saved %s") % answer[0], 5000)
