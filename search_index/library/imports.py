"""Reading files into the library: each file fails alone, duplicates (same DOI, PMID or text)
are skipped, and the store and the index agree after every flush, even if the import is killed
or cancelled or the disk fills up."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from search_index.collection import Progress
from search_index.importing import read_any
from search_index.library.reasons import disk_full, full_disk_message, plain_reason
from search_index.library.report import FileTally, ImportReport
from search_index.paths import readable, stored_path
from search_index.reading import ReadError
from search_index.reading.model import Document
from search_index.store import (
    Cancelled,
    add_document,
    asking,
    content_hash,
    indexed,
    passages_for_index,
    pmid_of,
    queue_for_index,
    remove_document,
    transaction,
)
from search_index.suggest import add_to_vocabulary

if TYPE_CHECKING:
    from search_index.library.writer import Library

FLUSH_EVERY = 200  # documents: the index is committed at least this often during an import
FLUSH_SECONDS = 2.0  # ... and at least this often, so a kill loses little indexing work


def expand(inputs: Iterable[Path], folders: list[tuple[str, str]]) -> list[tuple[Path, str]]:
    """Files, and the files in folders (recursively), hidden ones left out, in a stable order,
    each with the name it is shown by (a folder's file, or subfolder, by its path inside that
    folder). A path given that cannot be looked at (missing, a symlink loop) is listed as a
    file, for reading it to say why; a folder that may not be read or a link to a folder goes
    into `folders` as ("path/", reason). A path given and met in a folder given too is listed
    once."""
    out: list[tuple[Path, str]] = []
    seen: set[str] = set()

    def first(path: Path) -> bool:
        key = os.path.abspath(path)  # as given: a symlink loop has no resolved path
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in inputs:
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError:
            is_dir = False
        if not is_dir:
            if first(path):
                out.append((path, readable(path.name or str(path))))
            continue

        def inside(where: str | Path, top: Path = path) -> str:
            within = Path(where).relative_to(top)  # "." for the folder given itself
            return readable(str(within) if within.parts else top.name or str(top))

        def unreadable(exc: OSError, inside=inside) -> None:
            folders.append(
                (f"{inside(exc.filename or '')}/", f"it could not be read: {plain_reason(exc)}")
            )

        for folder, subfolders, names in os.walk(path, onerror=unreadable):
            links = {d for d in subfolders if (Path(folder) / d).is_symlink()}
            folders.extend(
                (
                    f"{inside(Path(folder) / d)}/",
                    f"a link to the folder “{_target(Path(folder) / d)}”, not followed (it could "
                    "lead back here): import that folder itself",
                )
                for d in sorted(links)
            )
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in links)
            out.extend(
                (Path(folder) / n, inside(Path(folder) / n))
                for n in sorted(names)
                if not n.startswith(".") and first(Path(folder) / n)
            )
    return out


def _target(link: Path) -> str:
    """Where a symbolic link points, as it says."""
    try:
        return readable(os.readlink(link))
    except OSError:
        return "?"


def import_paths(
    library: Library,
    inputs: Iterable[Path],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    committed: Callable[[str], None] | None = None,
) -> ImportReport:
    """Read files (and folders) into the library; each file fails alone. `committed` is told
    each document id once it is in the store and the index."""
    run = _Import(library, cancelled, committed)
    report = run.report
    files = [(f, name) for f, name in expand(inputs, report.folders) if not _own(library, f)]
    report.tallies = [FileTally() for _ in files]
    library.mark_vocabulary(stale=True)  # until the words are counted at the end

    def tell(i: int, name: str) -> None:
        if progress:
            progress(
                i,
                len(files),
                f"{name} — so far {len(report.added) + len(run.pending)} "
                f"added, {len(report.duplicates)} duplicates, "
                f"{len(report.failed)} failed",
            )

    for i, (path, name) in enumerate(files):
        if report.stopped or report.cancelled:
            break
        if cancelled():
            report.cancelled = True
            break
        tell(i, name)
        run.told = partial(tell, i, name)  # again as an export's records are indexed
        run.take(path, name, report.tallies[i])
    run.flush()
    run.count_words()
    if progress:
        progress(len(files), len(files), report.summary())
    return report


def _own(library: Library, path: Path) -> bool:
    """Whether a file is the library's own (a folder holding it is not imported into it)."""
    try:
        return library.directory.resolve() in path.resolve().parents
    except (OSError, RuntimeError):  # a symlink loop: reading it will say so
        return False


class _Import:
    """One import's progress: documents in the store not yet flushed to the index, and the
    words indexed so far (counted for suggestions once, at the end)."""

    def __init__(
        self, library: Library, cancelled: Callable[[], bool], committed: Callable[[str], None] | None
    ) -> None:
        self.library, self.cancelled, self.committed = library, cancelled, committed
        self.report = ImportReport()
        self.known = _Identities(library.db)
        self.pending: list[tuple[str, str, str, FileTally]] = []  # (doc id, file, title, its tally)
        self.texts: list[str] = []  # indexed, for suggestions
        self.titles: list[str] = []
        self.last_flush = time.monotonic()
        self.told: Callable[[], None] = lambda: None  # how far the import is, after a flush

    def take(self, path: Path, name: str, tally: FileTally) -> None:
        """Each new document of one file into the store (one transaction each), queued for
        the index and indexed every so often (an export of thousands of records as well as a
        folder of files); what became of each is counted in the file's `tally`."""
        db, report = self.library.db, self.report
        for n, doc in enumerate(_read(path, name, report, tally)):
            if n and self.cancelled():  # between an export's records (a file of one is taken)
                report.cancelled = True
                return
            if len(self.pending) >= FLUSH_EVERY or time.monotonic() - self.last_flush > FLUSH_SECONDS:
                self.flush()
                if report.stopped or report.cancelled:
                    return
            keys = _Identities.keys_of(doc)
            same = self.known.duplicate_of(keys)
            if same:
                report.duplicates.append((name, doc.title, same))
                tally.duplicates += 1
                continue
            doc.doc_id = _free_id(db, doc.doc_id)
            try:
                with transaction(db):
                    add_document(
                        db,
                        doc,
                        bundled=False,
                        origin=stored_path(path.resolve()),
                        cancelled=self.cancelled,
                    )
                    queue_for_index(db, [doc.doc_id])
            except Cancelled:  # rolled back
                report.cancelled = True
                return
            except (sqlite3.Error, OSError) as exc:  # rolled back: nothing half-written
                if disk_full(exc):
                    report.stopped = full_disk_message()
                    return
                _fail(report, tally, name, plain_reason(exc))
                continue
            except Exception as exc:  # rolled back: a fault with this document fails it alone
                _fail(report, tally, name, f"it could not be added ({plain_reason(exc)})")
                continue
            self.known.add(keys, doc.title)
            self.pending.append((doc.doc_id, name, doc.title, tally))

    def flush(self) -> None:
        """Index what the store took since the last flush; if the index cannot take it (or the
        user cancels meanwhile), take it out of the store again so that the two agree."""
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        db, report, pending = self.library.db, self.report, self.pending
        ids = [p[0] for p in pending]
        try:
            with self.library.index_update() as update:
                update.add(asking(passages_for_index(db, ids), self.cancelled))
        except Cancelled:
            report.cancelled = True
            _take_out(db, ids)
        except Exception as exc:
            if disk_full(exc) and not report.stopped:
                report.stopped = full_disk_message()
            try:
                _take_out(db, ids)
                why = f"it could not be indexed ({plain_reason(exc)})"
            except (sqlite3.Error, OSError):  # they stay whole and queued for the index
                why = (
                    f"it is in the library but could not be indexed yet ({plain_reason(exc)}); "
                    "it will be at the next start"
                )
            for _, name, _, tally in pending:
                _fail(report, tally, name, why)
        else:
            try:
                indexed(db, ids)
            except (sqlite3.Error, OSError):  # still queued: indexed again at the next start
                pass
            for _, name, title, tally in pending:
                report.added.append((name, title))
                tally.added += 1
            self.texts.extend(update.added_texts)
            self.titles.extend(p[2] for p in pending)
            if self.committed:
                for doc_id in ids:
                    self.committed(doc_id)
        pending.clear()
        self.told()

    def count_words(self) -> None:
        """Once, not at every flush: rewriting the word counts holds the interpreter (and so
        the window) for tens of milliseconds each time."""
        try:
            if self.texts:
                try:
                    add_to_vocabulary(self.library.index_dir, self.texts, self.titles)
                except ValueError:  # the file was damaged: count every word again
                    self.library.write_vocabulary()
            self.library.mark_vocabulary(stale=False)
        except OSError as exc:  # still marked stale: the next opening counts them
            if not disk_full(exc):
                raise
            self.report.stopped = self.report.stopped or full_disk_message()


def _take_out(db: sqlite_utils.Database, ids: list[str]) -> None:
    with transaction(db):
        for doc_id in ids:
            remove_document(db, doc_id)


def _read(path: Path, name: str, report: ImportReport, tally: FileTally) -> list[Document]:
    """The documents of one file; what cannot be read goes into the report instead."""
    broken: list[ReadError] = []  # records of an export that could not be read
    try:
        docs = read_any(path, broken)
    except ReadError as exc:
        docs, broken = [], [exc]
    except FileNotFoundError as exc:
        docs, broken = [], [ReadError(name, _missing(path, exc))]
    except OSError as exc:
        docs, broken = [], [ReadError(name, plain_reason(exc))]
    except Exception as exc:  # a reader's bug: this file fails, the batch goes on
        docs, broken = [], [ReadError(name, f"it could not be read ({exc})")]
    if not docs and not broken:  # an export with no records
        broken = [ReadError(name, "there is no document in it")]
    for problem in broken:
        _fail(report, tally, name, problem.reason)
    return docs


def _missing(path: Path, exc: FileNotFoundError) -> str:
    """Why a file could not be opened: gone, or a link to nothing."""
    if path.is_symlink():
        return f"it is a link to “{_target(path)}”, which does not exist"
    return plain_reason(exc)


def _fail(report: ImportReport, tally: FileTally, name: str, reason: str) -> None:
    report.failed.append((name, reason))
    tally.failed += 1


def _free_id(db: sqlite_utils.Database, doc_id: str) -> str:
    taken = {
        r[0]
        for r in db.execute(
            "SELECT id FROM documents WHERE id = ? OR id LIKE ?", [doc_id, f"{doc_id}-%"]
        )
    }
    n, candidate = 1, doc_id
    while candidate in taken:
        n += 1
        candidate = f"{doc_id}-{n}"
    return candidate


class _Identities:
    """What makes two documents the same: DOI, PMID or identical text."""

    KINDS = ("DOI", "PMID", "text")

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.by: dict[str, dict[str, str]] = {kind: {} for kind in self.KINDS}
        for r in db.query("SELECT title, doi, pmid, content_hash FROM documents"):
            self.add(((r["doi"] or "").lower(), r["pmid"] or "", r["content_hash"]), r["title"])

    @staticmethod
    def keys_of(doc: Document) -> tuple[str, str, str]:
        return doc.doi.lower(), pmid_of(doc), content_hash(doc.source)

    def add(self, keys: tuple[str, str, str], title: str) -> None:
        for kind, value in zip(self.KINDS, keys):
            if value:
                self.by[kind][value] = title

    def duplicate_of(self, keys: tuple[str, str, str]) -> str:
        """Why a document with these keys is already in the library ("" if it is not)."""
        for kind, value in zip(self.KINDS, keys):
            if value and value in self.by[kind]:
                what = "the same text as" if kind == "text" else f"the same {kind} as"
                return f"{what} “{self.by[kind][value]}”"
        return ""
