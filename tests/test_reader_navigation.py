"""The reader as a person uses it: marks that follow the search, Back and Forward, Tab, and
documents whose file names hold URL characters."""

from __future__ import annotations

import pytest
from helpers import click_text, search, seed_of_kind
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.kiosk import MemoryStore, hash_pin
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner
from desktop.theme import current
from search_index.opening import open_collection
from search_index.reading.model import GUIDELINE


def marked_words(reader) -> list[str]:
    """The words drawn with the mark colour, read from the document's formats (what is shown)."""
    mark = current().color("mark")
    out = []
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == mark:
                out.append(fragment.text())
            it += 1
        block = block.next()
    return out


def type_search(qtbot, window, text: str) -> None:
    window.search_pane.box.clear()
    search(qtbot, window, text)


def open_first(qtbot, window) -> None:
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    settled(qtbot, window)


def settled(qtbot, window) -> None:
    """Until the reader is shown and scrolled to the hit (once more, at its final width)."""
    qtbot.waitUntil(
        lambda: window.reader.document_id is not None and not window.reader._rescroll.isActive()
    )


def test_the_marks_are_those_of_the_search_in_the_box(qtbot, window):
    type_search(qtbot, window, "immunotherapy")
    open_first(qtbot, window)
    assert "immunotherapy" in {w.lower() for w in marked_words(window.reader)}
    scrolled = window.reader.verticalScrollBar().value()
    type_search(qtbot, window, "resection")
    qtbot.waitUntil(lambda: "immunotherapy" not in {w.lower() for w in marked_words(window.reader)})
    assert {w.lower() for w in marked_words(window.reader)} <= {
        "resection",
        "resections",
        "resected",
        "liver",
        "hepatic",
        "surgery",
        "hepatectomy",
    }
    assert window.reader.verticalScrollBar().value() == scrolled  # the reader stays put
    type_search(qtbot, window, "x")  # nothing of the old searches stays marked
    window.search_pane.box.clear()
    qtbot.waitUntil(lambda: not marked_words(window.reader))


def test_a_passage_found_through_an_abbreviation_shows_what_matched(qtbot, window):
    """ICIs is read as immune checkpoint inhibitors too: those words are marked."""
    type_search(qtbot, window, "ICIs")
    open_first(qtbot, window)
    marked = {w.lower() for w in marked_words(window.reader)}
    assert {"checkpoint", "inhibitors"} <= marked or "icis" in marked, marked


def _citation_position(reader) -> int:
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment()
            if f.charFormat().anchorHref().startswith("#ref-"):
                return f.position()
            it += 1
        block = block.next()
    raise AssertionError("no citation link in the document")


def test_back_and_forward_across_citations_and_documents(qtbot, window):
    window.activateWindow()
    reader = window.reader
    first_doc = seed_of_kind(GUIDELINE).doc_id  # 38 citations of 2 references
    click_text(qtbot, reader, window.collection.documents()[first_doc]["title"])
    settled(qtbot, window)
    assert reader.document_id == first_doc
    assert not window.reading_control.back_action.isEnabled()
    # a citation link, clicked: the reader jumps to the reference list
    position = _citation_position(reader)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(position)
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    before = reader.verticalScrollBar().value()
    rect = reader.cursorRect(cursor)  # the left edge of the link's first character
    qtbot.mouseClick(
        reader.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + type(rect.center())(3, 0)
    )
    qtbot.waitUntil(lambda: reader.verticalScrollBar().value() != before)
    assert window.reading_control.back_action.isEnabled()
    qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: reader.verticalScrollBar().value() == before)
    # another document, then Back (the toolbar's action) and Forward (Alt+Right)
    type_search(qtbot, window, "tumor microenvironment")  # in another document
    open_first(qtbot, window)
    other = reader.document_id
    assert other != first_doc
    toolbar_back = window.findChild(type(window.addToolBar("x")), "mainToolbar")
    toolbar_back.widgetForAction(window.reading_control.back_action).click()
    assert reader.document_id == first_doc
    qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert reader.document_id == other
    assert not window.reading_control.forward_action.isEnabled()


def test_tab_leaves_the_reader_where_it_was(qtbot, window):
    type_search(qtbot, window, "portal vein embolization")
    open_first(qtbot, window)
    reader = window.reader
    assert reader.verticalScrollBar().value() > 0
    scrolled = reader.verticalScrollBar().value()
    reader.setFocus(Qt.FocusReason.MouseFocusReason)
    for _ in range(3):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert not reader.hasFocus()
    assert reader.verticalScrollBar().value() == scrolled


@pytest.fixture
def odd_names(tmp_path, user_home):
    """Documents whose file names hold #, ? and %41, added to the user's library."""
    folder = tmp_path / "odd"
    folder.mkdir()
    for name, words in (("notes #1?.txt", "Ablation notes"), ("x%41.txt", "Percent file")):
        (folder / name).write_text(
            f"{words}\n\n{words} on liver metastases, written for a test of file names.\n",
            encoding="utf-8",
        )
    opened = open_collection()
    report = opened.library.import_paths([folder])
    opened.library.close()
    opened.collection.close()
    assert len(report.added) == 2, report.failed
    return ["notes #1?", "x%41"]


def test_documents_named_with_url_characters_open_from_the_welcome_page(qtbot, odd_names):
    runner = TaskRunner()
    window = MainWindow(Settings(), runner)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.collectionReady, timeout=20000):
        window.load_collection()
    for doc_id in odd_names:
        window.reader.show_welcome(window.collection.documents())
        click_text(qtbot, window.reader, window.collection.documents()[doc_id]["title"])
        assert window.reader.document_id == doc_id
    runner.wait()


def test_a_result_clicked_while_typing_on_is_marked_for_its_own_search(qtbot, window):
    """The list still shows the results for "ICIs" while the next search is being typed: the
    result clicked is marked for what found it, not for the half-typed words."""
    type_search(qtbot, window, "ICIs")
    pane = window.search_pane
    pane.timer.setInterval(60_000)  # the next search stays pending while we click
    pane.box.selectAll()
    qtbot.keyClicks(pane.box, "resection")
    pane.box.completer().popup().hide()  # its suggestions would take the click
    index = pane.model.index(0)
    # The list lays rows out in batches between events: wait until this one is in place.
    qtbot.waitUntil(lambda: pane.list.indexAt(pane.list.visualRect(index).center()) == index)
    qtbot.mouseClick(
        pane.list.viewport(), Qt.MouseButton.LeftButton, pos=pane.list.visualRect(index).center()
    )
    settled(qtbot, window)
    marked = {w.lower() for w in marked_words(window.reader)}
    assert {"checkpoint", "inhibitors"} <= marked or "icis" in marked, marked
    assert "resection" not in marked


def test_back_from_a_grid_link_returns_to_the_passage_read_before(qtbot, window):
    type_search(qtbot, window, "portal vein embolization")
    open_first(qtbot, window)
    before = window.reader.place()
    window.compare(["resection", "ablation"])
    cell = window.compare_view.cells[("benefit", "resection")]
    qtbot.waitUntil(lambda: cell.isVisible())
    first = window.compare_view.grid.columns[0].cells["benefit"].statements[0]
    click_text(qtbot, cell, first.source_name)  # the statement's link to its sentence
    settled(qtbot, window)
    assert window.tabs.currentIndex() == 0 and window.reader.sentence is not None
    qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settled(qtbot, window)
    assert window.reader.place() == before


def test_the_kiosk_start_over_forgets_where_the_last_person_read(qtbot, user_home):
    """Back after the reset would show the next patient what the last one read."""
    memory = Settings(MemoryStore({"kiosk/idle_seconds": 1, "kiosk/countdown_seconds": 1}))
    runner = TaskRunner()
    kiosk = MainWindow(memory, runner, kiosk=True, pin_hash=hash_pin("2468"))
    qtbot.addWidget(kiosk)
    kiosk.show()
    with qtbot.waitSignal(kiosk.collectionReady, timeout=20000):
        kiosk.load_collection()
    type_search(qtbot, kiosk, "portal vein embolization")
    open_first(qtbot, kiosk)
    type_search(qtbot, kiosk, "tumor microenvironment")
    open_first(qtbot, kiosk)
    assert kiosk.reading_control.back_action.isEnabled()
    with qtbot.waitSignal(kiosk.kiosk_control.idle.expired, timeout=10000):
        pass  # nobody touches the screen
    assert not kiosk.reading_control.back_action.isEnabled() and not kiosk.reading_control.history.behind
    kiosk.reading_control.back_action.trigger()
    assert kiosk.reader.document_id is None
    kiosk.kiosk_control.may_close = True
    kiosk.kiosk_control.idle.stop()
    runner.wait()
