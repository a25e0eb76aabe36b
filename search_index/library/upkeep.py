"""Changes to documents already in the library: remove, hide or show, relabel, read again, and
rebuild everything. Each is one store transaction that queues the documents for the index, then
the index is brought in line (see writer.Library.reindex)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from search_index.collection import Progress
from search_index.importing import read_any
from search_index.library.reasons import plain_reason
from search_index.paths import path_from_stored
from search_index.reading import ReadError, read_text
from search_index.reading.model import Document
from search_index.store import (
    add_document,
    pmid_of,
    queue_for_index,
    remove_document,
    transaction,
)
from search_index.store import (
    relabel as relabel_document,
)

if TYPE_CHECKING:
    from search_index.library.writer import Library

# One file read once however many of its records are read again: its documents, or why not.
Files = dict[str, list[Document] | OSError]


def remove(library: Library, doc_ids: Iterable[str]) -> int:
    """Delete added documents (bundled ones can only be hidden), all in one transaction."""
    ids = [r["id"] for r in library.rows(doc_ids) if not r["bundled"]]
    with transaction(library.db):
        for doc_id in ids:
            remove_document(library.db, doc_id)
        queue_for_index(library.db, ids)
    library.reindex(drop=ids, add=[])
    return len(ids)


def set_hidden(library: Library, doc_ids: Iterable[str], hidden: bool) -> int:
    ids = [r["id"] for r in library.rows(doc_ids) if bool(r["hidden"]) != hidden]
    with transaction(library.db):
        library.db.conn.executemany(
            "UPDATE documents SET hidden = ? WHERE id = ?", [(int(hidden), d) for d in ids]
        )
        queue_for_index(library.db, ids)
    library.reindex(drop=ids, add=[] if hidden else ids)
    return len(ids)


def relabel(library: Library, doc_ids: Iterable[str], kind: str = "", audience: str = "") -> int:
    """Set the kind and/or the audience of documents (what a reader guessed can be wrong:
    a patient leaflet read as plain text is "for clinicians"). Returns how many changed."""
    rows = [
        r
        for r in library.rows(doc_ids)
        if (kind or r["kind"], audience or r["audience"]) != (r["kind"], r["audience"])
    ]
    ids = [r["id"] for r in rows]
    with transaction(library.db):
        for r in rows:
            relabel_document(library.db, r, kind or r["kind"], audience or r["audience"])
        queue_for_index(library.db, ids)
    library.reindex(drop=ids, add=[r["id"] for r in rows if not r["hidden"]])
    return len(ids)


def reread(library: Library, doc_id: str) -> Document:
    """Read a document again: an added one from its file, a bundled one from its saved
    text (with the current reading code). Raises ReadError, leaving the old version."""
    doc = _read_again(library, doc_id, {})
    library.reindex(drop=[doc_id], add=[doc_id])
    return doc


def rebuild(
    library: Library, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
) -> list[str]:
    """Read every document again (as `reread`), then build the index anew beside the old
    one and swap it in. Returns what could not be read again; those documents stay as
    they were. Cancelled between two documents, it stops there: those read again so far go
    into the index as they are, the others stay as they were."""
    problems: list[str] = []
    files: Files = {}
    ids = [r["id"] for r in library.db.query("SELECT id FROM documents ORDER BY id")]
    for i, doc_id in enumerate(ids):
        if cancelled():
            library.reconcile()
            return problems
        if progress:
            progress(i, len(ids), "Reading the documents again")
        try:
            _read_again(library, doc_id, files)
        except ReadError as exc:
            problems.append(str(exc))
    library.rebuild_index(progress)
    return problems


def _read_again(library: Library, doc_id: str, files: Files) -> Document:
    """The new version is read whole before the store is touched; then it replaces the
    old one in one transaction, which also queues it for the index."""
    (row,) = library.rows([doc_id])
    doc = (
        read_text(row["file_name"], row["source"], doc_id=doc_id)
        if row["bundled"]
        else _from_file(row, files)
    )
    if row["labelled"]:  # the user's labels outlast the reading code's guess
        doc.kind = row["kind"]
    with transaction(library.db):
        add_document(
            library.db,
            doc,
            bundled=bool(row["bundled"]),
            origin=row["origin"] or "",
            replace=True,
            hidden=bool(row["hidden"]),
            audience=row["audience"] if row["labelled"] else "",
            labelled=bool(row["labelled"]),
        )
        queue_for_index(library.db, [doc_id])
    return doc


def _from_file(row: dict[str, Any], files: Files) -> Document:
    """An added document read again from the file it came from."""
    origin = row["origin"] or row["file_name"]
    if origin not in files:
        try:
            files[origin] = read_any(path_from_stored(origin))
        except OSError as exc:
            files[origin] = exc
    found = files[origin]
    if isinstance(found, OSError):
        raise ReadError(row["file_name"], f"{plain_reason(found)} ({origin}); kept as it was read")
    doc = _same_document(row, found)
    if doc is None:
        raise ReadError(row["file_name"], "the file no longer holds this document")
    doc.doc_id = row["id"]
    return doc


def _same_document(row: dict[str, Any], found: list[Document]) -> Document | None:
    if len(found) == 1:
        return found[0]
    for doc in found:
        if (row["pmid"] and pmid_of(doc) == row["pmid"]) or (
            row["doi"] and doc.doi.lower() == row["doi"].lower()
        ):
            return doc
    return None
