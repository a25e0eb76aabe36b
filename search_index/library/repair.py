"""What opening the library puts right before anything is read from it: a damaged store moved
aside and salvaged (a salvage cut short goes on), a missing one made again from the bundled
documents, bundled documents the app no longer ships replaced, and an index or word list that
lags behind the store brought in line."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from search_index import generations
from search_index.collection import Collection, Progress
from search_index.enrichment import tag_passages
from search_index.reading import read_text
from search_index.salvage import salvage
from search_index.schema import STORE_FILE, open_store
from search_index.store import (
    add_document,
    get_meta,
    queue_for_index,
    remove_document,
    set_meta,
    transaction,
)
from search_index.suggest import VOCABULARY_FILE

if TYPE_CHECKING:
    from search_index.library.writer import Library


def healthy(store: Path) -> bool:
    """Whether a store file is an intact SQLite database with documents in it."""
    try:  # read-write: a process killed mid-transaction leaves a journal to roll back first
        conn = sqlite3.connect(f"file:{store}?mode=rw", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            return (
                ok
                and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone()
                is not None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def prepare(library: Library, bundled: Collection, progress: Progress | None) -> None:
    """Open the library's store (made, or salvaged, first if need be) and bring it and the
    index in line with the bundled documents and with each other."""
    damaged = None
    if library.store_path.exists() and not healthy(library.store_path):
        damaged = _move_aside(library)
    elif not library.store_path.exists() and library.index_dir.exists():
        library.notices.append(
            f"The library's store ({library.store_path}) was missing, so a new one has been "
            "made with the bundled documents; documents you had added need adding again."
        )
    if not library.store_path.exists():
        _copy_bundled(library, bundled)
    library.db = db = open_store(library.store_path)
    # Write-ahead logging: a commit costs no disk flush, yet a killed process loses no
    # committed transaction (only a power cut could take the last few).
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    resumed = get_meta(db, "salvaging")
    if damaged is None and resumed:  # a salvage cut short by a kill goes on
        damaged = Path(resumed)
    if damaged is not None:
        library.notices.append(_salvaged(library, damaged))
    if get_meta(db, "bundled_fingerprint") != get_meta(bundled.db, "fingerprint"):
        refresh_bundled(library, bundled)
        library.rebuild_index(progress)
    elif library.reconcile(progress) == (0, 0) and (
        get_meta(db, "vocabulary_stale") == "1" or not _vocabulary_readable(library)
    ):
        library.write_vocabulary()  # an import was killed before it counted its words


def _salvaged(library: Library, damaged: Path) -> str:
    """Bring back what can be read of a damaged store; says what came back."""
    set_meta(library.db, {"salvaging": str(damaged)})
    saved, seen = salvage(damaged, library.db)
    set_meta(library.db, {"salvaging": ""})
    return (
        f"The library's store was damaged and has been moved aside to {damaged}. The "
        "bundled documents are back; "
        + (
            f"{saved} of the {seen} documents you had added could still be read and "
            "are back too" + ("; the others need adding again." if saved < seen else ".")
            if seen
            else "none of the documents you had added could be read from it: they need adding again."
        )
    )


def _move_aside(library: Library) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = library.store_path.with_name(f"damaged-{stamp}-{STORE_FILE}")
    for suffix in ("", "-wal", "-shm"):  # its log goes with it, never onto a new store
        companion = Path(f"{library.store_path}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{aside}{suffix}"))
    generations.publish(library.directory, None)  # built again from the store
    return aside


def _vocabulary_readable(library: Library) -> bool:
    try:
        data = json.loads((library.index_dir / VOCABULARY_FILE).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("words"), dict):
            return True
    except (OSError, ValueError):
        pass
    library.notices.append(
        "The word list for spelling suggestions was damaged and has been counted again."
    )
    return False


def _copy_bundled(library: Library, bundled: Collection) -> None:
    """A new library starts as a copy of the bundled store (the index is built from it)."""
    store_path = library.store_path
    tmp = store_path.with_name(f".{STORE_FILE}.new")
    for stale in (tmp, Path(f"{store_path}-wal"), Path(f"{store_path}-shm")):
        stale.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    try:
        bundled.db.conn.backup(target)
    finally:
        target.close()
    os.replace(tmp, store_path)
    db = open_store(store_path)
    set_meta(db, {"bundled_fingerprint": get_meta(bundled.db, "fingerprint") or ""})
    db.close()
    generations.publish(library.directory, None)  # built again from the store


def refresh_bundled(library: Library, bundled: Collection) -> None:
    """Replace the bundled documents with those the app now ships (hidden ones stay hidden)."""
    db = library.db
    old = {
        r["id"]: r
        for r in db.query("SELECT id, hidden, labelled, kind, audience FROM documents WHERE bundled")
    }
    new = [
        read_text(meta["file_name"], bundled.source(doc_id), doc_id=doc_id)
        for doc_id, meta in bundled.documents(include_hidden=True).items()
    ]
    with transaction(db):  # all or nothing: a kill leaves the previous set whole
        for doc_id in old:
            remove_document(db, doc_id)
        for doc in new:  # hidden ones stay hidden, the user's labels stay
            was = old.get(doc.doc_id) or {"hidden": 0, "labelled": 0}
            if was["labelled"]:
                doc.kind = was["kind"]
            add_document(
                db,
                doc,
                bundled=True,
                hidden=bool(was["hidden"]),
                audience=was["audience"] if was["labelled"] else "",
                labelled=bool(was["labelled"]),
            )
        # a new app may tag otherwise (its lexicon): the added documents' passages are tagged again
        tag_passages(db, [r["id"] for r in db.query("SELECT id FROM documents WHERE NOT bundled")])
        queue_for_index(db, [*old, *(d.doc_id for d in new)])
        set_meta(db, {"bundled_fingerprint": get_meta(bundled.db, "fingerprint") or ""})
