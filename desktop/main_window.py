"""The main window: the search pane beside the reader."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter

from desktop.settings import Settings
from desktop.tasks import TaskContext, TaskRunner
from desktop.views.reader import ReaderView
from desktop.views.search_pane import SearchPane
from search_index.collection import Collection, open_default
from search_index.search import Hit, SearchEngine


class MainWindow(QMainWindow):
    collectionReady = Signal()

    def __init__(self, settings: Settings, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self.collection: Collection | None = None
        self.engine: SearchEngine | None = None
        self.setWindowTitle(self.tr("Clinic Reference — liver metastases"))
        self.setObjectName("mainWindow")

        self.search_pane = SearchPane(runner, settings.search_delay_ms, self)
        self.reader = ReaderView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.search_pane)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        self.search_pane.resultActivated.connect(self.open_hit)
        self.reader.documentRequested.connect(self.open_document)
        find = QAction(self.tr("Search"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.search_pane.focus_search)
        self.addAction(find)

        self.resize(1280, 800)
        self.search_pane.box.setFocus()
        self.splitter.setSizes([520, 760])
        if settings.window_geometry is not None:
            self.restoreGeometry(settings.window_geometry)
        if settings.splitter_state is not None:
            self.splitter.restoreState(settings.splitter_state)

    def load_collection(self) -> None:
        """Open the collection off the UI thread (building it first if it has to)."""
        def work(ctx: TaskContext) -> tuple[Collection, SearchEngine]:
            collection = open_default(ctx.progress)
            return collection, collection.search_engine()

        self.runner.submit(work, self._collection_opened, self._collection_failed,
                           lambda d, t, w: self.statusBar().showMessage(f"{w} ({d}/{t})"))

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
        self.collectionReady.emit()

    def _collection_failed(self, message: str) -> None:
        self.search_pane.status.setText(self.tr("The collection could not be opened."))
        QMessageBox.critical(self, self.tr("Clinic Reference"),
                             self.tr("The collection could not be opened:\n%s") % message)

    def open_hit(self, hit: Hit) -> None:
        assert self.collection is not None and self.engine is not None
        stored = self.collection.document(hit.document_id)
        self.reader.show_document(stored, self.engine.variants_of(self.search_pane.box.text()),
                                  hit.passage_id)

    def open_document(self, doc_id: str) -> None:
        assert self.collection is not None
        self.reader.show_document(self.collection.document(doc_id))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        self.settings.sync()
        super().closeEvent(event)
