"""The comparison view through the real widgets: choose, read the cells, open a source, print."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl

from desktop.printing import GridPrintout, export_pdf
from search_index.treatments.comparison import NOTHING


def tick(view, option_id: str) -> None:
    for i in range(view.chooser.count()):
        item = view.chooser.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == option_id:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(option_id)


def test_choosing_options_builds_the_grid(qtbot, window):
    view = window.compare_view
    tick(view, "resection")
    assert view.grid is None  # one option is not a comparison
    tick(view, "ablation")
    tick(view, "chemoimmunotherapy")
    assert [c.option["id"] for c in view.grid.columns] == ["resection", "ablation",
                                                          "chemoimmunotherapy"]
    benefit = view.cells[("benefit", "chemoimmunotherapy")].toPlainText()
    assert "10.8 months in the CMT group vs 20.8 months" in benefit
    assert "[Meta-analysis of randomized trials" in benefit
    assert view.cells[("evidence", "ablation")].toPlainText() == NOTHING
    tick(view, "tace")
    tick(view, "haic")  # a fifth: refused
    assert len(view.grid.columns) == 4 and "at most" in view.status.text()


def test_clicking_a_statement_opens_its_sentence_in_the_reader(qtbot, window):
    window.compare(["chemoimmunotherapy", "resection"])
    cell = window.compare_view.cells[("benefit", "chemoimmunotherapy")]
    statement = next(s for s in window.compare_view.grid.columns[0].cells["benefit"].statements
                     if s.figures and "10.8" in s.text)
    cell.anchorClicked.emit(QUrl(f"stmt:{statement.id}"))
    assert window.tabs.currentIndex() == 0
    assert window.reader.document_id == statement.document_id
    start, end = window.reader.sentence_range
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == statement.text


def test_patient_view_uses_plain_names_and_explains_words(qtbot, window):
    view = window.compare_view
    window.compare(["resection", "chemoimmunotherapy"])
    view.audience.setCurrentIndex(view.audience.findData("patient"))
    assert view.grid.audience == "patient" and view.grid.rows == ["what", "who", "benefit",
                                                                  "risks"]
    labels = [w.text() for w in view.grid_host.findChildren(type(view.status))]
    assert "Surgery to remove the tumours" in labels
    assert any(t.startswith("median:") or "metastases:" in t for t in labels)  # the glossary
    assert "[colorectal liver metastases]" in view.cells[("who", "resection")].toPlainText()


def test_compare_from_elsewhere_opens_the_grid_with_that_option(qtbot, window):
    window.compare(["ablation"])
    assert window.tabs.currentIndex() == 1 and window.compare_view.selected() == ["ablation"]


def test_printed_grid_holds_the_figures(qtbot, window, tmp_path):
    window.compare(["resection", "chemoimmunotherapy"])
    for page in ("A4", "Letter"):
        pdf = export_pdf(GridPrintout(window.compare_view.grid, "2026-01-01", page),
                         tmp_path / f"grid-{page}.pdf")
        reader = PdfReader(pdf)
        box = reader.pages[0].mediabox
        assert float(box.width) > float(box.height)  # landscape
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert "30-50%" in text and "20.8 months" in text and "P = 0.004" in text
        assert "Sources" in text
