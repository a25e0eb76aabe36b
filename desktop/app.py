"""Start the desktop app: QApplication, paths, style, the main window."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication

from desktop.kiosk import MemoryStore, pin_is_set, refuse_without_pin, set_pin_from_terminal
from desktop.main_window import MainWindow
from desktop.settings import Settings, open_settings
from desktop.tasks import TaskRunner
from desktop.theme import PATIENT_ZOOM
from search_index import paths

_IMPORTED = time.time()
ENDING_SIGNALS = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])


def _launched_at() -> float:
    """When the process was launched: the launcher may say (bench/), else when this was imported."""
    return float(os.environ.get("CLINIC_REFERENCE_T0", _IMPORTED))


def name_application() -> None:
    """The names Qt's standard paths are made of (no QApplication needed), registered as the
    user data folder so that core and UI agree."""
    QCoreApplication.setOrganizationName(paths.ORGANIZATION)
    QCoreApplication.setApplicationName(paths.APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    paths.set_default_user_dir(Path(location))


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *argv])
    name_application()
    app.setApplicationDisplayName("Clinic Reference")
    return app


def kiosk_window() -> MainWindow | None:
    """Patient view in large type; settings only in memory; the PIN read from disk, never
    written. None, with the reason said, when no PIN is set: that kiosk could never be left."""
    on_disk = Settings(open_settings(create=False))
    if not pin_is_set(on_disk.kiosk_pin_hash):
        refuse_without_pin()
        return None
    memory = Settings(
        MemoryStore(
            {
                "kiosk/idle_seconds": on_disk.kiosk_idle_s,
                "kiosk/countdown_seconds": on_disk.kiosk_countdown_s,
                "view/theme": on_disk.theme,
                "view/zoom": PATIENT_ZOOM,
                "view/audience": "patient",
            }
        )
    )
    return MainWindow(memory, TaskRunner(), kiosk=True, pin_hash=on_disk.kiosk_pin_hash)


def no_display() -> bool:
    """On Linux with no X or Wayland display for the platform in use, Qt would abort."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return (
        sys.platform.startswith("linux")
        and platform.split(":")[0] in ("", "xcb", "wayland")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def run(args: argparse.Namespace) -> int:
    """The window, with the options `search_index.cli.parse` read."""
    if args.self_test:
        from desktop.selftest import self_test

        return self_test()
    if args.set_kiosk_pin:
        name_application()
        return set_pin_from_terminal(Settings())
    if no_display():
        print(
            "Clinic Reference needs a screen to open its window, and none was found (DISPLAY "
            "and WAYLAND_DISPLAY are not set). The commands work without one: see --help.",
            file=sys.stderr,
        )
        return 1
    app = create_application([])
    if args.kiosk:
        kiosk = kiosk_window()
        if kiosk is None:
            return 1
        window = kiosk
        window.showFullScreen()
    else:
        window = MainWindow(Settings(), TaskRunner())
        window.show()
    shown = time.time() - _launched_at()
    window.load_collection()
    if args.startup_check:

        def report() -> None:
            print(f"window_shown_s={shown:.3f} ready_s={time.time() - _launched_at():.3f}", flush=True)
            window.close()

        window.collectionReady.connect(lambda: QTimer.singleShot(0, report))
    with ended_by_signals(app):
        code = app.exec()
    window.release_library()  # (done already if the window was closed)
    return code


@contextmanager
def ended_by_signals(app: QApplication) -> Iterator[None]:
    """SIGTERM and SIGHUP (a logout, a shutdown) and SIGINT (Ctrl+C in the terminal) end the
    app as quitting does, without its questions; Python's own handlers would run only once Qt
    handed control back, if ever. A signal's arrival wakes the event loop through a socket."""
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    notifier = QSocketNotifier(theirs.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: theirs.recv(64) and None)  # Python runs the handler then
    # (exit, not quit: quit asks the windows, and the kiosk refuses to close without its PIN)
    previous = {s: signal.signal(s, lambda *_: app.exit(0)) for s in ENDING_SIGNALS}
    wakeup = signal.set_wakeup_fd(ours.fileno())
    try:
        yield
    finally:
        signal.set_wakeup_fd(wakeup)
        for s, handler in previous.items():
            signal.signal(s, handler)
        notifier.setEnabled(False)
        ours.close()
        theirs.close()
