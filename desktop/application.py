"""The running QApplication, as a QApplication (Qt's `instance()` is typed as a possibly absent
QCoreApplication): every window, dialog and event filter of the app lives inside one."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the desktop app's widgets need a running QApplication")
    return app
