"""Offscreen Qt; every test on its own user data and settings; one collection built per session."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from search_index.collection import Collection, build_collection, seed_files  # noqa: E402
from search_index.reading import read_file  # noqa: E402
from search_index.reading.model import Document  # noqa: E402

SEEDS = seed_files()


@pytest.fixture(scope="session")
def collection_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real store and index, built once from the seeds through the app's own build."""
    directory = tmp_path_factory.mktemp("bundled") / "collection"
    report = build_collection(SEEDS, directory)
    assert not report.failed
    return directory


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
def docs() -> dict[str, Document]:
    """Each seed read, by its kind."""
    out = {}
    for path in SEEDS:
        doc = read_file(path)
        out.setdefault(doc.kind, []).append(doc)
    return out


@pytest.fixture
def collection(collection_dir: Path):
    c = Collection(collection_dir)
    yield c
    c.close()


@pytest.fixture
def engine(collection: Collection):
    e = collection.search_engine()
    yield e
    e.close()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`clinic-reference ARGS…` run as a person runs it: its own process, this test's profile."""
    return subprocess.run(
        [sys.executable, "-m", "desktop.main", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )


def answer_modal(kind: type, act) -> None:
    """Run `act` on the next modal dialog of `kind` that opens (through its own widgets)."""

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            QTimer.singleShot(20, poll)
        else:
            try:
                act(dialog)
            except BaseException:
                dialog.reject()  # a failing check must not leave exec() waiting until the timeout
                raise

    QTimer.singleShot(0, poll)


def open_window(qtbot):
    """A main window on this test's profile, shown and with its collection open."""
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    w = MainWindow(Settings(), TaskRunner())
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    return w


@pytest.fixture
def window(qtbot):
    """The main window on the session's collection, opened and ready to search."""
    w = open_window(qtbot)
    yield w
    w.runner.wait()


def search(qtbot, window, text: str):
    """Type `text` into the search box as a user would; returns the results shown."""
    pane = window.search_pane
    with qtbot.waitSignal(pane.resultsShown, timeout=10000) as blocker:
        qtbot.keyClicks(pane.box, text)
    pane.box.completer().popup().hide()  # suggestions as you type: not wanted here
    return blocker.args[0]


def document_row(dialog, doc_id: str) -> int:
    """The row of a document in the documents dialog's list, as sorted on screen."""
    from PySide6.QtCore import Qt

    view = dialog.tree
    return next(
        row
        for row in range(view.model().rowCount())
        if view.model().index(row, 0).data(Qt.ItemDataRole.UserRole) == doc_id
    )


def document_ids(dialog) -> list[str]:
    """The documents the dialog lists, in the order shown."""
    from PySide6.QtCore import Qt

    model = dialog.tree.model()
    return [model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(model.rowCount())]


def select_documents(dialog, *doc_ids: str) -> None:
    """Select these documents in the dialog's list, as a ctrl-click on each row would."""
    from PySide6.QtCore import QItemSelectionModel

    view = dialog.tree
    view.clearSelection()
    for doc_id in doc_ids:
        view.selectionModel().select(
            view.model().index(document_row(dialog, doc_id), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
