"""Markup in a document's title and file name is shown as text in every widget of the window:
labels, tooltips (of widgets, of items in every view, of text in the reader and the grid),
message boxes and dialogs. Walked widget by widget after the documents are imported, searched,
listed, compared and asked about."""

from __future__ import annotations

from helpers import search
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
    QTextEdit,
    QWidget,
)

IMG = '<img src="/dev/zero">'
BOLD = "<b>x</b>"
RAW = ("<img", "<b>")
NOTE = f"""{IMG} Resection notes {BOLD}

Surgical resection of colorectal liver metastases gave a median overall survival of 45 months
in 120 patients (quorvexmarkup).

## What to ask your doctor

- Is resection possible for me?
"""
EXPORT = f"""PMID- 97000001
TI  - {BOLD} Thermal ablation trial {IMG}
AB  - Thermal ablation of colorectal liver metastases gave a 3-year survival of 40% in 80
      patients (quorvexmarkup).
DP  - 2024
"""


def rendered_as_markup(text: str) -> bool:
    """Whether Qt would render `text` (auto-detected) with our markup in it as markup."""
    return bool(text) and QtGui_Qt.mightBeRichText(text) and any(r in text for r in RAW)


def item_tooltips(view: QAbstractItemView):
    model = view.model()
    if model is None:
        return
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model keeps it private: one column
        columns = 1
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            for column in range(max(1, columns)):
                index = model.index(row, column, parent)
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield tip
            stack.append(model.index(row, 0, parent))


def text_tooltips(doc: QTextDocument):
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            tip = it.fragment().charFormat().toolTip()
            if tip:
                yield tip
            it += 1
        block = block.next()


def walk(found: dict[str, int]) -> None:
    """Every widget of every window: nothing of our markup rendered as markup; counts, per kind
    of widget, the places where the markup was shown (escaped) as text."""
    for top in QApplication.topLevelWidgets():
        for w in [top, *top.findChildren(QWidget)]:
            texts = [("tooltip", w.toolTip())]
            if isinstance(w, QLabel | QMessageBox) and w.textFormat() != Qt.TextFormat.PlainText:
                texts.append(("text", w.text()))
            if isinstance(w, QAbstractItemView):
                texts += [("item tooltip", t) for t in item_tooltips(w)]
            if isinstance(w, QTextEdit):
                doc = w.document()
                assert "<img" not in doc.toHtml().replace("&lt;img", ""), type(w).__name__
                texts += [("text tooltip", t) for t in text_tooltips(doc)]
            for what, text in texts:
                assert not rendered_as_markup(text), (
                    f"{type(w).__name__} {w.objectName()!r} {what} renders markup: {text!r}"
                )
                if "&lt;img" in text or "&lt;b&gt;" in text:
                    name = f"{type(w).__name__}:{w.objectName()}:{what}"
                    found[name] = found.get(name, 0) + 1


def test_titles_and_file_names_with_markup_are_text_everywhere(qtbot, window, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "<b>notes<b> <img src=zero.png>.md").write_text(NOTE)  # no "/" in a name
    (folder / "<img src=zero.png>.nbib").write_text(EXPORT)
    window.library_control.import_paths([folder])
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    assert "2 added" in window.library_control.import_report.summary.text()

    results = search(qtbot, window, "quorvexmarkup")
    assert len({h.document_id for h in results.hits}) == 2
    window.open_hit(results.hits[0])
    window.library_control.show_documents()
    window.compare(["resection", "ablation"])
    quoted = {
        st.title
        for col in window.compare_view.grid.columns
        for cell in col.cells.values()
        for st in cell.statements
    }
    assert any(IMG in t for t in quoted)  # the grid quotes both documents
    found: dict[str, int] = {}
    walk(found)
    places = set(found)
    assert any(p.startswith("QListView:results:item") for p in places), places
    assert any(p.startswith("QTreeView:documents:") for p in places), places
    assert any(p.startswith("QTreeView:importReport:") for p in places), places
    assert any("text tooltip" in p for p in places), places  # the grid's source links
    assert any(p.startswith("QTreeView:questionBank:") for p in places), places  # "From:"
