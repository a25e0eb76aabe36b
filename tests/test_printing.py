"""Printing and PDF export through the buttons a person presses, with their dialogs answered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import answer_modal, files_in
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.preview import PrintPreview

HERE = Path(__file__).parent


def pdf_text(path: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_the_preview_pages_on_the_paper_chosen_in_it_and_exports_what_it_shows(
    qtbot, window, save_as, tmp_path
):
    """In the preview (opened by its button): Paper → Letter lays the pages out again on
    Letter, zoom steps, and its Export PDF… writes the pages it shows, on that paper."""
    window.compare(["resection", "chemoimmunotherapy"])
    chosen = tmp_path / "letter.pdf"
    save_as(chosen)
    shown: dict = {}

    def drive(dialog: PrintPreview) -> None:
        shown["before"] = dialog.view.pages[0].rect.size().toTuple()
        dialog.paper.setCurrentText("Letter")
        shown["after"] = dialog.view.pages[0].rect.size().toTuple()
        shown["pages"] = dialog.page.maximum()
        dialog.zoom.setCurrentIndex(dialog.zoom.findData(1.0))
        dialog.zoom_in.click()
        shown["zoom"] = [dialog.zoom.currentData()]
        wheel = QWheelEvent(
            QPointF(50, 50),
            QPointF(50, 50),
            QPoint(),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(dialog.view.viewport(), wheel)  # Ctrl + wheel up: a step in
        shown["zoom"].append(dialog.zoom.currentData())
        dialog.pdf_button.click()
        dialog.reject()

    answer_modal(PrintPreview, drive)
    window.compare_view.print_button.click()
    assert [tuple(round(x) for x in shown[k]) for k in ("before", "after")] == [(842, 595), (792, 612)]
    assert shown["zoom"] == [1.25, 1.5]
    reader = PdfReader(chosen)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    assert len(reader.pages) == shown["pages"]


def test_the_preview_reports_a_pdf_it_cannot_write_as_text(qtbot, window, save_as, tmp_path):
    """Export PDF… in the preview, to a folder that is a file: the message names the file as
    typed (markup in its name is not rendered) and the preview stays open."""
    window.questions_view.add_text("Can I keep working during treatment?")
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    save_as(blocker / "<b>q</b>.pdf")
    told: list[tuple[str, Qt.TextFormat, bool]] = []

    def read_warning(box: QMessageBox) -> None:
        told.append((box.text(), box.textFormat(), preview.isVisible()))
        box.accept()

    def drive(dialog: PrintPreview) -> None:
        nonlocal preview
        preview = dialog
        answer_modal(QMessageBox, read_warning)
        dialog.pdf_button.click()
        dialog.reject()

    preview = None
    answer_modal(PrintPreview, drive)
    window.tabs.setCurrentIndex(2)
    window.questions_view.preview_button.click()
    assert len(told) == 1
    text, text_format, still_open = told[0]
    assert str(blocker / "<b>q</b>.pdf") in text and text_format == Qt.TextFormat.PlainText
    assert still_open and blocker.read_text().startswith("a file")


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """The save dialog answered as a person would: with a path and, if given, a file type;
    records what it was asked (caption, starting path, file types, preselected type)."""
    asked: list[tuple] = []
    answer = {"path": "", "type": None}

    def answer_dialog(parent, caption="", directory="", filter="", selected="", *args, **kwargs):
        asked.append((caption, directory, filter.split(";;"), selected))
        return answer["path"], answer["type"] or selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer_dialog)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")

    def choose(path: Path | str, file_type: str | None = None) -> list[tuple]:
        answer["path"], answer["type"] = str(path), file_type
        return asked

    return choose


def test_handout_export_writes_the_chosen_file_and_nothing_else(qtbot, window, save_as, tmp_path):
    view = window.questions_view
    window.tabs.setCurrentIndex(2)
    view.add_text("Can I keep working during treatment?")
    view.add_text("Who do I call at night if I feel unwell?")
    chosen = tmp_path / "out" / "my questions.pdf"
    chosen.parent.mkdir()
    asked = save_as(chosen)
    view.pdf_button.click()
    assert len(asked) == 1  # the dialog was shown once
    assert files_in(tmp_path / "out") == ["my questions.pdf"]
    assert files_in(tmp_path / "cwd") == []  # nothing named False in the working folder
    text = pdf_text(chosen)
    first = text.find("Can I keep working during treatment?")
    second = text.find("Who do I call at night if I feel unwell?")
    assert 0 <= first < second


def test_handout_export_cancelled_writes_nothing(qtbot, window, save_as, tmp_path):
    window.questions_view.add_text("Can I keep working during treatment?")
    asked = save_as("")  # Cancel
    window.questions_view.pdf_button.click()
    assert len(asked) == 1 and files_in(tmp_path / "cwd") == []


def test_comparison_export_writes_the_chosen_file_and_nothing_else(qtbot, window, save_as, tmp_path):
    window.compare(["resection", "chemoimmunotherapy"])
    chosen = tmp_path / "out" / "grid.pdf"
    chosen.parent.mkdir()
    asked = save_as(chosen)
    window.compare_view.pdf_button.click()
    assert len(asked) == 1
    assert files_in(tmp_path / "out") == ["grid.pdf"] and files_in(tmp_path / "cwd") == []
    reader = PdfReader(chosen)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = pdf_text(chosen)
    # figures read by hand from the seeds before the test was written
    for figure in ("30-50%", "20.8 months", "P = 0.004"):
        assert figure in text


STRACE = shutil.which("strace")


def internet_connects(tmp_path: Path, name: str, command: list[str]) -> list[str]:
    """The AF_INET/AF_INET6 connect calls `command` makes (strace -f follows every thread)."""
    log = tmp_path / f"{name}.strace"
    # CUPS_SERVER makes any use of the CUPS library a TCP connect, even where a local CUPS socket
    # exists, so no print-system query can hide behind a Unix socket.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUPS_SERVER": "127.0.0.1:631"}
    run = subprocess.run(
        [STRACE, "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect", "-o", str(log), *command],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, f"{name}: exit {run.returncode}: {run.stderr[-2000:]}"
    return [line for line in log.read_text().splitlines() if "AF_INET" in line]  # matches AF_INET6 too


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
def test_writing_a_pdf_or_previewing_makes_no_network_connection(tmp_path):
    """Every flow that puts a printout on paper short of Print… itself: the command line, Export
    PDF… and Print preview… (opened by their buttons, paged through) in the window and the kiosk."""
    out = tmp_path / "out"
    out.mkdir()
    python = sys.executable
    flows = {
        "handout-cli": [
            python,
            "-m",
            "desktop.main",
            "handout",
            "--pdf",
            str(out / "cli.pdf"),
            "--ask",
            "Can I keep working during treatment?",
        ],
        "compare-export": [python, str(HERE / "export_child.py"), "compare", str(out / "grid.pdf")],
        "handout-export": [python, str(HERE / "export_child.py"), "questions", str(out / "handout.pdf")],
        "self-test": [python, "-m", "desktop.main", "--self-test"],
        "preview-window": [python, str(HERE / "preview_child.py"), "window", "--trace"],
        "preview-kiosk": [python, str(HERE / "preview_child.py"), "kiosk", "--trace"],
    }
    connects = {name: internet_connects(tmp_path, name, command) for name, command in flows.items()}
    assert connects == {name: [] for name in flows}
    assert files_in(out) == ["cli.pdf", "grid.pdf", "handout.pdf"]  # each flow wrote its PDF
    assert "Can I keep working during treatment?" in pdf_text(out / "cli.pdf")


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
def test_the_strace_check_sees_a_print_system_query(tmp_path):
    """The check above can fail: a QPrinter asks CUPS for its default printer, and strace sees it."""
    script = (
        "from PySide6.QtWidgets import QApplication; from PySide6.QtPrintSupport import "
        "QPrinter; app = QApplication([]); QPrinter()"
    )
    assert internet_connects(tmp_path, "qprinter", [sys.executable, "-c", script])


def test_save_dialogs_start_in_documents_then_in_the_last_folder(
    qtbot, window, save_as, person_home, tmp_path
):
    view = window.questions_view
    view.add_text("Can I keep working during treatment?")
    chosen = tmp_path / "out" / "first.pdf"
    chosen.parent.mkdir()
    asked = save_as(chosen)
    view.pdf_button.click()
    window.compare(["resection", "ablation"])
    window.compare_view.pdf_button.click()
    assert [a[1] for a in asked] == [
        str(person_home / "Documents" / "questions.pdf"),
        str(tmp_path / "out" / "comparison.pdf"),
    ]
    reopened = type(window.settings)()  # the folder is remembered on disk, for the next session
    assert reopened.pdf_folder == str(tmp_path / "out")


# Page sizes in PDF points (1/72 inch), landscape: A4 is 297 x 210 mm, US Letter 11 x 8.5 in.
LANDSCAPE_POINTS = {"A4": (842, 595), "Letter": (792, 612)}


def test_the_comparison_is_exported_on_the_paper_chosen_in_the_save_dialog(
    qtbot, window, save_as, tmp_path
):
    window.compare(["resection", "chemoimmunotherapy"])
    out = tmp_path / "out"
    out.mkdir()
    asked = save_as("")  # first look at the file types offered, and cancel
    window.compare_view.pdf_button.click()
    types = asked[0][2]
    assert len(types) == 2
    sizes = {}
    for name in ("Letter", "A4"):
        save_as(out / f"{name}.pdf", next(t for t in types if name in t))
        window.compare_view.pdf_button.click()
        box = PdfReader(out / f"{name}.pdf").pages[0].mediabox
        sizes[name] = (round(float(box.width)), round(float(box.height)))
    assert sizes == LANDSCAPE_POINTS
    save_as("")
    window.compare_view.pdf_button.click()
    assert "A4" in asked[-1][3]  # the paper chosen last is preselected next time


def test_a_pdf_that_cannot_be_written_is_reported_with_its_name(
    qtbot, window, save_as, monkeypatch, tmp_path
):
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    window.compare(["resection", "ablation"])
    window.questions_view.add_text("Can I keep working during treatment?")
    for button, name in (
        (window.compare_view.pdf_button, "grid.pdf"),
        (window.questions_view.pdf_button, "questions.pdf"),
    ):
        save_as(blocker / name)
        button.click()
    assert len(warnings) == 2
    assert all(str(blocker) in w for w in warnings)
    assert files_in(tmp_path / "cwd") == [] and blocker.read_text().startswith("a file")


def test_the_handout_command_reports_a_pdf_it_cannot_write(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.main",
            "handout",
            "--pdf",
            str(blocker / "q.pdf"),
            "--ask",
            "Can I keep working?",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 1 and str(blocker / "q.pdf") in run.stderr
    assert "Traceback" not in run.stderr
