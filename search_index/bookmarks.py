"""Bookmarks: passages a clinician wants to find again, each with a short note."""

from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils


def add(db: sqlite_utils.Database, document_id: str, passage_id: int, note: str,
        excerpt: str) -> int:
    with db.conn:
        return db["bookmarks"].insert({
            "document_id": document_id, "passage_id": passage_id, "note": note.strip(),
            "excerpt": excerpt[:200],
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }).last_pk


def all_bookmarks(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM bookmarks ORDER BY created DESC, id DESC"))


def remove(db: sqlite_utils.Database, bookmark_id: int) -> None:
    with db.conn:
        db["bookmarks"].delete(bookmark_id)
