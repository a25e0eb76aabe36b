"""The SQLite store (through sqlite-utils): documents, sections, passages, citations, references,
questions, treatment statements; written in explicit transactions. Its schema: schema.py.

By job: `transactions` (one explicit transaction, plain-SQL inserts, cancellable loops),
`documents` (a document and everything read from it, written whole; relabelled; removed),
`statements` (its treatment statements: the evidence map's, or extracted), `index_queue` (what
the index reads, and the documents it has still to take in), `meta` (the store's own facts).
"""

from search_index.store.documents import (
    add_document,
    content_hash,
    pmid_of,
    relabel,
    remove_document,
)
from search_index.store.index_queue import (
    CHUNK,
    chunks,
    indexed,
    passages_for_index,
    pending_for_index,
    queue_for_index,
)
from search_index.store.meta import get_meta, set_meta
from search_index.store.statements import add_statements, locate
from search_index.store.transactions import (
    Cancelled,
    asking,
    insert_row,
    insert_rows,
    transaction,
)

__all__ = [
    "CHUNK",
    "Cancelled",
    "add_document",
    "add_statements",
    "asking",
    "chunks",
    "content_hash",
    "get_meta",
    "indexed",
    "insert_row",
    "insert_rows",
    "locate",
    "passages_for_index",
    "pending_for_index",
    "pmid_of",
    "queue_for_index",
    "relabel",
    "remove_document",
    "set_meta",
    "transaction",
]
