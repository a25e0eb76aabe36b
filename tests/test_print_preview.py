"""Print preview… pressed in a child process (a segfault fails the test, not the suite), in the
window and the kiosk: paged through, printed to a file, and its pages compared with the PDF."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import files_in
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

# Slow (pages laid out, printed, read back): a whole run runs it beside the rest (conftest.py).
pytestmark = pytest.mark.beside

HERE = Path(__file__).parent


def press_preview(tmp_path: Path, *args: str) -> dict:
    """In a child process: a segfault (as when the printer was collected mid-preview) fails here."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    run = subprocess.run(
        [sys.executable, str(HERE / "preview_child.py"), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-2000:]}"
    assert files_in(cwd) == []  # a preview writes nothing
    return json.loads(run.stdout.strip().splitlines()[-1])


def grey(image: QImage, width: int = 280, height: int = 198) -> list[int]:
    """A page shrunk to `width` x `height` pixels (turned if it is portrait), as grey levels:
    two renderings a pixel apart in size compare."""
    if image.height() > image.width():
        width, height = height, width
    small = image.convertToFormat(QImage.Format.Format_Grayscale8).scaled(
        width, height, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    line, raw = small.bytesPerLine(), bytes(small.constBits())
    return [v for y in range(height) for v in raw[y * line : y * line + width]]


def distance(a: list[int], b: list[int]) -> float:
    """Mean difference of two shrunk pages in grey levels (0-255)."""
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


@pytest.fixture(scope="module")
def previewed(request, tmp_path_factory) -> tuple[str, dict, Path]:
    """The previews pressed once per mode, in a child process: the mode, what it showed, the
    folder where it put the pages it painted and the files it wrote."""
    tmp_path = tmp_path_factory.mktemp(request.param)
    out = tmp_path / "out"
    out.mkdir()
    return request.param, press_preview(tmp_path, request.param, "--out", str(out)), out


@pytest.mark.parametrize("previewed", ["window", "kiosk"], indirect=True)
def test_print_preview_and_its_print_button_from_the_real_buttons(previewed):
    mode, shown, out = previewed
    for tab in ("compare", "questions"):
        seen = shown[tab]
        pages = seen["pages"]
        assert len(pages) == 2 and pages[0] == pages[1] >= 1, (tab, pages)  # shown twice
        assert seen["paged"] == pages  # Next goes through every page, and no further
        assert (
            len([p for p in files_in(out) if p.startswith(f"{tab}-") and p.endswith(".png")]) == pages[0]
        )
        # the print dialog opened from each preview; a file is offered outside the kiosk only
        to_file = [any("File" in p for p in offered) for offered in seen["printers"]]
        assert to_file == [mode == "window"] * 2, (tab, seen["printers"])
        assert seen["export offered"] == [mode == "window"]
    if mode == "window":
        assert len(PdfReader(out / "compare.pdf").pages) >= 2  # three options: more than a page
        for tab in ("compare", "questions"):
            printed = PdfReader(out / f"{tab}-printed.pdf")  # through the print dialog
            assert len(printed.pages) == shown[tab]["pages"][0]
    else:
        assert not any(p.endswith(".pdf") for p in files_in(out))  # the kiosk writes nothing


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is needed (.ci/run installs it)"
)
@pytest.mark.parametrize("previewed", ["window"], indirect=True)
def test_the_preview_shows_the_pages_of_the_pdf(qapp, previewed, tmp_path):
    """The preview's pages, as it painted them at 100 %, against the PDF its Export PDF… button
    wrote, rendered by another program (poppler's pdftoppm) at the same resolution: each page
    looks like the PDF's page of the same number, and not like any other."""
    _, shown, out = previewed
    dpi = round(qapp.primaryScreen().logicalDotsPerInchX())
    for tab in ("compare", "questions"):
        count = shown[tab]["pages"][0]
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(out / f"{tab}.pdf"), str(tmp_path / tab)],
            check=True,
        )
        rendered = sorted(tmp_path.glob(f"{tab}-*.png"))
        assert len(rendered) == count == len(PdfReader(out / f"{tab}.pdf").pages)
        pdf = [grey(QImage(str(p))) for p in rendered]
        for n in range(count):
            page = grey(QImage(str(out / f"{tab}-{n + 1}.png")))
            near = distance(page, pdf[n])
            others = [distance(page, other) for m, other in enumerate(pdf) if m != n]
            # anti-aliasing differs between the two renderers: a few grey levels on average
            assert near < 5 and all(near * 2 < d for d in others), (tab, n, near, others)
