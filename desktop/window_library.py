"""The main window's library: import (menu, drag and drop), the documents dialog, and opening
the collection again after a change, all in workers so the window stays responsive."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from desktop.folders import start_folder
from desktop.plain import plain
from desktop.tasks import TaskContext
from desktop.views.documents_dialog import DocumentsDialog
from desktop.views.import_report import ImportReportDialog
from desktop.views.progress import progress_dialog, show_progress
from search_index.collection import Collection
from search_index.index import INDEX_DIR
from search_index.library import ImportReport, Library, Opened, open_library, plain_reason
from search_index.read_only import open_read_only
from search_index.search import SearchEngine

FILE_TYPES = (
    "Documents (*.txt *.md *.markdown *.html *.htm *.pdf *.nbib *.medline *.xml *.ris);;All files (*)"
)


@dataclass
class _Failed:
    reason: str  # in plain words


def _close(collection: Collection | None, engine: SearchEngine | None) -> None:
    if engine is not None:
        engine.close()
    if collection is not None:
        collection.close()


class LibraryMixin:
    """Mixed into MainWindow: uses its runner, status bar and `_collection_opened`."""

    library: Library | None = None
    documents_dialog: DocumentsDialog | None = None
    _library_task: int | None = None

    def _build_library_menu(self, menu: QMenu) -> None:
        self.import_files_action = self._action(
            self.tr("&Import files…"), self.import_files, ["Ctrl+I"], menu
        )
        self.import_folder_action = self._action(
            self.tr("Import a &folder…"), self.import_folder, ["Ctrl+Shift+I"], menu
        )
        self._action(self.tr("&Documents in the library…"), self.show_documents, [], menu)
        menu.addSeparator()
        self.setAcceptDrops(True)

    def _open_library(self, ctx: TaskContext) -> tuple[Opened, SearchEngine]:
        """In a worker: the library (in the kiosk, read without writing a byte) and an engine
        over it."""
        if self.kiosk:
            return open_read_only()
        opened = open_library(progress=ctx.report)
        return opened, opened.collection.search_engine()

    def _library_opened(self, result: tuple[Opened, SearchEngine]) -> None:
        opened, engine = result
        self.library = opened.library
        self._collection_opened((opened.collection, engine))
        self.compare_view.set_review_store(self.library.store_path if self.library else None)
        if self.library is None and not self.kiosk:
            self.import_files_action.setEnabled(False)
            self.import_folder_action.setEnabled(False)
        if opened.watched is not None:
            self._follow(opened.watched)
        if opened.notices:
            box = plain(
                QMessageBox(
                    QMessageBox.Icon.Information,
                    self.tr("Clinic Reference"),
                    "\n\n".join(opened.notices),
                    QMessageBox.StandardButton.Ok,
                    self,
                )
            )
            box.setObjectName("libraryNotice")
            box.open()  # not modal: the window is usable behind it

    # -- following another window's changes -------------------------------------------------

    def _follow(self, directory: Path) -> None:
        """A window that only reads the library shows what its writer changes: every commit
        of the index renames a new table of contents into index/ (and a rebuild swaps the
        folder itself), so a change there, a second quiet, reopens the collection."""
        self._watched = directory
        self._watcher = QFileSystemWatcher(self)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(1000)
        self._reload_timer.timeout.connect(self._reload)
        self._watcher.directoryChanged.connect(lambda _path: self._reload_timer.start())
        self._watch_paths()

    def _watch_paths(self) -> None:
        wanted = [str(self._watched), str(self._watched / INDEX_DIR)]
        missing = [p for p in wanted if p not in self._watcher.directories() and Path(p).is_dir()]
        if missing:
            self._watcher.addPaths(missing)

    def _reload(self) -> None:
        self._watch_paths()  # a rebuilt index is a new folder
        if self._library_task is not None:
            self._reload_timer.start()  # after the current reload
            return
        directory = self._watched

        def work(ctx: TaskContext) -> tuple[Collection, SearchEngine]:
            collection = Collection(directory)
            return collection, collection.search_engine()

        def finished(result: tuple[Collection, SearchEngine]) -> None:
            self._library_changed(
                *result, self.tr("Updated with the changes made in another Clinic Reference window.")
            )

        def failed(message: str) -> None:  # mid-change: try again once it settles
            self._library_task = None
            self._reload_timer.start()

        self._library_task = self.runner.submit(work, finished, failed)

    # -- importing ---------------------------------------------------------------------------

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import documents"),
            str(start_folder(self.settings.import_folder)),
            self.tr(FILE_TYPES),
        )
        if names:
            self.settings.import_folder = str(Path(names[0]).parent)
            self.import_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import a folder of documents"), str(start_folder(self.settings.import_folder))
        )
        if folder:
            self.settings.import_folder = str(Path(folder).parent)
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> int | None:
        """Import in a worker with a progress dialog (Cancel stops after the current file);
        the summary shows when it is done. Returns the task id, or None if it cannot start."""
        library = self.library
        if not self._may_change():
            return None
        progress = progress_dialog(
            self, self.tr("Importing"), self.tr("Reading files…"), "importProgress"
        )
        self.import_progress = progress

        def work(ctx: TaskContext) -> tuple[ImportReport, Collection, SearchEngine]:
            report = library.import_paths(paths, ctx.report, lambda: ctx.cancelled)
            return report, *self._reopen(library)

        def shown(done: int, total: int, what: str) -> None:
            text = self.tr("File %d of %d: %s") % (min(done + 1, total), total, what)
            show_progress(progress, done, total, text)

        def finished(result: tuple[ImportReport, Collection, SearchEngine]) -> None:
            report, collection, engine = result
            progress.close()
            self._library_changed(collection, engine, report.summary())
            self.import_report = ImportReportDialog(report, self)
            self.import_report.open()

        self._library_task = self.runner.submit(work, finished, self._library_failed, shown)
        progress.canceled.connect(lambda: self.runner.cancel(self._library_task))
        progress.show()
        return self._library_task

    def _may_change(self) -> bool:
        if self.library is None:
            self.statusBar().showMessage(
                self.tr("This window cannot change the library (see File → Documents)."), 8000
            )
            return False
        if self._library_task is not None:
            self.statusBar().showMessage(self.tr("Wait for the current import to finish."), 5000)
            return False
        return True

    def _reopen(self, library: Library) -> tuple[Collection, SearchEngine]:
        collection = Collection(library.directory)
        return collection, collection.search_engine()

    def _library_changed(self, collection: Collection, engine: SearchEngine, message: str) -> None:
        self._library_task = None
        chosen = self.compare_view.selected()
        replaced = self.collection, self.engine
        self._collection_opened((collection, engine))
        self.runner.after_running(lambda: _close(*replaced))  # once no search still uses them
        self.compare_view.choose(chosen)  # options no longer spoken of drop out
        if self.reader.document_id is not None and self.reader.document_id not in collection.documents():
            self.reader.show_welcome(collection.documents())
        if self.documents_dialog is not None:
            self.documents_dialog.fill(collection.documents(include_hidden=True))
        self.statusBar().showMessage(message, 10000)

    def _library_failed(self, message: str) -> None:
        self._library_task = None
        if getattr(self, "import_progress", None) is not None:
            self.import_progress.close()
        box = plain(
            QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Clinic Reference"),
                self.tr("The library could not be changed:\n%s") % message,
                QMessageBox.StandardButton.Ok,
                self,
            )
        )
        box.setObjectName("libraryError")
        box.open()  # not modal: the window stays usable

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self.library is not None and urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- the documents dialog -------------------------------------------------------------------

    def show_documents(self) -> DocumentsDialog | None:
        if self.collection is None:
            return None
        if self.documents_dialog is None:
            dialog = DocumentsDialog(self, writable=self.library is not None)
            dialog.importRequested.connect(self.import_files)
            dialog.removeRequested.connect(self.remove_documents)
            dialog.hideRequested.connect(
                lambda ids, hidden: self._change(
                    lambda lib, _: lib.set_hidden(ids, hidden),
                    self.tr("%d document(s) hidden") if hidden else self.tr("%d document(s) shown"),
                )
            )
            dialog.rereadRequested.connect(self.reread_documents)
            dialog.relabelRequested.connect(
                lambda ids, kind, audience: self._change(
                    lambda lib, _: lib.relabel(ids, kind, audience), self.tr("%d document(s) relabelled")
                )
            )
            dialog.rebuildRequested.connect(self.rebuild_library)
            self.documents_dialog = dialog
        self.documents_dialog.fill(self.collection.documents(include_hidden=True))
        self.documents_dialog.show()
        self.documents_dialog.raise_()
        return self.documents_dialog

    def remove_documents(self, ids: list[str]) -> None:
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove documents"),
            self.tr(
                "Remove %d document(s) from the library? Their files are not touched; "
                "they can be imported again."
            )
            % len(ids),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._change(lambda lib, _: lib.remove(ids), self.tr("%d document(s) removed"))

    def reread_documents(self, ids: list[str]) -> None:
        def reread(lib: Library, ctx: TaskContext) -> str:
            failed, done = [], 0
            for n, doc_id in enumerate(ids):
                if ctx.cancelled:
                    break
                ctx.report(n, len(ids), self.tr("Document %d of %d") % (n + 1, len(ids)))
                try:
                    lib.reread(doc_id)
                    done += 1
                except ValueError as exc:  # ReadError: the old version stays
                    failed.append(str(exc))
            said = self.tr("%d of %d document(s) read again") % (done, len(ids))
            return "\n".join([said, *failed])

        self._change(reread, "%s", self.tr("Reading documents again"))

    def rebuild_library(self) -> None:
        def rebuild(lib: Library, ctx: TaskContext) -> str:
            problems = lib.rebuild(ctx.report, lambda: ctx.cancelled)
            said = (
                self.tr(
                    "Stopped: the documents read again so far are in the index; the others "
                    "are as they were."
                )
                if ctx.cancelled
                else self.tr("Every document read again and the index rebuilt.")
            )
            return "\n".join([said, *problems])

        self._change(rebuild, "%s", self.tr("Rebuilding the library"))

    def _change(
        self, fn: Callable[[Library, TaskContext], Any], message: str, progress_title: str = ""
    ) -> None:
        """Run a change to the library in a worker, then open the collection again. With a
        `progress_title` (a long change) a progress dialog shows how far it is, with Cancel,
        and what was done is then said in a message, not only in the status bar."""
        library = self.library
        if not self._may_change():
            return
        progress = None
        if progress_title:
            progress = progress_dialog(self, progress_title, progress_title + "…", "changeProgress")
            self.import_progress = progress  # closed, too, if the change fails

        def work(ctx: TaskContext) -> tuple[Any, Collection, SearchEngine]:
            try:
                outcome = fn(library, ctx)
            except (OSError, sqlite3.Error) as exc:  # e.g. a full disk: the change is undone
                outcome = _Failed(plain_reason(exc))
            return outcome, *self._reopen(library)

        def finished(result: tuple[Any, Collection, SearchEngine]) -> None:
            outcome, collection, engine = result
            if progress is not None:
                progress.close()
            if isinstance(outcome, _Failed):
                self._library_changed(collection, engine, "")
                self._library_failed(outcome.reason)
            else:
                self._library_changed(collection, engine, message % outcome)
                if progress is not None:
                    self._tell(progress_title, message % outcome)

        shown = (lambda *at: show_progress(progress, *at)) if progress is not None else None
        self._library_task = self.runner.submit(work, finished, self._library_failed, shown)
        if progress is not None:
            progress.canceled.connect(lambda: self.runner.cancel(self._library_task))
            progress.show()

    def _tell(self, title: str, text: str) -> None:
        """What a long change did, over the documents dialog it was asked for in."""
        dialog = self.documents_dialog
        parent = dialog if dialog is not None and dialog.isVisible() else self
        box = plain(
            QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        )
        box.setObjectName("libraryDone")
        box.open()

    def close_library(self) -> None:
        """On closing: stop an import at its next file, then let the writer lock go; the
        collection and its engine are closed once no task uses them."""
        if self._library_task is not None:
            self.runner.cancel(self._library_task)
            self.runner.wait(30000)
        if self.library is not None:
            self.library.close()
            self.library = None
        opened = self.collection, self.engine
        self.runner.after_running(lambda: _close(*opened))
