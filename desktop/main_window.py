"""The main window: filters, the search pane and the open document, side by side."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
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

from desktop.kiosk import Clock
from desktop.models.results import Role
from desktop.navigation import History, Place
from desktop.pages import ask_pdf_path, default_paper
from desktop.plain import plain
from desktop.printing import GridPrintout, export_pdf, preview
from desktop.settings import Settings
from desktop.shortcuts import ShortcutsDialog
from desktop.tasks import TaskRunner
from desktop.theme import PATIENT_ZOOM, THEMES
from desktop.views.bookmarks_dialog import BookmarksDialog
from desktop.views.compare_view import CompareView
from desktop.views.document_pane import DocumentPane
from desktop.views.filter_pane import FilterPane
from desktop.views.questions_view import QuestionsView
from desktop.views.search_pane import SearchPane
from desktop.window_kiosk import KioskMixin
from desktop.window_library import LibraryMixin
from desktop.window_view import ViewMixin
from search_index import bookmarks
from search_index.collection import Collection
from search_index.lexicon import tags_in, treatment_data, treatments
from search_index.questions.bank import build_bank
from search_index.results import Hit
from search_index.search import SearchEngine
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


class MainWindow(ViewMixin, KioskMixin, LibraryMixin, QMainWindow):
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
        self.clock = clock  # the kiosk's idle countdown and PIN lockout read time from it
        self.pin_hash = pin_hash  # the clinician's, from the settings on disk (read only)
        self._may_close = not kiosk
        self.history = History()
        self.user_db = None
        self.runner = runner
        self.collection: Collection | None = None
        self.engine: SearchEngine | None = None
        self._warm_up: int | None = None  # the task warming the engine up
        # The subject only: the system adds the application's name ("… — Clinic Reference").
        self.setWindowTitle(self.tr("Liver metastases"))
        self.setObjectName("mainWindow")

        self.filter_pane = FilterPane(self)
        self.search_pane = SearchPane(runner, settings, self)
        self.document_pane = DocumentPane(self)
        self.reader = self.document_pane.reader
        # Filters beside the results, or above them when the type is too large for three
        # columns (see ViewMixin.reflow); the document beside that column.
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
        self.questions_view = QuestionsView(settings, kiosk=kiosk, parent=self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(self.tr("Views: search, compare, questions"))
        self.tabs.addTab(self.splitter, self.tr("Search and read"))
        self.tabs.addTab(scrolling(self.compare_view), self.tr("Compare treatments"))
        self.tabs.addTab(scrolling(self.questions_view), self.tr("My questions"))
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        self.search_pane.resultActivated.connect(self.open_hit)
        self.search_pane.resultsShown.connect(self.filter_pane.show_facets)
        self.filter_pane.model.filtersChanged.connect(self.search_pane.set_filters)
        self.reader.documentRequested.connect(self.open_document)
        self.reader.jumping.connect(self._leave_place)
        self.search_pane.resultsShown.connect(self._follow_search)
        self.reader.questionRequested.connect(self.add_question)
        self.reader.bookmarkRequested.connect(self.bookmark)
        self.reader.bookmarks_enabled = not kiosk
        self.compare_view.statementActivated.connect(self.open_statement)
        self.compare_view.print_button.clicked.connect(self.print_comparison)
        self.compare_view.pdf_button.clicked.connect(self.export_comparison)
        self.compare_view.questions_button.clicked.connect(self.add_comparison_questions)
        self.search_pane.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.search_pane.list.customContextMenuRequested.connect(self._result_menu)
        self._build_menus()
        self._build_toolbar()
        if kiosk:  # patient words and large type, whatever the settings say
            self.settings.audience = "patient"
            self.settings.zoom = max(self.settings.zoom, PATIENT_ZOOM)
        self.apply_view()
        if kiosk:
            self._start_kiosk()

        self.resize(1280, 800)
        self.splitter.setSizes([660, 620])
        self.search_column.setSizes([230, 430])
        self.search_pane.box.setFocus()
        if settings.window_geometry is not None:
            self.restoreGeometry(settings.window_geometry)
        if settings.splitter_state is not None:
            self.splitter.restoreState(settings.splitter_state)

    def _action(self, text: str, slot, shortcuts=(), menu=None) -> QAction:
        action = QAction(text, self)
        keys = {}  # each once: a key bound twice to one action is "ambiguous" and does nothing
        for k in map(QKeySequence, shortcuts):  # a standard key: its first binding only
            keys.setdefault(k.toString(), k)
        action.setShortcuts(list(keys.values()))
        action.triggered.connect(slot)
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        if self.kiosk:
            self._action(self.tr("&Leave kiosk mode…"), self.leave_kiosk, ["Ctrl+Shift+L"], file_menu)
        else:
            self._build_library_menu(file_menu)
            self._action(self.tr("Set the &kiosk PIN…"), self.set_pin, [], file_menu)
            self._action(self.tr("&Clinic name for handouts…"), self.set_clinic_name, [], file_menu)
            self._action(self.tr("&Quit"), self.close, [QKeySequence.StandardKey.Quit], file_menu)
        edit = bar.addMenu(self.tr("&Edit"))
        self._action(self.tr("&Find"), self.find, [QKeySequence.StandardKey.Find], edit)
        self._action(
            self.tr("Find &next"),
            self.document_pane.find_bar.go_next,
            [QKeySequence.StandardKey.FindNext],
            edit,
        )
        self._action(
            self.tr("Find &previous"),
            self.document_pane.find_bar.go_previous,
            [QKeySequence.StandardKey.FindPrevious],
            edit,
        )
        self._action(
            self.tr("&Search the collection"), self.search_pane.focus_search, ["Ctrl+K", "Ctrl+L"], edit
        )
        view = bar.addMenu(self.tr("&View"))
        self._action(
            self.tr("Zoom &in"), lambda: self.zoom(1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], view
        )
        self._action(
            self.tr("Zoom &out"), lambda: self.zoom(-1), [QKeySequence.StandardKey.ZoomOut], view
        )
        self._action(self.tr("&Actual size"), lambda: self.zoom(0), ["Ctrl+0"], view)
        view.addSeparator()
        themes = view.addMenu(self.tr("&Colours"))
        for name, label in (
            ("auto", self.tr("Follow the system")),
            *((t.name, t.label) for t in THEMES.values()),
        ):
            action = themes.addAction(label, lambda n=name: self.set_theme(n))
            action.setCheckable(True)
            action.setChecked(self.settings.theme == name)
            action.setData(name)
        self.theme_menu = themes
        for i, title in enumerate(
            (self.tr("&Search and read"), self.tr("&Compare treatments"), self.tr("&My questions"))
        ):
            self._action(
                title, lambda _checked=False, i=i: self.tabs.setCurrentIndex(i), [f"Ctrl+{i + 1}"], view
            )
        go = bar.addMenu(self.tr("&Go"))
        self.back_action = self._action(
            self.tr("&Back"), self.go_back, [QKeySequence.StandardKey.Back, "Alt+Left"], go
        )
        self.forward_action = self._action(
            self.tr("&Forward"), self.go_forward, [QKeySequence.StandardKey.Forward, "Alt+Right"], go
        )
        self._update_history_actions()
        self.recent_menu = go.addMenu(self.tr("&Recent documents"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        if not self.kiosk:  # nothing of a patient's is kept in the kiosk
            self._action(self.tr("&Bookmarks…"), self.show_bookmarks, ["Ctrl+B"], go)
            self._action(self.tr("Bookmark the &passage…"), self.bookmark_current, ["Ctrl+D"], go)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts, ["F1"], help_menu)

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
        self.runner.submit(
            self._open_library,
            self._library_opened,
            self._collection_failed,
            lambda d, t, w: self.statusBar().showMessage(f"{w} ({d}/{t})"),
        )

    def _collection_opened(self, opened: tuple[Collection, SearchEngine]) -> None:
        self.collection, self.engine = opened
        docs = self.collection.documents()
        passages = self.engine.passage_count
        summary = self.tr("%d documents, %d passages. Type to search.") % (len(docs), passages)
        self.status_label.setText(self.tr("%d documents · %d passages") % (len(docs), passages))
        self.statusBar().clearMessage()
        self.search_pane.set_engine(self.engine, summary)
        if self.reader.document_id is None:
            self.reader.show_welcome(docs)
        self.compare_view.set_store(self.collection.db, option_list(self.collection.db))
        if self.user_db is None and not self.kiosk:  # opened once: the library reopens often
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
        self.questions_view.set_bank(
            build_bank(self.collection.db), self.user_db, keeps_draft=self.library is not None
        )
        engine = self.engine
        if self._warm_up is not None:  # of the engine just replaced: no use going on
            self.runner.cancel(self._warm_up)
        self._warm_up = self.runner.submit(
            lambda ctx: engine.warm_up(cancelled=lambda: ctx.cancelled), lambda _loaded: None
        )
        self.collectionReady.emit()

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

    def reset(self) -> None:
        """The kiosk's fresh start: where the last person read goes too."""
        super().reset()
        self.history.clear()
        self._update_history_actions()

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
        self.reflow()

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
        if not self._may_close:  # a kiosk closes only with the clinician's PIN
            event.ignore()
            return
        if self.questions_view.unkept_list() and not self._save_unkept_list():
            event.ignore()
            return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        self.settings.sync()
        self.close_library()
        super().closeEvent(event)
