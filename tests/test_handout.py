"""The printed question list: its words, its sources and its reading level, checked in the PDF
(pypdf) against expectations written by hand from the seed documents and the resources."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.handout import HandoutOptions, compose, write_handout_pdf
from search_index.lexicon import data_rows
from search_index.questions.bank import build_bank
from search_index.questions.lists import ListItem


def handout_text(path: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def bank(collection):
    return {q.id: q for q in build_bank(collection.db)}


def printed(bank, tmp_path, *texts: str, summary: bool = True) -> str:
    """The handout for these questions (bank questions by their text, others as written)."""
    by_text = {q.text: q.id for q in bank.values()}
    items = [ListItem(t, by_text.get(t, "")) for t in texts]
    pdf = tmp_path / "handout.pdf"
    write_handout_pdf(pdf, compose(items, bank, summary), HandoutOptions())
    return handout_text(pdf)


CHEMO_QA = (
    "Based on my specific cancer type and liver metastasis status, is chemoimmunotherapy a "
    "recommended option for me?"
)


def test_sources_print_title_publisher_and_date_never_file_names(qtbot, bank, tmp_path):
    text = printed(bank, tmp_path, CHEMO_QA)
    sources = text[text.index("Where the questions come from") :]
    # the seed's own title, what it is (a patient Q&A page gives no publisher or date), and its
    # own words on what it is not
    assert (
        "Does chemoimmunotherapy improve survival for patients with liver metastases? — "
        "Patient Q&A, publisher not named, undated"
    ) in sources
    assert "We do not provide individualized advice" in sources
    assert not re.search(r"\d{3}_[0-9a-f]{6,}", text) and ".txt" not in text


def test_the_glossary_finds_a_term_in_the_singular(qtbot, bank, tmp_path):
    text = printed(bank, tmp_path, CHEMO_QA, summary=False)  # "liver metastasis status"
    assert "liver metastases: Cancer that started somewhere else and has spread to the liver." in text
    # the shorter term inside it is not explained a second time in other words
    assert "Cancer that has spread from where it started to another part of the body." not in text


def test_a_term_is_explained_once(qtbot, bank, tmp_path):
    text = printed(
        bank,
        tmp_path,
        "Could targeted drugs added to chemotherapy be a choice for me?",
        "What if there is a relapse or a recurrence after surgery?",
    )
    # the treatment summary explains targeted drugs; the glossary's wording must not follow
    assert "Drugs aimed at a particular feature of cancer cells or their blood supply" in text
    assert "Medicines that aim at one feature of the cancer cells" not in text
    # two words with one meaning: one entry
    assert text.count("When cancer comes back after treatment.") == 1
    assert "recurrence, relapse: When cancer comes back after treatment." in text


def test_filled_in_templates_read_right_for_singular_and_plural_names(bank):
    texts = {q.text for q in bank.values()}
    # written by hand: a plural name, a singular one, one with an article
    for expected in (
        "Could targeted drugs added to chemotherapy be a choice for me?",
        "Could research studies of new treatments be a choice for me?",
        "Could chemotherapy be a choice for me?",
        "Could a second liver operation be a choice for me?",
    ):
        assert expected in texts
    assert not any(re.match(r"Is (targeted drugs|research studies)", t) for t in texts)
    # no template makes a verb agree with the name filled in
    agreeing = re.compile(
        r"\b(is|are|was|were|has|have|does|do)\s+\{option\}"
        r"|\{option\}\s+(is|are|was|were|has|have|does|do)\b",
        re.I,
    )
    assert not [t for _, t in data_rows("question_templates.tsv") if agreeing.search(t)]


def test_the_reading_grade_is_for_clinicians_only(qtbot, window):
    view = window.questions_view
    window.tabs.setCurrentIndex(2)
    view.add_text("Can I keep working during treatment?")
    assert view.grade.isVisible()
    assert "Reads at about school grade" in view.grade.text() and "aim" not in view.grade.text()
    switch = window.view_control.audience_switch
    switch.setCurrentIndex(switch.findData("patient"))  # the toolbar's "Words for: Patients"
    assert not view.grade.isVisible()
    switch.setCurrentIndex(switch.findData("clinician"))
    assert view.grade.isVisible()


def test_the_kiosk_never_shows_the_reading_grade(qtbot):
    from desktop.kiosk import MemoryStore, hash_pin
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    runner = TaskRunner()
    kiosk = MainWindow(Settings(MemoryStore()), runner, kiosk=True, pin_hash=hash_pin("2468"))
    qtbot.addWidget(kiosk)
    kiosk.show()
    with qtbot.waitSignal(kiosk.collectionReady, timeout=20000):
        kiosk.load_collection()
    kiosk.tabs.setCurrentIndex(2)
    kiosk.questions_view.add_text("Can I keep working during treatment?")
    assert not kiosk.questions_view.grade.isVisible()
    assert "grade" not in kiosk.questions_view.grade.text()
    kiosk.kiosk_control.may_close = True
    kiosk.kiosk_control.idle.stop()
    runner.wait()


def test_the_reading_grade_follows_the_summary_box(qtbot, window):
    view = window.questions_view
    window.tabs.setCurrentIndex(2)
    view.add_text("Could targeted drugs added to chemotherapy be a choice for me?")
    with_summary = view.grade.text()
    view.summary.click()  # the sheet without the treatments' summary reads differently
    assert not view.summary.isChecked() and view.grade.text() != with_summary


def run_sizes(path: Path) -> list[float]:
    """The size in points of every run of text on every page, as the PDF draws it."""
    sizes: list[float] = []
    for page in PdfReader(path).pages:

        def seen(text, cm, tm, _font, size):
            if text.strip():
                sizes.append(round(size * tm[0] * cm[0], 1))

        page.extract_text(visitor_text=seen)
    return sizes


@pytest.mark.parametrize("large_print, smallest", [(True, 15), (False, 9)])
def test_large_print_is_large_throughout_sources_and_page_numbers_too(
    qtbot, bank, tmp_path, large_print, smallest
):
    # 15 pt in large print, nothing smaller; the ordinary sheet's small print (sources, page
    # numbers) is 0.8 of its 11 pt, which shows that the sizes are read where they are printed.
    # (Sizes are whole pixels at 300 dpi: within a tenth of a point.)
    items = [ListItem(CHEMO_QA, next(q.id for q in bank.values() if q.text == CHEMO_QA))]
    pdf = tmp_path / "handout.pdf"
    write_handout_pdf(pdf, compose(items, bank, True), HandoutOptions(large_print=large_print))
    assert "Where the questions come from" in handout_text(pdf)
    assert round(min(run_sizes(pdf))) == smallest
