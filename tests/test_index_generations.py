"""The library's index changes while readers have it open, as on Windows, which refuses to
rename or delete a file, or a folder holding a file, that a process has open or mapped. The
rule is played here on Linux: renaming and deleting are refused for what this process has open
(read from /proc, not from the code under test), and Rebuild all is pressed with a search shown.
A library of an earlier version (its index in a plain folder) opens as it is and is upgraded at
its next change; arrays made for one opening and left by a killed process are swept."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import open_window, search, select_documents, told
from PySide6.QtCore import Qt

from search_index import collection as collection_module
from search_index import generations, suggest
from search_index.collection import Collection
from search_index.engine import open_engine
from search_index.generations import INDEX_DIR
from search_index.index import build_index
from search_index.opening import open_collection
from search_index.postings import ARRAYS_DIR
from search_index.schema import STORE_FILE, open_store
from search_index.store import passages_for_index
from search_index.suggest import VOCABULARY_FILE, Vocabulary

NOTE = "Clinic note on ablation\n\nAblation of liver metastases, case word {word}.\n"


def open_here() -> set[str]:
    """Every file this process has open or mapped (not folders: the code opens them to lock
    them only where there is no Windows rule)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            path = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if not os.path.isdir(path):
            found.add(path)
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


def as_an_earlier_version_left_it(directory: Path) -> None:
    """The library's index as versions before generations kept it: built from the store into a
    plain index/ folder (their rebuild built it beside and renamed it so), no pointer."""
    for path in directory.glob(f"{INDEX_DIR}*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    db = open_store(directory / STORE_FILE, readonly=True)
    try:
        build_index(passages_for_index(db), directory / INDEX_DIR)
    finally:
        db.close()


def found(qtbot, window, word: str) -> set[str]:
    hits = {h.title for h in search(qtbot, window, word).hits if not h.related}
    window.search_pane.box.clear()
    return hits


@pytest.mark.parametrize("locks", ["shared locks", "no locks, as on Windows"])
def test_rebuild_all_with_a_search_shown_lands_and_the_search_goes_on(
    qtbot, tmp_path, monkeypatch, locks
):
    if locks != "shared locks":  # readers hold a generation by their open files alone
        monkeypatch.setattr(generations, "fcntl", None)
    directory, note = library_with_a_note(tmp_path, "vexqorold")
    note.write_text(NOTE.format(word="vexqornew"))  # changed since: Rebuild all reads it again
    window = open_window(qtbot)
    refused = windows_rule(monkeypatch)
    shown = search(qtbot, window, "ablation liver")
    assert shown.hits
    read = generations.current(directory)
    dialog = window.library_control.show_documents()
    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    assert told(qtbot, window, dialog) == "Every document read again and the index rebuilt."
    assert read.is_dir() and generations.current(directory) != read  # kept while it was read
    # the search shown goes on: its results are there, and Enter opens the first one
    assert window.search_pane.box.text() == "ablation liver"
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reader.document_id == shown.hits[0].document_id)
    assert "blation" in window.reader.toPlainText()
    window.search_pane.box.clear()
    assert found(qtbot, window, "vexqornew") == {"Clinic note on ablation"}  # the rebuild landed
    assert found(qtbot, window, "vexqorold") == set()
    gc.collect()  # the engine that read it is let go of, its arrays unmapped
    (note_id,) = [d for d, row in window.collection.documents().items() if row["file_name"] == "note.md"]
    select_documents(dialog, note_id)
    qtbot.mouseClick(dialog.hide_button, Qt.MouseButton.LeftButton)  # the next change removes it
    qtbot.waitUntil(lambda: note_id not in window.collection.documents(), timeout=20000)
    assert not read.exists() and list(directory.glob(f".{INDEX_DIR}*")) == []
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


def test_a_library_of_the_earlier_layout_opens_and_is_upgraded_at_its_next_change(
    qtbot, tmp_path, monkeypatch
):
    directory, _ = library_with_a_note(tmp_path, "vexqorearlier")
    as_an_earlier_version_left_it(directory)
    window = open_window(qtbot)
    refused = windows_rule(monkeypatch)
    assert found(qtbot, window, "vexqorearlier") == {"Clinic note on ablation"}  # read as it is
    assert not (directory / generations.POINTER).exists()
    (note_id,) = [d for d, row in window.collection.documents().items() if row["file_name"] == "note.md"]
    dialog = window.library_control.show_documents()

    def press(button, hidden: bool) -> None:
        select_documents(dialog, note_id)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: (
                window.library_control.task is None
                and (note_id in window.collection.documents()) != hidden
            ),
            timeout=20000,
        )

    search(qtbot, window, "ablation liver")  # shown, over index/, while the library changes
    press(dialog.hide_button, True)
    assert generations.current(directory).name == f"{INDEX_DIR}.1"  # upgraded
    window.search_pane.box.clear()
    assert found(qtbot, window, "vexqorearlier") == set()
    press(dialog.show_button, False)
    assert found(qtbot, window, "vexqorearlier") == {"Clinic note on ablation"}
    gc.collect()  # the engine over index/ is let go of, its arrays unmapped
    press(dialog.hide_button, True)  # this change removes index/: nothing holds it now
    assert not (directory / INDEX_DIR).exists() and list(directory.glob(f".{INDEX_DIR}*")) == []
    print(f"refused while the window read: {sorted(set(refused))}")


def test_arrays_made_for_an_opening_and_left_by_a_killed_process_are_swept(
    user_home, tmp_path, collection_dir
):
    """An index whose arrays are of another commit is read with arrays made for the opening,
    in the user's folder when it can be written, removed at closing; a process killed before
    closing leaves them, and the next such opening removes them."""
    user_home.mkdir()
    db = open_store(collection_dir / STORE_FILE, readonly=True)
    build_index(passages_for_index(db), tmp_path / INDEX_DIR)
    db.close()
    meta_file = tmp_path / INDEX_DIR / ARRAYS_DIR / "meta.json"
    meta = json.loads(meta_file.read_text())
    meta["generation"] += 7  # as if a commit had been made after them
    meta_file.write_text(json.dumps(meta))
    opening = (
        "import os, signal, sys; from pathlib import Path; "
        "from search_index.engine import open_engine; "
        "print(open_engine(Path(sys.argv[1])).search('liver').total, flush=True); "
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    child = subprocess.run(
        [sys.executable, "-c", opening, str(tmp_path / INDEX_DIR)], capture_output=True, text=True
    )
    assert child.returncode == -signal.SIGKILL and int(child.stdout) > 0, child.stderr[-2000:]
    left = list(user_home.glob(".collection.arrays.*"))
    assert len(left) == 1 and (left[0] / ARRAYS_DIR / "meta.json").exists()
    engine = open_engine(tmp_path / INDEX_DIR)
    assert engine.search("liver").total == int(child.stdout)
    (own,) = user_home.glob(".collection.arrays.*")
    assert own != left[0] and own.name.endswith(f"-{os.getpid()}")
    engine.close()
    assert list(user_home.glob(".collection.arrays.*")) == []


def test_a_reader_that_read_the_pointer_just_before_a_change_opens_the_next(tmp_path, monkeypatch):
    directory, _ = library_with_a_note(tmp_path, "vexqorrace")
    reader = Collection(directory)
    tried: list[Path] = []
    with open_collection() as writer:
        assert writer.library is not None

        def opening(folder: Path, *args, **kwargs):  # the writer publishes and sweeps meanwhile
            if not tried:
                tried.append(folder)
                writer.library.rebuild_index()
            return open_engine(folder, *args, **kwargs)

        monkeypatch.setattr(collection_module, "open_engine", opening)
        engine = reader.search_engine()
        assert not tried[0].exists() and tried[0] != generations.current(directory)
        assert {h.title for h in engine.search("vexqorrace").hits} == {"Clinic note on ablation"}
        engine.close()
    reader.close()


def test_on_a_disk_without_links_a_change_copies_the_index_it_begins_from(tmp_path, monkeypatch):
    directory, _ = library_with_a_note(tmp_path, "vexqorfirst")
    second = tmp_path / "second.md"
    second.write_text(NOTE.format(word="vexqorsecond").replace("Clinic note", "Second note"))

    def no_links(*_args, **_kwargs):
        raise OSError(1, "Operation not permitted (a FAT or network disk)")

    monkeypatch.setattr(os, "link", no_links)
    with open_collection(access="read") as held, open_collection() as writer:
        assert writer.library is not None and held.engine is not None  # keeps the one begun from
        writer.library.import_paths([second])
        files = [p for p in generations.current(directory).rglob("*") if p.is_file()]
        assert files and all(p.stat().st_nlink == 1 for p in files)
    with open_collection(access="read") as reader:
        for word, title in (("vexqorfirst", "Clinic note"), ("vexqorsecond", "Second note")):
            hits = {h.title for h in reader.engine.search(word).hits}
            assert hits == {f"{title} on ablation"}, word


def test_the_word_list_is_replaced_once_a_reader_has_read_it(tmp_path, monkeypatch):
    """The word list is replaced in the current generation (by an import, or counted again):
    a reader reading it meanwhile (an engine opening) makes the writer wait, not fail."""
    directory, _ = library_with_a_note(tmp_path, "vexqorwords")
    with open_collection() as writer:
        assert writer.library is not None
        target = writer.library.index_dir / VOCABULARY_FILE
        data = json.loads(target.read_text())
        del data["words"]["vexqorwords"]  # as if counted before the note came
        target.write_text(json.dumps(data))
        refused = windows_rule(monkeypatch)
        reading = open(target, "rb")  # noqa: SIM115 - a reader halfway through it

        def waiting(_seconds: float) -> None:  # the reader finishes while the writer waits
            reading.close()

        monkeypatch.setattr(suggest.time, "sleep", waiting)
        writer.library.write_vocabulary()
        assert refused and reading.closed
        assert Vocabulary(writer.library.index_dir).count("vexqorwords") == 1


def test_the_kiosk_writes_arrays_made_for_its_opening_outside_the_users_folder(user_home):
    with open_collection() as opened:  # the user's library, as a clinician's window left it
        index_dir = opened.collection.index_dir
    meta_file = index_dir / ARRAYS_DIR / "meta.json"
    meta = json.loads(meta_file.read_text())
    meta["generation"] += 7  # arrays of another commit: an opening must make its own
    meta_file.write_text(json.dumps(meta))
    before = {p: p.stat().st_mtime_ns for p in user_home.rglob("*")}
    with open_collection(access="kiosk") as kiosk:
        assert kiosk.engine.search("liver").total > 0
        during = {p: p.stat().st_mtime_ns for p in user_home.rglob("*")}
    assert during == before
