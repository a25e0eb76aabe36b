"""A source's title of any length, or holding direction controls, where a source is named: the
Compare grid, its PDF, the question handout and the command line. Files are imported as a person
imports them; what is shown is read back from the widgets, the PDFs (pypdf, pdftoppm) and the
command's output."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from helpers import click_tick_box, item_where, run_cli
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

# Slow (pages laid out, printed, read back): a whole run runs it beside the rest (conftest.py).
pytestmark = pytest.mark.beside

LONG_TITLE = "Liver resection " + "A" * 100_000
RUN = "A" * 300  # far more of the title than any place names
LONG_FILE = (
    LONG_TITLE
    + "\n\n## Outcomes "
    + "B" * 50_000
    + "\n\nLiver metastases resection outcomes. Patients with colorectal liver "
    "metastases who had hepatectomy lived longer. Ablation is an option too.\n"
)
# Right-to-left override and embedding, marks and isolates around and inside the title.
BIDI_FILE = (
    "\u202eHepatectomy note\u202c \u2067x\u2069\u200f\n\nPatients with colorectal liver "
    "metastases who had hepatectomy lived longer.\n"
)
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
QUESTIONS_FILE = (
    "# Questions about liver surgery " + "hepatectomy " * 8000 + "\n\nLiver resection and "
    "ablation for colorectal liver metastases are discussed here with your care team.\n\n"
    "## What to ask your doctor\n\n- Is resection right for my liver metastases?\n"
    "- Could ablation be used instead of surgery for me?\n"
)


def imported(qtbot, window, folder: Path, files: dict[str, str]) -> None:
    paths = []
    for name, text in files.items():
        paths.append(folder / name)
        paths[-1].write_text(text)
    with qtbot.waitSignal(window.library_control.changed, timeout=60000):
        window.library_control.import_paths(paths)


def pdf_text(path: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_a_long_title_is_cut_short_in_the_grid_and_its_pdf(qtbot, window, tmp_path, monkeypatch):
    imported(qtbot, window, tmp_path, {"long.txt": LONG_FILE, "bidi.txt": BIDI_FILE})
    view = window.compare_view
    for option in ("resection", "pve"):
        click_tick_box(qtbot, view.chooser, item_where(view.chooser, option, Qt.ItemDataRole.UserRole))
    shown = " ".join(c.toPlainText() for c in view.cells.values())
    assert "source: Liver resection AAAA" in shown and RUN not in shown
    assert "· Outcomes BBBB" in shown and "B" * 300 not in shown  # its section's heading
    assert "source: Hepatectomy note x — Text document, publisher not named" in shown
    assert not set(BIDI) & set(shown)
    chosen = tmp_path / "grid.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    view.pdf_button.click()
    text = pdf_text(chosen)
    assert "Liver resection AAAA" in text and RUN not in text
    # Two options' statements: a few pages (the whole title took some sixty more).
    assert len(PdfReader(chosen).pages) <= 4


def test_the_command_line_comparison_names_a_long_title_short(tmp_path):
    before = run_cli("compare", "resection", "pve")
    (tmp_path / "long.txt").write_text(LONG_FILE)
    assert run_cli("import", str(tmp_path / "long.txt")).returncode == 0
    after = run_cli("compare", "resection", "pve")
    assert after.returncode == 0 and "Liver resection AAAA" in after.stdout
    assert RUN not in after.stdout
    # one more statement and its source line, not 400 KB of title
    assert len(after.stdout) - len(before.stdout) < 2000


def inked(image: QImage, y: int, xs: range) -> bool:
    return any(image.pixelColor(x, y).lightness() < 160 for x in xs)


def overprinted_footers(pdf: Path, tmp_path: Path) -> list[int]:
    """Pages (from 1), rendered by pdftoppm, with ink left of "Page n of N" (which stands alone
    at the foot, on the right) from its top down to the paper's edge."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", pdf, tmp_path / "p"], check=True)
    pages = []
    for n, png in enumerate(sorted(tmp_path.glob("p-*.png")), start=1):
        image = QImage(str(png))
        w, h = image.width(), image.height()
        right, left = range(int(w * 0.8), w), range(int(w * 0.6))
        bottom = next(y for y in range(h - 1, 0, -1) if inked(image, y, right))
        top = next(y for y in range(bottom, 0, -1) if not inked(image, y, right))
        if any(inked(image, y, left) for y in range(top, h)):
            pages.append(n)
    return pages


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_the_handout_s_sources_wrap_within_the_page_above_its_footer(
    qtbot, window, tmp_path, monkeypatch
):
    imported(qtbot, window, tmp_path, {"questions.md": QUESTIONS_FILE})
    view = window.questions_view
    asked = item_where(view.tree, "Is resection right", starts=True)
    click_tick_box(qtbot, view.tree, asked)
    # Each question added moves the sources down the page, till a page break falls in them.
    for count in range(12):
        pdf = tmp_path / f"h{count}" / "handout.pdf"
        pdf.parent.mkdir()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, to=pdf, **k: (str(to), ""))
        view.pdf_button.click()
        text = pdf_text(pdf)
        assert "Questions about liver surgery hepatectomy" in text
        assert "hepatectomy " * 60 not in text + " "
        assert overprinted_footers(pdf, pdf.parent) == [], count
        qtbot.keyClicks(view.own, f"What should I ask at visit number {count}")
        qtbot.keyClick(view.own, Qt.Key.Key_Return)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_a_question_longer_than_a_page_goes_on_over_the_next(qtbot, window, tmp_path, monkeypatch):
    view = window.questions_view
    pasted = " ".join(f"word{n}" for n in range(3000)) + "?"  # pasted: some eight pages
    view.own.setText(pasted)
    qtbot.keyClick(view.own, Qt.Key.Key_Return)
    pdf = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    view.pdf_button.click()
    assert "word0 word1" in pdf_text(pdf) and "word2999?" in pdf_text(pdf)
    assert len(PdfReader(pdf).pages) >= 3
    assert overprinted_footers(pdf, tmp_path) == []
