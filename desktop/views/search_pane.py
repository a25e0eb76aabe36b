"""The search pane: a search box that searches as you type, the result count, the result list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from desktop.models.results import ResultsModel, Role
from desktop.tasks import TaskContext, TaskRunner
from desktop.views.result_delegate import ResultDelegate
from search_index.search import Hit, Results, SearchEngine


class SearchPane(QWidget):
    resultActivated = Signal(object)  # Hit
    resultsShown = Signal(object)  # Results, once they are in the list

    def __init__(self, runner: TaskRunner, delay_ms: int = 150, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.engine: SearchEngine | None = None
        self._latest = 0  # sequence number of the newest search asked for
        self.setObjectName("searchPane")

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Search, e.g. liver metastases immunotherapy"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(self.tr("Search the documents"))
        self.box.installEventFilter(self)

        self.status = QLabel(self.tr("Loading the collection…"), self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)

        self.model = ResultsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("results")
        self.list.setAccessibleName(self.tr("Search results"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 6, 10)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.search_now)
        self.box.textChanged.connect(lambda _: self.timer.start())
        self.box.returnPressed.connect(self._open_current)

    def set_engine(self, engine: SearchEngine, summary: str) -> None:
        self.engine = engine
        self.status.setText(summary)
        if self.box.text().strip():
            self.search_now()

    def search_now(self) -> None:
        self.timer.stop()
        if self.engine is None:
            return
        self._latest += 1
        seq, text, engine = self._latest, self.box.text(), self.engine
        if not text.strip():
            self.model.set_hits([])
            self.status.setText(self.tr("Type to search the collection."))
            return
        self.status.setText(self.tr("Searching…"))
        self.runner.submit(lambda ctx: self._run(engine, text, ctx),
                           lambda results, seq=seq: self._show(seq, results),
                           lambda message: self.status.setText(
                               self.tr("The search failed: %s") % message))

    @staticmethod
    def _run(engine: SearchEngine, text: str, ctx: TaskContext) -> Results:
        return engine.search(text)

    def _show(self, seq: int, results: Results) -> None:
        if seq != self._latest:
            return  # a newer search was asked for: these results are stale
        self.model.set_hits(results.hits)
        if results.total == 0:
            text = self.tr("No passage matches “%s”.") % results.query
        elif results.total > len(results.hits):
            text = self.tr("%d passages match; showing the best %d.") % (
                results.total, len(results.hits))
        else:
            text = self.tr("%n passage(s) match.", "", results.total)
        self.status.setText(f"{results.notice}\n{text}" if results.notice else text)
        if results.hits:
            self.list.setCurrentIndex(self.model.index(0))
        self.resultsShown.emit(results)

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def _activate(self, index) -> None:
        hit: Hit | None = index.data(Role.HIT) if index.isValid() else None
        if hit is not None:
            self.resultActivated.emit(hit)

    def _open_current(self) -> None:
        if self.timer.isActive():
            self.search_now()
            return
        self._activate(self.list.currentIndex())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Up and Down in the search box move through the results, as in a browser's address bar.
        if obj is self.box and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                row = self.list.currentIndex().row()
                row = row + 1 if key == Qt.Key.Key_Down else row - 1
                row = max(0, min(self.model.rowCount() - 1, row))
                self.list.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(obj, event)
