"""Bookmarks: passages a clinician wants to find again, each with a short note.

A bookmark holds its document and the offset where the passage starts in the document's text
(with the passage's opening words as a second anchor), not a passage row id: row ids change when
a document is re-read, the library rebuilt or the app upgraded.
"""

from __future__ import annotations

from datetime import datetime, timezone
from difflib import SequenceMatcher
from typing import NamedTuple

import sqlite_utils

from search_index.store import insert_row, transaction

EXCERPT = 200
# Opening words this alike (see _alike) are the bookmarked passage's, edited (three words of
# sixteen changed: 0.8); two different passages' opening words, even of abstracts on one
# subject, measured at most 0.52 (NFCorpus, the seeds).
ALIKE = 0.7


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


class Located(NamedTuple):
    passage_id: int
    by_its_words: bool  # False: the passage is gone, this one stands where it stood


def locate(library: sqlite_utils.Database, bookmark: dict) -> Located | None:
    """The passage a bookmark points to now, or None when its document is gone.

    The passage whose opening words are the saved ones, or most alike them (its own words were
    edited), wherever it now starts (text before it changed); of several, the nearest the saved
    offset. Failing that (the passage was removed), the one covering the saved offset, where it
    stood. A bookmark saved before offsets were kept (start None) opens at its words, or at the
    document's first passage."""
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
    likeness = {r["id"]: _alike(excerpt, r["text"][: len(excerpt)]) for r in rows}
    alike = [r for r in rows if likeness[r["id"]] >= ALIKE]
    if alike:  # the same words first (likeness 1), the nearest the saved offset of those
        return Located(int(min(alike, key=lambda r: (-likeness[r["id"]], away(r)))["id"]), True)
    covering = [r for r in rows if start is not None and r["start"] <= start < r["end"]]
    return Located(int((covering or rows)[0]["id"]), False)


def _alike(a: str, b: str) -> float:
    """How alike two texts are, from 1 (the same words) to 0: the share of their words in
    common runs, when at least ALIKE (else 0, told first by the quicker upper bounds)."""
    if a == b:
        return 1.0 if a else 0.0
    m = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    if m.real_quick_ratio() < ALIKE or m.quick_ratio() < ALIKE:
        return 0.0
    return m.ratio()


def remove(db: sqlite_utils.Database, bookmark_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM bookmarks WHERE id = ?", [bookmark_id])
