"""Going from document to document in the reader: a hit, a statement of the grid, a bookmark,
a recent document; Back and Forward; and the bookmarks kept of passages."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QMessageBox

from desktop.actions import add_action
from desktop.library_controller import LibraryController
from desktop.navigation import History, Place
from desktop.settings import Settings
from desktop.views.bookmarks_dialog import BookmarksDialog
from desktop.views.document_pane import DocumentPane
from search_index import bookmarks
from search_index.results import Hit, Results
from search_index.treatments.comparison import StatementView


class ReadingController(QObject):
    broughtForward = Signal()  # a document was opened from elsewhere: show the reading tab
    message = Signal(str, int)  # for the status bar, and for how long (ms)

    def __init__(
        self,
        window: QMainWindow,
        settings: Settings,
        document_pane: DocumentPane,
        shown: LibraryController,
    ) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.document_pane = document_pane
        self.reader = document_pane.reader
        self.shown = shown  # the collection shown, and its engine
        self.history = History()
        self.user_db: sqlite_utils.Database | None = None  # bookmarks (none in the kiosk)
        self.back_action = add_action(
            window, self.tr("&Back"), self.go_back, [QKeySequence.StandardKey.Back, "Alt+Left"]
        )
        self.forward_action = add_action(
            window, self.tr("&Forward"), self.go_forward, [QKeySequence.StandardKey.Forward, "Alt+Right"]
        )
        self._update_history_actions()
        self.reader.documentRequested.connect(self.open_document)
        self.reader.jumping.connect(self._leave_place)
        self.reader.bookmarkRequested.connect(self.bookmark)

    def build_menu(self, go: QMenu, *, bookmarks_kept: bool) -> None:
        window = self.window
        go.addActions([self.back_action, self.forward_action])
        self.recent_menu = go.addMenu(self.tr("&Recent documents"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        if bookmarks_kept:
            add_action(window, self.tr("&Bookmarks…"), self.show_bookmarks, ["Ctrl+B"], go)
            add_action(window, self.tr("Bookmark the &passage…"), self.bookmark_current, ["Ctrl+D"], go)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        collection = self.shown.collection
        docs = collection.documents() if collection else {}
        for doc_id in self.settings.recent_documents:
            if doc_id in docs:
                action = self.recent_menu.addAction(docs[doc_id]["title"])
                action.triggered.connect(lambda _=False, d=doc_id: self.open_document(d))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("No documents opened yet")).setEnabled(False)

    # -- going places ------------------------------------------------------------------------

    def open_hit(self, hit: Hit, query: str) -> None:
        """A result of the search for `query`, its words marked."""
        engine = self.shown.engine
        assert engine is not None
        self._show(Place(hit.document_id, tuple(engine.variants_of(query)), hit.passage_id))

    def open_document(self, doc_id: str) -> None:
        self._show(Place(doc_id))

    def open_statement(self, st: StatementView) -> None:
        """A statement of the grid, in its document, with its sentence highlighted."""
        self._show(
            Place(st.document_id, passage_id=st.passage_id, sentence=(st.passage_id, st.start, st.end))
        )
        self.broughtForward.emit()

    def _show(self, place: Place) -> None:
        """Go to `place`; where the reader was is where Back returns."""
        self._leave_place()
        self.display(place)
        self.settings.remember_document(place.document_id)

    def display(self, place: Place) -> None:
        collection = self.shown.collection
        assert collection is not None
        self.document_pane.show_document(
            collection.document(place.document_id), place.variants, place.passage_id, place.scroll
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

    def _go(self, step: Callable[[Place], Place | None]) -> None:
        here = self.reader.place()
        place = step(here) if here is not None else None
        collection = self.shown.collection
        if (
            place is not None and collection is not None and place.document_id in collection.documents()
        ):  # not since removed
            self.display(place)
            self.broughtForward.emit()
        self._update_history_actions()

    def forget(self) -> None:
        """The kiosk's fresh start: where the last person read goes too."""
        self.history.clear()
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(bool(self.history.behind))
        self.forward_action.setEnabled(bool(self.history.ahead))

    def follow_search(self, results: Results) -> None:
        """The open document's marks are those of the search now in the box, never the last
        one's: marked again, where it was scrolled to, when the search changes."""
        engine = self.shown.engine
        if engine is None or self.reader.place() is None:
            return
        variants = tuple(engine.variants_of(results.query))
        if variants != self.reader.variants:
            self.reader.remark(list(variants))

    # -- bookmarks ---------------------------------------------------------------------------

    def bookmark_current(self) -> None:
        pid = self.reader.passage_at(self.reader.textCursor().position())
        if pid is None:
            pid = self.reader.current_passage
        if pid is not None:
            self.bookmark(pid)

    def bookmark(self, passage_id: int, note: str | None = None) -> int | None:
        collection = self.shown.collection
        if self.user_db is None or collection is None:
            return None
        if note is None:
            note, ok = QInputDialog.getText(
                self.window, self.tr("Bookmark"), self.tr("A short note (optional):")
            )
            if not ok:
                return None
        bookmark_id = bookmarks.add(self.user_db, collection.db, passage_id, note)
        self.message.emit(self.tr("Bookmarked."), 3000)
        return bookmark_id

    def show_bookmarks(self) -> None:
        collection = self.shown.collection
        if self.user_db is None or collection is None:
            return
        titles = {d: m["title"] for d, m in collection.documents().items()}
        dialog = BookmarksDialog(self.user_db, titles, self.window)
        dialog.openRequested.connect(self.open_bookmark)
        dialog.exec()

    def open_bookmark(self, bookmark: dict) -> None:
        collection = self.shown.collection
        found = bookmarks.locate(collection.db, bookmark) if collection else None
        if found is None:
            QMessageBox.information(
                self.window,
                self.tr("Bookmark"),
                self.tr("The document of this bookmark is no longer in the library."),
            )
            return
        self._show(Place(bookmark["document_id"], passage_id=found.passage_id))
        self.broughtForward.emit()
        if not found.by_its_words:
            self.message.emit(
                self.tr(
                    "The bookmarked passage is no longer in this document; "
                    "showing the passage that stands where it was."
                ),
                15000,
            )
