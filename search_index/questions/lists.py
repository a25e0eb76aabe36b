"""Named question lists in the user's own SQLite store (never in the app's folder)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from search_index import paths
from search_index.store import insert_row, insert_rows, transaction

USER_STORE = "user.sqlite"
USER_SCHEMA = 2


@dataclass
class ListItem:
    text: str
    question_id: str = ""  # empty for the user's own questions
    top: bool = False  # one of the top three: printed first


@dataclass
class QuestionList:
    id: int | None
    name: str
    items: list[ListItem]
    is_template: bool = False


def _v1(db: sqlite_utils.Database) -> None:
    db["lists"].create({"id": int, "name": str, "is_template": int, "updated": str},
                       pk="id", if_not_exists=True)
    db["list_items"].create({"list_id": int, "position": int, "question_id": str,
                             "text": str, "top": int}, pk=("list_id", "position"),
                            foreign_keys=[("list_id", "lists", "id")], if_not_exists=True)


def _v2(db: sqlite_utils.Database) -> None:
    """Bookmarks: a passage of a document, with the clinician's note."""
    db["bookmarks"].create({"id": int, "document_id": str, "passage_id": int, "note": str,
                            "excerpt": str, "created": str}, pk="id", if_not_exists=True)


USER_MIGRATIONS = {1: _v1, 2: _v2}


def open_user_store(path: Path | None = None,
                    notices: list[str] | None = None) -> sqlite_utils.Database:
    """The user's own store, brought up to date one migration at a time (each atomic). A
    damaged one is moved aside, never emptied, and a new one started; `notices` says where."""
    path = path or paths.user_data_dir() / USER_STORE
    if path.exists() and not _intact(path):
        aside = path.with_name(f"damaged-{datetime.now():%Y%m%d-%H%M%S}-{path.name}")
        for suffix in ("", "-wal", "-shm"):
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                companion.replace(Path(f"{aside}{suffix}"))
        if notices is not None:
            notices.append(f"Your saved question lists and bookmarks could not be read: the "
                           f"file was damaged. It has been moved aside to {aside} (nothing "
                           "was deleted) and a new one started.")
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")  # a reader never sees half a write; a kill loses none
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for target in range(version + 1, USER_SCHEMA + 1):
        with db.conn:
            USER_MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
    return db


def _intact(path: Path) -> bool:
    try:  # read-write: a process killed mid-transaction leaves a journal to roll back first
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def save(db: sqlite_utils.Database, qlist: QuestionList) -> int:
    """Write a list whole (one transaction); returns its id."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with transaction(db):  # plain SQL inside: sqlite-utils' helpers would commit half a list
        row = {"name": qlist.name, "is_template": int(qlist.is_template), "updated": now}
        if qlist.id is None:
            qlist.id = insert_row(db, "lists", row)
        else:
            db.execute("UPDATE lists SET name = ?, is_template = ?, updated = ? WHERE id = ?",
                       [*row.values(), qlist.id])
            db.execute("DELETE FROM list_items WHERE list_id = ?", [qlist.id])
        insert_rows(db, "list_items", (
            {"list_id": qlist.id, "position": i, "question_id": it.question_id, "text": it.text,
             "top": int(it.top)} for i, it in enumerate(qlist.items)))
    return qlist.id


def load(db: sqlite_utils.Database, list_id: int) -> QuestionList:
    row = db["lists"].get(list_id)
    items = [ListItem(r["text"], r["question_id"], bool(r["top"])) for r in db.query(
        "SELECT * FROM list_items WHERE list_id = ? ORDER BY position", [list_id])]
    return QuestionList(list_id, row["name"], items, bool(row["is_template"]))


def all_lists(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT id, name, is_template, updated FROM lists ORDER BY name"))


def rename(db: sqlite_utils.Database, list_id: int, name: str) -> None:
    with db.conn:
        db["lists"].update(list_id, {"name": name})


def duplicate(db: sqlite_utils.Database, list_id: int, name: str) -> int:
    original = load(db, list_id)
    return save(db, QuestionList(None, name, original.items, original.is_template))


def delete(db: sqlite_utils.Database, list_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM list_items WHERE list_id = ?", [list_id])
        db.execute("DELETE FROM lists WHERE id = ?", [list_id])


def printed_order(items: list[ListItem]) -> list[ListItem]:
    """The top three first (in their order), then the rest."""
    return [i for i in items if i.top] + [i for i in items if not i.top]
