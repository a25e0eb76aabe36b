"""The main window: filters, the search pane and the open document, side by side."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial

import sqlite_utils
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

from desktop.comparison_controller import ComparisonController
from desktop.kiosk import Clock
from desktop.kiosk_controller import KioskController, set_clinic_name, set_pin
from desktop.library_controller import LibraryController
from desktop.menus import build_menus, build_toolbar
from desktop.models.results import Role
from desktop.plain import plain, tell, tooltip
from desktop.reading_controller import ReadingController
from desktop.settings import Settings
from desktop.tasks import TaskRunner
from desktop.theme import PATIENT_ZOOM
from desktop.unkept_list import UnkeptList
from desktop.view_controller import ViewController
from desktop.views.compare_view import CompareView
from desktop.views.document_pane import DocumentPane
from desktop.views.filter_pane import FilterPane
from desktop.views.questions_view import QuestionsView
from desktop.views.search_pane import SearchPane
from desktop.wording import WORDING
from search_index.collection import Collection
from search_index.lexicon import treatment_data
from search_index.library import Library, OpenCollection
from search_index.questions.bank import build_bank
from search_index.results import Hit
from search_index.search import SearchEngine
from search_index.treatments.comparison import option_label, option_list
from search_index.user_store import open_user_store


def scrolling(page: QWidget) -> QScrollArea:
    """A tab's page that scrolls when the window is smaller than it can shrink to (very large
    type), instead of making the window wider than the screen."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no extra stop for Tab: the page's own
    return area


class MainWindow(QMainWindow):
    """Composes the panes and the controllers that own their state: the collection
    (LibraryController), the view settings (ViewController), going from document to document
    (ReadingController), the grid's printing (ComparisonController) and, in the waiting room,
    the kiosk (KioskController). They tell the window what changed through signals."""

    collectionReady = Signal()

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        parent=None,
        *,
        kiosk: bool = False,
        pin_hash: str = "",
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.kiosk = kiosk
        self.user_db: sqlite_utils.Database | None = None
        self.runner = runner
        # The subject only: the system adds the application's name ("… — Clinic Reference").
        self.setWindowTitle(self.tr("Liver metastases"))
        self.setObjectName("mainWindow")
        self._build_panes()
        self.library_control = LibraryController(self, runner, settings, kiosk=kiosk)
        self.view_control = ViewController(self, settings, self.search_pane.box, self.search_column)
        shown = self.library_control  # the collection shown, and its engine
        self.reading_control = ReadingController(self, settings, self.document_pane, shown)
        self.comparison_control = ComparisonController(
            self, settings, self.compare_view, self.questions_view, shown, kiosk=kiosk
        )
        self._connect()
        build_menus(self)
        build_toolbar(self)
        if kiosk:  # patient words and large type, whatever the settings say
            self.settings.audience = "patient"
            self.settings.zoom = max(self.settings.zoom, PATIENT_ZOOM)
        self.view_control.apply_view()
        self.kiosk_control = self._start_kiosk(pin_hash, clock) if kiosk else None

        self.resize(1280, 800)
        self.splitter.setSizes([660, 620])
        self.search_column.setSizes([230, 430])
        self.search_pane.box.setFocus()
        if settings.window_geometry is not None:
            self.restoreGeometry(settings.window_geometry)
        if settings.splitter_state is not None:
            self.splitter.restoreState(settings.splitter_state)

    def _build_panes(self) -> None:
        self.filter_pane = FilterPane(self)
        self.search_pane = SearchPane(self.runner, self.settings, self)
        self.document_pane = DocumentPane(self)
        self.reader = self.document_pane.reader
        # Filters beside the results, or above them when the type is too large for three
        # columns (see ViewController.reflow); the document beside that column.
        self.search_column = QSplitter(Qt.Orientation.Horizontal, self)
        self.search_column.setObjectName("searchColumn")
        self.search_column.addWidget(self.filter_pane)
        self.search_column.addWidget(self.search_pane)
        self.search_column.setStretchFactor(1, 1)
        self.search_column.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.search_column)
        self.splitter.addWidget(self.document_pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.compare_view = CompareView(self)
        self.questions_view = QuestionsView(self.settings, kiosk=self.kiosk, parent=self)
        self.unkept_list = UnkeptList(self, self.questions_view)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(self.tr("Views: search, compare, questions"))
        self.tabs.addTab(self.splitter, self.tr("Search and read"))
        self.tabs.addTab(scrolling(self.compare_view), self.tr("Compare treatments"))
        self.tabs.addTab(scrolling(self.questions_view), self.tr("My questions"))
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        bar = self.statusBar()  # a narrow window cuts a message short: whole on hovering it
        bar.messageChanged.connect(lambda text: bar.setToolTip(tooltip(text) if text else ""))

    def _connect(self) -> None:
        self.search_pane.resultActivated.connect(self.open_hit)
        self.search_pane.resultsShown.connect(self.filter_pane.show_facets)
        self.filter_pane.model.filtersChanged.connect(self.search_pane.set_filters)
        self.search_pane.resultsShown.connect(self.reading_control.follow_search)
        self.reader.questionRequested.connect(self.add_question)
        self.reader.bookmarks_enabled = not self.kiosk
        self.compare_view.statementActivated.connect(self.reading_control.open_statement)
        self.search_pane.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.search_pane.list.customContextMenuRequested.connect(self._result_menu)
        status = self.statusBar()
        for control in (
            self.library_control,
            self.view_control,
            self.reading_control,
            self.comparison_control,
        ):
            control.message.connect(lambda text, ms: status.showMessage(text, ms))
        self.library_control.opened.connect(self._collection_opened)
        self.library_control.changed.connect(self._collection_changed)
        self.library_control.failed.connect(self._collection_failed)
        self.view_control.audienceChanged.connect(self._audience_changed)
        self.view_control.viewChanged.connect(self.rerender)
        self.reading_control.broughtForward.connect(lambda: self.tabs.setCurrentIndex(0))

    def _start_kiosk(self, pin_hash: str, clock: Clock) -> KioskController:
        control = KioskController(self, self.settings, pin_hash, clock)
        self.compare_view.pdf_button.hide()  # no file dialogs in the waiting room
        self.compare_view.keep_patient_view()  # only statements a clinician has reviewed
        self.view_control.hide_audience_switch()
        self.questions_view.grade.hide()  # a reading grade is for whoever writes handouts
        control.expired.connect(self.reset)
        control.unlocked.connect(self.close)
        control.remember_start()
        return control

    # The collection shown, as the library controller holds it.

    @property
    def collection(self) -> Collection | None:
        return self.library_control.collection

    @property
    def engine(self) -> SearchEngine | None:
        return self.library_control.engine

    @property
    def library(self) -> Library | None:
        return self.library_control.library

    def find_anywhere(self) -> None:
        """Ctrl+F: find in the document when reading one, else go to the search box."""
        focus = self.focusWidget()
        in_document = focus is not None and (
            focus is self.document_pane or self.document_pane.isAncestorOf(focus)
        )
        if in_document and self.reader.document_id is not None:
            self.document_pane.find_bar.open_bar()
        else:
            self.search_pane.focus_search()

    def load_collection(self) -> None:
        """Open the library off the UI thread (building or repairing it first if it has to)."""
        self.library_control.load()

    def _collection_opened(self, handle: OpenCollection) -> None:
        self.compare_view.set_review_store(handle.library.store_path if handle.library else None)
        self._show_collection(handle)

    def _collection_changed(self, handle: OpenCollection, message: str) -> None:
        self.compare_view.set_review_store(handle.library.store_path if handle.library else None)
        self._show_collection(handle)  # Compare keeps the options still spoken of ticked
        documents = handle.collection.documents()
        if self.reader.document_id is not None and self.reader.document_id not in documents:
            self.reader.show_welcome(documents)
        self.statusBar().showMessage(message, 10000)

    def _show_collection(self, handle: OpenCollection) -> None:
        collection, engine = handle.collection, handle.engine
        docs = collection.documents()
        passages = engine.passage_count
        summary = self.tr("%d documents, %d passages. Type to search.") % (len(docs), passages)
        self.status_label.setText(self.tr("%d documents · %d passages") % (len(docs), passages))
        self.statusBar().clearMessage()
        self.search_pane.set_engine(engine, summary)
        if self.reader.document_id is None:
            self.reader.show_welcome(docs)
        self.compare_view.set_store(collection.db, option_list(collection.db))
        if self.user_db is None and not self.kiosk:  # opened once: the library reopens often
            self._open_user_store()
        self.questions_view.set_bank(
            build_bank(collection.db), self.user_db, keeps_draft=handle.library is not None
        )
        self.collectionReady.emit()

    def _open_user_store(self) -> None:
        notices: list[str] = []
        self.user_db = self.reading_control.user_db = open_user_store(notices=notices)
        for notice in notices:
            tell(self, QMessageBox.Icon.Warning, notice, "userStoreNotice")

    def _collection_failed(self, message: str) -> None:
        self.search_pane.status.setText(self.tr("The collection could not be opened."))
        plain(
            QMessageBox(
                QMessageBox.Icon.Critical,
                self.tr("Clinic Reference"),
                self.tr("The collection could not be opened:\n%s") % message,
                QMessageBox.StandardButton.Ok,
                self,
            )
        ).exec()

    def open_hit(self, hit: Hit) -> None:
        # What the shown results were found for: the box may already hold more, typed since.
        shown = self.search_pane.last_results
        self.reading_control.open_hit(
            hit, shown.query if shown is not None else self.search_pane.box.text()
        )

    def rerender(self) -> None:
        """Draw again what was drawn with the old colours or type size."""
        self.search_pane.delegate.forget_sizes()
        self.search_pane.list.doItemsLayout()
        place = self.reader.place()  # None on the welcome page
        if self.collection is not None and place is not None:
            # Scrolled to the hit again, not to the old offset: the lines moved with the type.
            self.reading_control.display(replace(place, scroll=None))
        elif self.collection is not None:
            self.reader.show_welcome(self.collection.documents())
        self.compare_view.refresh()

    def _audience_changed(self, audience: str) -> None:
        self.compare_view.audience.setCurrentIndex(self.compare_view.audience.findData(audience))
        titles = WORDING[audience]
        for i, key in enumerate(("search", "compare", "questions")):
            self.tabs.setTabText(i, titles[key])
        self.questions_view.show_grade()  # the reading grade is for clinicians' eyes only
        self.search_pane.box.setPlaceholderText(titles["placeholder"])

    def reset(self) -> None:
        """The kiosk's fresh start: back to the start screen, with nothing of the last person
        left, where they read included."""
        self.search_pane.box.clear()
        self.search_pane.completions.setStringList([])
        self.filter_pane.model.clear_filters()
        self.search_pane.model.set_hits([])
        self.document_pane.find_bar.close_bar()
        self.document_pane.contents.clear()
        self.document_pane.toc.hide()
        if self.collection is not None:
            self.reader.show_welcome(self.collection.documents())
        self.compare_view.choose([])
        self.questions_view.reset()
        if self.kiosk_control is not None:
            self.kiosk_control.restore_start(self.view_control.apply_view)
        self.statusBar().clearMessage()  # "Added to your questions: …"
        self.tabs.setCurrentIndex(0)
        self.search_pane.focus_search()
        self.reading_control.forget()

    def leave_kiosk(self) -> bool:
        return self.kiosk_control is not None and self.kiosk_control.leave()

    def set_pin(self) -> None:
        if set_pin(self, self.settings):
            self.statusBar().showMessage(self.tr("Kiosk PIN set."), 5000)

    def set_clinic_name(self) -> None:
        set_clinic_name(self, self.settings)

    def add_question(self, text: str) -> None:
        self.questions_view.add_text(text)
        self.statusBar().showMessage(self.tr("Added to your questions: %s") % text, 5000)

    def compare(self, option_ids: list[str]) -> None:
        self.compare_view.choose(option_ids)
        self.tabs.setCurrentIndex(1)

    def _result_menu(self, pos) -> None:
        index = self.search_pane.list.indexAt(pos)
        hit = index.data(Role.HIT) if index.isValid() else None
        if hit is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_hit(hit))
        if hit.text.rstrip().endswith("?"):
            menu.addAction(self.tr("Add to my questions"), lambda: self.add_question(hit.text))
        names = {o["id"]: option_label(o, self.settings.audience) for o in treatment_data()["options"]}
        for oid in hit.treatments:
            menu.addAction(self.tr("Compare %s with…") % names[oid], partial(self.compare, [oid]))
        menu.exec(self.search_pane.list.viewport().mapToGlobal(pos))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view_control.reflow()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.library_control.accepts_drop(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self.library_control.dropped_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.library_control.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_control is not None and not self.kiosk_control.may_close:  # with the PIN
            event.ignore()
            return
        if self.unkept_list.holds_close():  # asked, then closed again
            event.ignore()
            return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        self.settings.sync()
        for shown in [self, *self.findChildren(QDialog)]:  # an import's progress too
            shown.hide()  # gone at once, while the work under way stops and the library closes
        self.release_library()
        super().closeEvent(event)

    def release_library(self) -> None:
        """Let the library go (also when the app is told to end without closing: app.py)."""
        self.library_control.close()
        self.compare_view.set_review_store(None)  # the library's store: let go with the rest
