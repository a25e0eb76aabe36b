"""The comparison view through the real widgets: choose, read the cells, open a source, print."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import pytest
from helpers import click_tick_box, item_where, search
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.models.results import Role
from desktop.printing import GridPrintout, export_pdf
from desktop.views.review_dialog import ReviewDialog
from search_index.treatments.comparison import NOTHING

# Slow (pages laid out, printed, read back): a whole run runs it beside the rest (conftest.py).
pytestmark = pytest.mark.beside


def tick(qtbot, view, option_id: str) -> None:
    click_tick_box(qtbot, view.chooser, item_where(view.chooser, option_id, Qt.ItemDataRole.UserRole))


def test_choosing_options_builds_the_grid(qtbot, window):
    view = window.compare_view
    tick(qtbot, view, "resection")
    assert view.grid is None  # one option is not a comparison
    tick(qtbot, view, "ablation")
    tick(qtbot, view, "chemoimmunotherapy")
    assert [c.option["id"] for c in view.grid.columns] == ["resection", "ablation", "chemoimmunotherapy"]
    benefit = view.cells[("benefit", "chemoimmunotherapy")].toPlainText()
    assert "10.8 months in the CMT group vs 20.8 months" in benefit
    assert "[Meta-analysis of randomized trials" in benefit
    assert view.cells[("evidence", "ablation")].toPlainText() == NOTHING
    tick(qtbot, view, "tace")
    tick(qtbot, view, "haic")  # a fifth: refused
    assert len(view.grid.columns) == 4 and "at most" in view.status.text()
    fifth = item_where(view.chooser, "haic", Qt.ItemDataRole.UserRole)
    assert fifth.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked.value


def test_the_options_ticked_stay_ticked_when_the_library_changes(qtbot, window, tmp_path):
    view = window.compare_view
    for option in ("resection", "ablation", "chemoimmunotherapy"):
        tick(qtbot, view, option)
    note = tmp_path / "note.md"
    note.write_text("# A clinic note\n\nAblation of liver metastases was discussed.\n")
    with qtbot.waitSignal(window.library_control.changed, timeout=30000):
        window.library_control.import_paths([note])
    assert [c.option["id"] for c in view.grid.columns] == ["resection", "ablation", "chemoimmunotherapy"]
    tick(qtbot, view, "tace")  # a fourth is still allowed: what counts is what is ticked
    tick(qtbot, view, "haic")
    assert len(view.grid.columns) == 4 and "at most" in view.status.text()


def test_clicking_a_statement_opens_its_sentence_in_the_reader(qtbot, window):
    window.compare(["chemoimmunotherapy", "resection"])
    cell = window.compare_view.cells[("benefit", "chemoimmunotherapy")]
    statement = next(
        s
        for s in window.compare_view.grid.columns[0].cells["benefit"].statements
        if s.figures and "10.8" in s.text
    )
    click_link(qtbot, cell, f"stmt:{statement.id}")
    assert window.tabs.currentIndex() == 0
    assert window.reader.document_id == statement.document_id
    start, end = window.reader.sentence_range
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == statement.text


# Words a patient may not know, listed by hand from the documents: wherever one is on the
# patient page, the page must explain it.
JARGON = [
    "metastases",
    "resection",
    "hepatic",
    "extrahepatic",
    "candidacy",
    "adjuvant",
    "systemic therapy",
    "palliative",
    "multidisciplinary team",
    "radiotherapy",
    "remission",
    "meta-analysis",
    "randomized trial",
    "retrospective study",
    "narrative review",
    "overall survival",
    "progression-free survival",
    "hazard ratio",
    "median",
    "response rate",
    "disease control rate",
    "adverse events",
    "TRAEs",
    "Karnofsky",
    "immunosuppressive",
    "tolerogenic",
    "non-small cell lung cancer",
    "triple-negative breast cancer",
    "hepatocellular carcinoma",
    "tyrosine kinase inhibitor",
    "anti-VEGF",
    "bevacizumab",
    "atezolizumab",
    "paclitaxel",
    "pending human review",
    "healthcare professionals",
    "kind of study",
    "subgroup",
    "prognosis",
    "surrogate",
]


def test_patient_view_shows_every_row_in_plain_words_and_explains_them(qtbot, window):
    view = window.compare_view
    window.compare(["resection", "chemoimmunotherapy", "ici"])
    view.audience.setCurrentIndex(view.audience.findData("patient"))
    assert view.grid.rows == ["what", "who", "benefit", "evidence", "risks", "uncertain"]
    labels = [w.text() for w in view.grid_host.findChildren(type(view.status))]
    assert "How sure are we?" in labels and "What we don't know yet" in labels
    assert "Surgery to remove the tumours" in labels and "Immunotherapy" in labels
    options = view.chooser.model()
    picker = [options.index(i, 0).data() for i in range(options.rowCount())]
    assert "Immunotherapy with a drug that targets the tumour's blood supply" in picker
    assert not any("(" in name or "TACE" in name for name in picker)  # no bracketed jargon
    cells = " ".join(c.toPlainText() for c in view.cells.values())
    assert "[" not in cells
    assert "How sure are we" not in cells and "kind of study: meta-analysis" in cells
    assert "content is pending human review" in cells  # the source's own status, for patients too
    assert "In plain words: " in cells  # the reviewers' gloss, set apart from the source's words
    glossary = next(t for t in labels if "metastases:" in t)
    page = (cells + " " + " ".join(labels)).lower()
    for term in JARGON:
        if term.lower() in page.replace(glossary.lower(), ""):
            assert f"{term.lower()}:" in glossary.lower(), term


def test_compare_from_elsewhere_opens_the_grid_with_that_option(qtbot, window):
    window.compare(["ablation"])
    assert window.tabs.currentIndex() == 1 and window.compare_view.selected() == ["ablation"]


def test_right_clicking_a_result_offers_to_compare_the_options_it_names(qtbot, window):
    """The options a passage names (tagged when it was stored): the old code's tags for this
    passage were resection and ablation."""
    search(qtbot, window, "surgical resection thermal ablation")
    results = window.search_pane.list
    (index,) = [
        results.model().index(r, 0)
        for r in range(results.model().rowCount())
        if results.model().index(r, 0).data(Role.HIT).text.startswith("Other treatments for liver")
    ]
    offered: list[str] = []

    def choose_ablation():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, choose_ablation)
            return
        offered.extend(a.text() for a in menu.actions() if a.text().startswith("Compare"))
        menu.close()  # first: a failing check must not leave exec() waiting
        for action in menu.actions():
            if "ablation" in action.text():
                action.trigger()

    results.scrollTo(index)
    qtbot.waitUntil(lambda: results.indexAt(results.visualRect(index).center()) == index)
    pos = results.visualRect(index).center()
    QTimer.singleShot(0, choose_ablation)
    QApplication.sendEvent(
        results.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, results.viewport().mapToGlobal(pos)),
    )
    assert offered == ["Compare Surgical resection with…", "Compare Thermal ablation with…"]
    assert window.tabs.currentIndex() == 1 and window.compare_view.selected() == ["ablation"]


def test_the_cut_off_sentence_is_marked_on_screen_and_on_paper(qtbot, window, tmp_path):
    window.compare(["chemoimmunotherapy", "chemotherapy"])
    cell = window.compare_view.cells[("benefit", "chemoimmunotherapy")].toPlainText()
    assert "superior effi [cut off in the saved copy]" in cell
    pdf = export_pdf(GridPrintout(window.compare_view.grid, "2026-01-01"), tmp_path / "g.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "cut off in the saved copy" in unicodedata.normalize("NFKC", text)  # ligatures
    assert "Arms: CMT + ICI (20.8 months) vs comparator CMT (10.8 months)" in " ".join(cell.split())


def test_printed_grid_holds_the_figures(qtbot, window, tmp_path):
    window.compare(["resection", "chemoimmunotherapy"])
    for page in ("A4", "Letter"):
        pdf = export_pdf(
            GridPrintout(window.compare_view.grid, "2026-01-01", page), tmp_path / f"grid-{page}.pdf"
        )
        reader = PdfReader(pdf)
        box = reader.pages[0].mediabox
        assert float(box.width) > float(box.height)  # landscape
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert "30-50%" in text and "20.8 months" in text and "P = 0.004" in text
        assert "Sources" in text


PAGE = """Thermal ablation for small liver metastases

Thermal ablation destroys a small liver tumour with heat from a needle placed through the skin.
Thermal ablation is a good choice for people who are not fit for an operation.
"""


def click_link(qtbot, view, href: str) -> None:
    """Click, with the mouse, the link `href` where the cell shows it."""
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = view.textCursor()
                cursor.setPosition(fragment.position() + 1)
                view.ensureCursorVisible()
                qtbot.mouseClick(
                    view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center()
                )
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link {href}")


def window_on_import(qtbot, tmp_path, kiosk=False):
    """The window on a library holding one added page (its statements automatic)."""
    from desktop.kiosk import MemoryStore, hash_pin
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner
    from search_index.opening import open_collection

    page = tmp_path / "ablation.md"
    page.write_text(PAGE)
    opened = open_collection()
    opened.library.import_paths([page])
    opened.library.close()
    opened.collection.close()
    runner = TaskRunner()
    if kiosk:  # as the app starts one: settings in memory, a clinician's PIN set
        w = MainWindow(Settings(MemoryStore()), runner, kiosk=True, pin_hash=hash_pin("2468"))
    else:
        w = MainWindow(Settings(), runner)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    return w, runner


@pytest.fixture
def window_with_import(qtbot, user_home, tmp_path):
    w, runner = window_on_import(qtbot, tmp_path)
    yield w
    runner.wait()


def test_the_kiosk_shows_patients_only_reviewed_statements(qtbot, user_home, tmp_path):
    w, runner = window_on_import(qtbot, tmp_path, kiosk=True)
    w.compare(["ablation", "resection"])
    view = w.compare_view
    assert view.grid.audience == "patient" and not view.audience.isVisible()
    shown = " ".join(c.toPlainText() for c in view.cells.values())
    assert "not fit for an operation" not in shown and "Review…" not in shown
    assert view.grid.hidden_unreviewed >= 1 and "not shown" in view.status.text()
    assert not view.reviews_button.isVisible()
    w.kiosk_control.may_close = True
    runner.wait()


def test_a_clinician_moves_an_automatic_statement_through_the_grid(
    qtbot, window_with_import, tmp_path, monkeypatch
):
    w = window_with_import
    view = w.compare_view
    w.compare(["ablation", "resection"])
    st = next(s for s in view.statements.values() if "not fit" in s.text)
    cell = view.cells[(st.row, "ablation")]
    assert "automatic — not reviewed" in cell.toPlainText()
    assert st.row != "risks"

    def review_in_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReviewDialog)
        assert not dialog.move_button.isEnabled()  # unsigned
        qtbot.keyClicks(dialog.initials, "jb")
        dialog.row.setCurrentIndex(dialog.row.findData("risks"))
        assert not dialog.confirm_button.isEnabled()  # moved: confirm would say otherwise
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, review_in_dialog)
    click_link(qtbot, cell, f"review:{st.id}")
    moved = view.cells[("risks", "ablation")].toPlainText()
    assert st.text in moved and f"moved by JB, {date.today().isoformat()}" in moved

    # Patients see the reviewed statement, and are told how many others are not shown.
    view.audience.setCurrentIndex(view.audience.findData("patient"))
    assert st.text in view.cells[("risks", "ablation")].toPlainText()
    assert view.grid.hidden_unreviewed >= 1 and "not shown" in view.status.text()
    view.audience.setCurrentIndex(view.audience.findData("clinician"))

    out = tmp_path / "clinic-reviews.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert view.reviews_button.isVisible() and view.reviews_button.isEnabled()
    view.reviews.export_action.trigger()
    exported = json.loads(out.read_text())["reviews"]
    assert [(r["decision"], r["new_row"], r["initials"]) for r in exported] == [("move", "risks", "JB")]


def test_on_screen_and_paper_the_check_is_ours_and_the_disagreement_counts_studies(
    qtbot, window, tmp_path
):
    view = window.compare_view
    tick(qtbot, view, "ici")
    tick(qtbot, view, "resection")
    surgery = " ".join(view.cells[("who", "resection")].toPlainText().split())
    # The page says of itself it is pending review; our placement check is worded as ours.
    assert "content is pending human review" in surgery
    assert "[placement checked by Clinic Reference, not a review of the source]" in surgery
    assert "Review…" not in surgery  # the map's statements are not a clinician's to review
    benefit = " ".join(view.cells[("benefit", "ici")].toPlainText().split())
    assert "Benefit holds: 1 study" in benefit and "size not stated" in benefit
    assert "the source weighs both sides: Liver metastases have been linked" in benefit
    assert "benefit reduced: For example, in metastatic colorectal cancer" in benefit
    assert "the source weighs both sides: Research suggests that patients" in benefit  # 001
    assert "Settings differ: benefit holds in immunotherapy added to chemotherapy" in benefit
    assert "Not counted (worse outcomes with liver metastases" in benefit
    pdf = export_pdf(GridPrintout(view.grid, "2026-01-01"), tmp_path / "g.pdf")
    paper = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    paper = unicodedata.normalize("NFKC", paper)
    assert "placement checked by Clinic Reference" in paper
    assert "the source weighs both sides" in paper
    view.audience.setCurrentIndex(view.audience.findData("patient"))
    cells = " ".join(c.toPlainText() for c in view.cells.values())
    assert "Checked by a clinician" not in cells  # no clinician checked the bundled map
    assert "Put in this table by the Clinic Reference team" in cells
    plain = " ".join(view.cells[("benefit", "ici")].toPlainText().split())
    assert "The sources do not agree on whether treatment that includes immunotherapy" in plain
    assert "says it works less well: For example" in plain
    note = plain[: plain.index("says it works as well:")]  # the note, before the source sentences
    assert "interaction" not in note and "Says it works less well: 1 study" in note
    assert (
        "underrepresented in randomised clinical trials"
        in view.cells[("uncertain", "ici")].toPlainText()
    )
