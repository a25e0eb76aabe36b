"""The search pane: a search box that searches as you type (debounced, in a worker), how the
search was read, "did you mean", the result count, and the result list."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.announce import announce
from desktop.models.results import ResultsModel, Role
from desktop.settings import Settings
from desktop.tasks import TaskContext, TaskRunner
from desktop.theme import muted
from desktop.views.result_delegate import ResultDelegate
from search_index.results import Hit, Results
from search_index.search import SearchEngine

MAX_SHOWN = 40  # more than anyone reads; fewer rows to lay out while typing
MAX_WAIT_S = 0.4  # the longest a keystroke waits for its search while typing goes on


class SearchPane(QWidget):
    resultActivated = Signal(object)  # Hit
    resultsShown = Signal(object)  # Results, once they are in the list

    def __init__(self, runner: TaskRunner, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.engine: SearchEngine | None = None
        self.filters: dict[str, set[str]] = {}
        self.last_results: Results | None = None
        self._latest = 0  # sequence number of the newest search asked for
        self.setObjectName("searchPane")
        self.setMinimumWidth(260)
        self._build_box()
        self._build_lines()
        self._build_list()
        self._lay_out()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(settings.search_delay_ms)
        self.timer.timeout.connect(self.search_now)
        self._burst_start = 0.0
        self._literal = ""  # a query to search as typed, not corrected
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._open_current)

    def _build_box(self) -> None:
        """The search box, its completions, and the history of searches beside it."""
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Search, e.g. liver metastases immunotherapy"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(self.tr("Search the documents"))
        self.box.setAccessibleDescription(
            self.tr(
                'Words, "exact phrases", AND, OR, NOT, -word, prefix*, and filters such as '
                "kind:pubmed, audience:patient, cancer:lung, treatment:ablation, year:2024"
            )
        )
        self.box.installEventFilter(self)
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.box.setCompleter(completer)
        popup = completer.popup()
        assert popup is not None  # Qt makes its own list when none was set
        self.popup = popup
        self.box.textEdited.connect(self._update_completions)

        self.history_button = QToolButton(self)
        self.history_button.setText(self.tr("History"))
        self.history_button.setAccessibleName(self.tr("Search history"))
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_menu = QMenu(self)
        self.history_menu.aboutToShow.connect(self._fill_history)
        self.history_button.setMenu(self.history_menu)

    def _build_lines(self) -> None:
        """Under the box: "did you mean", how the search was read, and the count."""
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)  # our own link; words escaped
        self.suggestion.setWordWrap(True)  # "Showing results for … Search instead for …"
        self.suggestion.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.suggestion.linkActivated.connect(self.accept_suggestion)
        self.suggestion.hide()
        self.explanation = QLabel(self)
        self.explanation.setObjectName("explanation")
        muted(self.explanation)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(self.tr("How your search was read"))
        self.explanation.hide()
        self.status = QLabel(self.tr("Loading the collection…"), self)
        self.status.setObjectName("searchStatus")
        muted(self.status)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Search status"))

    def _build_list(self) -> None:
        self.model = ResultsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("results")
        self.list.setAccessibleName(self.tr("Search results"))
        self.list.setModel(self.model)
        self.delegate = ResultDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # Lay rows out a few at a time between events, so typing never waits for the list.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there, so a row's width (and so its wrapped height) never changes under it.
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.box, 1)
        row.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 10, 6, 10)
        layout.addLayout(row)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

    def _typed(self, _text: str) -> None:
        """Debounce, but no longer than MAX_WAIT_S: fast typists see results as they type."""
        now = time.monotonic()
        if not self.timer.isActive():
            self._burst_start = now
        if now - self._burst_start < MAX_WAIT_S:
            self.timer.start()

    def set_engine(self, engine: SearchEngine, summary: str) -> None:
        self.engine = engine
        # One-time costs paid now rather than at the first keystroke: the suggestion popup's
        # window, and text layout (fonts, shaping) for the result rows.
        self.popup.winId()
        self.popup.ensurePolished()
        self.runner.submit(lambda ctx: engine.search("liver metastases", limit=3), self._prime_rows)
        self.status.setText(summary)
        if self.box.text().strip():
            self.search_now()

    def _prime_rows(self, results: Results) -> None:
        """Lay out a few real rows once, off screen: the first list shown is then as quick as
        the rest (fonts, shaping and code paths are warm)."""
        probe = ResultsModel()
        probe.set_hits(results.hits)
        option = QStyleOptionViewItem()
        option.initFrom(self.list)
        option.font = self.list.font()
        option.widget = self.list
        delegate = self.list.itemDelegate()
        for row in range(probe.rowCount()):
            delegate.sizeHint(option, probe.index(row))

    def set_filters(self, filters: dict[str, set[str]]) -> None:
        self.filters = filters
        self.search_now()

    def search_now(self) -> None:
        self.timer.stop()
        if self.engine is None:
            return
        self._latest += 1
        seq, text, engine, filters = self._latest, self.box.text(), self.engine, dict(self.filters)
        correct = text.strip() != self._literal  # "Search instead for" what was typed: as typed
        if not text.strip() and not filters:
            self._show(seq, Results(query="", total=0), text)
            self.status.setText(self.tr("Type to search the collection."))
            return
        self.status.setText(self.tr("Searching…"))
        self.runner.submit(
            lambda ctx: self._run(engine, text, filters, correct, ctx),
            lambda results: self._show(seq, results, text),
            lambda message: self.status.setText(self.tr("The search failed: %s") % message),
        )

    @staticmethod
    def _run(engine: SearchEngine, text: str, filters: dict, correct: bool, ctx: TaskContext) -> Results:
        return engine.search(text, limit=MAX_SHOWN, filters=filters, correct=correct)

    def _show(self, seq: int, results: Results, text: str) -> None:
        if seq != self._latest or text != self.box.text():
            return  # a newer search was asked for, or is about to be: these results are stale
        self.last_results = results
        self.model.set_hits(results.hits)
        announce(self.status, self.tr("Search status"), self._status_text(results))
        self.explanation.setText(
            self.tr("Read as: %s") % results.explanation if results.explanation else ""
        )
        self.explanation.setVisible(bool(results.explanation))
        if results.corrected_from:
            self.suggestion.setText(
                self.tr('Showing results for <b>%s</b>. Search instead for <a href="original">%s</a>')
                % (html.escape(results.query), html.escape(results.corrected_from))
            )
        elif results.suggestion:
            self.suggestion.setText(
                self.tr('Did you mean <a href="suggestion">%s</a>?') % html.escape(results.suggestion)
            )
        self.suggestion.setVisible(bool(results.suggestion or results.corrected_from))
        if results.hits:
            self.list.setCurrentIndex(self.model.index(0))
        self.resultsShown.emit(results)

    def _status_text(self, results: Results) -> str:
        if not results.query and not self.filters:
            return self.tr("Type to search the collection.")
        if results.total == 0 and not results.hits:
            text = results.coverage or self.tr("No passage matches “%s”.") % results.query
        elif results.coverage:
            text = f"{results.coverage} " + self._count_text(results)
        else:
            text = self._count_text(results)
        if results.related_count:
            text += " " + self.tr("Related passages found through similar words are marked “related”.")
        return f"{results.notice}\n{text}" if results.notice else text

    def _count_text(self, results: Results) -> str:
        if results.total > len(results.hits):
            return self.tr("%d passages match; showing the best %d.") % (
                results.total,
                len(results.hits),
            )
        return (
            self.tr("1 passage matches.")
            if results.total == 1
            else self.tr("%d passages match.") % results.total
        )

    def accept_suggestion(self, link: str = "suggestion") -> None:
        """The link under the box: "Did you mean …" searches the suggestion; "Search instead
        for …" searches what was typed, as typed."""
        last = self.last_results
        if last and link == "original" and last.corrected_from:
            self._literal = last.corrected_from
            self.box.setText(last.corrected_from)
            self.search_now()
        elif last and last.suggestion:
            self.box.setText(last.suggestion)
            self.search_now()

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def _update_completions(self, text: str) -> None:
        if self.engine is not None:
            self.completions.setStringList(self.engine.complete(text))

    def _fill_history(self) -> None:
        self.history_menu.clear()
        for query in self.settings.search_history:
            action = self.history_menu.addAction(query)
            action.triggered.connect(lambda _=False, q=query: self.box.setText(q))
        if self.history_menu.isEmpty():
            self.history_menu.addAction(self.tr("No searches yet")).setEnabled(False)
        else:
            self.history_menu.addSeparator()
            self.history_menu.addAction(self.tr("Clear history"), self.settings.clear_history)

    def _activate(self, index) -> None:
        hit: Hit | None = index.data(Role.HIT) if index.isValid() else None
        if hit is not None:
            if self.box.text().strip():  # a search that led somewhere is worth remembering
                self.settings.remember_search(self.box.text().strip())
            self.resultActivated.emit(hit)

    def _open_current(self) -> None:
        if self.timer.isActive():
            self.search_now()
            return
        self._activate(self.list.currentIndex())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Up and Down in the search box move through the results, as in a browser's address bar.
        if obj is self.box and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if (
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
                and self.model.rowCount()
                and not self.popup.isVisible()
            ):
                row = self.list.currentIndex().row()
                row = row + 1 if event.key() == Qt.Key.Key_Down else row - 1
                row = max(0, min(self.model.rowCount() - 1, row))
                self.list.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(obj, event)
