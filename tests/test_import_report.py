"""The import report in the window: a folder chosen through File → Import a folder…, and every
count of its summary adding up (files found, and of them added, duplicates and failed; folders
not looked into apart), each file named by its path inside the folder."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import ABLATION_PAGE, answer_modal, menu_action, write
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit


def folder_tree(tmp_path: Path) -> Path:
    """A folder made to trip the report: links that lead back, a link to nothing, a pipe, an
    empty file, a copy, and two files of the same name in subfolders."""
    root = tmp_path / "tree"
    (root / "sub1").mkdir(parents=True)
    (root / "sub2").mkdir()
    (root / "sub1" / "loop").symlink_to("..")
    (root / "loopabs").symlink_to(root)
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere" / "gone.txt")
    os.mkfifo(root / "pipe.txt")
    write(root, "empty.txt", "")
    write(root, "ablation.md", ABLATION_PAGE)
    write(root, "copy.md", ABLATION_PAGE)
    write(root, "sub1/notes.txt", "Clinic notes one\n\nPortal vein embolization was discussed.\n")
    write(root, "sub2/notes.txt", "Clinic notes two\n\nChemotherapy before resection was discussed.\n")
    return root


def test_importing_a_folder_reports_counts_that_add_up(qtbot, window, tmp_path):
    folder = folder_tree(tmp_path)

    def choose(dialog: QFileDialog) -> None:
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(folder))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open).click()

    answer_modal(QFileDialog, choose)
    menu_action(window, "File/Import a folder…").trigger()
    qtbot.waitUntil(lambda: window.library_control.import_report is not None, timeout=20000)
    report = window.library_control.import_report
    # 7 files: ablation.md, sub1/notes.txt, sub2/notes.txt added; copy.md a duplicate;
    # dangling.txt, empty.txt and pipe.txt failed; loopabs and sub1/loop not followed
    assert report.summary.text() == (
        "7 files found: 3 added, 1 skipped as a duplicate, 3 failed. 2 folders not looked into."
    )
    model = report.tree.model()
    groups = {model.index(r, 0).data(): model.index(r, 0) for r in range(model.rowCount())}
    rows = {
        head: {
            model.index(i, 0, at).data(): model.index(i, 1, at).data() for i in range(model.rowCount(at))
        }
        for head, at in groups.items()
    }
    assert set(rows) == {
        "Failed (3)",
        "Skipped as duplicates (1)",
        "Added (3)",
        "Folders not looked into (2)",
    }
    assert set(rows["Added (3)"]) == {"ablation.md", "sub1/notes.txt", "sub2/notes.txt"}
    assert set(rows["Folders not looked into (2)"]) == {"loopabs/", "sub1/loop/"}
    assert f"link to “{tmp_path / 'nowhere' / 'gone.txt'}”" in rows["Failed (3)"]["dangling.txt"]
    assert "no longer there" not in rows["Failed (3)"]["dangling.txt"]
