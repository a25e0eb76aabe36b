"""Named question lists, kept in the user's own store (`search_index.user_store`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from search_index.store import insert_row, insert_rows, transaction


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


def save(db: sqlite_utils.Database, qlist: QuestionList) -> int:
    """Write a list whole (one transaction); returns its id."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with transaction(db):  # plain SQL inside: sqlite-utils' helpers would commit half a list
        row = {"name": qlist.name, "is_template": int(qlist.is_template), "updated": now}
        if qlist.id is None:
            qlist.id = insert_row(db, "lists", row)
        else:
            db.execute(
                "UPDATE lists SET name = ?, is_template = ?, updated = ? WHERE id = ?",
                [*row.values(), qlist.id],
            )
            db.execute("DELETE FROM list_items WHERE list_id = ?", [qlist.id])
        insert_rows(
            db,
            "list_items",
            (
                {
                    "list_id": qlist.id,
                    "position": i,
                    "question_id": it.question_id,
                    "text": it.text,
                    "top": int(it.top),
                }
                for i, it in enumerate(qlist.items)
            ),
        )
    return qlist.id


def load(db: sqlite_utils.Database, list_id: int) -> QuestionList:
    row = db.table("lists").get(list_id)
    items = [
        ListItem(r["text"], r["question_id"], bool(r["top"]))
        for r in db.query("SELECT * FROM list_items WHERE list_id = ? ORDER BY position", [list_id])
    ]
    return QuestionList(list_id, row["name"], items, bool(row["is_template"]))


def all_lists(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT id, name, is_template, updated FROM lists ORDER BY name"))


def rename(db: sqlite_utils.Database, list_id: int, name: str) -> None:
    with db.atomic():
        db.table("lists").update(list_id, {"name": name})


def duplicate(db: sqlite_utils.Database, list_id: int, name: str) -> int:
    original = load(db, list_id)
    return save(db, QuestionList(None, name, original.items, original.is_template))


def delete(db: sqlite_utils.Database, list_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM list_items WHERE list_id = ?", [list_id])
        db.execute("DELETE FROM lists WHERE id = ?", [list_id])


def save_draft(db: sqlite_utils.Database, items: list[ListItem], list_id: int | None) -> None:
    """The list being worked on, replaced whole (one transaction)."""
    with transaction(db):
        db.execute("DELETE FROM draft_items")
        insert_rows(
            db,
            "draft_items",
            (
                {
                    "position": i,
                    "question_id": it.question_id,
                    "text": it.text,
                    "top": int(it.top),
                    "list_id": list_id,
                }
                for i, it in enumerate(items)
            ),
        )


def load_draft(db: sqlite_utils.Database) -> tuple[list[ListItem], int | None]:
    """The list being worked on when the app last stopped, and the saved list it came from."""
    rows = list(db.query("SELECT * FROM draft_items ORDER BY position"))
    items = [ListItem(r["text"], r["question_id"], bool(r["top"])) for r in rows]
    return items, rows[0]["list_id"] if rows else None


def printed_order(items: list[ListItem]) -> list[ListItem]:
    """The top three first (in their order), then the rest."""
    return [i for i in items if i.top] + [i for i in items if not i.top]
