"""The store's own facts (fingerprint, build date, sources …) as keys and values."""

from __future__ import annotations

import sqlite_utils

from search_index.store.transactions import transaction


def set_meta(db: sqlite_utils.Database, items: dict[str, str]) -> None:
    with transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(items.items())
        )


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None
