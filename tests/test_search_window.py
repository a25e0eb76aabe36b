"""Search features in the window: filters, did you mean, how it was read, find, contents,
history — through the real widgets."""

from __future__ import annotations

from helpers import item_where, search, seed, tooltip_at
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.models.facets import FACET_ROLE, VALUE_ROLE
from search_index.results import FacetValue, Results


def facet_item(window, facet: str, value: str):
    model = window.filter_pane.model
    for row in range(model.rowCount()):
        head = model.item(row)
        if head.data(FACET_ROLE) != facet:
            continue
        for i in range(head.rowCount()):
            if head.child(i).data(VALUE_ROLE) == value:
                return head.child(i), model.item(row).child(i, 1)
    raise AssertionError(f"no {facet}={value}")


def test_ticking_a_filter_narrows_the_results_to_its_count(qtbot, window):
    search(qtbot, window, "liver metastases")
    qtbot.waitUntil(lambda: window.filter_pane.model.rowCount() > 0)  # counts follow the list
    item, count = facet_item(window, "kind", "pubmed_abstract")
    expected = int(count.text())
    pane = window.search_pane
    with qtbot.waitSignal(pane.resultsShown) as blocker:
        item.setCheckState(Qt.CheckState.Checked)
    results = blocker.args[0]
    assert results.total == expected
    assert {h.kind for h in results.hits} == {"pubmed_abstract"}
    with qtbot.waitSignal(pane.resultsShown):
        qtbot.mouseClick(window.filter_pane.clear, Qt.MouseButton.LeftButton)
    assert pane.last_results.total > expected


def test_ticking_filters_with_the_keyboard_keeps_the_place(qtbot, window):
    search(qtbot, window, "liver metastases")
    qtbot.waitUntil(lambda: window.filter_pane.model.rowCount() > 0)
    tree, model = window.filter_pane.tree, window.filter_pane.model
    head = item_where(tree, "Document kind")
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(head).center())
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    first = tree.currentIndex().data(VALUE_ROLE)
    with qtbot.waitSignal(model.modelReset, timeout=10000):  # the counts of the narrowed search
        qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert model.selected == {"kind": {first}}
    assert tree.currentIndex().data(VALUE_ROLE) == first
    assert tree.selectionModel().selectedIndexes()[0].data(VALUE_ROLE) == first
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    second = tree.currentIndex().data(VALUE_ROLE)
    assert second not in (None, first) and tree.currentIndex().parent().data() == "Document kind"
    with qtbot.waitSignal(window.search_pane.resultsShown, timeout=10000):
        qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert model.selected == {"kind": {first, second}}


def test_ticking_the_last_filter_of_a_scrolled_list_keeps_it_in_view(qtbot, window):
    window.resize(1000, 420)
    search(qtbot, window, "liver metastases")
    qtbot.waitUntil(lambda: window.filter_pane.model.rowCount() > 0)
    tree, model = window.filter_pane.tree, window.filter_pane.model
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # a current row, then the last
    qtbot.keyClick(tree, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: tree.verticalScrollBar().value() > 0)
    last = tree.currentIndex().data(VALUE_ROLE)
    for ticked in (True, False):  # the list narrowed to fit, then as long as before
        with qtbot.waitSignal(model.modelReset, timeout=10000):
            qtbot.keyClick(tree, Qt.Key.Key_Space)
        assert bool(model.selected) == ticked
        assert tree.currentIndex().data(VALUE_ROLE) == last
        qtbot.wait(50)  # laid out
        assert tree.viewport().rect().contains(tree.visualRect(tree.currentIndex()))
    assert tree.verticalScrollBar().value() > 0


def hover_filter(qtbot, window, label: str) -> str:
    """Rest the mouse on the filter named `label`: the tooltip shown, as it reads."""
    tree = window.filter_pane.tree
    found = tree.model().match(
        tree.model().index(0, 0), Qt.ItemDataRole.DisplayRole, label, 1, Qt.MatchFlag.MatchRecursive
    )
    assert found, label
    return tooltip_at(qtbot, tree.viewport(), tree.visualRect(found[0]).center())


def test_a_filter_name_cut_short_shows_whole_on_hover(qtbot, window):
    window.resize(1000, 700)
    window.search_column.setSizes([100, 900])  # the filters as narrow as they go
    search(qtbot, window, "liver metastases")
    qtbot.waitUntil(lambda: window.filter_pane.model.rowCount() > 0)
    tree, name = window.filter_pane.tree, "Clinical summary web page"
    index = tree.model().match(
        tree.model().index(0, 0), Qt.ItemDataRole.DisplayRole, name, 1, Qt.MatchFlag.MatchRecursive
    )[0]
    assert tree.fontMetrics().horizontalAdvance(name) > tree.visualRect(index).width()  # cut
    assert hover_filter(qtbot, window, name).startswith(name)
    assert hover_filter(qtbot, window, "Document kind") == "Document kind"  # a facet's own name too


def test_a_filter_name_holding_markup_shows_it_as_text(qtbot, window):
    search(qtbot, window, "liver metastases")
    name = '<img src="/dev/zero"> <b>Bold</b> cancer'
    with qtbot.waitSignal(window.filter_pane.model.modelReset):
        window.filter_pane.show_facets(
            Results("liver metastases", 1, facets={"cancer": [FacetValue("bold", name, 1)]})
        )
    assert hover_filter(qtbot, window, name) == f"{name}: 1"


def test_did_you_mean_is_shown_and_one_click_accepts_it(qtbot, window):
    search(qtbot, window, "chemoimunotherapy survival")
    pane = window.search_pane
    assert pane.suggestion.isVisible() and "chemoimmunotherapy" in pane.suggestion.text()
    with qtbot.waitSignal(pane.resultsShown) as blocker:
        pane.suggestion.linkActivated.emit("suggestion")
    assert pane.box.text() == "chemoimmunotherapy survival" and blocker.args[0].total > 0
    assert not pane.suggestion.isVisible()


def test_the_window_shows_how_the_search_was_read(qtbot, window):
    search(qtbot, window, "ICI")
    text = window.search_pane.explanation.text()
    assert window.search_pane.explanation.isVisible()
    assert "ICI" in text and "immune checkpoint inhibitor" in text


def test_completions_come_from_the_vocabulary(qtbot, window):
    qtbot.keyClicks(window.search_pane.box, "chemoim")
    assert "chemoimmunotherapy" in window.search_pane.completions.stringList()


def test_find_in_document_with_next_and_previous(qtbot, window):
    search(qtbot, window, "FOLFOX")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    window.reader.setFocus()
    window.find_anywhere()
    bar = window.document_pane.find_bar
    assert bar.isVisible() and window.focusWidget() is bar.box
    qtbot.keyClicks(bar.box, "resection")
    total = len(bar.matches)
    assert total > 3 and bar.count.text() == f"1 of {total}"
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.count.text() == f"2 of {total}"
    bar.go_previous()
    bar.go_previous()
    assert bar.count.text() == f"{total} of {total}"
    assert window.reader.textCursor().selectedText().lower() == "resection"
    qtbot.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_ctrl_f_outside_the_document_goes_to_the_search_box(qtbot, window):
    window.search_pane.list.setFocus()
    window.find_anywhere()
    assert window.focusWidget() is window.search_pane.box
    assert not window.document_pane.find_bar.isVisible()


def test_table_of_contents_jumps_to_a_section(qtbot, window):
    window.reading_control.open_document(seed("Pitfalls and Caveats").doc_id)
    toc = window.document_pane.toc
    model = toc.model()
    headings = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "Pitfalls and Caveats" in headings and toc.isVisible()
    row = headings.index("Pitfalls and Caveats")
    rect = toc.visualRect(model.index(row, 0))
    qtbot.mouseClick(toc.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert heading_at_cursor(window.reader) == "Pitfalls and Caveats"
    assert window.reader.verticalScrollBar().value() > 0
    qtbot.keyClick(toc, Qt.Key.Key_Home)  # the keyboard: the first heading, then Enter
    qtbot.keyClick(toc, Qt.Key.Key_Return)
    assert heading_at_cursor(window.reader) == headings[0]


def heading_at_cursor(reader) -> str:
    cursor = reader.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_history_remembers_searches_that_opened_something_and_recent_documents(qtbot, window):
    search(qtbot, window, "portal vein")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    assert window.settings.search_history[0] == "portal vein"
    assert window.settings.recent_documents[0] == window.reader.document_id
    window.settings.clear_history()
    assert window.settings.search_history == [] and window.settings.recent_documents == []


def test_a_filter_typed_with_a_minus_leaves_out_what_the_pane_counts_for_it(qtbot, window):
    everything = search(qtbot, window, "immunotherapy")
    patient_pages = {f.value: f.count for f in everything.facets["kind"]}["qa_page"]
    window.search_pane.box.clear()
    rest = search(qtbot, window, "-kind:qa immunotherapy")
    assert 0 < patient_pages < everything.total
    assert rest.total == everything.total - patient_pages
    assert rest.hits and all(h.kind != "qa_page" for h in rest.hits)
    assert "NOT kind: Patient Q&A" in window.search_pane.explanation.text()
    assert "qa_page" not in {f.value for f in rest.facets["kind"]}  # not offered to tick back in
