"""Asking which files to import, and where a file dialog starts: the folder the person last used
for that purpose, else their Documents folder (never the process's working folder, which a
person never chose)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.settings import Settings

FILE_TYPES = (
    "Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.nbib *.medline *.xml *.ris);;All files (*)"
)


def start_folder(remembered: str) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return next((Path(f) for f in (remembered, documents) if f and Path(f).is_dir()), Path.home())


def choose_files(parent: QWidget, settings: Settings) -> list[Path]:
    """The files chosen to import (none: cancelled); their folder is where the next choice starts."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        parent.tr("Import documents"),
        str(start_folder(settings.import_folder)),
        parent.tr(FILE_TYPES),
    )
    if names:
        settings.import_folder = str(Path(names[0]).parent)
    return [Path(n) for n in names]


def choose_folder(parent: QWidget, settings: Settings) -> list[Path]:
    """The folder chosen to import, alone in a list (none: cancelled)."""
    folder = QFileDialog.getExistingDirectory(
        parent, parent.tr("Import a folder of documents"), str(start_folder(settings.import_folder))
    )
    if folder:
        settings.import_folder = str(Path(folder).parent)
    return [Path(folder)] if folder else []
