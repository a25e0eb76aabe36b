"""The kiosk as a process, through the real entry point: it starts only with a PIN, and a
patient's visit (tests/kiosk_visit.py) changes no byte of a fresh or an existing profile."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.kiosk import NO_PIN, hash_pin, verify_pin
from search_index import generations, paths
from search_index.importing import read_any
from search_index.opening import open_collection
from search_index.store import add_document, queue_for_index, transaction
from search_index.whoosh_adapter.index import live_documents

# Mostly child processes: a whole run runs this module beside the rest (conftest.py).
pytestmark = pytest.mark.beside

PIN = "2468"
DATA = Path(__file__).with_name("data")


def child_env(home: Path, collection_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CLINIC_REFERENCE_HOME": str(home),
        "CLINIC_REFERENCE_COLLECTION": str(collection_dir),
        "QT_QPA_PLATFORM": "offscreen",
    }


def entry_point(
    *args: str, env: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess:
    """`clinic-reference ARGS…` as a user runs it (python -m of the installed entry point)."""
    return subprocess.run(
        [sys.executable, "-m", "desktop.main", *args],
        input=stdin,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("stored", ["", "not-a-hash", "abcd$1234"])
def test_the_kiosk_refuses_to_start_without_a_pin(tmp_path, collection_dir, stored):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    if stored:  # a PIN entry mangled by hand is as good as none: no PIN could match it
        home.mkdir()
        QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat).setValue("kiosk/pin", stored)
    before = sorted(p.name for p in home.glob("*")) if home.exists() else None
    done = entry_point("--kiosk", env=child_env(home, collection_dir), cwd=cwd)
    assert done.returncode == 1
    assert NO_PIN in done.stderr and "File → Set the kiosk PIN" in done.stderr
    assert "--set-kiosk-pin" in done.stderr
    # no window was left open (the process ended) and nothing was written on the way
    assert list(cwd.iterdir()) == []
    assert (sorted(p.name for p in home.glob("*")) if home.exists() else None) == before


def test_a_pin_set_from_the_command_line_opens_the_kiosk_gate(tmp_path, collection_dir):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    env = child_env(home, collection_dir)
    differ = entry_point("--set-kiosk-pin", env=env, cwd=cwd, stdin="2468\n2469\n")
    assert differ.returncode == 1 and "differ" in differ.stderr
    short = entry_point("--set-kiosk-pin", env=env, cwd=cwd, stdin="12\n12\n")
    assert short.returncode == 1 and "4 digits or more" in short.stderr
    assert not (home / "settings.ini").exists()
    done = entry_point("--set-kiosk-pin", env=env, cwd=cwd, stdin="2468\n2468\n")
    assert done.returncode == 0, done.stderr
    stored = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat).value("kiosk/pin")
    assert "2468" not in stored and verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert list(cwd.iterdir()) == []


def test_the_user_folder_is_only_made_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_REFERENCE_HOME", str(tmp_path / "fresh"))
    assert not paths.user_data_dir(create=False).exists()
    assert paths.user_data_dir().is_dir()


# -- the kiosk writes nothing and leaves nothing ----------------------------------------------


def snapshot(*folders: Path) -> dict[str, tuple]:
    """Every folder and file under `folders`: a file by size, modification time and hash."""
    out: dict[str, tuple] = {}
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            st = p.lstat()
            out[str(p)] = (
                ("folder",)
                if p.is_dir()
                else (st.st_size, st.st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            )
    return out


def bytes_changed(before: dict[str, tuple], after: dict[str, tuple]) -> int:
    """Bytes of the files made, removed or changed (a changed file counts its larger size);
    a folder made or removed counts 1."""
    total = 0
    for path in before.keys() | after.keys():
        a, b = before.get(path), after.get(path)
        if a != b:
            total += max(x[0] if x and len(x) > 1 else 1 for x in (a, b) if x)
    return total


@pytest.mark.parametrize("profile", ["fresh", "existing", "killed"])
def test_a_visit_to_the_kiosk_changes_no_byte(tmp_path, collection_dir, profile, kiosk_visit):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    # A collection of its own: the session's is read meanwhile by work in the background.
    collection_dir = Path(shutil.copytree(collection_dir, tmp_path / "collection"))
    user_data = home / ".local" / "share" / "Clinic Reference" / "clinic-reference"
    user_data.mkdir(parents=True)
    QSettings(str(user_data / "settings.ini"), QSettings.Format.IniFormat).setValue(
        "kiosk/pin", hash_pin(PIN)
    )
    if profile == "existing":  # the clinician's window has opened (and made) the library
        assert "opened" in kiosk_visit("clinician", home=home, cwd=cwd, collection_dir=collection_dir)
        assert (user_data / "library" / "clinic.sqlite").is_file()
    if profile == "killed":  # and was killed, its store's log left beside it
        steps = kiosk_visit("killed", home=home, cwd=cwd, collection_dir=collection_dir, code=-9)
        assert "opened" in steps
        assert (user_data / "library" / "clinic.sqlite-wal").stat().st_size > 0
    before = snapshot(home, cwd, collection_dir)
    steps = kiosk_visit("kiosk", PIN, home=home, cwd=cwd, collection_dir=collection_dir)
    assert steps == ["read", "compared", "questions", "reset", "nothing undone", "exit 0", ""]
    after = snapshot(home, cwd, collection_dir)
    changed = bytes_changed(before, after)
    print(f"{profile} profile: {changed} bytes changed in {len(before)} files and folders")
    assert changed == 0 and after == before


def test_the_kiosk_reads_a_library_while_a_clinician_writes_to_it(user_home):
    """Through the writer's live log, without its lock and without a new file."""
    clinician = open_collection()
    assert clinician.library is not None  # holds the writer lock
    report = clinician.library.import_paths([DATA / "import" / "clinic_notes.md"])
    ((file_name, title),) = report.added
    folder = user_home / "library"
    assert Path(f"{folder / 'clinic.sqlite'}-wal").stat().st_size > 0  # not yet in the file
    files = sorted(p.name for p in folder.rglob("*"))
    with clinician, open_collection(access="kiosk") as opened:
        assert opened.collection.directory == folder and opened.notices == []
        assert title in {d["title"] for d in opened.collection.documents().values()}
        assert opened.engine.search(title).hits
        assert sorted(p.name for p in folder.rglob("*")) == files


def test_the_kiosk_lists_only_documents_its_search_can_find(user_home, tmp_path):
    """A window killed mid-import leaves documents in the store, waiting for the index (the
    next clinician start indexes them). The kiosk, which repairs nothing, does not list them:
    it listed them, and its search then 'corrected' their words to others."""
    note = tmp_path / "waiting.md"
    note.write_text("Waiting note\n\nOnly this note says zqgegg.\n", encoding="utf-8")
    (doc,) = read_any(note, [])
    with open_collection() as clinician, transaction(clinician.library.db):
        add_document(clinician.library.db, doc, bundled=False)  # as a kill leaves it
        queue_for_index(clinician.library.db, [doc.doc_id])
    with open_collection(access="kiosk") as opened:
        listed = set(opened.collection.documents())
        indexed = set(live_documents(generations.current(user_home / "library")))
        assert doc.doc_id not in listed and listed <= indexed and listed


def test_a_damaged_library_is_left_as_it_is_and_the_bundled_documents_shown(user_home, collection_dir):
    folder = user_home / "library"
    (folder / "index").mkdir(parents=True)
    (folder / "clinic.sqlite").write_bytes(b"not a database " * 400)
    before = snapshot(user_home)
    with open_collection(access="kiosk") as opened:
        assert opened.collection.directory == collection_dir
        assert "The library could not be read" in opened.notices[0]
        assert opened.engine.search("liver").hits
    assert snapshot(user_home) == before  # not moved aside, not repaired, not rebuilt
