"""The user's library: the bundled documents and those the clinic adds, in one writable
collection (store and index) in the user's folder.

The store is the source of truth and the index holds the passages of every document that is not
hidden. Every change to a document (add, re-read, remove, hide) is one store transaction that
also queues the document for the index (`index_pending`); the index is then brought in line and
the queue emptied. A process killed anywhere leaves each document whole, old or new, and the next
opening re-indexes whatever is still queued (`reconcile`). One process writes at a time (a lock
file); another one opens the library read-only.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils
from whoosh.util.filelock import FileLock

from search_index import paths
from search_index.collection import Collection, Progress, open_default
from search_index.importing import read_any
from search_index.index import INDEX_DIR, IndexUpdate, build_index, live_documents, open_index
from search_index.reading import ReadError, read_text
from search_index.reading.model import Document
from search_index.salvage import salvage
from search_index.store import (
    STORE_FILE,
    Cancelled,
    add_document,
    asking,
    chunks,
    content_hash,
    get_meta,
    indexed,
    open_store,
    passages_for_index,
    pending_for_index,
    pmid_of,
    queue_for_index,
    relabel,
    remove_document,
    set_meta,
    transaction,
)
from search_index.suggest import VOCABULARY_FILE, add_to_vocabulary, write_vocabulary

LIBRARY_DIR = "library"
LOCK_FILE = "writer.lock"
FLUSH_EVERY = 200  # documents: the index is committed at least this often during an import
FLUSH_SECONDS = 2.0  # ... and at least this often, so a kill loses little indexing work


class LibraryBusy(RuntimeError):
    """Another Clinic Reference process is writing to this library."""


class LibraryReadOnly(LibraryBusy):
    """The library's folder cannot be written."""


@dataclass
class ImportReport:
    added: list[tuple[str, str]] = field(default_factory=list)  # (file name, title)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (file, title, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    files: int = 0  # files looked at
    cancelled: bool = False
    stopped: str = ""  # why the import stopped before the end (e.g. a full disk)

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.duplicates)} skipped as duplicates",
                 f"{len(self.failed)} failed"]
        tail = " (cancelled)" if self.cancelled else f". Stopped: {self.stopped}" \
            if self.stopped else ""
        return f"{self.files} file{'s' * (self.files != 1)} read: {', '.join(parts)}{tail}"


def expand(inputs: Iterable[Path], problems: list[tuple[str, str]]) -> list[Path]:
    """Files, and the files in folders (recursively), hidden ones left out, in a stable order.
    What cannot be looked at (a missing path, a symlink loop, a folder that may not be read)
    goes into `problems` as (name, reason)."""
    out: list[Path] = []

    def unreadable(exc: OSError) -> None:
        name = Path(exc.filename or "").name
        problems.append((f"{name}/", f"the folder could not be read: {plain_reason(exc)}"))

    for path in inputs:
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            problems.append((path.name or str(path), plain_reason(exc)))
            continue
        if not is_dir:
            out.append(path)
            continue
        for folder, subfolders, names in os.walk(path, onerror=unreadable):
            links = {d for d in subfolders if (Path(folder) / d).is_symlink()}
            problems.extend((f"{d}/", "a link to a folder, not followed (it could lead back "
                                      "here): import that folder itself") for d in sorted(links))
            subfolders[:] = sorted(d for d in subfolders
                                   if not d.startswith(".") and d not in links)
            out.extend(Path(folder) / n for n in sorted(names) if not n.startswith("."))
    return out


def plain_reason(exc: BaseException) -> str:
    """What went wrong, for a person rather than a programmer."""
    text = str(exc).lower()
    if isinstance(exc, FileNotFoundError):
        return "the file is no longer there"
    if isinstance(exc, IsADirectoryError):
        return "this is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "Clinic Reference is not allowed to read or write it (permissions)"
    if "readonly" in text or "read-only" in text:
        return "the library's folder is read-only, so nothing can be added to it"
    if "full" in text or getattr(exc, "errno", None) == 28:
        return "the disk holding the library is full"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def disk_full(exc: BaseException) -> bool:
    """Whether an error is the disk (or SQLite's file) having no room left."""
    return getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in str(exc).lower()


def healthy(store: Path) -> bool:
    """Whether a store file is an intact SQLite database with documents in it."""
    try:  # read-write: a process killed mid-transaction leaves a journal to roll back first
        conn = sqlite3.connect(f"file:{store}?mode=rw", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            return ok and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


class Library:
    """The writable library; holds the writer lock for as long as it is open."""

    def __init__(self, directory: Path, bundled: Collection,
                 progress: Progress | None = None) -> None:
        self.directory = directory
        self.store_path = directory / STORE_FILE
        self.index_dir = directory / INDEX_DIR
        self.notices: list[str] = []
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(directory / LOCK_FILE))
        try:
            locked = self._lock.acquire(blocking=False)
        except OSError as exc:
            raise LibraryReadOnly(f"{directory}: {plain_reason(exc)}") from exc
        if not locked:
            raise LibraryBusy(f"{directory} is being written by another Clinic Reference")
        try:
            self._prepare(bundled, progress)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
            self.db = None
        if self._lock.fd is not None:
            self._lock.release()

    # -- opening ---------------------------------------------------------------------------

    def _prepare(self, bundled: Collection, progress: Progress | None) -> None:
        damaged = None
        if self.store_path.exists() and not healthy(self.store_path):
            damaged = self._move_aside()
        elif not self.store_path.exists() and self.index_dir.exists():
            self.notices.append(
                f"The library's store ({self.store_path}) was missing, so a new one has been "
                "made with the bundled documents; documents you had added need adding again.")
        if not self.store_path.exists():
            self._copy_bundled(bundled)
        self.db = open_store(self.store_path)
        # Write-ahead logging: a commit costs no disk flush, yet a killed process loses no
        # committed transaction (only a power cut could take the last few).
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        resumed = get_meta(self.db, "salvaging")
        if damaged is None and resumed:  # a salvage cut short by a kill goes on
            damaged = Path(resumed)
        if damaged is not None:
            set_meta(self.db, {"salvaging": str(damaged)})
            saved, seen = salvage(damaged, self.db)
            set_meta(self.db, {"salvaging": ""})
            self.notices.append(
                f"The library's store was damaged and has been moved aside to {damaged}. The "
                "bundled documents are back; " + (
                    f"{saved} of the {seen} documents you had added could still be read and "
                    "are back too" + ("; the others need adding again." if saved < seen else ".")
                    if seen else "none of the documents you had added could be read from it: "
                                 "they need adding again."))
        if get_meta(self.db, "bundled_fingerprint") != get_meta(bundled.db, "fingerprint"):
            self.refresh_bundled(bundled)
            self.rebuild_index(progress)
        elif self.reconcile(progress) == (0, 0) and (
                get_meta(self.db, "vocabulary_stale") == "1" or not self._vocabulary_readable()):
            self._write_vocabulary()  # an import was killed before it counted its words

    def _move_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.store_path.with_name(f"damaged-{stamp}-{STORE_FILE}")
        for suffix in ("", "-wal", "-shm"):  # its log goes with it, never onto a new store
            companion = Path(f"{self.store_path}{suffix}")
            if companion.exists():
                os.replace(companion, Path(f"{aside}{suffix}"))
        shutil.rmtree(self.index_dir, ignore_errors=True)
        return aside

    def _vocabulary_readable(self) -> bool:
        try:
            data = json.loads((self.index_dir / VOCABULARY_FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("words"), dict):
                return True
        except (OSError, ValueError):
            pass
        self.notices.append("The word list for spelling suggestions was damaged and has been "
                            "counted again.")
        return False

    def _copy_bundled(self, bundled: Collection) -> None:
        """A new library starts as a copy of the bundled store (the index is built from it)."""
        tmp = self.store_path.with_name(f".{STORE_FILE}.new")
        for stale in (tmp, Path(f"{self.store_path}-wal"), Path(f"{self.store_path}-shm")):
            stale.unlink(missing_ok=True)
        target = sqlite3.connect(tmp)
        try:
            bundled.db.conn.backup(target)
        finally:
            target.close()
        os.replace(tmp, self.store_path)
        db = open_store(self.store_path)
        set_meta(db, {"bundled_fingerprint": get_meta(bundled.db, "fingerprint") or ""})
        db.close()
        shutil.rmtree(self.index_dir, ignore_errors=True)

    def refresh_bundled(self, bundled: Collection) -> None:
        """Replace the bundled documents with those the app now ships (hidden ones stay hidden)."""
        old = {r["id"]: r for r in self.db.query(
            "SELECT id, hidden, labelled, kind, audience FROM documents WHERE bundled")}
        new = [read_text(meta["file_name"], bundled.source(doc_id), doc_id=doc_id)
               for doc_id, meta in bundled.documents(include_hidden=True).items()]
        with transaction(self.db):  # all or nothing: a kill leaves the previous set whole
            for doc_id in old:
                remove_document(self.db, doc_id)
            for doc in new:  # hidden ones stay hidden, the user's labels stay
                was = old.get(doc.doc_id) or {"hidden": 0, "labelled": 0}
                if was["labelled"]:
                    doc.kind = was["kind"]
                add_document(self.db, doc, bundled=True, hidden=bool(was["hidden"]),
                             audience=was["audience"] if was["labelled"] else "",
                             labelled=bool(was["labelled"]))
            queue_for_index(self.db, [*old, *(d.doc_id for d in new)])
            set_meta(self.db, {"bundled_fingerprint":
                               get_meta(bundled.db, "fingerprint") or ""})

    def reconcile(self, progress: Progress | None = None) -> tuple[int, int]:
        """Make the index hold exactly the store's visible documents: those queued by a change
        the index has not taken yet, and any whose passage count differs; returns (re-indexed,
        dropped). An index that is missing or cannot be opened is rebuilt."""
        try:
            in_index = live_documents(self.index_dir)
        except Exception:  # missing, or damaged beyond Whoosh's reading: build it again
            if self.index_dir.exists():
                self.notices.append("The search index was damaged and has been rebuilt.")
            self.rebuild_index(progress)
            return 0, 0
        queued = pending_for_index(self.db)
        stored = {r["id"]: r["n"] for r in self.db.query(
            "SELECT d.id, count(p.id) AS n FROM documents d LEFT JOIN passages p "
            "ON p.document_id = d.id WHERE NOT d.hidden GROUP BY d.id")}
        stale = [d for d, n in stored.items() if d in queued or in_index.get(d, 0) != n]
        extra = [d for d in in_index if d not in stored]
        if stale or extra:
            self._reindex(drop=stale + extra, add=stale)
        indexed(self.db, queued)  # queued ones that are neither: removed and already dropped
        return len(stale), len(extra)

    def rebuild_index(self, progress: Progress | None = None) -> int:
        """A new index from the store, built beside the old one and swapped in."""
        new = self.directory / f".{INDEX_DIR}.new"
        shutil.rmtree(new, ignore_errors=True)
        count = self.db.execute("SELECT count(*) FROM passages p JOIN documents d "
                                "ON d.id = p.document_id WHERE NOT d.hidden").fetchone()[0]
        if progress:
            progress(0, count, "Building the search index")
        n = build_index(passages_for_index(self.db), new, count,
                        (lambda done: progress(done, count, "Building the search index"))
                        if progress else None)
        old = self.directory / f".{INDEX_DIR}.old"
        shutil.rmtree(old, ignore_errors=True)
        if self.index_dir.exists():
            os.replace(self.index_dir, old)
        os.replace(new, self.index_dir)  # killed just before this: no index, rebuilt next time
        shutil.rmtree(old, ignore_errors=True)
        indexed(self.db, pending_for_index(self.db))
        self._mark_vocabulary(stale=False)  # the build counted the words
        if progress:
            progress(count, count, f"Indexed {n} passages")
        return n

    def _reindex(self, drop: list[str], add: list[str]) -> None:
        """Take documents out of the index and put (their new versions) in, in one commit;
        the words for suggestions are then counted again from the store."""
        with IndexUpdate(self.index_dir) as update:
            for doc_id in drop:
                update.remove(doc_id)
            if add:
                update.add(passages_for_index(self.db, add))
        indexed(self.db, {*drop, *add})
        self._write_vocabulary()

    def _write_vocabulary(self) -> None:
        rows = self.db.query("SELECT p.text FROM passages p JOIN documents d "
                             "ON d.id = p.document_id WHERE NOT d.hidden")
        titles = [r["title"] for r in self.db.query(
            "SELECT title FROM documents WHERE NOT hidden")]
        write_vocabulary(self.index_dir, (r["text"] for r in rows), titles)
        self._mark_vocabulary(stale=False)

    def _mark_vocabulary(self, *, stale: bool) -> None:
        try:
            set_meta(self.db, {"vocabulary_stale": str(int(stale))})
        except sqlite3.Error:  # a store that takes no writes takes no documents either
            pass

    # -- importing -------------------------------------------------------------------------

    def import_paths(self, inputs: Iterable[Path], progress: Progress | None = None,
                     cancelled: Callable[[], bool] = lambda: False,
                     committed: Callable[[str], None] | None = None) -> ImportReport:
        """Read files (and folders) into the library; each file fails alone. `committed` is
        told each document id once it is in the store and the index."""
        report = ImportReport()
        files = [f for f in expand(inputs, report.failed) if not self._own(f)]
        known = _Identities(self.db)
        pending: list[tuple[str, str, str]] = []  # (doc id, file name, title) not yet indexed
        words: tuple[list[str], list[str]] = ([], [])  # texts and titles indexed, for suggestions
        self._mark_vocabulary(stale=True)  # until the words are counted at the end
        last_flush = time.monotonic()
        for i, path in enumerate(files):
            if report.stopped or report.cancelled:
                break
            if cancelled():
                report.cancelled = True
                break
            if progress:
                progress(i, len(files), f"{path.name} — so far {len(report.added) + len(pending)} "
                                        f"added, {len(report.duplicates)} duplicates, "
                                        f"{len(report.failed)} failed")
            report.files += 1
            for doc in self._read(path, report):
                keys = _Identities.keys_of(doc)
                same = known.duplicate_of(keys)
                if same:
                    report.duplicates.append((path.name, doc.title, same))
                    continue
                doc.doc_id = self._free_id(doc.doc_id)
                try:
                    with transaction(self.db):
                        add_document(self.db, doc, bundled=False, origin=str(path.resolve()),
                                     cancelled=cancelled)
                        queue_for_index(self.db, [doc.doc_id])
                except Cancelled:  # rolled back
                    report.cancelled = True
                    break
                except (sqlite3.Error, OSError) as exc:  # rolled back: nothing half-written
                    if disk_full(exc):
                        report.stopped = self._full(len(files) - i)
                        break
                    report.failed.append((path.name, plain_reason(exc)))
                    continue
                known.add(keys, doc.title)
                pending.append((doc.doc_id, path.name, doc.title))
            if len(pending) >= FLUSH_EVERY or time.monotonic() - last_flush > FLUSH_SECONDS:
                self._flush(pending, report, committed, words, cancelled)
                last_flush = time.monotonic()
        self._flush(pending, report, committed, words, cancelled)
        # Once, not at every flush: rewriting the word counts holds the interpreter (and so
        # the window) for tens of milliseconds each time.
        try:
            if words[0]:
                try:
                    add_to_vocabulary(self.index_dir, *words)
                except ValueError:  # the file was damaged: count every word again
                    self._write_vocabulary()
            self._mark_vocabulary(stale=False)
        except OSError as exc:  # still marked stale: the next opening counts them
            if not disk_full(exc):
                raise
            report.stopped = report.stopped or self._full(0)
        if progress:
            progress(len(files), len(files), report.summary())
        return report

    def _own(self, path: Path) -> bool:
        """Whether a file is the library's own (a folder holding it is not imported into it)."""
        try:
            return self.directory.resolve() in path.resolve().parents
        except (OSError, RuntimeError):  # a symlink loop: reading it will say so
            return False

    @staticmethod
    def _full(left: int) -> str:
        return ("the disk holding the library is full. What was added is kept, each document "
                "whole" + (f"; {left} file{'s' * (left != 1)} still to import" if left else "")
                + ". Free some space and import again: what is already in is skipped.")

    @staticmethod
    def _read(path: Path, report: ImportReport) -> list[Document]:
        """The documents of one file; what cannot be read goes into the report instead."""
        broken: list[ReadError] = []  # records of an export that could not be read
        try:
            docs = read_any(path, broken)
        except ReadError as exc:
            report.failed.append((path.name, exc.reason))
            return []
        except OSError as exc:
            report.failed.append((path.name, plain_reason(exc)))
            return []
        except Exception as exc:  # a reader's bug: this file fails, the batch goes on
            report.failed.append((path.name, f"it could not be read ({exc})"))
            return []
        report.failed.extend((path.name, exc.reason) for exc in broken)
        return docs

    def _flush(self, pending: list[tuple[str, str, str]], report: ImportReport,
               committed: Callable[[str], None] | None,
               words: tuple[list[str], list[str]],
               cancelled: Callable[[], bool]) -> None:
        """Index what the store took since the last flush; if the index cannot take it (or the
        user cancels meanwhile), take it out of the store again so that the two agree."""
        if not pending:
            return
        ids = [p[0] for p in pending]
        try:
            with IndexUpdate(self.index_dir) as update:
                update.add(asking(passages_for_index(self.db, ids), cancelled))
        except Cancelled:
            report.cancelled = True
            with transaction(self.db):
                for doc_id in ids:
                    remove_document(self.db, doc_id)
        except Exception as exc:
            if disk_full(exc) and not report.stopped:
                report.stopped = self._full(0)
            try:
                with transaction(self.db):
                    for doc_id in ids:
                        remove_document(self.db, doc_id)
                why = f"it could not be indexed ({plain_reason(exc)})"
            except (sqlite3.Error, OSError):  # they stay whole and queued for the index
                why = (f"it is in the library but could not be indexed yet ({plain_reason(exc)}); "
                       "it will be at the next start")
            report.failed.extend((name, why) for _, name, _ in pending)
        else:
            try:
                indexed(self.db, ids)
            except (sqlite3.Error, OSError):  # still queued: indexed again at the next start
                pass
            report.added.extend((name, title) for _, name, title in pending)
            words[0].extend(update.added_texts)
            words[1].extend(p[2] for p in pending)
            if committed:
                for doc_id in ids:
                    committed(doc_id)
        pending.clear()

    def _free_id(self, doc_id: str) -> str:
        taken = {r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE id = ? OR id LIKE ?", [doc_id, f"{doc_id}-%"])}
        n, candidate = 1, doc_id
        while candidate in taken:
            n += 1
            candidate = f"{doc_id}-{n}"
        return candidate

    # -- managing ----------------------------------------------------------------------------

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Delete added documents (bundled ones can only be hidden), all in one transaction."""
        ids = [r["id"] for r in self._rows(doc_ids) if not r["bundled"]]
        with transaction(self.db):
            for doc_id in ids:
                remove_document(self.db, doc_id)
            queue_for_index(self.db, ids)
        self._reindex(drop=ids, add=[])
        return len(ids)

    def set_hidden(self, doc_ids: Iterable[str], hidden: bool) -> int:
        ids = [r["id"] for r in self._rows(doc_ids) if bool(r["hidden"]) != hidden]
        with transaction(self.db):
            self.db.conn.executemany("UPDATE documents SET hidden = ? WHERE id = ?",
                                     [(int(hidden), d) for d in ids])
            queue_for_index(self.db, ids)
        self._reindex(drop=ids, add=[] if hidden else ids)
        return len(ids)

    def reread(self, doc_id: str) -> Document:
        """Read a document again: an added one from its file, a bundled one from its saved
        text (with the current reading code). Raises ReadError, leaving the old version."""
        doc = self._read_again(doc_id, {})
        self._reindex(drop=[doc_id], add=[doc_id])
        return doc

    def rebuild(self, progress: Progress | None = None) -> list[str]:
        """Read every document again (as `reread`), then build the index anew beside the old
        one and swap it in. Returns what could not be read again; those documents stay as
        they were."""
        problems: list[str] = []
        files: dict[str, list[Document] | OSError] = {}  # one file, many records: read once
        ids = [r["id"] for r in self.db.query("SELECT id FROM documents ORDER BY id")]
        for i, doc_id in enumerate(ids):
            if progress:
                progress(i, len(ids), "Reading the documents again")
            try:
                self._read_again(doc_id, files)
            except ReadError as exc:
                problems.append(str(exc))
        self.rebuild_index(progress)
        return problems

    def _read_again(self, doc_id: str, files: dict[str, list[Document] | OSError]) -> Document:
        """The new version is read whole before the store is touched; then it replaces the
        old one in one transaction, which also queues it for the index."""
        (row,) = self._rows([doc_id])
        if row["bundled"]:
            doc = read_text(row["file_name"], row["source"], doc_id=doc_id)
        else:
            origin = row["origin"] or row["file_name"]
            if origin not in files:
                try:
                    files[origin] = read_any(Path(origin))
                except OSError as exc:
                    files[origin] = exc
            found = files[origin]
            if isinstance(found, OSError):
                raise ReadError(row["file_name"], f"{plain_reason(found)} ({origin}); kept "
                                                  "as it was read")
            doc = _same_document(row, found)
            if doc is None:
                raise ReadError(row["file_name"], "the file no longer holds this document")
            doc.doc_id = doc_id
        if row["labelled"]:  # the user's labels outlast the reading code's guess
            doc.kind = row["kind"]
        with transaction(self.db):
            add_document(self.db, doc, bundled=bool(row["bundled"]), origin=row["origin"] or "",
                         replace=True, hidden=bool(row["hidden"]),
                         audience=row["audience"] if row["labelled"] else "",
                         labelled=bool(row["labelled"]))
            queue_for_index(self.db, [doc_id])
        return doc

    def relabel(self, doc_ids: Iterable[str], kind: str = "", audience: str = "") -> int:
        """Set the kind and/or the audience of documents (what a reader guessed can be wrong:
        a patient leaflet read as plain text is "for clinicians"). Returns how many changed."""
        rows = [r for r in self._rows(doc_ids)
                if (kind or r["kind"], audience or r["audience"]) != (r["kind"], r["audience"])]
        ids = [r["id"] for r in rows]
        with transaction(self.db):
            for r in rows:
                relabel(self.db, r, kind or r["kind"], audience or r["audience"])
            queue_for_index(self.db, ids)
        self._reindex(drop=ids, add=[r["id"] for r in rows if not r["hidden"]])
        return len(ids)

    def _rows(self, doc_ids: Iterable[str]) -> list[dict]:
        return [row for ids in chunks(doc_ids) for row in self.db.query(
            f"SELECT * FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)]


def _same_document(row: dict, found: list[Document]) -> Document | None:
    if len(found) == 1:
        return found[0]
    for doc in found:
        if (row["pmid"] and pmid_of(doc) == row["pmid"]) or (
                row["doi"] and doc.doi.lower() == row["doi"].lower()):
            return doc
    return None


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


def library_dir() -> Path:
    return paths.user_data_dir() / LIBRARY_DIR


@dataclass
class Opened:
    collection: Collection
    library: Library | None  # None when another process is writing (read-only)
    notices: list[str]
    # The library's folder when it is read without being written (its writer may change it).
    watched: Path | None = None


def open_library(directory: Path | None = None, progress: Progress | None = None, *,
                 write: bool = True) -> Opened:
    """The library for reading, and for writing when `write` and no other process writes to
    it. Opened only to read, it takes no lock, writes nothing and repairs nothing: a library
    not made yet reads as the bundled collection."""
    directory = directory or library_dir()
    bundled = open_default(progress)
    if not write:
        if not (directory / STORE_FILE).exists():
            return Opened(bundled, None, [])
        return _read_only(directory, bundled, [])
    try:
        library = Library(directory, bundled, progress)
    except LibraryBusy as exc:
        notice = ("The library's folder cannot be written, so documents cannot be added or "
                  f"removed ({exc})." if isinstance(exc, LibraryReadOnly) else
                  "Another Clinic Reference window is using this profile's library: this one "
                  "can search and read it but not add or remove documents; it shows their "
                  "changes as they are made.")
        return _read_only(directory, bundled, [notice])
    except Exception as exc:  # the library cannot be made or opened: the bundled one always can
        return Opened(bundled, None, [
            f"The library in {directory} could not be opened ({plain_reason(exc)}); showing "
            "the bundled documents only, and nothing can be added until that is put right."])
    bundled.close()
    return Opened(Collection(directory), library, library.notices)


def _read_only(directory: Path, bundled: Collection, notices: list[str]) -> Opened:
    """The library opened without writing; damaged, it is repaired by the next writer, and
    meanwhile the bundled documents are shown."""
    try:
        collection = Collection(directory)
    except Exception as exc:
        return Opened(bundled, None, [*notices, f"The library in {directory} could not be read "
                                                f"({plain_reason(exc)}); showing the bundled "
                                                "documents only."])
    try:
        open_index(collection.index_dir).close()
    except Exception:
        collection.close()
        return Opened(bundled, None, [*notices, "The library's search index could not be read; "
                                                "showing the bundled documents only until a "
                                                "window that can write the library (or "
                                                "`clinic-reference library`) rebuilds it."])
    bundled.close()
    return Opened(collection, None, notices, watched=directory)
