"""The main window: filters, the search pane and the open document, side by side."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)

from desktop.actions import add_action
from desktop.kiosk import Clock
from desktop.kiosk_controller import KioskController, set_clinic_name, set_pin
from desktop.library_controller import LibraryController
from desktop.models.results import Role
from desktop.navigation import History, Place
from desktop.pages import ask_pdf_path, default_paper
from desktop.plain import plain
from desktop.printing import GridPrintout, export_pdf, preview
from desktop.settings import Settings
from desktop.shortcuts import ShortcutsDialog
from desktop.tasks import TaskRunner
from desktop.theme import PATIENT_ZOOM
from desktop.view_controller import ViewController
from desktop.views.bookmarks_dialog import BookmarksDialog
from desktop.views.compare_view import CompareView
from desktop.views.document_pane import DocumentPane
from desktop.views.filter_pane import FilterPane
from desktop.views.questions_view import QuestionsView
from desktop.views.search_pane import SearchPane
from desktop.wording import WORDING
from search_index import bookmarks
from search_index.collection import Collection
from search_index.lexicon import tags_in, treatment_data, treatments
from search_index.library import Library, OpenCollection
from search_index.questions.bank import build_bank
from search_index.search import Hit, SearchEngine
from search_index.treatments.comparison import StatementView, option_label, option_list
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
    """Composes the panes and three controllers: the collection (LibraryController), the view
    settings (ViewController) and, in the waiting room, the kiosk (KioskController)."""

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
        self.history = History()
        self.user_db = None
        self.runner = runner
        # The subject only: the system adds the application's name ("… — Clinic Reference").
        self.setWindowTitle(self.tr("Liver metastases"))
        self.setObjectName("mainWindow")
        self._build_panes()
        self.library_control = LibraryController(self, runner, settings, kiosk=kiosk)
        self.view = ViewController(self, settings, self.search_pane.box, self.search_column)
        self._connect()
        self._build_menus()
        self._build_toolbar()
        if kiosk:  # patient words and large type, whatever the settings say
            self.settings.audience = "patient"
            self.settings.zoom = max(self.settings.zoom, PATIENT_ZOOM)
        self.view.apply_view()
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
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(self.tr("Views: search, compare, questions"))
        self.tabs.addTab(self.splitter, self.tr("Search and read"))
        self.tabs.addTab(scrolling(self.compare_view), self.tr("Compare treatments"))
        self.tabs.addTab(scrolling(self.questions_view), self.tr("My questions"))
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

    def _connect(self) -> None:
        self.search_pane.resultActivated.connect(self.open_hit)
        self.search_pane.resultsShown.connect(self.filter_pane.show_facets)
        self.filter_pane.model.filtersChanged.connect(self.search_pane.set_filters)
        self.reader.documentRequested.connect(self.open_document)
        self.reader.jumping.connect(self._leave_place)
        self.search_pane.resultsShown.connect(self._follow_search)
        self.reader.questionRequested.connect(self.add_question)
        self.reader.bookmarkRequested.connect(self.bookmark)
        self.reader.bookmarks_enabled = not self.kiosk
        self.compare_view.statementActivated.connect(self.open_statement)
        self.compare_view.print_button.clicked.connect(self.print_comparison)
        self.compare_view.pdf_button.clicked.connect(self.export_comparison)
        self.compare_view.questions_button.clicked.connect(self.add_comparison_questions)
        self.search_pane.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.search_pane.list.customContextMenuRequested.connect(self._result_menu)
        status = self.statusBar()
        for control in (self.library_control, self.view):
            control.message.connect(lambda text, ms: status.showMessage(text, ms))
        self.library_control.opened.connect(self._collection_opened)
        self.library_control.changed.connect(self._collection_changed)
        self.library_control.failed.connect(self._collection_failed)
        self.view.audienceChanged.connect(self._audience_changed)
        self.view.viewChanged.connect(self.rerender)

    def _start_kiosk(self, pin_hash: str, clock: Clock) -> KioskController:
        control = KioskController(self, self.settings, pin_hash, clock)
        self.compare_view.pdf_button.hide()  # no file dialogs in the waiting room
        self.compare_view.keep_patient_view()  # only statements a clinician has reviewed
        self.view.hide_audience_switch()
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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self._build_file_menu(bar.addMenu(self.tr("&File")))
        edit = bar.addMenu(self.tr("&Edit"))
        add_action(self, self.tr("&Find"), self.find, [QKeySequence.StandardKey.Find], edit)
        add_action(
            self,
            self.tr("Find &next"),
            self.document_pane.find_bar.go_next,
            [QKeySequence.StandardKey.FindNext],
            edit,
        )
        add_action(
            self,
            self.tr("Find &previous"),
            self.document_pane.find_bar.go_previous,
            [QKeySequence.StandardKey.FindPrevious],
            edit,
        )
        add_action(
            self,
            self.tr("&Search the collection"),
            self.search_pane.focus_search,
            ["Ctrl+K", "Ctrl+L"],
            edit,
        )
        view = bar.addMenu(self.tr("&View"))
        self.view.build_menu(view)
        for i, title in enumerate(
            (self.tr("&Search and read"), self.tr("&Compare treatments"), self.tr("&My questions"))
        ):
            add_action(
                self,
                title,
                lambda _checked=False, i=i: self.tabs.setCurrentIndex(i),
                [f"Ctrl+{i + 1}"],
                view,
            )
        self._build_go_menu(bar.addMenu(self.tr("&Go")))
        help_menu = bar.addMenu(self.tr("&Help"))
        add_action(self, self.tr("&Keyboard shortcuts"), self.show_shortcuts, ["F1"], help_menu)

    def _build_file_menu(self, menu: QMenu) -> None:
        if self.kiosk:
            add_action(self, self.tr("&Leave kiosk mode…"), self.leave_kiosk, ["Ctrl+Shift+L"], menu)
            return
        self.library_control.build_menu(menu)
        add_action(self, self.tr("Set the &kiosk PIN…"), self.set_pin, [], menu)
        add_action(self, self.tr("&Clinic name for handouts…"), self.set_clinic_name, [], menu)
        add_action(self, self.tr("&Quit"), self.close, [QKeySequence.StandardKey.Quit], menu)

    def _build_go_menu(self, go: QMenu) -> None:
        self.back_action = add_action(
            self, self.tr("&Back"), self.go_back, [QKeySequence.StandardKey.Back, "Alt+Left"], go
        )
        self.forward_action = add_action(
            self,
            self.tr("&Forward"),
            self.go_forward,
            [QKeySequence.StandardKey.Forward, "Alt+Right"],
            go,
        )
        self._update_history_actions()
        self.recent_menu = go.addMenu(self.tr("&Recent documents"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        if not self.kiosk:  # nothing of a patient's is kept in the kiosk
            add_action(self, self.tr("&Bookmarks…"), self.show_bookmarks, ["Ctrl+B"], go)
            add_action(self, self.tr("Bookmark the &passage…"), self.bookmark_current, ["Ctrl+D"], go)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("View"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addSeparator()
        self.view.build_toolbar(toolbar)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def find(self) -> None:
        """Ctrl+F: find in the document when reading one, else go to the search box."""
        focus = self.focusWidget()
        in_document = focus is not None and (
            focus is self.document_pane or self.document_pane.isAncestorOf(focus)
        )
        if in_document and self.reader.document_id is not None:
            self.document_pane.find_bar.open_bar()
        else:
            self.search_pane.focus_search()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        docs = self.collection.documents() if self.collection else {}
        for doc_id in self.settings.recent_documents:
            if doc_id in docs:
                action = self.recent_menu.addAction(docs[doc_id]["title"])
                action.triggered.connect(lambda _=False, d=doc_id: self.open_document(d))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("No documents opened yet")).setEnabled(False)

    def load_collection(self) -> None:
        """Open the library off the UI thread (building or repairing it first if it has to)."""
        self.library_control.load()

    def _collection_opened(self, handle: OpenCollection) -> None:
        self._show_collection(handle)
        self.compare_view.set_review_store(handle.library.store_path if handle.library else None)

    def _collection_changed(self, handle: OpenCollection, message: str) -> None:
        chosen = self.compare_view.selected()
        self._show_collection(handle)
        self.compare_view.choose(chosen)  # options no longer spoken of drop out
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
        self.user_db = open_user_store(notices=notices)
        for notice in notices:
            box = plain(
                QMessageBox(
                    QMessageBox.Icon.Warning,
                    self.tr("Clinic Reference"),
                    notice,
                    QMessageBox.StandardButton.Ok,
                    self,
                )
            )
            box.setObjectName("userStoreNotice")
            box.open()

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
        assert self.engine is not None
        # What the shown results were found for: the box may already hold more, typed since.
        shown = self.search_pane.last_results
        query = shown.query if shown is not None else self.search_pane.box.text()
        self._show(Place(hit.document_id, tuple(self.engine.variants_of(query)), hit.passage_id))

    def open_document(self, doc_id: str) -> None:
        self._show(Place(doc_id))

    def _show(self, place: Place) -> None:
        """Go to `place`; where the reader was is where Back returns."""
        self._leave_place()
        self._display(place)
        self.settings.remember_document(place.document_id)

    def _display(self, place: Place) -> None:
        assert self.collection is not None
        self.document_pane.show_document(
            self.collection.document(place.document_id), place.variants, place.passage_id, place.scroll
        )
        if place.sentence is not None:
            self.reader.highlight_sentence(*place.sentence)

    def _leave_place(self) -> None:
        here = self.reader.place()
        if here is not None:
            self.history.leave(here)
        self._update_history_actions()

    def go_back(self) -> None:
        self._go(self.history.back)

    def go_forward(self) -> None:
        self._go(self.history.forward)

    def _go(self, step) -> None:
        here = self.reader.place()
        place = step(here) if here is not None else None
        if (
            place is not None
            and self.collection is not None
            and place.document_id in self.collection.documents()
        ):  # not since removed
            self._display(place)
            self.tabs.setCurrentIndex(0)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(bool(self.history.behind))
        self.forward_action.setEnabled(bool(self.history.ahead))

    def _follow_search(self, results) -> None:
        """The open document's marks are those of the search now in the box, never the last
        one's: marked again, where it was scrolled to, when the search changes."""
        if self.engine is None or self.reader.place() is None:
            return
        variants = tuple(self.engine.variants_of(results.query))
        if variants != self.reader.variants:
            self.reader.remark(list(variants))

    def rerender(self) -> None:
        """Draw again what was drawn with the old colours or type size."""
        self.search_pane.list.itemDelegate().forget_sizes()
        self.search_pane.list.doItemsLayout()
        if self.collection is not None and self.reader.document_id is not None:
            # Scrolled to the hit again, not to the old offset: the lines moved with the type.
            self._display(replace(self.reader.place(), scroll=None))
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
        self.document_pane.toc.clear()
        self.document_pane.toc.hide()
        if self.collection is not None:
            self.reader.show_welcome(self.collection.documents())
        self.compare_view.choose([])
        self.questions_view.reset()
        if self.kiosk_control is not None:
            self.kiosk_control.restore_start(self.view.apply_view)
        self.statusBar().clearMessage()  # "Added to your questions: …"
        self.tabs.setCurrentIndex(0)
        self.search_pane.focus_search()
        self.history.clear()
        self._update_history_actions()

    def leave_kiosk(self) -> bool:
        return self.kiosk_control is not None and self.kiosk_control.leave()

    def set_pin(self) -> None:
        if set_pin(self, self.settings):
            self.statusBar().showMessage(self.tr("Kiosk PIN set."), 5000)

    def set_clinic_name(self) -> None:
        set_clinic_name(self, self.settings)

    def open_statement(self, st: StatementView) -> None:
        """A statement of the grid, in its document, with its sentence highlighted."""
        self._show(
            Place(st.document_id, passage_id=st.passage_id, sentence=(st.passage_id, st.start, st.end))
        )
        self.tabs.setCurrentIndex(0)

    def add_question(self, text: str) -> None:
        self.questions_view.add_text(text)
        self.statusBar().showMessage(self.tr("Added to your questions: %s") % text, 5000)

    # -- bookmarks ---------------------------------------------------------------------------

    def bookmark_current(self) -> None:
        pid = self.reader.passage_at(self.reader.textCursor().position())
        if pid is None:
            pid = self.reader.current_passage
        if pid is not None:
            self.bookmark(pid)

    def bookmark(self, passage_id: int, note: str | None = None) -> int | None:
        if self.user_db is None or self.collection is None:
            return None
        if note is None:
            note, ok = QInputDialog.getText(
                self, self.tr("Bookmark"), self.tr("A short note (optional):")
            )
            if not ok:
                return None
        bookmark_id = bookmarks.add(self.user_db, self.collection.db, passage_id, note)
        self.statusBar().showMessage(self.tr("Bookmarked."), 3000)
        return bookmark_id

    def show_bookmarks(self) -> None:
        if self.user_db is None or self.collection is None:
            return
        titles = {d: m["title"] for d, m in self.collection.documents().items()}
        dialog = BookmarksDialog(self.user_db, titles, self)
        dialog.openRequested.connect(self.open_bookmark)
        dialog.exec()

    def open_bookmark(self, bookmark: dict) -> None:
        passage_id = bookmarks.locate(self.collection.db, bookmark) if self.collection else None
        if passage_id is None:
            QMessageBox.information(
                self,
                self.tr("Bookmark"),
                self.tr("The document of this bookmark is no longer in the library."),
            )
            return
        self._show(Place(bookmark["document_id"], passage_id=passage_id))
        self.tabs.setCurrentIndex(0)

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
        self.statusBar().showMessage(self.tr("Questions added to My questions."), 5000)

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
        mentioned = tags_in(hit.text, treatments())
        names = {o["id"]: option_label(o, self.settings.audience) for o in treatment_data()["options"]}
        for oid in mentioned:
            menu.addAction(self.tr("Compare %s with…") % names[oid], lambda oid=oid: self.compare([oid]))
        menu.exec(self.search_pane.list.viewport().mapToGlobal(pos))

    def _comparison_printout(self, page: str) -> GridPrintout | None:
        grid = self.compare_view.grid
        if grid is None or self.collection is None:
            return None
        return GridPrintout(grid, self.collection.built or "unknown date", page)

    def print_comparison(self) -> None:
        printout = self._comparison_printout(default_paper(self.settings))
        if printout is not None:
            preview(printout, self, to_file=not self.kiosk).run()

    def export_comparison(self) -> None:
        if self.compare_view.grid is None or self.kiosk:
            return
        answer = ask_pdf_path(
            self,
            self.settings,
            self.tr("Export the comparison as PDF"),
            "comparison.pdf",
            choose_paper=True,
        )
        printout = self._comparison_printout(answer[1]) if answer else None
        if answer and printout is not None:
            try:
                export_pdf(printout, answer[0])
            except OSError as exc:
                QMessageBox.warning(self, self.tr("Export the comparison"), str(exc))
                return
            self.statusBar().showMessage(self.tr("Saved %s") % answer[0], 5000)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view.reflow()

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

    def _save_unkept_list(self) -> bool:
        """Another window keeps the profile's working list: offer to save this one by name.
        False when the person chose to stay (Cancel, or cancelled naming it)."""
        answer = QMessageBox.question(
            self,
            self.tr("Your question list"),
            self.tr(
                "Another Clinic Reference window holds this profile, so this window does not keep "
                "its question list. Save it as a named list before closing?"
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            return True
        return answer == QMessageBox.StandardButton.Save and (
            self.questions_view.lists.save_list() is not None
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_control is not None and not self.kiosk_control.may_close:  # with the PIN
            event.ignore()
            return
        if self.questions_view.unkept_list() and not self._save_unkept_list():
            event.ignore()
            return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        self.settings.sync()
        self.library_control.close()
        super().closeEvent(event)
