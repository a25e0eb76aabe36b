"""The reader: one document, section by section, with its metadata, citations and references.

Document text is inserted as text through a QTextCursor, never parsed as HTML (reader_text.py).
Citations are internal anchors to the reference list; no link ever leaves the document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from desktop.navigation import Place
from desktop.theme import current
from desktop.views.reader_text import DocumentText, char_format
from desktop.views.result_delegate import mark_format
from search_index.collection import StoredDocument
from search_index.highlight import variant_spans


class ReaderView(QTextBrowser):
    """Shows a StoredDocument; `show_document` highlights a passage and scrolls to it."""

    citationClicked = Signal(int)
    jumping = Signal()  # about to jump within the document (a citation): where it was is history
    documentRequested = Signal(str)
    questionRequested = Signal(str)  # "Add to my questions"
    bookmarkRequested = Signal(int)  # a passage id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # we handle every link ourselves: nothing is ever fetched
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        # Tab goes on to the next control: walking every citation link scrolled the text away
        # from the hit. The links stay a click away, and Ctrl+F finds any text.
        self.setTabChangesFocus(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            & ~Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setObjectName("reader")
        self.setAccessibleName(self.tr("Document reader"))
        self.anchorClicked.connect(self._on_anchor)
        self.document_id: str | None = None
        self.stored: StoredDocument | None = None
        self.variants: tuple[tuple[str, ...], ...] = ()  # what the marks are of
        self.sentence: tuple[int, int, int] | None = None  # the grid's sentence, if one is shown
        self._scroll: int | None = None  # a place's own scroll position, to restore
        self._welcome_ids: list[str] = []
        self.passage_ranges: dict[int, tuple[int, int]] = {}  # passage id -> (start, end)
        self.highlight_ranges: list[tuple[int, int]] = []  # marked words, document positions
        self.current_passage: int | None = None
        self.section_positions: list[tuple[str, int]] = []  # (heading, document position)
        self.sentence_range: tuple[int, int] | None = None
        self.bookmarks_enabled = True
        self._rescroll = QTimer(self)
        self._rescroll.setSingleShot(True)
        self._rescroll.setInterval(0)
        self._rescroll.timeout.connect(self._scroll_again)
        self._placeholder()

    def _placeholder(self) -> None:
        self.show_welcome({})

    def show_welcome(self, documents: dict[str, dict]) -> None:
        """The empty state: what the collection holds, each document one click away."""
        self.document_id = self.stored = self.sentence = None
        self.variants = ()
        self.section_positions = []
        self.passage_ranges.clear()
        self.highlight_ranges = []
        doc = QTextDocument(self)
        doc.setDocumentMargin(18)
        self._welcome_ids = DocumentText(QTextCursor(doc), self.font().pointSizeF()).welcome(documents)
        self.setDocument(doc)

    def show_document(
        self,
        stored: StoredDocument,
        variants: list[tuple[str, ...]] | None = None,
        passage_id: int | None = None,
        scroll: int | None = None,
    ) -> None:
        """Show `stored`, marking the words of `variants`, with `passage_id` as the hit; at
        `scroll` if given (a place returned to), else scrolled to the hit."""
        self.document_id = stored.id
        self.stored = stored
        self.variants = tuple(tuple(v) for v in variants or ())
        self.current_passage = passage_id
        self.sentence_range = None
        self.sentence = None
        self._scroll = scroll
        self.section_positions = []
        self.passage_ranges.clear()
        self.highlight_ranges = []
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)  # marked again in place at each search: nothing to undo
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(18)
        text = DocumentText(QTextCursor(doc), self.font().pointSizeF())
        text.document(stored, variants or [], passage_id)
        self.passage_ranges = text.passage_ranges
        self.highlight_ranges = text.highlight_ranges
        self.section_positions = text.section_positions
        self.setDocument(doc)
        if scroll is not None:
            self.verticalScrollBar().setValue(scroll)
            self._rescroll.start()
        elif passage_id in self.passage_ranges:
            self.scroll_to_passage(passage_id)
            # Again once the pane has its final width (a contents pane may have just appeared):
            # the text is laid out lazily, and a narrower reader moves every line down.
            self._rescroll.start()

    def passage_at(self, position: int) -> int | None:
        for pid, (start, end) in self.passage_ranges.items():
            if start <= position <= end:
                return pid
        return None

    def question_at(self, position: int) -> str | None:
        """The question (a passage ending in "?") at a document position, if any."""
        for start, end in self.passage_ranges.values():
            if start <= position <= end:
                cursor = QTextCursor(self.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                text = cursor.selectedText().split(" [")[0].strip()
                return text if text.endswith("?") else None
        return None

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        selected = self.textCursor().selectedText().strip()
        question = (
            selected
            if selected.endswith("?")
            else self.question_at(self.cursorForPosition(event.pos()).position())
        )
        if question:
            menu.addSeparator()
            menu.addAction(self.tr("Add to my questions"), lambda: self.questionRequested.emit(question))
        passage = self.passage_at(self.cursorForPosition(event.pos()).position())
        if passage is not None and self.bookmarks_enabled:
            menu.addAction(
                self.tr("Bookmark this passage…"), lambda: self.bookmarkRequested.emit(passage)
            )
        menu.exec(event.globalPos())

    def remark(self, variants: list[tuple[str, ...]]) -> None:
        """Mark the words of another search in the document shown, in place: only the passages
        whose marks change are laid out again, not a long document at each search."""
        if self.stored is None:
            return
        base = char_format(self.font().pointSizeF())
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for start, end in self.highlight_ranges:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(base)
        self.variants = tuple(tuple(v) for v in variants)
        self.highlight_ranges = []
        mark = mark_format(base)
        for section in self.stored.sections:
            for p in section.passages:
                start = self.passage_ranges[p.id][0]
                for s, e in variant_spans(p.text, variants):
                    cursor.setPosition(start + s)
                    cursor.setPosition(start + e, QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(mark)
                    self.highlight_ranges.append((start + s, start + e))
        cursor.endEditBlock()
        if self.sentence is not None:  # the grid's sentence stays marked over the words
            self.highlight_sentence(*self.sentence, reveal=False)

    def place(self) -> Place | None:
        """Where the reader is now, to come back to (None on the welcome page)."""
        if self.document_id is None:
            return None
        return Place(
            self.document_id,
            self.variants,
            self.current_passage,
            self.sentence,
            self.verticalScrollBar().value(),
        )

    def highlight_sentence(self, passage_id: int, start: int, end: int, reveal: bool = True) -> str:
        """Mark one sentence of a shown passage (offsets in the passage's text), scroll to it
        (unless `reveal` is False), and return the text marked."""
        base, _ = self.passage_ranges[passage_id]
        cursor = QTextCursor(self.document())
        cursor.setPosition(base + start)
        cursor.setPosition(base + end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextCharFormat()
        mark.setBackground(current().color("mark"))
        mark.setForeground(current().color("mark_text"))
        mark.setFontUnderline(True)
        cursor.mergeCharFormat(mark)
        self.sentence = (passage_id, start, end)
        self.sentence_range = (base + start, base + end)
        if reveal and self._scroll is None:
            self._reveal(*self.sentence_range)
        return cursor.selectedText()

    # -- navigation --------------------------------------------------------------------------

    def _scroll_again(self) -> None:
        if self._scroll is not None:
            self.verticalScrollBar().setValue(self._scroll)
        elif self.sentence_range is not None:
            self._reveal(*self.sentence_range)
        elif self.current_passage in self.passage_ranges:
            self.scroll_to_passage(self.current_passage)

    def scroll_to_passage(self, passage_id: int) -> None:
        self._reveal(*self.passage_ranges[passage_id])

    def _reveal(self, start: int, end: int) -> None:
        """Scroll so the range starts a quarter of the way down the view (the context above
        it shows too, and a long range shows its top)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 4)

    def _on_anchor(self, url: QUrl) -> None:
        fragment = url.fragment() or url.toString().lstrip("#")
        if url.scheme() == "doc":
            self.documentRequested.emit(self._welcome_ids[int(url.path())])
        elif fragment.startswith("ref-"):
            self.jumping.emit()
            self._scroll = None
            # After the click is done with: its release puts the caret on the link and scrolls
            # back to it.
            QTimer.singleShot(0, self, lambda: self.scrollToAnchor(fragment))
            self.citationClicked.emit(int(fragment.removeprefix("ref-")))
