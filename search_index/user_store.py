"""The user's own store (`user.sqlite` in the user data folder): question lists and bookmarks.

Never in the app's folder, never rebuilt with the collection. Migrations run one at a time, each
atomic, after a backup of the file as it was; a file that is not a database is moved aside (and
the caller told where), never silently emptied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlite_utils

from search_index import paths
from search_index.schema import back_up
from search_index.store import transaction

USER_STORE = "user.sqlite"
USER_SCHEMA = 4


def _v1(db: sqlite_utils.Database) -> None:
    db.table("lists").create(
        {"id": int, "name": str, "is_template": int, "updated": str}, pk="id", if_not_exists=True
    )
    db.table("list_items").create(
        {"list_id": int, "position": int, "question_id": str, "text": str, "top": int},
        pk=("list_id", "position"),
        foreign_keys=[("list_id", "lists", "id")],
        if_not_exists=True,
    )


def _v2(db: sqlite_utils.Database) -> None:
    """Bookmarks: a passage of a document, with the clinician's note."""
    db.table("bookmarks").create(
        {"id": int, "document_id": str, "passage_id": int, "note": str, "excerpt": str, "created": str},
        pk="id",
        if_not_exists=True,
    )


def _v3(db: sqlite_utils.Database) -> None:
    """Bookmarks anchored by where the passage starts in its document's text: passage row ids
    change on re-read, rebuild and upgrade; a document's text offsets do not."""
    db.execute("ALTER TABLE bookmarks ADD COLUMN start INTEGER")


def _v4(db: sqlite_utils.Database) -> None:
    """The list being worked on, kept as it changes: closing the window or a crash loses none
    of it (`list_id`: the saved list it started from, if any)."""
    db.execute(
        "CREATE TABLE draft_items (position INTEGER PRIMARY KEY, question_id TEXT, "
        "text TEXT, top INTEGER, list_id INTEGER)"
    )


USER_MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {1: _v1, 2: _v2, 3: _v3, 4: _v4}


def open_user_store(path: Path | None = None, notices: list[str] | None = None) -> sqlite_utils.Database:
    """The user's store, brought up to date. A damaged one is moved aside with its logs, never
    emptied, and a new one started; `notices` hears where it went. Where the store cannot be
    written (a read-only folder), a copy in memory of what it holds, and a notice that nothing
    made now will be kept."""
    path = path or paths.user_data_dir() / USER_STORE
    try:
        if path.exists() and not _intact(path):
            _move_aside(path, notices)
        return _open(path)
    except (sqlite3.Error, OSError) as exc:
        if notices is not None:
            notices.append(
                f"Your question lists and bookmarks cannot be saved: {path.parent} cannot be "
                f"written ({exc}). Those saved before are shown; what you add or change lasts "
                "only until this window closes."
            )
        return _in_memory_copy(path)


def _move_aside(path: Path, notices: list[str] | None) -> None:
    aside = path.with_name(f"damaged-{datetime.now():%Y%m%d-%H%M%S}-{path.name}")
    for suffix in ("", "-wal", "-shm"):  # a stale log must not replay onto the new file
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.replace(Path(f"{aside}{suffix}"))
    if notices is not None:
        notices.append(
            f"Your saved question lists and bookmarks could not be read: the "
            f"file was damaged. It has been moved aside to {aside} (nothing "
            "was deleted) and a new one started."
        )


def _in_memory_copy(path: Path) -> sqlite_utils.Database:
    """What the store at `path` holds, if it can be read at all, in memory and up to date."""
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        source.backup(memory)
        source.close()
    except sqlite3.Error:  # not there, or unreadable: an empty store
        memory.close()
        memory = sqlite3.connect(":memory:", check_same_thread=False)
    db = sqlite_utils.Database(memory)
    _migrate(db, db.execute("PRAGMA user_version").fetchone()[0])
    return db


def _intact(path: Path) -> bool:
    try:  # read-write: a process killed mid-transaction leaves a journal to roll back first
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True)
        try:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _open(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    try:
        db.execute("PRAGMA journal_mode = WAL")  # a reader never sees half a write; a kill loses none
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if 0 < version < USER_SCHEMA:
            back_up(db.conn, path.with_name(f"{path.name}.v{version}.bak"))
        _migrate(db, version)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: sqlite_utils.Database, version: int) -> None:
    for target in range(version + 1, USER_SCHEMA + 1):
        with transaction(db):
            USER_MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version = {target}")
