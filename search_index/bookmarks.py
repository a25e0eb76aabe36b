"""Bookmarks: passages a clinician wants to find again, each with a short note.

A bookmark holds its document and the offset where the passage starts in the document's text
(with the passage's opening words as a second anchor), not a passage row id: row ids change when
a document is re-read, the library rebuilt or the app upgraded.
"""

from __future__ import annotations

from datetime import datetime, timezone
from difflib import SequenceMatcher

import sqlite_utils

from search_index.store import insert_row, transaction

EXCERPT = 200
# Opening words this alike (see _alike) are the bookmarked passage's, edited: a word or two
# changed in a sentence, not another passage of the same document.
ALIKE = 0.8


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

    Of the passages that open with the saved words, the nearest the saved offset (the text
    before it changed: the passage moved); else the passage whose opening words are most alike
    the saved ones (its own words were edited); else the one covering the saved offset, where
    the passage stood (it was removed). A bookmark saved before offsets were kept (start None)
    opens at its words, or at the document's first passage."""
    rows = list(
        library.query(
            'SELECT id, start, "end", text FROM passages WHERE document_id = ? ORDER BY position',
            [bookmark["document_id"]],
        )
    )
    if not rows:
        return None
    excerpt, start = bookmark["excerpt"] or "", bookmark.get("start")
    away = (lambda r: abs(r["start"] - start)) if start is not None else (lambda r: 0)
    same = [r for r in rows if excerpt and r["text"].startswith(excerpt)]
    if same:
        return int(min(same, key=away)["id"])
    likeness = {r["id"]: _alike(excerpt, r["text"][: len(excerpt)]) for r in rows}
    alike = [r for r in rows if likeness[r["id"]] >= ALIKE]
    if alike:
        return int(min(alike, key=lambda r: (-likeness[r["id"]], away(r)))["id"])
    covering = [r for r in rows if start is not None and r["start"] <= start < r["end"]]
    return int((covering or rows)[0]["id"])


def _alike(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1 (the share of their characters in common runs)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def remove(db: sqlite_utils.Database, bookmark_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM bookmarks WHERE id = ?", [bookmark_id])
