"""Start the desktop app: QApplication, paths, style, the main window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.settings import Settings
from desktop.tasks import TaskRunner
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
    style = paths.resources_dir() / "styles" / "app.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="clinic-reference")
    parser.add_argument("--startup-check", action="store_true",
                        help="print start-up timings once the window is usable, then quit")
    args, qt_args = parser.parse_known_args(argv)
    app = create_application(qt_args)
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
