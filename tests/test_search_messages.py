"""What the window says about a search, typed into the real search box: words the collection
does not hold, subjects it does not cover, and a misspelling searched as its correction with
the way back to what was typed."""

from __future__ import annotations

import pytest
from helpers import search
from PySide6.QtCore import Qt


def follow_link(qtbot, label) -> None:
    """Reach the label's link with the keyboard, as a keyboard user does, and press Enter."""
    label.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(label, Qt.Key.Key_Tab)
    qtbot.keyClick(label, Qt.Key.Key_Return)


def test_a_word_no_passage_holds_is_named_above_the_results(qtbot, window):
    results = search(qtbot, window, "CRLM resection margin")
    status = window.search_pane.status.text()
    assert status.startswith("Nothing in the collection mentions “margin”.")
    assert results.hits and f"{results.total} passages match" in status


def test_an_uncovered_subject_says_so_instead_of_no_match(qtbot, window):
    search(qtbot, window, "radioembolisation")
    pane = window.search_pane
    assert pane.status.text() == "The collection does not cover “radioembolisation”."
    assert pane.model.rowCount() == 0 and not pane.suggestion.isVisible()


def test_an_abbreviation_is_not_offered_a_common_word(qtbot, window):
    search(qtbot, window, "TACE vs TARE")
    pane = window.search_pane
    assert not pane.suggestion.isVisible()
    assert "Nothing in the collection mentions “TARE”." in pane.status.text()


def test_a_misspelling_shows_its_correction_and_searches_the_original_on_request(qtbot, window):
    results = search(qtbot, window, "chemoimunotherapy")
    pane = window.search_pane
    assert results.corrected_from == "chemoimunotherapy" and pane.model.rowCount() > 0
    shown = pane.suggestion.text()
    assert pane.suggestion.isVisible()
    assert "Showing results for <b>chemoimmunotherapy</b>" in shown
    assert "Search instead for" in shown and "chemoimunotherapy</a>" in shown
    with qtbot.waitSignal(pane.resultsShown, timeout=10000) as blocker:
        follow_link(qtbot, pane.suggestion)
    literal = blocker.args[0]
    assert pane.box.text() == "chemoimunotherapy"
    assert literal.total == 0 and literal.corrected_from is None
    assert pane.model.rowCount() == 0
    assert pane.status.text() == "Nothing in the collection mentions “chemoimunotherapy”."
    assert "Did you mean" in pane.suggestion.text()  # and the correction is one click away


@pytest.mark.parametrize("typed", ["bevacizamab", "BEVACIZAMAB"])  # the second with caps lock on
def test_a_misspelt_drug_shows_its_results_and_plain_english_is_left_alone(qtbot, window, typed):
    results = search(qtbot, window, typed)
    pane = window.search_pane
    assert results.corrected_from == typed and pane.model.rowCount() > 0
    assert "Showing results for <b>bevacizumab</b>" in pane.suggestion.text()
    assert "does not cover" not in pane.status.text()
    pane.box.clear()
    search(qtbot, window, "what are my chances")
    assert not pane.suggestion.isVisible()
