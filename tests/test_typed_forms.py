"""Words typed otherwise than the sources write them, typed into the search box: a word written
joined that the sources write with a hyphen or apart; a common word that is also an
abbreviation, typed as the word; a lexicon term said in plain words not to be so; an
abbreviation typed in mixed case, and a long word typed with caps lock on.

Expectations written from the seeds before running the searches: the journal abstract on
first-line chemoimmunotherapy writes "first-line" in its Aim ("the efficacy and safety of
first-line chemoimmunotherapy") and its Core tip ("the standard first-line treatment"), never
"firstline"; the Q&A page on chemoimmunotherapy writes "the anti-VEGF drug bevacizumab" and
"such as anti-VEGF therapy", never "antiVEGF"; the guideline writes "radiofrequency ablation"
once and, of neuroendocrine tumours, "Neuroendocrine tumor liver metastases also have favorable
outcomes"; no seed says "sometimes" or "net". The guideline's unresectable liver metastases:
"Initially unresectable liver metastases can become resectable after downsizing", "For patients
with initially unresectable liver metastases, there is a strong correlation", "... facilitate
resection in 7-40% of patients with initially unresectable metastases"; and resectable ones:
"... improves progression-free survival by 7-8% at 3 years in patients with resectable liver
metastases"; no seed says "inoperable", nor "curable" with a negation before it. The guideline
writes "chemotherapy with FOLFOX improves progression-free survival" and "(FOLFIRI or FOLFOX)";
the immunotherapy Q&A page "transarterial chemoembolization (TACE)"; no seed names SBRT.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import imported, run_cli, search
from PySide6.QtCore import Qt


def marked(hit) -> list[str]:
    return [hit.text[a:b].lower() for a, b in hit.spans]


def read_as(window) -> str:
    return window.search_pane.explanation.text()


def status(window) -> str:
    return window.search_pane.status.text()


# 1. A word typed joined finds it written with a hyphen or apart.


def test_firstline_finds_first_line(qtbot, window):
    results = search(qtbot, window, "firstline")
    assert "first line" in read_as(window) and "mentions" not in status(window)
    top = [h.text for h in results.hits[:2]]
    assert any("the efficacy and safety of first-line chemoimmunotherapy" in t for t in top), top
    assert any("the standard first-line treatment" in t for t in top), top
    assert marked(results.hits[0])[:2] == ["first", "line"]


def test_anti_vegf_typed_joined_finds_anti_vegf_and_its_synonym(qtbot, window):
    results = search(qtbot, window, "antiVEGF")
    assert "anti vegf" in read_as(window) and "bevacizumab" in read_as(window)
    texts = [h.text for h in results.hits]
    assert any("the anti-VEGF drug bevacizumab" in t for t in texts), texts
    assert any("such as anti-VEGF therapy" in t for t in texts), texts
    assert "mentions" not in status(window)


def test_radiofrequency_finds_an_imported_radio_frequency(qtbot, window, tmp_path: Path):
    hyphen = tmp_path / "hyphen.md"
    hyphen.write_text("Heat for small tumours\n\nRadio-frequency ablation treats liver tumours.\n")
    apart = tmp_path / "apart.md"
    apart.write_text("Needles and heat\n\nA radio frequency current heats the tumour.\n")
    imported(qtbot, window, hyphen, apart)
    results = search(qtbot, window, "radiofrequency")
    assert "radio frequency" in read_as(window)
    titles = {h.title for h in results.hits}
    assert {"Heat for small tumours", "Needles and heat"} <= titles, titles
    assert any("radiofrequency ablation has been shown" in h.text for h in results.hits)
    for h in results.hits:
        if h.title in ("Heat for small tumours", "Needles and heat"):
            assert marked(h) == ["radio", "frequency"], marked(h)


def test_the_document_opened_from_a_joined_word_marks_it_written_apart(qtbot, window):
    search(qtbot, window, "firstline")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    shown = window.reader.toPlainText()
    marks = [shown[a:b].lower() for a, b in window.reader.highlight_ranges]
    assert marks and set(marks) <= {"first", "line", "first-line"}, marks


def test_a_common_word_is_not_split_into_two(qtbot, window, tmp_path: Path):
    note = tmp_path / "times.md"
    note.write_text("Dosing\n\nSome times of day suit the infusion better than others.\n")
    imported(qtbot, window, note)
    results = search(qtbot, window, "sometimes")
    assert "some times" not in read_as(window)
    assert results.total == 0 and "Nothing in the collection mentions “sometimes”" in status(window)


# 2. A common word typed in lower case is the word, not the lexicon's abbreviation.


def test_net_benefit_is_not_a_neuroendocrine_tumour(qtbot, window, tmp_path: Path):
    note = tmp_path / "net.md"
    note.write_text("Weighing treatment\n\nThe net benefit of chemotherapy after resection is small.\n")
    imported(qtbot, window, note)
    results = search(qtbot, window, "net benefit")
    assert "neuroendocrine" not in read_as(window).lower()
    assert results.hits[0].title == "Weighing treatment"
    assert not any("neuroendocrine" in h.text.lower() for h in results.hits)
    # nor, the other way round, is a neuroendocrine tumour looked for as "net"
    window.search_pane.box.selectAll()
    results = search(qtbot, window, "neuroendocrine tumour")  # typed over the selection
    assert results.total and "Weighing treatment" not in {h.title for h in results.hits}
    assert "net" not in read_as(window).lower().split()


def test_net_alone_is_a_word_the_collection_does_not_hold(qtbot, window):
    results = search(qtbot, window, "net")
    assert results.total == 0 and "Nothing in the collection mentions “net”" in status(window)


def test_net_in_capitals_is_still_the_abbreviation(qtbot, window):
    results = search(qtbot, window, "NET")
    assert "neuroendocrine tumor" in read_as(window)
    assert "Neuroendocrine tumor liver metastases also have favorable outcomes" in results.hits[0].text


def test_net_typed_with_caps_lock_on_is_the_word(qtbot, window):
    search(qtbot, window, "NET BENEFIT")
    assert "neuroendocrine" not in read_as(window).lower()


def test_a_rare_english_word_typed_in_lower_case_stays_an_abbreviation(qtbot, window):
    results = search(qtbot, window, "os")  # Latin for bone in a dictionary; here overall survival
    assert "overall survival" in read_as(window)
    assert any("overall survival" in h.text.lower() for h in results.hits)


# 3. A lexicon term said not to be so is the lexicon's word for that.

UNRESECTABLE = (
    "Initially unresectable liver metastases can become resectable after downsizing",
    "For patients with initially unresectable liver metastases, there is a strong correlation",
    "of patients with initially unresectable metastases",
)


@pytest.mark.parametrize("typed", ["not resectable", "can't be operated on", "cannot be removed"])
def test_not_operable_in_plain_words_is_unresectable(qtbot, window, typed):
    results = search(qtbot, window, typed)
    assert "unresectable" in read_as(window) and "inoperable" in read_as(window)
    assert "mentions" not in status(window)
    texts = [h.text for h in results.hits]
    assert all(any(s in t for t in texts) for s in UNRESECTABLE), texts
    assert not any("patients with resectable liver metastases" in t for t in texts), texts
    assert all(set(marked(h)) <= {"unresectable", "inoperable"} for h in results.hits)


def test_not_with_no_negated_term_in_the_lexicon_searches_the_word(qtbot, window):
    search(qtbot, window, "not curable")
    assert read_as(window) == "Read as: curable (also cure, curative)"


@pytest.mark.parametrize("typed", ["cannot have surgery", "can't have surgery"])
def test_cannot_before_no_negated_term_is_left_out_as_can_t_is(qtbot, window, typed):
    search(qtbot, window, typed)
    assert read_as(window) == "Read as: surgery (also resection, hepatectomy, surgical resection)"


# 4. An abbreviation typed in mixed case is the abbreviation; a long word in capitals the word.


@pytest.mark.parametrize(
    ("typed", "expansion", "said"),
    [
        ("Folfox", "folinic acid fluorouracil oxaliplatin", "chemotherapy with FOLFOX improves"),
        ("Tace", "transarterial chemoembolization", "transarterial chemoembolization (TACE)"),
    ],
)
def test_an_abbreviation_typed_in_mixed_case_is_the_abbreviation(qtbot, window, typed, expansion, said):
    results = search(qtbot, window, typed)
    assert expansion in read_as(window)
    assert said in results.hits[0].text and not window.search_pane.suggestion.isVisible()


def test_an_abbreviation_typed_in_mixed_case_that_the_collection_lacks_is_not_covered(qtbot, window):
    search(qtbot, window, "Sbrt")
    assert "The collection does not cover “Sbrt”" in status(window)


def test_a_long_word_typed_with_caps_lock_on_is_the_word(qtbot, window):
    results = search(qtbot, window, "CHEMOTHERAPY")
    assert all("chemotherapy" in h.text.lower() or "cmt" in marked(h) for h in results.hits)
    assert "mentions" not in status(window) and not window.search_pane.suggestion.isVisible()


def test_a_long_misspelt_word_typed_with_caps_lock_on_is_corrected(qtbot, window):
    results = search(qtbot, window, "CHEMOTHERAPPY")
    pane = window.search_pane
    assert "Showing results for" in pane.suggestion.text() and "chemotherapy" in pane.suggestion.text()
    assert results.hits and "chemotherapy" in results.hits[0].text.lower()


# The command line reads them alike.


def test_the_command_line_reads_joined_words_common_words_and_negations_alike():
    out = run_cli("search", "antiVEGF", "--limit", "3")
    assert out.returncode == 0, out.stderr
    assert "Read as: antiVEGF (also anti vegf, bevacizumab)" in out.stdout
    assert "the [anti]-[VEGF] drug [bevacizumab]" in out.stdout
    out = run_cli("search", "net benefit")
    assert "Read as: net · benefit" in out.stdout and "neuroendocrine" not in out.stdout.lower()
    out = run_cli("search", "cannot be removed", "--limit", "3")
    assert "Read as: unresectable (also inoperable)" in out.stdout
    assert "initially [unresectable] liver metastases" in out.stdout
