"""The reader: one document, section by section, with its metadata, citations and references.

Document text is inserted as text through a QTextCursor, never parsed as HTML. Citations are
internal anchors to the reference list; no link ever leaves the document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser

from desktop.navigation import Place
from desktop.theme import current
from desktop.views.result_delegate import fill_marked, mark_format
from search_index.collection import StoredDocument, StoredPassage
from search_index.highlight import variant_spans
from search_index.index import kind_label
from search_index.reading.provenance import readable_date, status_of

BULLET_INDENT = 20


def _color(role: str) -> QColor:
    return current().color(role)


WELCOME_LIMIT = 40  # documents listed on the empty page


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
        self._welcome_ids = []
        doc = QTextDocument(self)
        doc.setDocumentMargin(18)
        cursor = QTextCursor(doc)
        self._block(cursor, 0, 8)
        cursor.insertText(self.tr("Clinic Reference"), self._char(1.5, bold=True))
        self._block(cursor, 0, 10)
        muted = self._char(color=_color("muted"))
        cursor.insertText(
            self.tr(
                "Type in the search box to find passages, then choose a result "
                "to read it here. Or open a document:"
            ),
            muted,
        )
        # The bundled documents, then the latest added: a big library is for searching, and
        # laying out thousands of links would hold the window up for a second.
        bundled = [(i, m) for i, m in documents.items() if m.get("bundled", 1)]
        added = sorted(
            ((i, m) for i, m in documents.items() if not m.get("bundled", 1)),
            key=lambda item: item[1].get("added_at") or "",
            reverse=True,
        )
        shown = (bundled + added)[:WELCOME_LIMIT]
        for doc_id, meta in shown:
            self._block(cursor, 6, 0)
            link = self._char(1.05, color=_color("link"))
            link.setAnchor(True)
            # By number: a document id is a file name, and "#", "?" or "%41" in a URL are not
            # what they were once parsed back.
            link.setAnchorHref(f"doc:{len(self._welcome_ids)}")
            self._welcome_ids.append(doc_id)
            link.setFontUnderline(True)
            cursor.insertText(meta["title"], link)
            self._block(cursor, 0, 4)
            facts = [kind_label(meta["kind"]), meta["journal"], str(meta["year"] or "")]
            cursor.insertText(
                "  ·  ".join(f for f in facts if f), self._char(0.9, color=_color("muted"))
            )
        if len(documents) > len(shown):
            self._block(cursor, 12, 0)
            cursor.insertText(
                self.tr("… and %d more: search for them, or see File → Documents in the library.")
                % (len(documents) - len(shown)),
                muted,
            )
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
        cursor = QTextCursor(doc)
        self._write_header(cursor, stored)
        has_refs = {r["number"] for r in stored.references}
        for section in stored.sections:
            self._write_heading(cursor, section.heading, 1.25)
            for p in section.passages:
                self._write_passage(cursor, p, variants or [], p.id == passage_id, has_refs)
        if stored.references:
            self._write_references(cursor, stored.references)
        self.setDocument(doc)
        if scroll is not None:
            self.verticalScrollBar().setValue(scroll)
            self._rescroll.start()
        elif passage_id in self.passage_ranges:
            self.scroll_to_passage(passage_id)
            # Again once the pane has its final width (a contents pane may have just appeared):
            # the text is laid out lazily, and a narrower reader moves every line down.
            self._rescroll.start()

    # -- writing -----------------------------------------------------------------------------

    def _block(self, cursor: QTextCursor, top: float = 0, bottom: float = 6) -> None:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if cursor.position() == 0 and cursor.block().length() == 1:
            cursor.setBlockFormat(fmt)
        else:
            cursor.insertBlock(fmt)

    def _char(
        self, scale: float = 1.0, bold: bool = False, color: QColor | None = None, italic: bool = False
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontPointSize(self.font().pointSizeF() * scale)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if color is not None:
            fmt.setForeground(color)
        fmt.setFontItalic(italic)
        return fmt

    def _write_header(self, cursor: QTextCursor, stored: StoredDocument) -> None:
        m = stored.meta
        self._block(cursor, 0, 4)
        cursor.insertText(m["title"], self._char(1.5, bold=True))
        facts = [
            kind_label(m["kind"]),
            self.tr("for patients") if m["audience"] == "patient" else self.tr("for clinicians"),
        ]
        facts += [x for x in (m["authors"], m["journal"]) if x]
        if m.get("publisher") and m["publisher"] != m["journal"]:
            facts.append(m["publisher"])
        if m["published"]:
            facts.append(self.tr("published %s") % readable_date(m["published"]))
        if m["updated"]:
            facts.append(self.tr("updated %s") % readable_date(m["updated"]))
        if m["year"] and not (m["published"] or m["updated"]):
            facts.append(str(m["year"]))
        if m["publication_types"]:
            facts.append(", ".join(m["publication_types"]))
        self._block(cursor, 0, 2)
        cursor.insertText("  ·  ".join(facts), self._char(0.95, color=_color("muted")))
        if status := status_of(m):  # the source's own words on itself travel with it
            self._block(cursor, 0, 2)
            cursor.insertText(
                self.tr("The source says of itself: %s") % " · ".join(status),
                self._char(0.95, bold=True, color=_color("warn")),
            )
        # The user's own file is worth naming; a bundled copy's stored name means nothing to anyone.
        ids = [f"DOI {m['doi']}"] if m["doi"] else []
        if not m.get("bundled"):
            ids.append(self.tr("Imported from: %s") % (m.get("origin") or m["file_name"]))
        self._block(cursor, 0, 8)
        cursor.insertText("  ·  ".join(ids), self._char(0.9, color=_color("muted")))

    def _write_heading(self, cursor: QTextCursor, text: str, scale: float) -> None:
        self._block(cursor, 14, 6)
        self.section_positions.append((text, cursor.position()))
        cursor.insertText(text, self._char(scale, bold=True))

    def _write_passage(
        self,
        cursor: QTextCursor,
        p: StoredPassage,
        variants: list[tuple[str, ...]],
        is_hit: bool,
        has_refs: set[int],
    ) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(2)
        block.setBottomMargin(6 if p.kind != "bullet" else 3)
        block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if p.kind == "bullet":
            # A hanging indent: the bullet sits in the margin, wrapped lines align with the text.
            block.setLeftMargin(BULLET_INDENT * p.level + 4)
            block.setTextIndent(-BULLET_INDENT + 4)
        if is_hit:
            block.setBackground(current().color("hit"))
        cursor.insertBlock(block)
        if p.kind == "bullet":
            bullet = "•" if p.level <= 1 else "◦"
            cursor.insertText(bullet + "\u2002", self._char(color=_color("muted")))
        start = cursor.position()
        base = self._char()
        spans = variant_spans(p.text, variants)
        self.highlight_ranges += [(start + s, start + e) for s, e in spans]
        fill_marked(cursor, p.text, spans, base, mark_format(base))
        if p.truncated:
            cursor.insertText(
                " " + self.tr("[cut off in the saved copy]"),
                self._char(0.9, color=_color("muted"), italic=True),
            )
        if p.citations:
            cursor.insertText(" [", self._char(0.85, color=_color("muted")))
            for i, n in enumerate(p.citations):
                if i:
                    cursor.insertText(", ", self._char(0.85, color=_color("muted")))
                cursor.insertText(str(n), self._citation(n, n in has_refs))
            cursor.insertText("]", self._char(0.85, color=_color("muted")))
        self.passage_ranges[p.id] = (start, cursor.position())

    def _citation(self, number: int, linked: bool) -> QTextCharFormat:
        fmt = self._char(0.85, color=_color("link" if linked else "muted"))
        if linked:
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"#ref-{number}")
            fmt.setFontUnderline(True)
            fmt.setToolTip(self.tr("Go to reference %d") % number)
        else:
            fmt.setToolTip(
                self.tr("Reference %d is cited, but the saved page does not list it") % number
            )
        return fmt

    def _write_references(self, cursor: QTextCursor, refs: list[dict]) -> None:
        self._write_heading(cursor, self.tr("References"), 1.25)
        for r in refs:
            self._block(cursor, 2, 4)
            anchor = self._char(0.95, bold=True)
            anchor.setAnchor(True)  # a target: scrollToAnchor looks only at anchors' names
            anchor.setAnchorNames([f"ref-{r['number']}"])
            cursor.insertText(f"{r['number']}. ", anchor)
            if r["label"]:
                cursor.insertText(f"{r['label']}: ", self._char(0.95, italic=True))
            cursor.insertText(r["text"], self._char(0.95))
            if r["doi"] and r["doi"] not in r["text"]:
                cursor.insertText(f" DOI {r['doi']}", self._char(0.95, color=_color("muted")))

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
        base = self._char()
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
