"""The app's names as Qt's standard paths and settings know them, and the user data folder they
give, registered with the core: the window and the command line use the same folder.

QtCore only (no QApplication, no display): the headless commands call it too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

from search_index import paths


def name_application() -> None:
    QCoreApplication.setOrganizationName("Clinic Reference")
    QCoreApplication.setApplicationName(paths.APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    paths.set_default_user_dir(Path(location))
