"""Watching a library that another window writes: a window that only reads it shows what its
writer changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class LibraryWatch(QObject):
    """Every change to the index publishes a new generation by replacing a pointer file in the
    library's folder (generations.py; an earlier version committed into index/): a change
    there, then a second of quiet, is `settled`. The generations themselves are not watched:
    on Windows a watched folder could not be removed once let go."""

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
        self._watch_paths()  # the folder may have been made since
        self.settled.emit()

    def _watch_paths(self) -> None:
        folder = str(self.directory)
        if folder not in self._watcher.directories() and self.directory.is_dir():
            self._watcher.addPath(folder)
