"""A store left with a write-ahead log by a killed writer is read, log and all, without a byte
written: compared with what SQLite itself reads from a copy of the same files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from search_index.store_image import store_image

# Each writer: statements run in a process killed at its end (os._exit: no close, no
# checkpoint), leaving its log as a crash would.
WRITERS = {
    "commits in the log": """
        db.execute("CREATE TABLE t(x)")
        for i in range(300):
            db.execute("INSERT INTO t VALUES (?)", (f"row {i} " * 40,))
            if i % 7 == 0:
                db.commit()
        db.commit()
    """,
    "an unfinished transaction spilt into the log after them": """
        db.execute("PRAGMA cache_size = 4")  # (pages past it are written before the commit)
        db.execute("CREATE TABLE t(x)")
        db.executemany("INSERT INTO t VALUES (?)", [("kept " * 50,)] * 300)
        db.commit()
        db.execute("UPDATE t SET x = 'never committed'")
    """,
    "a log begun again after a checkpoint, older frames behind": """
        db.execute("CREATE TABLE t(x)")
        for i in range(200):
            db.execute("INSERT INTO t VALUES (?)", ("old " * 100,))
        db.commit()
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        db.execute("DELETE FROM t WHERE rowid % 2 = 0")
        db.execute("INSERT INTO t VALUES ('after the checkpoint')")
        db.commit()
    """,
    "a store that shrank": """
        db.execute("CREATE TABLE t(x)")
        db.executemany("INSERT INTO t VALUES (?)", [("big " * 500,)] * 100)
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("DELETE FROM t WHERE rowid > 3")
        db.commit()
        db.execute("VACUUM")
    """,
}


def killed_writer(folder: Path, statements: str) -> Path:
    store = folder / "store.sqlite"
    body = textwrap.dedent(statements)
    code = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1])\n"
        "db.execute('PRAGMA journal_mode = WAL')\n"
        "db.execute('PRAGMA wal_autocheckpoint = 0')\n"
        f"{body}\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(store)], check=True, timeout=60)
    return store


def contents(db: sqlite3.Connection) -> dict[str, list]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: db.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def untouched(folder: Path) -> dict[str, tuple]:
    return {
        p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in folder.iterdir()
    }


@pytest.mark.parametrize("case", list(WRITERS))
def test_a_killed_writers_log_is_read_as_sqlite_reads_it(tmp_path, case):
    left = tmp_path / "left"
    left.mkdir()
    store = killed_writer(left, WRITERS[case])
    assert Path(f"{store}-wal").stat().st_size > 0  # the case leaves a log
    before = untouched(left)

    mine = sqlite3.connect(":memory:")
    mine.deserialize(store_image(store))
    assert mine.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    copy = tmp_path / "copy"
    shutil.copytree(left, copy)
    theirs = sqlite3.connect(copy / store.name)  # SQLite recovers the log itself
    assert contents(mine) == contents(theirs) != {}
    assert untouched(left) == before  # not a byte written, nor a file made


def test_a_torn_last_frame_ends_the_log_before_its_transaction(tmp_path):
    left = tmp_path / "left"
    left.mkdir()
    store = killed_writer(left, WRITERS["commits in the log"])
    log = Path(f"{store}-wal")
    torn = bytearray(log.read_bytes())
    torn[-100] ^= 0xFF  # a byte of the last page, as a write cut short leaves it
    log.write_bytes(torn)
    mine = sqlite3.connect(":memory:")
    mine.deserialize(store_image(store))
    copy = tmp_path / "copy"
    shutil.copytree(left, copy)
    theirs = contents(sqlite3.connect(copy / store.name))
    assert contents(mine) == theirs and 0 < len(theirs["t"]) < 300


def test_a_store_without_a_log_is_its_file(tmp_path):
    store = tmp_path / "plain.sqlite"
    db = sqlite3.connect(store)
    db.execute("CREATE TABLE t(x)")
    db.execute("INSERT INTO t VALUES ('only')")
    db.commit()
    db.close()
    mine = sqlite3.connect(":memory:")
    mine.deserialize(store_image(store))
    assert contents(mine) == {"t": [(1, "only")]}
