"""What the index reads from the store, and the documents whose index entries are out of date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sqlite_utils

from search_index.store.transactions import transaction


def passages_for_index(db: sqlite_utils.Database, doc_ids: Iterable[str] | None = None):
    """Rows joined with what the index stores beside each passage, its tags included (hidden
    documents' left out: the index holds what can be found)."""
    sql = """
        SELECT p.id, p.document_id, p.position, p.text, p.cancers, p.treatments,
               s.heading AS section, d.title, d.kind, d.audience, d.year
        FROM passages p JOIN sections s ON s.id = p.section_id
        JOIN documents d ON d.id = p.document_id WHERE NOT d.hidden
    """
    if doc_ids is None:
        yield from db.query(sql + " ORDER BY p.document_id, p.position")
        return
    for ids in chunks(doc_ids):
        yield from db.query(
            sql + f" AND p.document_id IN ({','.join('?' * len(ids))}) "
            "ORDER BY p.document_id, p.position",
            ids,
        )


CHUNK = 500  # ids per query: SQLite limits the variables of one statement


def chunks(items: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def queue_for_index(db: sqlite_utils.Database, doc_ids: Iterable[str]) -> None:
    """Note, inside the transaction that changes them, documents whose index entries are now
    out of date; the words for suggestions are then to be counted again too."""
    with transaction(db):
        db.conn.executemany(
            "INSERT OR IGNORE INTO index_pending (document_id) VALUES (?)", [(d,) for d in doc_ids]
        )
        db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('vocabulary_stale', '1')")


def pending_for_index(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT document_id FROM index_pending")}


def indexed(db: sqlite_utils.Database, doc_ids: Iterable[str]) -> None:
    """The index has committed these documents' entries."""
    with transaction(db):
        db.conn.executemany("DELETE FROM index_pending WHERE document_id = ?", [(d,) for d in doc_ids])
