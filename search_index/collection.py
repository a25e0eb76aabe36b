"""A collection: one store and its index in one folder, built together and opened together.

A build writes into a fresh sibling folder and swaps it in with renames, so a reader never sees a
half-built collection, and a build killed midway leaves the previous one untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from search_index import generations, paths, scratch
from search_index.build_inputs import build_inputs
from search_index.engine import open_engine
from search_index.index import INDEX_DIR, build_index
from search_index.lexicon import treatment_data
from search_index.ranking import RankingParams
from search_index.reading import ReadError, read_file
from search_index.schema import STORE_FILE, open_store
from search_index.search import SearchEngine
from search_index.store import (
    add_document,
    get_meta,
    passages_for_index,
    pending_for_index,
    set_meta,
)
from search_index.treatments import evidence_map

Progress = Callable[[int, int, str], None]  # done, total, what is being done

# Written by the packaging spec: the fingerprint of the sources the packaged app was made from.
SHIPPED_FINGERPRINT = "build/source-fingerprint.txt"


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    passages: int = 0


def seed_files(folder: Path | None = None) -> list[Path]:
    folder = folder or paths.seeds_dir()
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def fingerprint(sources: list[Path]) -> str:
    """A hash of the sources and of the code that reads and indexes them."""
    if getattr(sys, "frozen", False):  # a packaged app holds no source files, only their hash
        return (paths.app_root() / SHIPPED_FINGERPRINT).read_text(encoding="utf-8").strip()
    h = hashlib.sha256()
    root = paths.app_root()
    for p in sources:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    for p in build_inputs(root):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def is_current(directory: Path, sources: list[Path]) -> bool:
    store = directory / STORE_FILE
    if not store.exists() or not generations.current(directory).is_dir():
        return False
    try:
        db = open_store(store, readonly=True)
        try:
            return get_meta(db, "fingerprint") == fingerprint(sources)
        finally:
            db.close()
    except Exception:
        return False


def build_collection(
    sources: list[Path], directory: Path, progress: Progress | None = None, *, bundled: bool = True
) -> BuildReport:
    """Read every source into a new store and index, then swap them in at `directory`."""
    report = BuildReport()
    if bundled:  # the reviewed map must match the sources to the character, or nothing is built
        evidence_map.check(
            {p.stem: p.read_text(encoding="utf-8") for p in sources},
            {o["id"] for o in treatment_data()["options"]},
        )
    # builds killed midway, here or in a process that is gone, left their scratch beside it
    scratch.clear(scratch.left_by_the_dead(directory.parent, f".{directory.name}."))
    tmp = directory.with_name(f".{directory.name}.building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        db = open_store(tmp / STORE_FILE)
        total = len(sources) + 1
        for i, path in enumerate(sources):
            if progress:
                progress(i, total, f"Reading {path.name}")
            try:
                add_document(db, read_file(path), bundled=bundled)
                report.added.append(path.name)
            except (ReadError, OSError) as exc:
                report.failed.append((path.name, getattr(exc, "reason", None) or str(exc)))
        set_meta(
            db,
            {
                "fingerprint": fingerprint(sources),
                "built": date.today().isoformat(),
                "sources": json.dumps([p.name for p in sources]),
            },
        )
        if progress:
            progress(len(sources), total, "Indexing passages")
        count = db.table("passages").count
        report.passages = build_index(passages_for_index(db), tmp / INDEX_DIR, count)
        db.execute("VACUUM")
        db.close()
        _swap_in(tmp, directory)
        if progress:
            progress(total, total, "Done")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report


def _swap_in(new: Path, directory: Path) -> None:
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}")
    if directory.exists():
        os.replace(directory, old)
    os.replace(new, directory)
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class StoredPassage:
    id: int
    position: int
    kind: str
    level: int
    text: str
    start: int
    end: int
    truncated: bool
    citations: list[int]


@dataclass
class StoredSection:
    heading: str
    role: str
    passages: list[StoredPassage]


@dataclass
class StoredDocument:
    meta: dict
    sections: list[StoredSection]
    references: list[dict]

    @property
    def id(self) -> str:
        return self.meta["id"]


class Collection:
    """A collection's store, read-only; `index_dir` is its index (see SearchEngine). `db`: the
    store already opened another way (see read_only.py). The window and the command line hold
    it through an OpenCollection (library/handle.py), with its engine and writer."""

    def __init__(
        self, directory: Path, db: sqlite_utils.Database | None = None, *, kiosk: bool = False
    ) -> None:
        self.directory = directory
        self.kiosk = kiosk  # writes nothing in the user's folder, not even scratch
        self.db = db if db is not None else open_store(directory / STORE_FILE, readonly=True)
        self._all = {
            row["id"]: row
            for row in self.db.query(
                "SELECT id, file_name, kind, audience, title, authors, journal, year, published, "
                "updated, doi, publication_types, bundled, hidden, origin, added_at, status, publisher "
                "FROM documents "
                "ORDER BY id"
            )
        }
        # The kiosk, which repairs nothing, shows only what its search can find: not documents
        # a window killed mid-import left in the store, waiting for the index.
        waiting = pending_for_index(self.db) if kiosk else set()
        self._documents = {k: v for k, v in self._all.items() if not v["hidden"] and k not in waiting}

    @property
    def index_dir(self) -> Path:
        return generations.current(self.directory)

    def close(self) -> None:
        self.db.close()

    def search_engine(self, params: RankingParams | None = None) -> SearchEngine:
        return generations.opened(
            self.directory,
            lambda folder: open_engine(folder, self._documents, params, scratch_at_home=not self.kiosk),
        )

    def documents(self, *, include_hidden: bool = False) -> dict[str, dict]:
        return self._all if include_hidden else self._documents

    def document(self, doc_id: str) -> StoredDocument:
        meta = dict(self._all[doc_id])
        meta["publication_types"] = json.loads(meta["publication_types"] or "[]")
        cites: dict[int, list[int]] = {}
        for row in self.db.query(
            "SELECT c.passage_id, c.number FROM citations c JOIN passages p "
            "ON p.id = c.passage_id WHERE p.document_id = ? ORDER BY c.rowid",
            [doc_id],
        ):
            cites.setdefault(row["passage_id"], []).append(row["number"])
        sections: dict[int, StoredSection] = {}
        for row in self.db.query(
            "SELECT id, heading, role FROM sections WHERE document_id = ? ORDER BY position", [doc_id]
        ):
            sections[row["id"]] = StoredSection(row["heading"], row["role"], [])
        for row in self.db.query(
            "SELECT * FROM passages WHERE document_id = ? ORDER BY position", [doc_id]
        ):
            sections[row["section_id"]].passages.append(
                StoredPassage(
                    id=row["id"],
                    position=row["position"],
                    kind=row["kind"],
                    level=row["level"],
                    text=row["text"],
                    start=row["start"],
                    end=row["end"],
                    truncated=bool(row["truncated"]),
                    citations=cites.get(row["id"], []),
                )
            )
        refs = list(
            self.db.query(
                "SELECT number, label, text, doi FROM reference_list WHERE document_id = ? "
                "ORDER BY number",
                [doc_id],
            )
        )
        return StoredDocument(meta, list(sections.values()), refs)

    @property
    def built(self) -> str:
        return get_meta(self.db, "built") or ""

    def source(self, doc_id: str) -> str:
        return self.db.execute("SELECT source FROM documents WHERE id = ?", [doc_id]).fetchone()[0]


def bundled_collection(progress: Progress | None = None) -> Collection:
    """The bundled collection if it is built and current, else one built in the user's folder."""
    sources = seed_files()
    bundled = paths.bundled_collection_dir()
    if is_current(bundled, sources):
        return Collection(bundled)
    own = paths.user_data_dir() / "collection"
    if not is_current(own, sources):
        build_collection(sources, own, progress)
    return Collection(own)
