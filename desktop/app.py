"""Start the desktop app: QApplication, paths, style, the main window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication

from desktop.kiosk import MemoryStore
from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner
from desktop.theme import PATIENT_ZOOM
from search_index import paths

_IMPORTED = time.time()


def _launched_at() -> float:
    """When the process was launched: the launcher may say (bench/), else when this was imported."""
    return float(os.environ.get("CLINIC_REFERENCE_T0", _IMPORTED))


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setOrganizationName("Clinic Reference")
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName("Clinic Reference")
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    paths.set_default_user_dir(Path(location))
    return app


def kiosk_window() -> MainWindow:
    """Patient view in large type; settings only in memory; the PIN read from disk, never
    written."""
    on_disk = Settings()
    memory = Settings(MemoryStore({"kiosk/idle_seconds": on_disk.kiosk_idle_s,
                                   "kiosk/countdown_seconds": on_disk.kiosk_countdown_s,
                                   "view/theme": on_disk.theme, "view/zoom": PATIENT_ZOOM,
                                   "view/audience": "patient"}))
    return MainWindow(memory, TaskRunner(), kiosk=True, pin_hash=on_disk.kiosk_pin_hash)


def run(args: argparse.Namespace) -> int:
    """The window, with the options `search_index.cli.parse` read."""
    if args.self_test:
        from desktop.selftest import self_test

        return self_test()
    app = create_application([])
    if args.kiosk:
        window = kiosk_window()
        window.showFullScreen()
    else:
        window = MainWindow(Settings(), TaskRunner())
        window.show()
    shown = time.time() - _launched_at()
    window.load_collection()
    if args.startup_check:
        def report() -> None:
            print(f"window_shown_s={shown:.3f} ready_s={time.time() - _launched_at():.3f}",
                  flush=True)
            window.close()
        window.collectionReady.connect(lambda: QTimer.singleShot(0, report))
    return app.exec()
