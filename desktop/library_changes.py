"""The long changes the documents dialog asks of the library (Re-read, Rebuild all): the work a
worker runs, with its progress, Cancel between documents, and what it says when done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from desktop.tasks import TaskContext
from search_index.library import Library


def _tr(text: str) -> str:
    return QCoreApplication.translate("LibraryController", text)


def reread(ids: list[str]) -> Callable[[Library, TaskContext], str]:
    """Read `ids` again from their files, one at a time; a file that no longer reads keeps
    its old version and is named in what is said."""

    def work(lib: Library, ctx: TaskContext) -> str:
        failed, done = [], 0
        for n, doc_id in enumerate(ids):
            if ctx.cancelled:
                break
            ctx.report(n, len(ids), _tr("Document %d of %d") % (n + 1, len(ids)))
            try:
                lib.reread(doc_id)
                done += 1
            except ValueError as exc:  # ReadError: the old version stays
                failed.append(str(exc))
        said = _tr("%d of %d document(s) read again") % (done, len(ids))
        return "\n".join([said, *failed])

    return work


def rebuild(lib: Library, ctx: TaskContext) -> str:
    """Every document read again and the index built anew; Cancel keeps what was done."""
    problems = lib.rebuild(ctx.report, lambda: ctx.cancelled)
    said = (
        _tr("Stopped: the documents read again so far are in the index; the others are as they were.")
        if ctx.cancelled
        else _tr("Every document read again and the index rebuilt.")
    )
    return "\n".join([said, *problems])
