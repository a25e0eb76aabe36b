"""The Whoosh index over passages, built from the store (the store is the source of truth).

Whoosh is the index of record: it keeps each passage's row, numbers the passages, takes documents
out and commits atomically (through whoosh_adapter, the only package that imports Whoosh). What
the ranking reads (postings, lengths, vocabulary, neighbours) is written beside it as arrays at
every commit (postings.py), from the same terms. The folder also holds `vocabulary.json` (words
and titles, for spelling suggestions and completions), written from the same rows in the same
build.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from search_index import paths, scratch
from search_index.analysis import (
    STOP,
    NumberedWords,
    learn_stems,
    numbered_words,
    stems,
    words_of,
    written_forms,
)
from search_index.array_builder import ArrayBuilder
from search_index.fields import ARRAY_FIELDS, SEARCHED_FIELDS, facet_values
from search_index.generations import INDEX_DIR as INDEX_DIR  # the name it had here
from search_index.neighbours import NEIGHBOURS_FROM, DocTerms, Graph, build_graph
from search_index.postings import ArrayIndex
from search_index.suggest import countable, save_vocabulary
from search_index.whoosh_adapter import index  # open_dir, as Whoosh's
from search_index.whoosh_adapter.index import INDEX_NAME, IndexReader, WhooshRows
from search_index.whoosh_adapter.rows_writer import RowsWriter, RowsWriterProcess

MAX_SEGMENTS = 16  # an update merges the index's segments once it has this many
# Passages whose words are read together (analysis.words_of): small enough for the rows' process
# to take a share of the batches once it has started.
ROWS_AT_ONCE = 500
# From this many passages, a build's rows are written in a process of their own: below it, the
# process's start (a fresh interpreter, a third of a second) is more than the rows take.
ROWS_IN_A_PROCESS_FROM = 2_000
# Below this many passages, the rows' process reads a share of the words too. Not beyond: at a
# million passages the build's peak memory grew by 42 MB (to 2,050 MB) for it, past 2 GiB.
SHARED_READING_BELOW = 200_000
# A batch's words, field by field: as words_of reads them, or numbered (numbered_words)
FieldWords = Mapping[str, tuple[Sequence[str], Any] | NumberedWords]
ARRAYS_SCRATCH = ".collection.arrays."  # + a random part + "-<pid>", in the user's folder


def index_fields(row: dict) -> dict:
    """What the index holds for one passage row (id, document_id, title, section, text, kind,
    audience, year, position, and the tags the store gave it: cancers, treatments)."""
    title, section, text = row.get("title") or "", row.get("section") or "", row["text"]
    return {
        "passage_id": row["id"],
        "document_id": str(row["document_id"]),
        "title": title,
        "section": section,
        "text": text,
        "kind": row.get("kind") or "",
        "audience": row.get("audience") or "",
        "year": str(row["year"]) if row.get("year") else "",
        "cancer": row.get("cancers") or "",
        "treatment": row.get("treatments") or "",
        "position": row.get("position") or 0,
    }


def _builder() -> ArrayBuilder:
    return ArrayBuilder(ARRAY_FIELDS, SEARCHED_FIELDS)


def _add_rows(
    arrays: ArrayBuilder, rows: Sequence[dict | None], words: FieldWords | None = None
) -> None:
    """Passages' stored rows (None: a passage taken out) to the arrays, their words read once
    for the arrays and the vocabulary (here, or as given: numbered_words of _texts)."""
    arrays.add(
        words or {f: words_of(texts) for f, texts in _texts(rows).items()},
        [facet_values(r) if r else {} for r in rows],
        [r is not None for r in rows],
    )


def _texts(rows: Sequence[dict | None]) -> dict[str, list[str]]:
    return {f: [(r.get(f) or "") if r else "" for r in rows] for f in SEARCHED_FIELDS}


def _neighbours(
    doc_terms: DocTerms, writer: RowsWriter | RowsWriterProcess | None = None
) -> Graph | None:
    """The neighbour graph, found in part in the writer's process if it is free."""
    if int(doc_terms.live.sum()) < NEIGHBOURS_FROM:
        return None
    return build_graph(doc_terms, elsewhere=writer.ask if writer and writer.free() else None)


def build_index(
    rows: Iterable[dict],
    directory: Path,
    count: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create a fresh index in `directory` from passage rows; returns how many were indexed.
    Whoosh writes the rows of a large build in a process of its own, meanwhile."""
    directory.mkdir(parents=True, exist_ok=True)
    in_a_process = (
        count is not None
        and count >= ROWS_IN_A_PROCESS_FROM
        and not multiprocessing.current_process().daemon  # (may start no process)
    )
    writer = (RowsWriterProcess if in_a_process else RowsWriter)(directory)
    try:
        with _cycles_left_alone():
            return _build(rows, directory, writer, progress, count or 0)
    except BaseException:
        writer.cancel()
        raise


def _build(
    rows: Iterable[dict],
    directory: Path,
    writer: RowsWriter | RowsWriterProcess,
    progress: Callable[[int], None] | None,
    count: int,
) -> int:
    titles: set[str] = set()
    arrays = _builder()
    n = 0
    batch: list[dict] = []
    reader = _Reader(arrays, writer, shared=count < SHARED_READING_BELOW)
    for row in rows:
        doc = index_fields(row)
        batch.append(doc)
        titles.add(doc["title"])
        n += 1
        if len(batch) == ROWS_AT_ONCE:
            reader.read(batch)
            batch = []
        if progress and n % 500 == 0:
            progress(n)
    reader.read(batch)
    writer.finish()
    reader.take()
    counts = arrays.word_counts(countable)
    # (written where the rows are, meanwhile; the words' stems are known here)
    writer.also(save_vocabulary, directory, counts, titles, written_forms(counts))
    # (the arrays name the commit's generation last: the rows may still be being written)
    arrays.write(directory, writer.generation, partial(_neighbours, writer=writer))
    return n


class _Reader:
    """Batches to the writer and their words to the arrays: read in the writer's process when
    it has done all else asked of it (it idles while the build reads; the passages' tags and
    values are still read here), else here; and there, meanwhile, the words met so far stemmed
    (the build learns them: stemming them was a third of the time it spent on the words)."""

    def __init__(
        self, arrays: ArrayBuilder, writer: RowsWriter | RowsWriterProcess, shared: bool
    ) -> None:
        self.arrays, self.writer, self.shared = arrays, writer, shared
        # Batches read, in order, whose words are still in the writer's process (one at most).
        self.waiting: list[tuple[list[dict], Callable[[], FieldWords | None]]] = []
        self.stemming: tuple[list[str], Callable[[], list[str]]] | None = None
        self.handed = 0  # words (numbered by the arrays) handed over to be stemmed

    def read(self, batch: list[dict]) -> None:
        if self.shared and self.writer.free():
            self.take()
            self.waiting.append((batch, self.writer.ask(numbered_words, _texts(batch))))
            met = self.arrays.words.order
            new = [w for w in met[self.handed :] if w not in STOP]
            self.handed = len(met)
            if new:
                self.stemming = (new, self.writer.ask(stems, new))
        elif self.waiting:
            local = {f: words_of(texts) for f, texts in _texts(batch).items()}
            self.waiting.append((batch, lambda: local))
        else:
            _add_rows(self.arrays, batch)
        self.writer.add(batch)

    def take(self) -> None:
        """What the writer's process was asked (waiting for it, if need be)."""
        for done, words in self.waiting:
            _add_rows(self.arrays, done, words())
        self.waiting.clear()
        if self.stemming:
            learn_stems(self.stemming[0], self.stemming[1]())
            self.stemming = None


@contextmanager
def _cycles_left_alone() -> Iterator[None]:
    """Python's collector of reference cycles paused: a build makes hundreds of thousands of
    objects that live until it ends, and none that form a cycle; the collector went through
    them again and again. Other threads' cycles, if any, wait for the build's end."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _arrays_from_rows(reader: IndexReader, directory: Path, generation: int) -> None:
    """The arrays written again from the rows the index keeps (after an update, or when they
    are missing or of another commit)."""
    arrays = _builder()
    n = reader.doc_count_all()
    for a in range(0, n, ROWS_AT_ONCE):
        docs = range(a, min(n, a + ROWS_AT_ONCE))
        _add_rows(arrays, [None if reader.is_deleted(d) else reader.stored_fields(d) for d in docs])
    arrays.write(directory, generation, _neighbours)


class IndexUpdate:
    """Passages added to and documents taken out of an existing index, committed together.

    Whoosh writes a commit's segment files first and its table of contents last, by rename:
    a process killed mid-commit leaves the previous commit whole (and a few files that the next
    commit sweeps away). `previous`: the folder whose arrays it extends, if not its own (a
    library's change writes a new generation carried from the previous one: generations.py)."""

    def __init__(self, directory: Path, previous: Path | None = None) -> None:
        self._directory = directory
        self._previous = previous or directory
        self._index = index.open_dir(str(directory), indexname=INDEX_NAME)
        self._generation = self._index.latest_generation()
        with self._index.reader() as reader:
            self._segments = len(reader.leaf_readers())
        self._writer = self._index.writer(limitmb=256)
        self._added = 0
        self.added_texts: list[str] = []

    def remove(self, doc_id: str) -> None:
        self._writer.delete_by_term("document_id", doc_id)

    def add(self, rows: Iterable[dict]) -> None:
        for row in rows:
            doc = index_fields(row)
            self._writer.add_document(**doc)
            self._added += 1
            self.added_texts.append(doc["text"])

    def __enter__(self) -> IndexUpdate:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            # Segments are not merged (passages keep their numbers, and the arrays are only
            # extended) until there are many of them; then merged, and the arrays written anew.
            merge = self._segments >= MAX_SEGMENTS
            self._writer.commit(merge=merge)
            ix = self._index.refresh()
            with ix.reader() as reader:
                if merge:  # merging moves passages about: the arrays are written anew
                    _arrays_from_rows(reader, self._directory, ix.latest_generation())
                else:
                    _arrays_after_update(
                        reader,
                        self._previous,
                        self._directory,
                        self._generation,
                        ix.latest_generation(),
                        self._added,
                    )
        else:
            self._writer.cancel()


def _arrays_after_update(
    reader: IndexReader,
    previous: Path,
    directory: Path,
    before: int,
    after: int,
    added: int,
) -> None:
    """The arrays of the commit before (in `previous`), extended with the passages added and
    written to `directory` (the commit merged nothing, so the passages before kept their
    numbers); or written anew from the rows when the arrays were not of the commit before, or
    the count does not add up."""
    try:
        old = ArrayIndex(previous, reader.stored_fields)
        n = reader.doc_count_all()
        if old.generation == before and n == old.n + added:
            arrays = ArrayBuilder.extending(old)
            for a in range(old.n, n, ROWS_AT_ONCE):
                docs = range(a, min(n, a + ROWS_AT_ONCE))
                _add_rows(arrays, [reader.stored_fields(d) for d in docs])
            arrays.live[:] = array("b", (not reader.is_deleted(d) for d in range(n)))
            arrays.write(directory, after, _neighbours)
            return
    except (OSError, ValueError, KeyError):
        pass  # missing or unreadable: written from the rows
    _arrays_from_rows(reader, directory, after)


def open_passages(directory: Path, scratch_at_home: bool = True) -> tuple[ArrayIndex, WhooshRows]:
    """The arrays of the index in `directory` and its rows, of the same commit. Arrays that are
    missing, unreadable or of another commit (an index from an earlier version, a process
    killed between the two writes) are written from the rows into a scratch folder, removed
    at closing: opening never writes into an index (an installed collection stays as shipped;
    a library's next commit writes its arrays). The kiosk's (`scratch_at_home` False) go to the
    temp dir: it writes nothing in the user's folder."""
    rows = WhooshRows(directory)
    try:
        arrays = ArrayIndex(directory, rows)
        if arrays.generation == rows.generation:
            return arrays, rows
    except (OSError, ValueError, KeyError):
        pass
    rows.scratch = _arrays_scratch(scratch_at_home)
    _arrays_from_rows(rows.reader, rows.scratch, rows.generation)
    return ArrayIndex(rows.scratch, rows), rows


def _arrays_scratch(at_home: bool) -> Path:
    """A new folder for arrays written for one opening: in the user's folder if it can be
    written, where a process killed before removing it leaves it for the next to sweep (named
    as collection.py's scratch, with its process id); else in the temp dir."""
    home = paths.user_data_dir(create=False)
    if not at_home or not os.access(home, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="clinic-reference-arrays-"))
    scratch.clear(scratch.left_by_the_dead(home, ARRAYS_SCRATCH))
    return Path(tempfile.mkdtemp(prefix=ARRAYS_SCRATCH, suffix=f"-{os.getpid()}", dir=home))
