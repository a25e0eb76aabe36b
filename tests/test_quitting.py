"""Quitting lets go of the library before the window goes: the work under way is stopped at
its next safe point and waited for, and the store, its engine and the reviews' connection are
closed, so that no log (-wal, -shm) is left beside the store for a kiosk to write to."""

from __future__ import annotations

import threading

import pytest
from helpers import agree, menu_action
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.kiosk import hash_pin
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner


@pytest.mark.parametrize("when", ["as it opens", "a moment later"])
def test_quitting_as_the_library_opens_lets_it_go_before_the_window_does(qtbot, user_home, when):
    """File > Quit chosen as the library opens (in the signal that says it is ready), or a
    moment later (its warm-up reading): the window stops the warm-up, waits for it, and closes
    the library's store. Left open to the process's end, the store kept its log (-wal, -shm)
    beside it, and a kiosk opened next wrote to it."""
    w = MainWindow(Settings(), TaskRunner())
    qtbot.addWidget(w)
    w.show()
    quit_action = menu_action(w, "File/Quit")
    if when == "as it opens":
        w.collectionReady.connect(quit_action.trigger)
    else:
        w.collectionReady.connect(lambda: QTimer.singleShot(0, quit_action.trigger))
    with qtbot.waitSignal(w.collectionReady, timeout=20000):
        w.load_collection()
    qtbot.waitUntil(lambda: not w.isVisible())
    left = sorted(p.name for p in (user_home / "library").iterdir())
    assert left == ["clinic.sqlite", "index.1", "index.current", "writer.lock"]
    assert w.runner.pool.activeThreadCount() == 0  # no warm-up started on the closed library


def test_quitting_mid_import_stops_it_and_leaves_the_library_whole_and_closed(
    qtbot, window, held_at_the_third_file
):
    """File > Quit while a file is being read: the window waits for that file, stops there,
    shows no report, and closes the library: store and index agree, and no log is left."""
    third_file = held_at_the_third_file
    qtbot.waitUntil(lambda: window.library_control.import_progress.value() == 2, timeout=20000)
    threading.Timer(0.5, third_file.set).start()  # (the window waits for it, unanswering)
    menu_action(window, "File/Quit").trigger()
    assert not window.isVisible() and window.library_control.import_report is None
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []
    directory = window.library.directory
    assert not list(directory.glob("*-wal")) and not list(directory.glob("*-shm"))
    assert len(agree(directory)) == 5 + 3


def test_a_logouts_sigterm_ends_the_app_as_quitting_does(tmp_path, collection_dir, kiosk_visit):
    """SIGTERM (a logout, a shutdown) to the real entry point once the library is open: the app
    ends with status 0 and lets the library go. Before, the process died where it stood, the
    store's log left beside it (and a kiosk visit then wrote to it)."""
    steps = kiosk_visit("terminated", home=tmp_path, cwd=tmp_path, collection_dir=collection_dir)
    assert steps == ["opened", "exit 0", ""]
    profile = tmp_path / ".local" / "share" / "Clinic Reference" / "clinic-reference"
    library = profile / "library"
    assert sorted(p.name for p in library.iterdir()) == [
        "clinic.sqlite",
        "index.1",
        "index.current",
        "writer.lock",
    ]
    # The kiosk too, which refuses to close without its PIN (Qt's quit asks the windows first)
    QSettings(str(profile / "settings.ini"), QSettings.Format.IniFormat).setValue(
        "kiosk/pin", hash_pin("2468")
    )
    steps = kiosk_visit("kiosk-terminated", home=tmp_path, cwd=tmp_path, collection_dir=collection_dir)
    assert steps == ["opened", "exit 0", ""]
    assert sorted(p.name for p in library.iterdir()) == [
        "clinic.sqlite",
        "index.1",
        "index.current",
        "writer.lock",
    ]


def test_quitting_mid_export_stops_between_its_records(qtbot, window, export_held_at_record_300):
    """File > Quit while a PubMed export of 2,000 records is being added: the import stops at
    the next record, not at the end of the file, and what stays is indexed (store and index
    agree). Before, every record of the file was added after Quit, none indexed, then all were
    taken out again (or, past 30 s, the app ended with them in the store, not in the index)."""
    at_300 = export_held_at_record_300
    threading.Timer(0.5, at_300.set).start()
    menu_action(window, "File/Quit").trigger()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []  # progress too
    directory = window.library.directory
    assert not list(directory.glob("*-wal"))
    assert 5 < len(agree(directory)) <= 5 + 300  # those added before Quit kept, indexed
