"""The reader's text: a document written as text through a QTextCursor (never parsed as
HTML), recording where each passage, marked word and section heading landed; and the welcome
page listing the collection."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor

from desktop.plain import tooltip
from desktop.theme import current
from desktop.views.result_delegate import fill_marked, mark_format
from search_index.collection import StoredDocument, StoredPassage
from search_index.fields import kind_label
from search_index.highlight import variant_spans
from search_index.reading.provenance import (
    SOURCE_TITLE_LIMIT,
    readable_date,
    short_title,
    status_of,
)

BULLET_INDENT = 20
WELCOME_LIMIT = 40  # documents listed on the empty page
# Longer titles are cut short (whole in their tooltip): a heading of any length is a title.
TITLE_LIMIT = 400  # the reader's header; a listed one is cut as a source is named anywhere


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReaderView", text)


def _color(role: str) -> QColor:
    return current().color(role)


def char_format(
    point_size: float,
    scale: float = 1.0,
    bold: bool = False,
    color: QColor | None = None,
    italic: bool = False,
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontPointSize(point_size * scale)
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if color is not None:
        fmt.setForeground(color)
    fmt.setFontItalic(italic)
    return fmt


class DocumentText:
    """Writes at `cursor`, in type of `point_size`."""

    def __init__(self, cursor: QTextCursor, point_size: float) -> None:
        self.cursor, self.point_size = cursor, point_size
        self.passage_ranges: dict[int, tuple[int, int]] = {}  # passage id -> (start, end)
        self.highlight_ranges: list[tuple[int, int]] = []  # marked words, document positions
        self.section_positions: list[tuple[str, int]] = []  # (heading, document position)

    def document(self, stored: StoredDocument, variants: list[tuple[str, ...]], hit: int | None) -> None:
        """`stored` whole, the words of `variants` marked and passage `hit` shaded."""
        self.header(stored)
        has_refs = {r["number"] for r in stored.references}
        for section in stored.sections:
            self.heading(section.heading, 1.25)
            for p in section.passages:
                self.passage(p, variants, p.id == hit, has_refs)
        if stored.references:
            self.references(stored.references)

    def welcome(self, documents: dict[str, dict]) -> list[str]:
        """The empty page: what the collection holds, each document a link ("doc:N", N its
        place in the list returned)."""
        cursor = self.cursor
        ids: list[str] = []
        self.block(0, 8)
        cursor.insertText(_tr("Clinic Reference"), self.char(1.5, bold=True))
        self.block(0, 10)
        muted = self.char(color=_color("muted"))
        cursor.insertText(
            _tr(
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
            self.block(6, 0)
            link = self.char(1.05, color=_color("link"))
            link.setAnchor(True)
            # By number: a document id is a file name, and "#", "?" or "%41" in a URL are not
            # what they were once parsed back.
            link.setAnchorHref(f"doc:{len(ids)}")
            ids.append(doc_id)
            link.setFontUnderline(True)
            self.title(meta["title"], link)
            self.block(0, 4)
            facts = [kind_label(meta["kind"]), meta["journal"], str(meta["year"] or "")]
            cursor.insertText("  ·  ".join(f for f in facts if f), self.char(0.9, color=_color("muted")))
        if len(documents) > len(shown):
            self.block(12, 0)
            cursor.insertText(
                _tr("… and %d more: search for them, or see File → Documents in the library.")
                % (len(documents) - len(shown)),
                muted,
            )
        return ids

    # -- writing -----------------------------------------------------------------------------

    def block(self, top: float = 0, bottom: float = 6) -> None:
        cursor = self.cursor
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if cursor.position() == 0 and cursor.block().length() == 1:
            cursor.setBlockFormat(fmt)
        else:
            cursor.insertBlock(fmt)

    def char(
        self, scale: float = 1.0, bold: bool = False, color: QColor | None = None, italic: bool = False
    ) -> QTextCharFormat:
        return char_format(self.point_size, scale, bold, color, italic)

    def header(self, stored: StoredDocument) -> None:
        cursor = self.cursor
        m = stored.meta
        self.block(0, 4)
        self.title(m["title"], self.char(1.5, bold=True), TITLE_LIMIT)
        facts = [
            kind_label(m["kind"]),
            _tr("for patients") if m["audience"] == "patient" else _tr("for clinicians"),
        ]
        facts += [x for x in (m["authors"], m["journal"]) if x]
        if m.get("publisher") and m["publisher"] != m["journal"]:
            facts.append(m["publisher"])
        if m["published"]:
            facts.append(_tr("published %s") % readable_date(m["published"]))
        if m["updated"]:
            facts.append(_tr("updated %s") % readable_date(m["updated"]))
        if m["year"] and not (m["published"] or m["updated"]):
            facts.append(str(m["year"]))
        if m["publication_types"]:
            facts.append(", ".join(m["publication_types"]))
        self.block(0, 2)
        cursor.insertText("  ·  ".join(facts), self.char(0.95, color=_color("muted")))
        if status := status_of(m):  # the source's own words on itself travel with it
            self.block(0, 2)
            cursor.insertText(
                _tr("The source says of itself: %s") % " · ".join(status),
                self.char(0.95, bold=True, color=_color("warn")),
            )
        # The user's own file is worth naming; a bundled copy's stored name means nothing to anyone.
        ids = [f"DOI {m['doi']}"] if m["doi"] else []
        if not m.get("bundled"):
            ids.append(_tr("Imported from: %s") % (m.get("origin") or m["file_name"]))
        self.block(0, 8)
        cursor.insertText("  ·  ".join(ids), self.char(0.9, color=_color("muted")))

    def title(self, title: str, fmt: QTextCharFormat, limit: int = SOURCE_TITLE_LIMIT) -> None:
        shown = short_title(title, limit)
        if shown != title:
            fmt.setToolTip(tooltip(title))
        self.cursor.insertText(shown, fmt)

    def heading(self, text: str, scale: float) -> None:
        cursor = self.cursor
        self.block(14, 6)
        self.section_positions.append((text, cursor.position()))
        cursor.insertText(text, self.char(scale, bold=True))

    def passage(
        self,
        p: StoredPassage,
        variants: list[tuple[str, ...]],
        is_hit: bool,
        has_refs: set[int],
    ) -> None:
        cursor = self.cursor
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
            cursor.insertText(bullet + "\u2002", self.char(color=_color("muted")))
        start = cursor.position()
        base = self.char()
        spans = variant_spans(p.text, variants)
        self.highlight_ranges += [(start + s, start + e) for s, e in spans]
        fill_marked(cursor, p.text, spans, base, mark_format(base))
        if p.truncated:
            cursor.insertText(
                " " + _tr("[cut off in the saved copy]"),
                self.char(0.9, color=_color("muted"), italic=True),
            )
        if p.citations:
            cursor.insertText(" [", self.char(0.85, color=_color("muted")))
            for i, n in enumerate(p.citations):
                if i:
                    cursor.insertText(", ", self.char(0.85, color=_color("muted")))
                cursor.insertText(str(n), self.citation(n, n in has_refs))
            cursor.insertText("]", self.char(0.85, color=_color("muted")))
        self.passage_ranges[p.id] = (start, cursor.position())

    def citation(self, number: int, linked: bool) -> QTextCharFormat:
        fmt = self.char(0.85, color=_color("link" if linked else "muted"))
        if linked:
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"#ref-{number}")
            fmt.setFontUnderline(True)
            fmt.setToolTip(_tr("Go to reference %d") % number)
        else:
            fmt.setToolTip(_tr("Reference %d is cited, but the saved page does not list it") % number)
        return fmt

    def references(self, refs: list[dict]) -> None:
        cursor = self.cursor
        self.heading(_tr("References"), 1.25)
        for r in refs:
            self.block(2, 4)
            anchor = self.char(0.95, bold=True)
            anchor.setAnchor(True)  # a target: scrollToAnchor looks only at anchors' names
            anchor.setAnchorNames([f"ref-{r['number']}"])
            cursor.insertText(f"{r['number']}. ", anchor)
            if r["label"]:
                cursor.insertText(f"{r['label']}: ", self.char(0.95, italic=True))
            cursor.insertText(r["text"], self.char(0.95))
            if r["doi"] and r["doi"] not in r["text"]:
                cursor.insertText(f" DOI {r['doi']}", self.char(0.95, color=_color("muted")))
