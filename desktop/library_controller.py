"""The window's collection: opening it, importing (menu, drag and drop), the documents dialog,
and opening it again after a change here or in another window, all in workers so that the
window stays responsive. Holds the one OpenCollection the window shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QProgressDialog

from desktop import library_changes
from desktop.actions import add_action
from desktop.folders import choose_files, choose_folder
from desktop.library_watch import LibraryWatch
from desktop.plain import tell
from desktop.settings import Settings
from desktop.tasks import TaskContext, TaskRunner
from desktop.views.documents_dialog import DocumentsDialog, Writing
from desktop.views.import_report import ImportReportDialog
from desktop.views.progress import progress_dialog, show_progress
from search_index.collection import Collection
from search_index.library import ImportReport, Library, OpenCollection, plain_reason
from search_index.opening import Access, open_collection
from search_index.search import SearchEngine


@dataclass
class _Failed:
    reason: str  # in plain words


class LibraryController(QObject):
    opened = Signal(object)  # the OpenCollection first opened: show it
    changed = Signal(object, str)  # the OpenCollection after a change, and what changed
    failed = Signal(str)  # it could not be opened at all
    message = Signal(str, int)  # for the status bar, and for how long (ms; 0: until replaced)

    def __init__(
        self, window: QMainWindow, runner: TaskRunner, settings: Settings, *, kiosk: bool
    ) -> None:
        super().__init__(window)
        self.window, self.runner, self.settings, self.kiosk = window, runner, settings, kiosk
        self.handle: OpenCollection | None = None
        self.task: int | None = None  # the change (or reload) running, one at a time
        self.documents_dialog: DocumentsDialog | None = None
        self.import_progress: QProgressDialog | None = None
        self.import_report: ImportReportDialog | None = None
        self.import_files_action: QAction | None = None
        self.import_folder_action: QAction | None = None
        self._watch: LibraryWatch | None = None  # of the library another window writes
        self._closed = False

    @property
    def collection(self) -> Collection | None:
        return self.handle.collection if self.handle else None

    @property
    def engine(self) -> SearchEngine | None:
        return self.handle.engine if self.handle else None

    @property
    def library(self) -> Library | None:
        return self.handle.library if self.handle else None

    def build_menu(self, menu: QMenu) -> None:
        window = self.window
        self.import_files_action = add_action(
            window, self.tr("&Import files…"), self.import_files, ["Ctrl+I"], menu
        )
        self.import_folder_action = add_action(
            window, self.tr("Import a &folder…"), self.import_folder, ["Ctrl+Shift+I"], menu
        )
        add_action(window, self.tr("&Documents in the library…"), self.show_documents, [], menu)
        menu.addSeparator()
        window.setAcceptDrops(True)

    # -- opening -----------------------------------------------------------------------------

    def load(self) -> None:
        """Open the library off the UI thread (building or repairing it first if it has to);
        in the kiosk, read without writing a byte."""
        access: Access = "kiosk" if self.kiosk else "write"
        self.runner.submit(
            lambda ctx: open_collection(progress=ctx.report, access=access).with_engine(),
            self._first_opened,
            self.failed.emit,
            lambda d, t, w: self.message.emit(f"{w} ({d}/{t})", 0),
        )

    def _first_opened(self, handle: OpenCollection) -> None:
        if self._closed:  # the window closed meanwhile: its writer lock goes too
            handle.close()
            return
        self.handle = handle
        self.opened.emit(handle)
        self._warm_up(handle)
        if handle.watched is not None:  # the import actions stay: pressed, they take over
            self._follow(handle.watched)
        elif handle.library is None:
            for action in (self.import_files_action, self.import_folder_action):
                if action is not None:  # (none in the kiosk)
                    action.setEnabled(False)
        if handle.notices:
            notices = "\n\n".join(handle.notices)
            tell(self.window, QMessageBox.Icon.Information, notices, "libraryNotice")

    def _changed(self, handle: OpenCollection, message: str) -> bool:
        """Show `handle` from now on; the one it replaces stops warming up and is closed once no
        search uses it (its writer goes on, shared). False: the window closed, and `handle`."""
        self.task = None
        if self._closed:
            handle.close(keep_writer=True)
            return False
        replaced, self.handle = self.handle, handle
        assert replaced is not None
        replaced.stop()
        self.changed.emit(handle, message)
        self.runner.after_running(lambda: replaced.close(keep_writer=True))
        self._warm_up(handle)
        if self.documents_dialog is not None:
            self._fill_documents(handle)
        return True

    def _warm_up(self, handle: OpenCollection) -> None:
        if not self._closed:  # (closed as it opened: the handle is closed too)
            self.runner.submit(lambda ctx: handle.warm_up(lambda: ctx.cancelled), lambda _r: None)

    def close(self) -> None:
        """On closing (once): stop the work under way at its next safe point and, once it has,
        let the library go before the window does (a process ending with it open leaves its log)."""
        if self._closed:
            return
        self._closed = True
        if self.task is not None:
            self.runner.cancel(self.task)
        handle = self.handle
        if handle is not None:
            handle.stop()
            self.runner.after_running(handle.close)
        if not self.runner.finish(30000) and handle is not None and handle.library is not None:
            handle.library.close()  # work that would not stop keeps the rest; not the lock

    # -- following another window's changes -------------------------------------------------

    def _follow(self, directory: Path) -> None:
        self._watch = LibraryWatch(directory, self)
        self._watch.settled.connect(self._reload)

    def _when_writable(self, then: Callable[[], None]) -> int | None:
        """Do `then` (a change asked for) once this window may change the library: at once
        when it writes it; when it followed another window's writing, after taking the library
        over (in a worker), which it can once that window has let it go (closed); else say why
        not. The task started (the change, or the taking over), if any."""
        if self.handle is None:
            return None
        if self.task is not None:
            self.message.emit(self.tr("Wait for the change under way to finish."), 5000)
            return None
        if self.library is not None:
            then()
            return self.task
        if self._watch is None:
            self._refuse_change()
            return None
        watch = self._watch

        def taken(fresh: OpenCollection | None) -> None:
            self.task = None
            if fresh is None:
                self._refuse_change()
            elif self._closed:
                fresh.close()  # its writer lock too
            else:
                watch.stop()
                self._watch = None
                self._changed(fresh, self.tr("This window now adds and removes documents."))
                then()

        self.message.emit(self.tr("Taking the library over, to change it…"), 0)
        self.task = self.runner.submit(
            lambda ctx: _opened_for_writing(watch.directory, ctx),
            taken,
            self._change_failed,
            lambda d, t, w: self.message.emit(self.tr("Taking the library over: %s") % w, 0),
        )
        return self.task

    def _refuse_change(self) -> None:
        busy = self.tr(
            "Another Clinic Reference window is changing the library: change it there, "
            "or close it first."
        )
        broken = self.tr("This window cannot change the library: it could not be opened.")
        self.message.emit(busy if self._watch else broken, 8000)
        if self.documents_dialog is not None and self.documents_dialog.isVisible():
            self.documents_dialog.refuse(busy if self._watch else broken)

    def _reload(self) -> None:
        watch = self._watch
        if watch is None:
            return
        if self.task is not None or self.handle is None:
            watch.again_later()  # after the current reload
            return
        handle = self.handle

        def failed(message: str) -> None:  # mid-change: try again once it settles
            self.task = None
            watch.again_later()

        self.task = self.runner.submit(
            lambda ctx: handle.reopened(),
            lambda fresh: self._changed(
                fresh, self.tr("Updated with the changes made in another Clinic Reference window.")
            ),
            failed,
        )

    # -- importing ---------------------------------------------------------------------------

    def import_files(self) -> None:  # a refusal is said before any file is chosen
        self._when_writable(lambda: self._import(choose_files(self.window, self.settings)))

    def import_folder(self) -> None:
        self._when_writable(lambda: self._import(choose_folder(self.window, self.settings)))

    def import_paths(self, paths: list[Path]) -> int | None:
        """Import in a worker with a progress dialog (Cancel stops after the current file);
        the summary shows when it is done. The task started (the import, or the taking over
        it waits for), or None if it cannot start."""
        return self._when_writable(lambda: self._import(paths))

    def _import(self, paths: list[Path]) -> None:
        if not paths:  # none chosen
            return
        handle, library = self._writing()
        progress = progress_dialog(
            self.window, self.tr("Importing"), self.tr("Reading files…"), "importProgress"
        )
        self.import_progress = progress

        def work(ctx: TaskContext) -> tuple[ImportReport, OpenCollection]:
            report = library.import_paths(paths, ctx.report, lambda: ctx.cancelled)
            return report, handle.reopened()

        def shown(done: int, total: int, what: str) -> None:
            text = self.tr("File %d of %d: %s") % (min(done + 1, total), total, what)
            show_progress(progress, done, total if done or total > 1 else 0, text)  # one: busy

        def finished(result: tuple[ImportReport, OpenCollection]) -> None:
            report, fresh = result
            progress.close()
            if self._changed(fresh, report.summary()):
                self.import_report = ImportReportDialog(report, self.window)
                self.import_report.open()

        self.task = self.runner.submit(work, finished, self._change_failed, shown)
        progress.canceled.connect(lambda: self.runner.cancel(self.task))
        progress.show()

    def _writing(self) -> tuple[OpenCollection, Library]:
        """The collection shown and its writer (a change starts only once there is one)."""
        handle = self.handle
        assert handle is not None and handle.library is not None, "see _when_writable"
        return handle, handle.library

    def _change_failed(self, message: str) -> None:
        self.task = None
        if self.import_progress is not None:
            self.import_progress.close()
        text = self.tr("The library could not be changed:\n%s") % message
        if not self._closed:  # (quitting stopped it: nothing to tell)
            tell(self.window, QMessageBox.Icon.Warning, text, "libraryError")

    # -- drag and drop (the window's events) ------------------------------------------------

    def accepts_drop(self, urls: list[QUrl]) -> bool:  # dropped, see _when_writable
        return self.handle is not None and bool(urls) and all(u.isLocalFile() for u in urls)

    def dropped_paths(self, urls: list[QUrl]) -> list[Path]:
        return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]

    # -- the documents dialog -------------------------------------------------------------------

    def show_documents(self) -> DocumentsDialog | None:
        if self.collection is None:
            return None
        if self.documents_dialog is None:
            dialog = DocumentsDialog(self.window)
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
        self._fill_documents(self.handle)
        self.documents_dialog.show()
        self.documents_dialog.raise_()
        return self.documents_dialog

    def _fill_documents(self, handle: OpenCollection | None) -> None:
        """`handle`'s documents, the buttons as this window may change them now (a take-over)."""
        assert self.documents_dialog is not None and handle is not None
        access: Writing = "take over" if self._watch else "read"
        access = "write" if handle.library is not None else access
        self.documents_dialog.fill(handle.collection.documents(include_hidden=True), access)

    def remove_documents(self, ids: list[str]) -> None:
        if not ids:
            return
        answer = QMessageBox.question(
            self.window,
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
        self._change(library_changes.reread(ids), "%s", self.tr("Reading documents again"))

    def rebuild_library(self) -> None:
        self._change(library_changes.rebuild, "%s", self.tr("Rebuilding the library"))

    def _change(
        self, fn: Callable[[Library, TaskContext], Any], message: str, progress_title: str = ""
    ) -> None:
        """Run a change to the library in a worker, then open the collection again. With a
        `progress_title` (a long change) a progress dialog shows how far it is, with Cancel,
        and what was done is then said in a message, not only in the status bar."""
        self._when_writable(lambda: self._start_change(fn, message, progress_title))

    def _start_change(
        self, fn: Callable[[Library, TaskContext], Any], message: str, progress_title: str
    ) -> None:
        handle, library = self._writing()
        progress = None
        if progress_title:
            progress = progress_dialog(
                self.window, progress_title, progress_title + "…", "changeProgress"
            )
            self.import_progress = progress  # closed, too, if the change fails

        def work(ctx: TaskContext) -> tuple[Any, OpenCollection]:
            try:
                outcome = fn(library, ctx)
            except (OSError, sqlite3.Error) as exc:  # e.g. a full disk: the change is undone
                outcome = _Failed(plain_reason(exc))
            return outcome, handle.reopened()

        def finished(result: tuple[Any, OpenCollection]) -> None:
            outcome, fresh = result
            if progress is not None:
                progress.close()
            if isinstance(outcome, _Failed):
                if self._changed(fresh, ""):
                    self._change_failed(outcome.reason)
            elif self._changed(fresh, message % outcome) and progress is not None:
                self._tell(progress_title, message % outcome)

        shown = (lambda *at: show_progress(progress, *at)) if progress is not None else None
        self.task = self.runner.submit(work, finished, self._change_failed, shown)
        if progress is not None:
            progress.canceled.connect(lambda: self.runner.cancel(self.task))
            progress.show()

    def _tell(self, title: str, text: str) -> None:
        """What a long change did, over the documents dialog it was asked for in."""
        dialog = self.documents_dialog
        parent = dialog if dialog is not None and dialog.isVisible() else self.window
        tell(parent, QMessageBox.Icon.Information, text, "libraryDone", title)


def _opened_for_writing(directory: Path, ctx: TaskContext) -> OpenCollection | None:
    """In a worker: the library opened for writing, with its engine; None while another writes it."""
    fresh = open_collection(directory, ctx.report, access="write")
    if fresh.library is None:
        fresh.close()
        return None
    return fresh.with_engine()
