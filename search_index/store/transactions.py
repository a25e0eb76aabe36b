"""How the store is written: explicit transactions, plain-SQL inserts, and loops the user can
cancel."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import sqlite_utils


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on any error), or
    part of the caller's when one is open. Writes inside use plain SQL (`insert_row`):
    sqlite-utils' insert helpers commit on their own, which would split the transaction."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    columns = ", ".join(f"[{c}]" for c in row)
    cursor = db.conn.execute(
        f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict]) -> None:
    for row in rows:
        insert_row(db, table, row)


class Cancelled(Exception):
    """The user stopped a write; its transaction is rolled back."""


T = TypeVar("T")


def asking(items: Iterable[T], cancelled: Callable[[], bool], every: int = 200) -> Iterator[T]:
    """The items, asking every so often whether the user has cancelled (raises Cancelled)."""
    for n, item in enumerate(items, 1):
        if n % every == 0 and cancelled():
            raise Cancelled
        yield item
