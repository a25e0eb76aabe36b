"""Watching a library that another window writes: a window that only reads it shows what its
writer changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from search_index.index import INDEX_DIR


class LibraryWatch(QObject):
    """Every commit of the index renames a new table of contents into index/ (and a rebuild
    swaps the folder itself): a change there, then a second of quiet, is `settled`."""

    settled = Signal()

    def __init__(self, directory: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.directory = directory
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._settled)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self._watch_paths()

    def again_later(self) -> None:
        """Busy now: say so again after another second."""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._watcher.directoryChanged.disconnect()
        self.deleteLater()

    def _settled(self) -> None:
        self._watch_paths()  # a rebuilt index is a new folder
        self.settled.emit()

    def _watch_paths(self) -> None:
        wanted = [str(self.directory), str(self.directory / INDEX_DIR)]
        missing = [p for p in wanted if p not in self._watcher.directories() and Path(p).is_dir()]
        if missing:
            self._watcher.addPaths(missing)
