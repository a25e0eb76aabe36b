"""Bookmarks: passages a clinician wants to find again, each with a short note.

A bookmark holds its document and the offset where the passage starts in the document's text
(with the passage's opening words as a second anchor), not a passage row id: row ids change when
a document is re-read, the library rebuilt or the app upgraded.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils

from search_index.store import insert_row, transaction

EXCERPT = 200


def add(user: sqlite_utils.Database, library: sqlite_utils.Database, passage_id: int, note: str) -> int:
    """Bookmark a passage of the library's store, by its document and text offset."""
    row = library.execute(
        "SELECT document_id, start, text FROM passages WHERE id = ?", [passage_id]
    ).fetchone()
    if row is None:
        raise KeyError(passage_id)
    document_id, start, text = row
    with transaction(user):
        return insert_row(
            user,
            "bookmarks",
            {
                "document_id": document_id,
                "start": start,
                "passage_id": passage_id,
                "note": note.strip(),
                "excerpt": text[:EXCERPT],
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            },
        )


def all_bookmarks(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM bookmarks ORDER BY created DESC, id DESC"))


def locate(library: sqlite_utils.Database, bookmark: dict) -> int | None:
    """The passage a bookmark points to now, or None when its document is gone.

    The passage starting at the saved offset if its text still opens with the saved words; else
    the passage holding those words (the text moved); else the one covering the offset."""
    rows = list(
        library.query(
            'SELECT id, start, "end", text FROM passages WHERE document_id = ? ORDER BY position',
            [bookmark["document_id"]],
        )
    )
    if not rows:
        return None
    excerpt, start = bookmark["excerpt"] or "", bookmark.get("start")
    for r in rows:
        if r["start"] == start and r["text"].startswith(excerpt):
            return int(r["id"])
    for r in rows:
        if excerpt and r["text"].startswith(excerpt):
            return int(r["id"])
    covering = [r for r in rows if start is not None and r["start"] <= start < r["end"]]
    return int((covering or rows)[0]["id"])


def remove(db: sqlite_utils.Database, bookmark_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM bookmarks WHERE id = ?", [bookmark_id])
