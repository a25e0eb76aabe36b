"""The Whoosh index of record: its schema, creating and opening one, its rows by number and how
many passages of each document it holds.

An index written by an earlier version names classes of ours in its pickled schema by the path
they had then; its schema is read here with those found where they are now (legacy.MOVED), rather
than keeping the old names importable from modules that no longer use Whoosh.
"""

from __future__ import annotations

import io
import pickle
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh import columns, fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3PerDocWriter, W3Segment
from whoosh.filedb.filestore import FileStorage, Storage
from whoosh.index import Index
from whoosh.reading import IndexReader

from search_index.whoosh_adapter.legacy import MOVED

__all__ = [
    "INDEX_NAME",
    "Index",
    "IndexReader",
    "Uncompressed",
    "WhooshRows",
    "create_in",
    "live_documents",
    "open_dir",
    "open_index",
    "schema",
]

INDEX_NAME = "passages"


def schema() -> fields.Schema:
    # Only the document id is indexed by Whoosh (to take a document out); the words are
    # indexed in the arrays.
    return fields.Schema(
        passage_id=fields.STORED(),
        document_id=fields.ID(stored=True),
        title=fields.STORED(),
        section=fields.STORED(),
        text=fields.STORED(),
        kind=fields.STORED(),
        audience=fields.STORED(),
        year=fields.STORED(),
        cancer=fields.STORED(),
        treatment=fields.STORED(),
        position=fields.STORED(),
    )


def create_in(dirname: str, schema: fields.Schema, indexname: str) -> Index:
    return whoosh_index.create_in(dirname, schema, indexname=indexname)


class Uncompressed(W3Codec):
    """Whoosh's codec, for a build, compressing nothing: each passage's row is stored at zlib's
    level 0 (zlib's format, read as any Whoosh reads a row), and the blocks of postings are
    marked uncompressed (a document's postings are a few numbers; zlib took longer than the
    rest of writing them). Compressing rows one at a time was a third of Whoosh's time in a
    build, for a fifth of the index's size on disk. The segments it writes name Whoosh's own
    codec: no index needs this class to be read."""

    def __init__(self) -> None:
        super().__init__(compression=0)

    def per_document_writer(self, storage, segment):
        return _PlainRowsWriter(self, storage, segment)

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(), indexname)


class _PlainRowsWriter(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        if fieldname == "_stored":
            column = columns.PickleColumn(columns.CompressedBytesColumn(level=0))
        super()._create_column(fieldname, column)


def open_dir(dirname: str, indexname: str) -> Index:
    """The index in `dirname`, to write to."""
    storage = FileStorage(dirname)
    return storage.open_index(indexname, schema=_stored_schema(storage, indexname))


def open_index(directory: Path) -> Index:
    # Read as files, not memory-mapped: Whoosh copies a mapped column whole into memory the
    # first time it reads from it (its BufferFile is a BytesIO of the map), and the stored rows
    # are hundreds of MB at a million passages; from a file, a row is read where it lies.
    storage = FileStorage(str(directory), supports_mmap=False, readonly=True)
    return storage.open_index(INDEX_NAME, schema=_stored_schema(storage, INDEX_NAME))


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        return MOVED.get((module, name)) or super().find_class(module, name)


def _stored_schema(storage: Storage, indexname: str) -> fields.Schema | None:
    """The schema of the latest commit, as Whoosh's TOC.read reads it; None for a table of
    contents of another format (Whoosh reads those itself; no version of ours wrote one)."""
    toc = whoosh_index.TOC
    generation = toc._latest_generation(storage, indexname)
    if generation < 0:
        return None  # no index here: Whoosh says so
    stream = storage.open_file(toc._filename(indexname, generation))
    try:
        for _ in range(3):
            stream.read_varint()  # the sizes of int, long and float
        stream.read_int()  # the byte order mark
        if stream.read_int() != whoosh_index._CURRENT_TOC_VERSION:
            return None
        for _ in range(3):
            stream.read_varint()  # the release of Whoosh that wrote it
        return _Unpickler(io.BytesIO(stream.read_string())).load()
    finally:
        stream.close()


def live_documents(directory: Path) -> Counter[str]:
    """How many passages of each document the index holds (deleted ones not counted)."""
    counts: Counter[str] = Counter()
    with open_index(directory).reader() as reader:
        for term in reader.lexicon("document_id"):
            n = sum(1 for _ in reader.postings("document_id", term).all_ids())
            if n:
                counts[term.decode("utf-8") if isinstance(term, bytes) else term] = n
    return counts


class WhooshRows:
    """The passages' rows as the Whoosh index keeps them, by document number."""

    def __init__(self, directory: Path) -> None:
        self.index = open_index(directory)
        self.reader = self.index.reader()
        self.generation = self.index.latest_generation()
        self.scratch: Path | None = None  # a folder removed at closing (index.open_passages)
        self.closed = False

    def __call__(self, docnum: int) -> dict:
        return self.reader.stored_fields(docnum)

    def close(self) -> None:
        """Idempotent: the window may be closing an engine its library has already let go."""
        if self.closed:
            return
        self.closed = True
        self.reader.close()
        self.index.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
