"""The window flow, driven through the real widgets with qtbot."""

from __future__ import annotations

from helpers import click_text, imported, search, seed, seed_file
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor

from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner
from search_index.collection import build_collection, seed_files


def marked_words(window: MainWindow) -> list[str]:
    doc = window.reader.document()
    out = []
    for start, end in window.reader.highlight_ranges:
        cursor = QTextCursor(doc)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        out.append(cursor.selectedText().lower())
    return out


def test_typing_a_query_lists_ranked_results(qtbot, window):
    results = search(qtbot, window, "liver metastases immunotherapy")
    model = window.search_pane.model
    assert model.rowCount() == len(results.hits) > 5
    assert "match" in window.search_pane.status.text()
    assert window.search_pane.list.currentIndex().row() == 0


def test_arrow_keys_and_enter_open_the_chosen_result_scrolled_and_highlighted(qtbot, window):
    search(qtbot, window, "FOLFIRI")
    pane = window.search_pane
    assert pane.model.rowCount() == 1
    qtbot.keyClick(pane.box, Qt.Key.Key_Down)
    qtbot.keyClick(pane.box, Qt.Key.Key_Return)
    hit = pane.model.hit(0)
    reader = window.reader
    assert reader.document_id == hit.document_id
    assert reader.current_passage == hit.passage_id
    assert marked_words(window) == ["folfiri"]
    # The hit is scrolled into view: the passage is far down a long document.
    start, _ = reader.passage_ranges[hit.passage_id]
    qtbot.waitUntil(lambda: not reader._rescroll.isActive())  # after the pane has its width
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    assert reader.verticalScrollBar().value() > 0
    assert reader.viewport().rect().contains(reader.cursorRect(cursor).center())


def test_clicking_a_result_opens_its_document_with_metadata(qtbot, window):
    search(qtbot, window, "checkpoint inhibitors lung cancer")
    pane = window.search_pane
    abstract = seed("Progress of immune checkpoint inhibitors")
    row = next(
        i for i in range(pane.model.rowCount()) if pane.model.hit(i).file_name == abstract.file_name
    )
    index = pane.model.index(row)
    pane.list.scrollTo(index)
    # The list lays rows out in batches between events: wait until this one is in place.
    qtbot.waitUntil(lambda: pane.list.indexAt(pane.list.visualRect(index).center()) == index)
    rect = pane.list.visualRect(index)
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = window.reader.toPlainText()
    assert "PubMed abstract" in text and "Br J Cancer" in text
    assert "DOI 10.1038/s41416-023-02482-w" in text
    assert "References" in text and "Skip to main page content" not in text
    assert set(marked_words(window)) <= {
        "checkpoint",
        "inhibitors",
        "lung",
        "cancer",
        "immune",
        "immunity",
    }


def test_citations_link_to_the_reference_list(qtbot, window):
    search(qtbot, window, "radiofrequency ablation")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    reader = window.reader
    assert "[1]" in reader.toPlainText()
    with qtbot.waitSignal(reader.citationClicked) as blocker:
        reader.anchorClicked.emit(QUrl("#ref-1"))
    assert blocker.args == [1]


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.reader.setFocus()
    window.activateWindow()
    qtbot.keySequence(window, "Ctrl+F") if hasattr(qtbot, "keySequence") else qtbot.keyClick(
        window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
    )
    assert window.search_pane.box.hasFocus() or window.focusWidget() is window.search_pane.box


def test_fast_typing_never_shows_stale_results(qtbot, window):
    pane = window.search_pane
    pane.timer.setInterval(0)  # search on every keystroke: the hardest case for staleness
    shown = []
    pane.resultsShown.connect(lambda r: shown.append(r.query))
    qtbot.keyClicks(pane.box, "portal vein embolization")
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == "portal vein embolization", timeout=10000)
    window.runner.wait()
    qtbot.wait(50)
    assert shown[-1] == "portal vein embolization"
    assert all(len(a) <= len(b) for a, b in zip(shown, shown[1:]))  # never an older one after
    assert "embolization" in pane.model.hit(0).text.lower()


def test_document_text_is_shown_as_text_not_html(qtbot, tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    markup = "<b>Liver</b> metastases &amp; <a href='http://x'>x</a>"
    source = (
        seed_file("Liver metastases are a common")
        .read_text(encoding="utf-8")
        .replace("Liver metastases are a common", f"{markup} are a common")
    )
    (seeds / "page.txt").write_text(source, encoding="utf-8")
    out = tmp_path / "collection"
    build_collection(seed_files(seeds), out)
    monkeypatch.setenv("CLINIC_REFERENCE_COLLECTION", str(out))
    monkeypatch.setattr("search_index.collection.seed_files", lambda folder=None: seed_files(seeds))
    runner = TaskRunner()
    w = MainWindow(Settings(), runner)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    search(qtbot, w, "common complication")
    qtbot.keyClick(w.search_pane.box, Qt.Key.Key_Return)
    assert markup in w.reader.toPlainText()
    runner.wait()


def test_window_size_and_splitter_are_remembered(qtbot):
    first = MainWindow(Settings(), TaskRunner())
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 560)
    first.splitter.setSizes([440, 340])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(Settings(), TaskRunner())
    qtbot.addWidget(second)
    second.show()
    assert second.size().width() == 790
    assert second.splitter.sizes() == sizes


def test_the_empty_reader_lists_the_documents_and_opens_one(qtbot, window):
    reader = window.reader
    text = reader.toPlainText()
    titles = [m["title"] for m in window.collection.documents().values()]
    assert all(t in text for t in titles)
    abstract = seed("Progress of immune checkpoint inhibitors").doc_id
    click_text(qtbot, reader, window.collection.documents()[abstract]["title"])
    assert reader.document_id == abstract
    assert reader.toPlainText().startswith("Progress of immune checkpoint inhibitors")


def test_the_reader_names_a_bundled_source_by_title_never_by_its_stored_file_name(qtbot, window):
    for path in seed_files():
        window.reading_control.open_document(path.stem)
        header = window.reader.toPlainText()[:600]
        assert path.name not in header and path.stem not in header


def test_a_title_of_any_length_is_cut_short_where_shown(qtbot, window, tmp_path):
    title = "Quorvextitle " + " ".join(f"word{i}" for i in range(20_000))[:99_987]
    (tmp_path / "long.md").write_text(f"# {title}\n\nMicrowave ablation, quorvexbody.\n")
    window.resize(1100, 700)
    imported(qtbot, window, tmp_path / "long.md")
    search(qtbot, window, "quorvexbody")
    results = window.search_pane.list
    row = results.visualRect(results.model().index(0, 0))
    assert 0 < row.height() < results.viewport().height() / 3  # a few lines, not the list

    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)  # opened in the reader
    header = window.reader.document().firstBlock()
    assert len(title) == 100_000 and 50 < len(header.text()) <= 401
    assert header.text().endswith("…") and title.startswith(header.text()[:-1])
    # (Its tooltip, as that in the results: tests/test_title_tooltips.py.)
