"""Added documents saved from a damaged store, row by row.

SQLite's own `.recover` lives in the sqlite3 command-line tool, which a clinic workstation may
not have; reading the damaged file a row at a time (each read that fails costs only its own
document) saves whatever is still readable. A document is copied only if all of its rows can
be read, and whole, in one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from search_index.enrichment import tag_passages
from search_index.store import insert_row, queue_for_index, transaction

MISSES = 1000  # rowids in a row found empty or unreadable before the scan gives up


def salvage(damaged: Path, db: sqlite_utils.Database) -> tuple[int, int]:
    """Copy the added documents still readable in `damaged` into `db`; returns (saved, seen)
    where `seen` counts the added documents whose row could be read at all."""
    try:
        src = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0, 0
    src.row_factory = sqlite3.Row
    saved = seen = 0
    try:
        for row in _document_rows(src):
            if row["bundled"]:
                continue
            seen += 1
            try:
                rows = _rows_of(src, row)
            except sqlite3.Error:
                continue
            there = db.execute("SELECT bundled FROM documents WHERE id = ?", [row["id"]]).fetchone()
            if there is not None:  # saved by a salvage that was cut short, or a bundled one
                saved += not there[0]
                continue
            try:
                _copy(db, rows)
            except (sqlite3.Error, KeyError):  # rows that do not fit together: rolled back
                continue
            saved += 1
    finally:
        src.close()
    return saved, seen


def _document_rows(src: sqlite3.Connection):
    """Each readable row of `documents`, by rowid: a damaged page loses only its own rows."""
    try:
        last = src.execute("SELECT max(rowid) FROM documents").fetchone()[0] or 0
    except sqlite3.Error:
        last = None
    rowid = misses = 0
    while (last is None and misses < MISSES) or (last is not None and rowid < last):
        rowid += 1
        try:
            row = src.execute("SELECT * FROM documents WHERE rowid = ?", [rowid]).fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            misses += 1
            continue
        misses = 0
        yield dict(row)


def _rows_of(src: sqlite3.Connection, document: dict) -> dict[str, list[dict]]:
    """Every row of one document, table by table (raises if any cannot be read)."""
    doc_id = document["id"]

    def q(sql: str) -> list[dict]:
        return [dict(r) for r in src.execute(sql, [doc_id])]

    rows = {
        "documents": [document],
        "sections": q("SELECT * FROM sections WHERE document_id = ? ORDER BY position"),
        "passages": q("SELECT * FROM passages WHERE document_id = ? ORDER BY position"),
        "citations": q(
            "SELECT c.* FROM citations c JOIN passages p ON p.id = c.passage_id WHERE p.document_id = ?"
        ),
        "reference_list": q("SELECT * FROM reference_list WHERE document_id = ?"),
        "questions": q("SELECT * FROM questions WHERE document_id = ?"),
        "statements": q("SELECT * FROM statements WHERE document_id = ?"),
        "figures": q(
            "SELECT f.* FROM figures f JOIN statements s ON s.id = f.statement_id "
            "WHERE s.document_id = ?"
        ),
    }
    sections = {s["id"] for s in rows["sections"]}
    if not rows["passages"] or any(p["section_id"] not in sections for p in rows["passages"]):
        raise sqlite3.DatabaseError(f"{doc_id}: its passages cannot all be read")
    return rows


def _copy(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> None:
    """Insert one document's rows with new ids for its sections, passages and statements."""
    columns = {t: set(db.table(t).columns_dict) for t in rows}
    new_ids: dict[str, dict[int, int]] = {"sections": {}, "passages": {}, "statements": {}}
    references = {"section_id": "sections", "passage_id": "passages", "statement_id": "statements"}
    with transaction(db):
        for table in (
            "documents",
            "sections",
            "passages",
            "citations",
            "reference_list",
            "questions",
            "statements",
            "figures",
        ):
            for row in rows[table]:
                row = {k: v for k, v in row.items() if k in columns[table]}
                for key, target in references.items():
                    if key in row:
                        row[key] = new_ids[target][row[key]]
                old_id = row.pop("id") if table in new_ids else None
                new_id = insert_row(db, table, row)
                if old_id is not None:
                    new_ids[table][old_id] = new_id
        tag_passages(db, [rows["documents"][0]["id"]])  # a store older than its tags has none
        queue_for_index(db, [rows["documents"][0]["id"]])
