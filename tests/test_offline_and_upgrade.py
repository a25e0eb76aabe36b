"""Offline means offline; upgrades keep the user's data; the install folder is never written."""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import sys
from pathlib import Path

import pytest
from helpers import ABLATION_PAGE, search, write
from PySide6.QtCore import Qt

from search_index.collection import Collection, seed_files
from search_index.opening import open_collection
from search_index.questions.lists import ListItem, QuestionList, load, save
from search_index.reading import read_file
from search_index.schema import SCHEMA_VERSION, STORE_FILE, open_store
from search_index.store import add_document
from search_index.user_store import open_user_store


@pytest.fixture
def no_network(monkeypatch):
    """Every way Python opens a connection raises, and is recorded."""
    attempts: list[str] = []

    class Refused(socket.socket):
        def __init__(self, *args, **kwargs):
            attempts.append(f"socket{args}")
            raise OSError("network refused by the test")

    def refuse(*args, **kwargs):
        attempts.append(f"create_connection{args}")
        raise OSError("network refused by the test")

    monkeypatch.setattr(socket, "socket", Refused)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts


def test_main_flows_open_no_connection(no_network, qtbot, window, tmp_path):
    results = search(qtbot, window, "liver mets immunotherapy")
    qtbot.keyClick(window.search_pane.box, Qt.Key.Key_Return)
    window.compare(["resection", "ablation", "chemoimmunotherapy"])
    window.questions_view.add_text(results.hits[0].text)
    window.questions_view.save_pdf(tmp_path / "handout.pdf")
    assert (tmp_path / "handout.pdf").exists()
    assert no_network == []
    assert not [m for m in sys.modules if m.startswith("PySide6.QtNetwork")]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_installed_collection_is_never_written(collection_dir: Path):
    before = snapshot(collection_dir)
    c = Collection(collection_dir)
    engine = c.search_engine()
    engine.search("resection survival")
    engine.warm_up()
    engine.close()
    c.close()
    assert snapshot(collection_dir) == before


def test_an_older_store_is_backed_up_and_migrated(tmp_path: Path):
    path = tmp_path / STORE_FILE
    db = open_store(path)
    add_document(db, read_file(seed_files()[0]), bundled=True)
    db["figures"].drop()
    db["statements"].drop()  # as version 1 had it: no statements, no import columns
    db["index_pending"].drop()
    for column in ("doi", "pmid", "content_hash"):
        db.execute(f"DROP INDEX idx_documents_{column}")
    db["documents"].transform(drop={"pmid", "hidden", "origin", "labelled"})
    db.execute("PRAGMA user_version = 1")
    db.close()
    db = open_store(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"statements", "figures"} <= set(db.table_names())
    assert (tmp_path / "clinic.v1.bak").exists()
    (row,) = db.query("SELECT id, hidden, origin FROM documents")
    assert row["id"] == seed_files()[0].stem and row["hidden"] == 0


# What the index held for these seed passages when it tagged them itself (schema 5's code, run
# before the tags were stored): a passage's opening words, its cancer types, its treatments.
EARLIER_TAGS = [
    ("For specific cancer types, additional", "lung,gastric", "chemoimmunotherapy,ici_combo"),
    ("Combination strategies may help.", "hepatocellular", "local_therapy,tace,haic,ici,ici_combo"),
    (
        "A significant difference in median OS",
        "esophageal",
        "local_therapy,chemotherapy,chemoimmunotherapy,ici",
    ),
    ("Neuroendocrine tumor liver metastases", "neuroendocrine", "resection"),
    ("The authors declare no competing interests.", "lung", ""),
    ("Portal vein embolization can be used", "", "pve"),
]
TAGS = (
    "SELECT document_id, position, text, cancers, treatments FROM passages "
    "ORDER BY document_id, position"
)


def as_version_5(path: Path) -> None:
    """Take a store back to schema 5: its passages without their tags."""
    db = open_store(path)
    db["passages"].transform(drop={"cancers", "treatments"})
    db.execute("PRAGMA user_version = 5")
    db.close()


def test_a_version_5_store_gets_the_tags_a_fresh_build_gives(tmp_path: Path):
    fresh = open_store(tmp_path / "fresh.sqlite")
    older = open_store(tmp_path / STORE_FILE)
    for path in seed_files():
        add_document(fresh, read_file(path), bundled=True)
        add_document(older, read_file(path), bundled=True)
    older.close()
    as_version_5(tmp_path / STORE_FILE)
    db = open_store(tmp_path / STORE_FILE)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "clinic.v5.bak").exists()
    upgraded = list(db.query(TAGS))
    assert upgraded == list(fresh.query(TAGS))
    for opening, cancers, treatments in EARLIER_TAGS:
        (row,) = [r for r in upgraded if r["text"].startswith(opening)]
        assert (row["cancers"], row["treatments"]) == (cancers, treatments), opening


def test_the_users_library_is_upgraded_on_opening_and_its_tags_found(opened, tmp_path: Path):
    """A library written by schema 5 (with a document the user added) opens at schema 6, its
    passages tagged as when they were written; the index rebuilt from them filters alike."""
    lib = opened.library
    lib.import_paths([write(tmp_path, "ablation.md", ABLATION_PAGE)])
    directory = lib.directory
    db = open_store(directory / STORE_FILE)
    written = list(db.query(TAGS))
    db.close()
    lib.close()
    opened.collection.close()
    as_version_5(directory / STORE_FILE)
    again = open_collection()
    assert again.library is not None
    db = again.library.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert list(db.query(TAGS)) == written
    again.library.rebuild_index()
    engine = again.collection.search_engine()
    hits = engine.search("liver", filters={"treatment": {"ablation"}}).hits
    engine.close()
    assert "ablation" in {h.document_id for h in hits}
    again.library.close()
    again.collection.close()


def test_user_lists_survive_a_rebuilt_collection(tmp_path: Path, collection_dir: Path):
    user = open_user_store(tmp_path / "user.sqlite")
    list_id = save(user, QuestionList(None, "Kept", [ListItem("Will this survive?")]))
    from search_index.collection import build_collection, seed_files

    build_collection(seed_files(), tmp_path / "collection")  # an upgrade rebuilds the collection
    assert load(open_user_store(tmp_path / "user.sqlite"), list_id).items[0].text == "Will this survive?"


def test_the_backup_before_an_upgrade_holds_what_another_connection_committed(tmp_path: Path):
    path = tmp_path / STORE_FILE
    db = open_store(path)
    add_document(db, read_file(seed_files()[0]), bundled=True)
    db.close()
    as_version_5(path)
    other = sqlite3.connect(path)  # stays open: its commit is in the write-ahead log, not the file
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("PRAGMA wal_autocheckpoint = 0")
    other.execute("UPDATE passages SET text = 'committed, not checkpointed' WHERE position = 0")
    other.commit()
    open_store(path).close()
    backup = sqlite3.connect(tmp_path / "clinic.v5.bak")
    found = backup.execute("SELECT count(*) FROM passages WHERE text LIKE 'committed, not%'")
    assert found.fetchone()[0] == 1
    backup.close()
    other.close()
