"""Opening a collection without writing a byte, for the waiting-room kiosk: nothing created,
repaired, moved aside or locked, in the user's folder or anywhere else.

SQLite's `mode=ro` is not enough: on a store in WAL mode (the library) it creates `-wal` and
`-shm` files and, being read-only, can never remove them; it also stamps an existing `-shm`.
So the library is read as bytes, the file with the committed part of any log a window left
beside it (store_image.py), and opened in memory, where a clinician window writing meanwhile
cannot tear what the kiosk shows.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from search_index import generations, paths
from search_index.collection import Collection
from search_index.library import LIBRARY_DIR, OpenCollection
from search_index.schema import SCHEMA_VERSION, STORE_FILE, StoreError
from search_index.store_image import store_image


def _checked(db: sqlite_utils.Database, store: Path) -> sqlite_utils.Database:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        db.close()
        raise StoreError(f"{store} is at schema {version}; {SCHEMA_VERSION} is needed")
    return db


def immutable_store(store: Path) -> sqlite_utils.Database:
    """A store that nothing writes (the collection shipped with the app), read in place."""
    conn = sqlite3.connect(f"{store.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    return _checked(sqlite_utils.Database(conn), store)


def _stamps(*files: Path) -> tuple[tuple[int, int] | None, ...]:
    return tuple((st.st_size, st.st_mtime_ns) if (st := _stat(f)) else None for f in files)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def store_in_memory(store: Path) -> sqlite_utils.Database:
    """A store that another process may write (the library), copied into memory; read again
    when a window wrote to it meanwhile."""
    files = (store, Path(f"{store}-wal"))
    for _ in range(3):
        before = _stamps(*files)
        image = store_image(store)
        if _stamps(*files) == before:
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            copy.deserialize(image)
            return _checked(sqlite_utils.Database(copy), store)
    raise StoreError(f"{store} kept changing while it was read")


def _openable(directory: Path) -> bool:
    return (directory / STORE_FILE).is_file() and generations.current(directory).is_dir()


def _open(directory: Path, db: sqlite_utils.Database) -> OpenCollection:
    return OpenCollection(Collection(directory, db=db, kiosk=True)).with_engine()


def open_read_only() -> OpenCollection:
    """The user's library if there is a readable one, else the bundled collection, with its
    engine open. Raises StoreError when neither is there (nothing has been built)."""
    library = paths.user_data_dir(create=False) / LIBRARY_DIR
    notices: list[str] = []
    if _openable(library):
        try:
            return _open(library, store_in_memory(library / STORE_FILE))
        except Exception as exc:  # damaged: left exactly as it is, for the clinician to see
            notices.append(
                f"The library could not be read ({exc}); showing the documents "
                "that came with Clinic Reference."
            )
    bundled = paths.bundled_collection_dir()
    if not _openable(bundled):
        raise StoreError(
            "There is no collection to show yet: open Clinic Reference once in "
            "clinician mode (outside the kiosk)."
        )
    opened = _open(bundled, immutable_store(bundled / STORE_FILE))
    opened.notices.extend(notices)
    return opened
