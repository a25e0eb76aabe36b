"""The user's library: the bundled documents and those the clinic adds, in one writable
collection (store and index) in the user's folder.

The store is the source of truth and the index holds the passages of every document that is not
hidden. Every change to a document (add, re-read, remove, hide) is one store transaction that
also queues the document for the index (`index_pending`); the index is then brought in line and
the queue emptied. A process killed anywhere leaves each document whole, old or new, and the next
opening re-indexes whatever is still queued (`reconcile`). One process writes at a time (a lock
file); another one opens the library read-only.

By job: `handle` (OpenCollection: an open collection, its engine and writer), `access`
(writing, or reading only; see search_index.opening), `writer` (Library: the lock, the store,
keeping the index in line), `repair` (what an opening puts right), `imports`
(reading files in), `upkeep` (remove, hide, relabel, read again, rebuild), `reasons` (errors in
plain words).
"""

from search_index.library.access import LIBRARY_DIR, library_dir
from search_index.library.handle import OpenCollection
from search_index.library.reasons import LibraryBusy, LibraryReadOnly, plain_reason
from search_index.library.report import ImportReport
from search_index.library.writer import LOCK_FILE, Library

__all__ = [
    "LIBRARY_DIR",
    "LOCK_FILE",
    "ImportReport",
    "Library",
    "LibraryBusy",
    "LibraryReadOnly",
    "OpenCollection",
    "library_dir",
    "plain_reason",
]
