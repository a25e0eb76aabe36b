"""The writable library's handle: the writer lock, the store, and keeping the index in line
with the store. What each change does is in `imports` and `upkeep`; this class is their facade."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from search_index import generations, scratch
from search_index.collection import Collection, Progress
from search_index.index import INDEX_DIR, IndexUpdate, build_index
from search_index.library import imports, repair, upkeep
from search_index.library.reasons import LibraryBusy, LibraryReadOnly, plain_reason
from search_index.postings import ARRAYS_DIR
from search_index.reading.model import Document
from search_index.schema import STORE_FILE
from search_index.store import chunks, indexed, passages_for_index, pending_for_index, set_meta
from search_index.suggest import VOCABULARY_FILE, write_vocabulary
from search_index.whoosh_adapter.index import live_documents
from search_index.whoosh_adapter.lock import FileLock

LOCK_FILE = "writer.lock"
# written beside their target in the index folder, then swapped in (postings.py, suggest.py)
SCRATCH_IN_INDEX = (f".{ARRAYS_DIR}.", f".{VOCABULARY_FILE}.")


class Library:
    """The writable library; holds the writer lock for as long as it is open."""

    db: sqlite_utils.Database  # the store, read-write, from opening until `close`

    def __init__(self, directory: Path, bundled: Collection, progress: Progress | None = None) -> None:
        self.directory = directory
        self.store_path = directory / STORE_FILE
        self.notices: list[str] = []
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(directory / LOCK_FILE))
        try:
            locked = self._lock.acquire(blocking=False)
        except OSError as exc:
            raise LibraryReadOnly(f"{directory}: {plain_reason(exc)}") from exc
        if not locked:
            raise LibraryBusy(f"{directory} is being written by another Clinic Reference")
        scratch.clear(self._scratch())
        generations.sweep(directory)
        try:
            repair.prepare(self, bundled, progress)
        except BaseException:
            self.close()
            raise

    @property
    def index_dir(self) -> Path:
        """The current generation of the index (generations.py)."""
        return generations.current(self.directory)

    def _scratch(self) -> list[Path]:
        """What a change killed midway left here (a pointer, arrays or a word list
        half-written; an earlier version's rebuild: its new index or the old one it was swapping
        out): only the writer, which holds the lock, makes these, so whatever is there now is
        left over. A generation left unpublished is removed by generations.sweep."""
        found = [self.directory / f".{INDEX_DIR}.new", self.directory / f".{INDEX_DIR}.old"]
        found.append(self.directory / f".{generations.POINTER}.new")
        if self.index_dir.is_dir():
            found += [p for p in self.index_dir.glob(".*") if p.name.startswith(SCRATCH_IN_INDEX)]
        return found

    def close(self) -> None:
        if hasattr(self, "db"):
            self.db.close()
            del self.db
        if self._lock.fd is not None:
            self._lock.release()

    # -- the changes (see imports.py and upkeep.py) ---------------------------------------------

    def import_paths(
        self,
        inputs: Iterable[Path],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        committed: Callable[[str], None] | None = None,
    ) -> imports.ImportReport:
        """Read files (and folders) into the library; each file fails alone. `committed` is
        told each document id once it is in the store and the index."""
        return imports.import_paths(self, inputs, progress, cancelled, committed)

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Delete added documents (bundled ones can only be hidden); returns how many."""
        return upkeep.remove(self, doc_ids)

    def set_hidden(self, doc_ids: Iterable[str], hidden: bool) -> int:
        return upkeep.set_hidden(self, doc_ids, hidden)

    def reread(self, doc_id: str) -> Document:
        """Read a document again (see upkeep.reread); raises ReadError, leaving the old one."""
        return upkeep.reread(self, doc_id)

    def rebuild(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> list[str]:
        """Read every document again and build the index anew; returns what could not be
        read again (those documents stay as they were). See upkeep.rebuild for `cancelled`."""
        return upkeep.rebuild(self, progress, cancelled)

    def relabel(self, doc_ids: Iterable[str], kind: str = "", audience: str = "") -> int:
        """Set the kind and/or the audience of documents; returns how many changed."""
        return upkeep.relabel(self, doc_ids, kind, audience)

    def refresh_bundled(self, bundled: Collection) -> None:
        """Replace the bundled documents with those the app now ships (hidden ones stay hidden)."""
        repair.refresh_bundled(self, bundled)

    # -- keeping the index in line with the store --------------------------------------------

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
        stored = {
            r["id"]: r["n"]
            for r in self.db.query(
                "SELECT d.id, count(p.id) AS n FROM documents d LEFT JOIN passages p "
                "ON p.document_id = d.id WHERE NOT d.hidden GROUP BY d.id"
            )
        }
        stale = [d for d, n in stored.items() if d in queued or in_index.get(d, 0) != n]
        extra = [d for d in in_index if d not in stored]
        if stale or extra:
            self.reindex(drop=stale + extra, add=stale)
        indexed(self.db, queued)  # queued ones that are neither: removed and already dropped
        return len(stale), len(extra)

    def rebuild_index(self, progress: Progress | None = None) -> int:
        """A new index from the store, built as a new generation and published."""
        new = generations.begin(self.directory)
        count = self.db.execute(
            "SELECT count(*) FROM passages p JOIN documents d ON d.id = p.document_id WHERE NOT d.hidden"
        ).fetchone()[0]
        if progress:
            progress(0, count, "Building the search index")
        try:
            n = build_index(
                passages_for_index(self.db),
                new,
                count,
                (lambda done: progress(done, count, "Building the search index")) if progress else None,
            )
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        generations.publish(self.directory, new)  # killed before this: the old one stays
        indexed(self.db, pending_for_index(self.db))
        self.mark_vocabulary(stale=False)  # the build counted the words
        if progress:
            progress(count, count, f"Indexed {n} passages")
        return n

    def reindex(self, drop: list[str], add: list[str]) -> None:
        """Take documents out of the index and put (their new versions) in, in one commit;
        the words for suggestions are then counted again from the store."""
        with self.index_update() as update:
            for doc_id in drop:
                update.remove(doc_id)
            if add:
                update.add(passages_for_index(self.db, add))
        indexed(self.db, {*drop, *add})
        self.write_vocabulary()

    @contextmanager
    def index_update(self) -> Iterator[IndexUpdate]:
        """A change to the index, written as a new generation carried from the current one and
        published when the body ends (dropped, the current one untouched, if it raises)."""
        previous = self.index_dir
        folder = generations.begin(self.directory)
        try:
            generations.carry(previous, folder)
            with IndexUpdate(folder, previous) as update:
                yield update
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        generations.publish(self.directory, folder)

    def write_vocabulary(self) -> None:
        rows = self.db.query(
            "SELECT p.text FROM passages p JOIN documents d ON d.id = p.document_id WHERE NOT d.hidden"
        )
        titles = [r["title"] for r in self.db.query("SELECT title FROM documents WHERE NOT hidden")]
        write_vocabulary(self.index_dir, (r["text"] for r in rows), titles)
        self.mark_vocabulary(stale=False)

    def mark_vocabulary(self, *, stale: bool) -> None:
        try:
            set_meta(self.db, {"vocabulary_stale": str(int(stale))})
        except sqlite3.Error:  # a store that takes no writes takes no documents either
            pass

    def rows(self, doc_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The store's rows of these documents."""
        return [
            row
            for ids in chunks(doc_ids)
            for row in self.db.query(
                f"SELECT * FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids
            )
        ]
