"""Where a file dialog starts: the folder the person last used for that purpose, else their
Documents folder (never the process's working folder, which a person never chose)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def start_folder(remembered: str) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return next((Path(f) for f in (remembered, documents) if f and Path(f).is_dir()), Path.home())
