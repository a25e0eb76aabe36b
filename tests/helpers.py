"""What several test modules share: the seeds (named by what they say, never by file name), small
files to import, and the ways a person drives the window. Fixtures are in conftest.py; no test
module imports another (tests/test_boundary.py checks it)."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle, QStyleOptionViewItem, QToolTip

from search_index import generations
from search_index.collection import build_collection, seed_files
from search_index.importing import read_any, sniff
from search_index.lexicon import treatment_data
from search_index.paths import resources_dir
from search_index.reading import ReadError, read_file
from search_index.reading.model import TEXT, Document
from search_index.schema import STORE_FILE
from search_index.whoosh_adapter.index import live_documents

SEEDS = seed_files()
# The second pytest process a whole run starts for the modules marked `beside` (conftest.py).
BESIDE = pytest.StashKey[tuple[subprocess.Popen, Path]]()


# -- the seeds ------------------------------------------------------------------------------


@cache
def bundled_collection() -> Path:
    """The real store and index, built once from the seeds through the app's own build, for the
    whole session: the tests' fixture and the control sweep's children (which need it while
    pytest is still collecting) read the same one."""
    folder = Path(tempfile.mkdtemp(prefix="bundled-"))
    atexit.register(shutil.rmtree, folder, True)
    report = build_collection(SEEDS, folder / "collection")
    assert not report.failed, report.failed
    return folder / "collection"


@cache
def seed_documents() -> tuple[Document, ...]:
    """Every seed, read as the build reads it."""
    return tuple(read_file(path) for path in SEEDS)


def seed(holding: str) -> Document:
    """The one seed whose title or text holds `holding`: a test names the document it is about by
    what it says, so that a seed renamed or added cannot silently change what a test checks."""
    found = [d for d in seed_documents() if holding in d.title or holding in d.source]
    assert len(found) == 1, f"{len(found)} seeds hold {holding!r}: {[d.doc_id for d in found]}"
    return found[0]


def seed_file(holding: str) -> Path:
    """The file of the one seed whose title or text holds `holding`."""
    return next(path for path in SEEDS if path.name == seed(holding).file_name)


def seed_of_kind(kind: str) -> Document:
    """The only seed of this kind (PubMed abstract, journal abstract, clinical summary page)."""
    found = [d for d in seed_documents() if d.kind == kind]
    assert len(found) == 1, f"{len(found)} seeds are of kind {kind!r}"
    return found[0]


# The reviewed evidence map of the bundled documents' statements, and every treatment option's id.
EVIDENCE_MAP = json.loads((resources_dir() / "evidence_map.json").read_text(encoding="utf-8"))
OPTION_IDS = [o["id"] for o in treatment_data()["options"]]


# -- files to import ------------------------------------------------------------------------

# Two synthetic PubMed records: a trial of ablation against resection (with a DOI) and a study
# of arterial infusion whose abstract asks a question.
SYNTHETIC_MEDLINE = """PMID- 90000101
TI  - Microwave ablation versus hepatectomy for colorectal liver metastases: a randomized
      trial.
AB  - Patients with up to three colorectal liver metastases were randomized to microwave
      ablation or hepatectomy. Median overall survival was 52 months after ablation and 55
      months after resection (P = 0.41). Major complications occurred in 6% after ablation.
AU  - Synthetic A
TA  - Test J
DP  - 2023 Mar
LID - 10.9999/synthetic.101 [doi]
PT  - Randomized Controlled Trial

PMID- 90000102
TI  - Hepatic arterial infusion chemotherapy for unresectable liver metastases.
AB  - What should I ask my doctor about hepatic arterial infusion? Response rates were 40%.
AU  - Synthetic B
TA  - Test J
DP  - 2022
"""

# A patient page in Markdown with its own questions to ask.
ABLATION_PAGE = """Ablation for liver metastases: what to expect

Thermal ablation destroys small liver tumours with heat from a needle placed through the skin.
Most people go home the next day. Pain and fever for a few days are common after ablation.

## Questions to ask your doctor

- Are my liver tumours small enough for ablation?
- How long will I stay in hospital after ablation?
"""

# A leaflet in plain text: headings by layout only, questions bulleted, numbered and bare.
PLAIN_LEAFLET = """Radiofrequency ablation: a guide for patients

What is it?
A thin needle heats the tumour until it is destroyed, guided by an ultrasound or CT scan.

After the treatment

Most people go home the next day. Pain and a mild fever for a few days are common.

Results



Small tumours are often destroyed completely.

What to ask your doctor
Is my tumour small enough for ablation?
How many treatments will I need?
1. Will I need a general anaesthetic?
2) When will I have my first scan?

Liver team, City Hospital
"""


def files_in(folder: Path) -> list[str]:
    """Every file under `folder`, relative to it: what a flow left behind."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def agree(directory: Path) -> dict[str, int]:
    """The visible documents of the store and of the index, asserted equal."""
    db = sqlite3.connect(directory / STORE_FILE)
    stored = dict(
        db.execute(
            "SELECT d.id, count(p.id) FROM documents d JOIN passages p ON p.document_id = d.id "
            "WHERE NOT d.hidden GROUP BY d.id"
        ).fetchall()
    )
    db.close()
    assert dict(live_documents(generations.current(directory))) == stored
    return stored


def passages_by_document(directory: Path) -> dict[str, list[str]]:
    """Each stored document's passages, in order, read from the store as committed."""
    db = sqlite3.connect(directory / STORE_FILE)
    out: dict[str, list[str]] = {}
    for doc_id, text in db.execute(
        "SELECT document_id, text FROM passages ORDER BY document_id, position"
    ):
        out.setdefault(doc_id, []).append(text)
    db.close()
    return out


def medline_records(first: int, count: int) -> str:
    """`count` short MEDLINE records of ablation series, PMIDs from `first` on."""
    return "\n".join(
        f"PMID- {first + i}\nTI  - Ablation series {first + i}.\nAB  - Of {20 + i} "
        f"patients {i} had complications after ablation.\nDP  - 2020\n"
        for i in range(count)
    )


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`clinic-reference ARGS…` run as a person runs it: its own process, this test's profile."""
    return subprocess.run(
        [sys.executable, "-m", "desktop.main", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )


# -- real-format sample files to import (tests/data/import) ---------------------------------

IMPORT_DATA = Path(__file__).parent / "data" / "import"


def read_sample(name: str) -> list[Document]:
    """The documents of a sample file, each with its passages' offsets checked."""
    docs = read_any(IMPORT_DATA / name)
    records = sniff((IMPORT_DATA / name).read_bytes()) in ("medline", "pubmed_xml", "ris")
    for doc in docs:
        assert_offsets(doc, records=records)
    return docs


def assert_offsets(doc: Document, records: bool) -> None:
    """Every passage's offsets point at its own text in `doc.source`: exactly for bibliographic
    records and single lines of text; a paragraph joined from several lines differs only in its
    line breaks. The bundled kinds' readers point at whole lines (bullet marks, citation numbers)."""
    assert doc.title.strip() and doc.passages()
    for _, p in doc.passages():
        assert 0 <= p.start < p.end <= len(doc.source), p
        span = doc.source[p.start : p.end]
        if doc.kind == TEXT:
            assert span.split() == p.text.split(), (span, p.text)
            assert span == p.text or len(span.splitlines()) > 1, (span, p.text)
        elif records:  # records.py writes the document's text out itself
            assert span == p.text, (span, p.text)
        else:
            assert (
                span.startswith("- ") and span[2:] == p.text if p.kind == "bullet" else (p.text in span)
            ), (span, p.text)


def refused(name: str, path: Path | None = None) -> ReadError:
    """The error a sample file (or `path`) is refused with, named by the file."""
    with pytest.raises(ReadError) as err:
        read_any(path or IMPORT_DATA / name)
    error = err.value
    assert error.file_name == name and str(error).startswith(f"{name}: ")
    return error


# -- the window, driven through its widgets ---------------------------------------------------


def answer_modal(kind: type, act) -> None:
    """Run `act` on the next modal dialog of `kind` that opens (through its own widgets)."""

    def poll():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            QTimer.singleShot(20, poll)
        else:
            try:
                act(dialog)
            except BaseException:
                dialog.reject()  # a failing check must not leave exec() waiting until the timeout
                raise

    QTimer.singleShot(0, poll)


def menu_action(window, path: str):
    """The action at 'Menu/Item' of the menu bar, as a person finds it."""
    return {
        f"{top.text()}/{action.text()}".replace("&", ""): action
        for top in window.menuBar().actions()
        for action in top.menu().actions()
    }[path]


def told(qtbot, window, parent) -> str:
    """The message a long change ends with: over `parent`, closed once read."""

    qtbot.waitUntil(lambda: window.library_control.task is None, timeout=30000)
    box = parent.findChild(QMessageBox, "libraryDone")
    assert box is not None and box.isVisible()
    text = box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    box.deleteLater()
    return text


def open_window(qtbot):
    """A main window on this test's profile, shown and with its collection open."""
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    w = MainWindow(Settings(), TaskRunner())
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    return w


def search(qtbot, window, text: str):
    """Type `text` into the search box as a user would; returns the results shown."""
    pane = window.search_pane
    with qtbot.waitSignal(pane.resultsShown, timeout=10000) as blocker:
        qtbot.keyClicks(pane.box, text)
    pane.box.completer().popup().hide()  # suggestions as you type: not wanted here
    return blocker.args[0]


def click_text(qtbot, reader, text: str) -> None:
    """A click on the middle of the first `text` shown in the reader (a link, say)."""

    cursor = reader.document().find(text)
    assert not cursor.isNull(), text
    reader.ensureCursorVisible()
    start = QTextCursor(cursor)
    start.setPosition(cursor.selectionStart() + len(text) // 2)
    reader.setTextCursor(start)
    reader.ensureCursorVisible()
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=reader.cursorRect(start).center())


def document_row(dialog, doc_id: str) -> int:
    """The row of a document in the documents dialog's list, as sorted on screen."""

    view = dialog.tree
    return next(
        row
        for row in range(view.model().rowCount())
        if view.model().index(row, 0).data(Qt.ItemDataRole.UserRole) == doc_id
    )


def document_ids(dialog) -> list[str]:
    """The documents the dialog lists, in the order shown."""

    model = dialog.tree.model()
    return [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(model.rowCount())]


def select_documents(dialog, *doc_ids: str) -> None:
    """Select these documents in the dialog's list, as a ctrl-click on each row would."""

    view = dialog.tree
    view.clearSelection()
    for doc_id in doc_ids:
        view.selectionModel().select(
            view.model().index(document_row(dialog, doc_id), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def item_where(view, value, role=None, starts: bool = False):
    """The index of `view`'s model (every level) whose `role` (the text if None) holds `value`,
    or starts with it."""

    model = view.model()
    flags = Qt.MatchFlag.MatchRecursive | (
        Qt.MatchFlag.MatchStartsWith if starts else Qt.MatchFlag.MatchExactly
    )
    found = model.match(model.index(0, 0), role or Qt.ItemDataRole.DisplayRole, value, 1, flags)
    assert found, value
    return found[0]


def click_tick_box(qtbot, view, index) -> None:
    """A click on the tick box of `index`, where the view's style draws it."""

    view.scrollTo(index)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    assert option.rect.contains(box.center()), (option.rect, box)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def tooltip_at(qtbot, widget, at) -> str:
    """Rest the mouse on `widget` at `at` (a QPoint in it): the tooltip Qt shows, as it reads
    (its markup rendered, as Qt renders a tooltip that might be rich text); "" when none shows."""

    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    if not QToolTip.isVisible():
        return ""
    shown = QTextDocument()
    shown.setHtml(QToolTip.text())
    return shown.toPlainText()


def imported(qtbot, window, *paths: Path) -> None:
    """Import `paths` through the window and close the summary once it shows."""
    window.library_control.import_paths(list(paths))
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    window.library_control.import_report.close()
