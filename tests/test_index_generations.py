"""The library's index changes while readers have it open, as on Windows, which refuses to
rename or delete a file, or a folder holding a file, that a process has open or mapped. The
rule is played here on Linux: renaming and deleting are refused for what this process has open
(read from /proc, not from the code under test), and Rebuild all is pressed with a search shown.
A library of an earlier version (its index in a plain folder) opens as it is and is upgraded at
its next change; arrays made for one opening and left by a killed process are swept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import open_window, search, told
from PySide6.QtCore import Qt

from search_index import generations
from search_index.opening import open_collection

NOTE = "Clinic note on ablation\n\nAblation of liver metastases, case word {word}.\n"


def open_here() -> set[str]:
    """Every path this process has open or mapped."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].startswith("/"):
                found.add(parts[5].rstrip("\n"))
    return found


def in_use(path, dir_fd: int | None = None) -> bool:
    """Whether `path` is, or is a folder holding, something this process has open."""
    path = os.fsdecode(path)
    if dir_fd is not None:
        path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
    path = os.path.abspath(path)
    return any(f == path or f.startswith(path + os.sep) for f in open_here())


def windows_rule(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Renames and deletions (shutil.rmtree's too) refused as Windows refuses them; returns
    the list of what was refused."""
    refused: list[str] = []

    def refuse(path) -> None:
        refused.append(os.fsdecode(path))
        raise PermissionError(13, "The process cannot access the file (it is in use)", path)

    def moving(real):
        def move(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
            if in_use(src, src_dir_fd) or in_use(dst, dst_dir_fd):
                refuse(src)
            return real(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

        return move

    def deleting(real):
        def delete(path, *, dir_fd=None):
            if in_use(path, dir_fd):
                refuse(path)
            return real(path, dir_fd=dir_fd)

        return delete

    for name in ("rename", "replace"):
        monkeypatch.setattr(os, name, moving(getattr(os, name)))
    for name in ("unlink", "remove", "rmdir"):
        monkeypatch.setattr(os, name, deleting(getattr(os, name)))
    return refused


def library_with_a_note(tmp_path: Path, word: str) -> tuple[Path, Path]:
    """The user's library, with a note imported; returns its folder and the note's file."""
    note = tmp_path / "note.md"
    note.write_text(NOTE.format(word=word))
    with open_collection() as opened:
        assert opened.library is not None
        report = opened.library.import_paths([note])
        assert [name for name, _ in report.added] == ["note.md"]
        return opened.library.directory, note


def found(qtbot, window, word: str) -> set[str]:
    hits = {h.title for h in search(qtbot, window, word).hits if not h.related}
    window.search_pane.box.clear()
    return hits


def test_rebuild_all_with_a_search_shown_lands_and_the_search_goes_on(qtbot, tmp_path, monkeypatch):
    directory, note = library_with_a_note(tmp_path, "vexqorold")
    note.write_text(NOTE.format(word="vexqornew"))  # changed since: Rebuild all reads it again
    window = open_window(qtbot)
    refused = windows_rule(monkeypatch)
    shown = search(qtbot, window, "ablation liver")
    assert shown.hits
    dialog = window.library_control.show_documents()
    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    assert told(qtbot, window, dialog) == "Every document read again and the index rebuilt."
    dialog.close()
    # the search shown goes on: its results are there, and Enter opens the first one
    assert window.search_pane.box.text() == "ablation liver"
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reader.document_id == shown.hits[0].document_id)
    assert "blation" in window.reader.toPlainText()
    window.search_pane.box.clear()
    assert found(qtbot, window, "vexqornew") == {"Clinic note on ablation"}  # the rebuild landed
    assert found(qtbot, window, "vexqorold") == set()
    print(f"refused while the window read: {sorted(set(refused))}")


def test_a_reader_keeps_its_generation_until_it_lets_go(tmp_path):
    directory, _ = library_with_a_note(tmp_path, "vexqorkept")
    with open_collection(access="read") as reader, open_collection() as writer:
        assert reader.engine is not None and writer.library is not None
        held = generations.current(directory)
        writer.library.rebuild_index()
        assert generations.current(directory) != held and held.is_dir()  # still read
        assert {h.title for h in reader.engine.search("vexqorkept").hits} == {"Clinic note on ablation"}
        reader.engine.close()
        writer.library.rebuild_index()  # the next change sweeps what nobody holds
        assert not held.exists()
        indexes = sorted(p.name for p in directory.iterdir() if p.name.startswith("index"))
        assert indexes == [generations.current(directory).name, generations.POINTER]
