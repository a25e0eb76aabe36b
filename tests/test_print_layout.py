"""The comparison and the handout on paper: what each page of the PDF holds, read back from it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

# Slow (pages laid out, printed, read back): a whole run runs it beside the rest (conftest.py).
pytestmark = pytest.mark.beside


def page_texts(path: Path) -> list[str]:
    return [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(path).pages
    ]


def squeeze(text: str) -> str:
    """Text as pypdf gives it back from wrapped lines: compare without any spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# The comparison's row labels as the Compare tab shows them to clinicians (written by hand).
ROW_LABELS = [
    "What it is and how it works",
    "Who it is for",
    "Benefit shown",
    "Strength of evidence",
    "Risks, caveats and limits",
    "What is still uncertain",
]
FOUR = ["resection", "ablation", "chemoimmunotherapy", "tace"]
FOUR_NAMES = [
    "Surgical resection",
    "Thermal ablation",
    "Chemoimmunotherapy",
    "Transarterial chemoembolization (TACE)",
]


@pytest.fixture
def four_option_pdf(qtbot, window, monkeypatch, tmp_path) -> Path:
    """Four options compared, exported by Export PDF… with the save dialog answered."""
    window.compare(FOUR)
    chosen = tmp_path / "four.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    window.compare_view.pdf_button.click()
    return chosen


def table_end(pages: list[str]) -> int:
    """The page where the table ends: the last with its last row (what follows the table, where
    the sources disagree and the sources, may run on after it)."""
    return max(i for i, t in enumerate(pages) if squeeze(ROW_LABELS[-1]) in squeeze(t))


def test_every_page_of_the_comparison_shows_the_options_and_the_row_labels(four_option_pdf):
    pages = page_texts(four_option_pdf)
    table_pages = pages[: table_end(pages) + 1]
    assert len(table_pages) >= 2  # four options do not fit on one page
    for number, text in enumerate(table_pages, start=1):
        flat = squeeze(text)
        assert all(squeeze(name) in flat for name in FOUR_NAMES), number
        assert any(squeeze(label) in flat for label in ROW_LABELS), number
    assert any("(continued)" in t for t in pages)  # a long row goes on under its own label
    assert all(f"of {len(pages)}" in t for t in pages)  # "page n of N" on every page


def test_a_statement_stays_on_one_page_with_its_source(qtbot, window, four_option_pdf):
    pages = [squeeze(t) for t in page_texts(four_option_pdf)]
    statements = [
        s for c in window.compare_view.grid.columns for cell in c.cells.values() for s in cell.statements
    ]
    assert len(statements) > 20
    for st in statements:
        head, tail = squeeze(st.text)[:30], squeeze(st.text)[-30:]
        on = [i for i, page in enumerate(pages) if head in page]
        assert on, st.text
        page = pages[on[0]]
        end = page.find(tail, page.find(head))
        assert end >= 0, f"split across pages: {st.text}"
        assert squeeze(st.section) in page[end : end + 400], f"source line on another page: {st.text}"


def test_the_comparison_sources_name_title_publisher_and_date(four_option_pdf):
    text = " ".join(page_texts(four_option_pdf))
    sources = squeeze(text[text.rindex("Sources") :])
    # "Title — Publisher, date (the source's own status lines)", read by hand from the seeds
    for line in (
        "Efficacy and safety of first-line chemoimmunotherapy for EC patients with liver "
        "metastases — World Journal of Gastrointestinal Oncology, 15 January 2026",
        "What are the treatment options for achieving long-term survival in patients "
        "with liver metastasis? — Dr.Oracle, 15 October 2025 (Educational purpose only; "
        "content is pending human review; intended for healthcare professionals)",
    ):
        assert squeeze(line) in sources, line
    assert ".txt" not in sources


def test_on_paper_status_lines_and_disagreements_are_said_once(qtbot, window, four_option_pdf):
    text = squeeze(" ".join(page_texts(four_option_pdf)))
    grid = window.compare_view.grid
    # the guideline page's own words (seed 004), in full once, under Sources
    assert text.count(squeeze("content is pending human review")) == 1
    pending = [
        s
        for c in grid.columns
        for cell in c.cells.values()
        for s in cell.statements
        if "Dr.Oracle" in s.source_name
    ]
    assert text.count(squeeze("source pending review")) >= len(pending) > 0  # a marker on each
    # the disagreement once, with both sides, design and size as seed 000 gives them
    assert text.count(squeeze("The sources disagree on whether liver metastases blunt")) == 1
    section = text[text.rindex(squeeze("Where the sources disagree")) :]
    for words in (
        "Benefit holds:",
        "Benefit reduced:",
        "Settings differ:",
        "without chemotherapy, metastatic colorectal cancer",
        "42 randomized controlled trials, 25,915 patients",
    ):
        assert squeeze(words) in section, words
    concerned = [c for c in grid.columns if c.cells["benefit"].note]
    assert text.count(squeeze("The sources disagree on this:")) == len(concerned) > 0


def text_fill(path: Path) -> list[float]:
    """Per page, how far down its text runs: from the first line to the last above the footer,
    as a share of the room from the first line to the footer."""
    fills = []
    for page in PdfReader(path).pages:
        heights: list[float] = []

        def visit(text, cm, tm, font, size, heights=heights):
            if text.strip():  # the baseline's height on the page, in points
                heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        foot, top = min(heights), max(heights)
        last = min(h for h in heights if h > foot + 3)
        fills.append((top - last) / (top - foot))
    return fills


def test_the_comparison_pages_are_filled(four_option_pdf):
    """The bound chosen before the printout was looked at: no page less than 40 % full, but
    the last of the table (a row starts on a new page where its first lines do not fit, so the
    page before may be a row's short end, and the sources may run on)."""
    pages = page_texts(four_option_pdf)
    fills = text_fill(four_option_pdf)
    short = [
        (i + 1, round(f, 2))
        for i, f in enumerate(fills)
        if f < 0.4 and i not in (table_end(pages), len(pages) - 1)
    ]
    assert short == [], fills


def test_a_word_longer_than_the_line_is_broken_not_run_off_the_page(tmp_path):
    from desktop.handout import HandoutOptions, compose, write_handout_pdf
    from search_index.questions.lists import ListItem

    long = "Should I read https://example.org/" + "a" * 260 + " before my visit?"
    for options in (HandoutOptions(), HandoutOptions(large_print=True, page="Letter")):
        write_handout_pdf(tmp_path / "h.pdf", compose([ListItem(long)], {}), options)
        page = PdfReader(tmp_path / "h.pdf").pages[0]
        width, runs = float(page.mediabox.width), []

        def seen(text, cm, tm, _font, size, runs=runs):  # where each run starts, how big
            if text.strip():
                runs.append(
                    (cm[0] * tm[4] + cm[2] * tm[5] + cm[4], size * tm[0] * cm[0], len(text.rstrip()))
                )

        page.extract_text(visitor_text=seen)
        # No glyph of DejaVu Sans is narrower than half its size: a run that would reach past
        # the paper even so has run off it.
        assert runs and all(x + n * size * 0.5 <= width for x, size, n in runs)
        assert "a" * 40 in "".join(" ".join(page_texts(tmp_path / "h.pdf")).split())
