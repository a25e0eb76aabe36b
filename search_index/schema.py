"""The store's schema (docs/schema.md) and its ordered migrations; its version is PRAGMA
user_version. Opening a store here brings it to the current version, backing the file up first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from search_index.enrichment import tag_passages

SCHEMA_VERSION = 6
STORE_FILE = "clinic.sqlite"


def _create_statements(db: sqlite_utils.Database) -> None:
    """Version 2: what each document says of each treatment option (see treatments/)."""
    db.table("statements").create(
        {
            "id": int,
            "document_id": str,
            "passage_id": int,
            "option_id": str,
            "row": str,
            "text": str,
            "start": int,
            "end": int,
            "source_start": int,
            "source_end": int,
            "design": str,
            "design_rank": int,
            "size": str,
            "polarity": str,
            "cancers": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("passage_id", "passages", "id")],
    )
    db.table("figures").create(
        {
            "statement_id": int,
            "kind": str,
            "text": str,
            "start": int,
            "end": int,
        },
        foreign_keys=[("statement_id", "statements", "id")],
    )
    db.table("statements").create_index(["option_id"])
    db.table("statements").create_index(["document_id"])
    db.table("figures").create_index(["statement_id"])


def _add_library_columns(db: sqlite_utils.Database) -> None:
    """Version 3: what importing needs: the PMID (for duplicates), whether a bundled document is
    hidden, and the file an imported one came from (for re-reading)."""
    documents = db.table("documents")
    for column, kind in [("pmid", str), ("hidden", int), ("origin", str)]:
        documents.add_column(column, kind)
    db.execute("UPDATE documents SET hidden = 0 WHERE hidden IS NULL")
    for column in ("doi", "pmid", "content_hash"):
        documents.create_index([column])


def _add_index_queue(db: sqlite_utils.Database) -> None:
    """Version 4: the documents whose index entries are still to be brought in line with the
    store, written in the same transaction as the documents themselves (see library.py); and
    whether a document's kind and audience were set by the user (kept when it is read again)."""
    db.execute("CREATE TABLE IF NOT EXISTS index_pending (document_id TEXT PRIMARY KEY)")
    if "labelled" not in db.table("documents").columns_dict:
        db.execute("ALTER TABLE documents ADD COLUMN labelled INTEGER NOT NULL DEFAULT 0")


def _add_evidence_columns(db: sqlite_utils.Database) -> None:
    """Version 5: provenance and review. A document's own status lines and publisher; a
    statement's arms, end-point, lead-in, cut-off mark, plain note and whether a person
    reviewed it; clinicians' reviews of automatic statements, keyed so they survive a re-read."""
    added: list[tuple[str, list[tuple[str, type]]]] = [
        ("documents", [("status", str), ("publisher", str)]),
        (
            "statements",
            [
                ("arms", str),
                ("endpoint", str),
                ("review", str),
                ("lead_in", str),
                ("cut_off", int),
                ("patient_note", str),
                ("sentence_hash", str),
            ],
        ),
    ]
    for table, columns in added:
        have = set(db.table(table).columns_dict)
        for column, kind in columns:
            if column not in have:
                db.table(table).add_column(column, kind)
    db.execute("UPDATE statements SET review = 'automatic' WHERE review IS NULL")
    if "statement_reviews" not in db.table_names():
        db.table("statement_reviews").create(
            {
                "document_key": str,
                "sentence_hash": str,
                "option_id": str,
                "decision": str,
                "new_option": str,
                "new_row": str,
                "initials": str,
                "date": str,
                "sentence": str,
            },
            pk=("document_key", "sentence_hash", "option_id"),
        )


def _add_passage_tags(db: sqlite_utils.Database) -> None:
    """Version 6: each passage's cancer types and treatments (comma-separated ids), tagged once
    when it is written (enrichment.py) instead of at every index build; filled here for the
    passages of an older store."""
    have = set(db.table("passages").columns_dict)
    for column in ("cancers", "treatments"):
        if column not in have:
            db.table("passages").add_column(column, str)
    tag_passages(db)


# Ordered migrations: MIGRATIONS[n] takes a store at version n - 1 to version n.
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    2: _create_statements,
    3: _add_library_columns,
    4: _add_index_queue,
    5: _add_evidence_columns,
    6: _add_passage_tags,
}


class StoreError(RuntimeError):
    pass


def create_schema(db: sqlite_utils.Database) -> None:
    """A new store: version 1's tables (documents and what is read from them), then every
    migration's."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    _create_documents(db)
    _create_passages(db)
    _create_references_and_questions(db)
    for table, cols in [
        ("sections", ["document_id"]),
        ("passages", ["document_id"]),
        ("passages", ["section_id"]),
        ("questions", ["document_id"]),
    ]:
        db.table(table).create_index(cols)
    _create_statements(db)
    _add_library_columns(db)
    _add_index_queue(db)
    _add_evidence_columns(db)
    _add_passage_tags(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_documents(db: sqlite_utils.Database) -> None:
    db.table("documents").create(
        {
            "id": str,
            "file_name": str,
            "kind": str,
            "audience": str,
            "title": str,
            "authors": str,
            "journal": str,
            "year": int,
            "published": str,
            "updated": str,
            "doi": str,
            "publication_types": str,
            "source": str,
            "content_hash": str,
            "bundled": int,
            "added_at": str,
        },
        pk="id",
        not_null={"file_name", "kind", "title", "source"},
    )


def _create_passages(db: sqlite_utils.Database) -> None:
    db.table("sections").create(
        {
            "id": int,
            "document_id": str,
            "position": int,
            "heading": str,
            "role": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("passages").create(
        {
            "id": int,
            "document_id": str,
            "section_id": int,
            "position": int,
            "kind": str,
            "level": int,
            "text": str,
            "start": int,
            "end": int,
            "truncated": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("section_id", "sections", "id")],
    )
    db.table("citations").create(
        {"passage_id": int, "number": int},
        pk=("passage_id", "number"),
        foreign_keys=[("passage_id", "passages", "id")],
    )


def _create_references_and_questions(db: sqlite_utils.Database) -> None:
    db.table("reference_list").create(
        {
            "document_id": str,
            "number": int,
            "label": str,
            "text": str,
            "doi": str,
        },
        pk=("document_id", "number"),
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("questions").create(
        {
            "id": int,
            "document_id": str,
            "passage_id": int,
            "position": int,
            "text": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("passage_id", "passages", "id")],
    )


def open_store(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open (creating if new) a store at the current schema version, migrating if older."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        db = sqlite_utils.Database(conn)
    else:  # the library is opened in one worker thread and written in others, one at a time
        db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False))
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == 0 and not db.table_names():
        if readonly:
            raise StoreError(f"{path} is empty")
        create_schema(db)
    elif version < SCHEMA_VERSION:
        if readonly:
            raise StoreError(f"{path} is at schema {version}; {SCHEMA_VERSION} is needed")
        migrate(db, path, version)
    elif version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer Clinic Reference (schema {version})")
    return db


def back_up(conn: sqlite3.Connection, to: Path) -> None:
    """A copy of the database as `conn` sees it: a copy of the file would miss what another
    connection committed to the write-ahead log and has not checkpointed yet."""
    target = sqlite3.connect(to)
    try:
        conn.backup(target)
    finally:
        target.close()


def migrate(db: sqlite_utils.Database, path: Path, version: int) -> None:
    """Back the file up, then apply each migration in its own transaction."""
    back_up(db.conn, path.with_suffix(f".v{version}.bak"))
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with db.conn:
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
