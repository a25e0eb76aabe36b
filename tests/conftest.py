"""Offscreen Qt; every test on its own user data and settings; one collection built per session."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _memory_with_room(folder: str = "/dev/shm", room: int = 2 << 30) -> bool:
    """Linux's folder in memory, writable and with room for a run (~150 MB; pytest keeps three);
    a container's is often 64 MB."""
    if not hasattr(os, "statvfs") or not os.access(folder, os.W_OK):  # macOS, Windows: none
        return False
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize >= room


# Scratch folders in memory where the system has such a place, unless TMPDIR says where: the
# tests write and sync thousands of small files (a library for each test, 150 killed imports),
# a sync to disk costs milliseconds, and nothing they check (a process killed, not a power cut)
# depends on the disk.
if "TMPDIR" not in os.environ and _memory_with_room():
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # read again: pytest asked for it before this file was imported

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from helpers import (  # noqa: E402
    BESIDE,
    bundled_collection,
    medline_records,
    open_window,
    seed_documents,
)

from search_index.collection import Collection  # noqa: E402
from search_index.library import imports as library_imports  # noqa: E402
from search_index.opening import open_collection  # noqa: E402
from search_index.reading.model import Document  # noqa: E402


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what is not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.option.collectonly:
        _run_beside(config, items)
        _start_in_background(items)


def _run_beside(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The modules marked `beside` (mostly waiting on child processes: the command line, the
    kiosk's own process, properties over generated files) run in a second pytest process while
    this one runs the rest: two cores, one of them otherwise idle. tests/test_beside.py reads
    its verdict. Only in a run that holds both it and something else."""
    waiting = [i for i in items if i.nodeid.startswith("tests/test_beside.py")]
    beside = [i for i in items if i.get_closest_marker("beside")]
    if not waiting or not beside or os.environ.get("CLINIC_REFERENCE_BESIDE"):
        return
    log = Path(tempfile.mkstemp(prefix="beside-", suffix=".log")[1])
    atexit.register(log.unlink, True)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *(i.nodeid for i in beside),
    ]
    env = {**os.environ, "CLINIC_REFERENCE_BESIDE": "1"}
    with log.open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=config.rootpath
        )
    atexit.register(process.kill)  # a run stopped early leaves no second run going on alone
    config.stash[BESIDE] = (process, log)
    items[:] = [i for i in items if not i.get_closest_marker("beside") and i not in waiting] + waiting


def _start_in_background(items: list[pytest.Item]) -> None:
    """A module whose cases run in child processes may start them all in the background
    (`start_in_background`); its cases then run last, so that this process goes on with the
    other tests meanwhile instead of waiting for the children (two cores, one of them idle)."""
    background = [i for i in items if hasattr(i.module, "start_in_background")]
    if not background:
        return
    # Work in the background sees whichever test's environment is current: between tests it
    # must still find the session's collection and a user folder of the session's, never the
    # real home of whoever runs the tests.
    os.environ["CLINIC_REFERENCE_COLLECTION"] = str(bundled_collection())
    os.environ["CLINIC_REFERENCE_HOME"] = home = tempfile.mkdtemp(prefix="session-home-")
    atexit.register(shutil.rmtree, home, True)
    items[:] = [i for i in items if not hasattr(i.module, "start_in_background")] + background
    for module in dict.fromkeys(i.module for i in background):
        module.start_in_background([i for i in background if i.module is module])


@pytest.fixture(scope="session")
def collection_dir() -> Path:
    """The real store and index, built once from the seeds through the app's own build."""
    return bundled_collection()


@pytest.fixture(autouse=True)
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collection_dir: Path) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CLINIC_REFERENCE_HOME", str(home))
    monkeypatch.setenv("CLINIC_REFERENCE_COLLECTION", str(collection_dir))
    return home


@pytest.fixture
def person_home(monkeypatch, tmp_path) -> Path:
    """A home folder with a Documents folder, as on a clinic workstation."""
    home = tmp_path / "person"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs there
    return home


@pytest.fixture(scope="session")
def docs() -> dict[str, list[Document]]:
    """Each seed read, by its kind."""
    out: dict[str, list[Document]] = {}
    for doc in seed_documents():
        out.setdefault(doc.kind, []).append(doc)
    return out


@pytest.fixture
def collection(collection_dir: Path):
    c = Collection(collection_dir)
    yield c
    c.close()


@pytest.fixture
def opened(user_home: Path):
    """This test's profile opened for writing: the library, its collection and any notices."""
    o = open_collection()
    yield o
    if o.library is not None:
        o.library.close()
    o.collection.close()


@pytest.fixture
def engine(collection: Collection):
    e = collection.search_engine()
    yield e
    e.close()


@pytest.fixture
def window(qtbot):
    """The main window on the session's collection, opened and ready to search."""
    w = open_window(qtbot)
    yield w
    w.runner.wait()


@pytest.fixture
def held_at_the_third_file(window, tmp_path, monkeypatch) -> threading.Event:
    """An import of 40 notes started in `window`, at its third file, which is read once the
    returned event is set."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"note{i:02}.md").write_text(f"Note {i}\n\nAblation note number {i} of many.\n")
    third_file, read = threading.Event(), library_imports.read_any

    def slow_read(path: Path, *args):  # the third file waits for the event
        if path.name == "note02.md":
            third_file.wait(10)
        return read(path, *args)

    monkeypatch.setattr(library_imports, "read_any", slow_read)
    assert window.library_control.import_paths([folder]) is not None
    return third_file


@pytest.fixture
def kiosk_visit() -> Callable[..., list[str]]:
    """Runs kiosk_visit.py (a step-by-step driver of the real entry point) in a child process,
    with `home` as its whole home folder (Qt's own user data and settings locations, not an
    override); returns the steps it printed, once it has ended with status `code`."""
    visit = Path(__file__).with_name("kiosk_visit.py")

    def run(*args: str, home: Path, cwd: Path, collection_dir: Path, code: int = 0) -> list[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CLINIC_REFERENCE_"))}
        env.update(
            HOME=str(home),
            CLINIC_REFERENCE_COLLECTION=str(collection_dir),
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=os.pathsep.join([str(visit.parent.parent), str(visit.parent)]),
        )
        done = subprocess.run(
            [sys.executable, str(visit), *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == code, done.stdout + done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout.split("\n")

    return run


@pytest.fixture
def export_held_at_record_300(qtbot, window, tmp_path, monkeypatch) -> threading.Event:
    """An import of a PubMed export of 2,000 records started in `window`, held as its 300th
    record is added until the returned event is set."""
    export = tmp_path / "export.nbib"
    export.write_text(medline_records(96000000, 2000), encoding="utf-8")
    at_300, add = threading.Event(), library_imports.add_document
    calls: list[int] = []

    def held_add(*args, **kwargs):
        calls.append(1)
        if len(calls) == 300:
            at_300.wait(10)
        return add(*args, **kwargs)

    monkeypatch.setattr(library_imports, "add_document", held_add)
    window.library_control.import_paths([export])
    qtbot.waitUntil(lambda: len(calls) >= 300, timeout=20000)
    return at_300
