"""The Whoosh index over passages, built from the store (the store is the source of truth).

Whoosh is the index of record: it keeps each passage's row, numbers the passages, takes documents
out and commits atomically (through whoosh_adapter, the only package that imports Whoosh). What
the ranking reads (postings, lengths, vocabulary, neighbours) is written beside it as arrays at
every commit (postings.py), from the same terms. The folder also holds `vocabulary.json` (words
and titles, for spelling suggestions and completions), written from the same rows in the same
build.
"""

from __future__ import annotations

import os
import re
import tempfile
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from search_index import paths, scratch
from search_index.analysis import words
from search_index.array_builder import ArrayBuilder
from search_index.generations import INDEX_DIR as INDEX_DIR  # the name it had here
from search_index.lexicon import cancer_types, treatments
from search_index.neighbours import NEIGHBOURS_FROM, DocTerms, Graph, build_graph
from search_index.postings import ArrayIndex
from search_index.reading.model import KIND_LABELS
from search_index.suggest import countable, save_vocabulary
from search_index.whoosh_adapter import index  # create_in and open_dir, as Whoosh's
from search_index.whoosh_adapter.index import INDEX_NAME, IndexReader, WhooshRows, schema

SEARCHED_FIELDS = ("title", "section", "text")
FACETS = ("kind", "audience", "cancer", "treatment", "year")
MAX_SEGMENTS = 16  # an update merges the index's segments once it has this many
ROLE = "role"  # question | methods, for ranking (not a filter)
ARRAY_FIELDS = (*SEARCHED_FIELDS, *FACETS, ROLE)
FieldWords = dict[str, list[str]]  # searched field -> its words (as analysis.words gives them)
QUESTION, METHODS = "question", "methods"
ARRAYS_SCRATCH = ".collection.arrays."  # + a random part + "-<pid>", in the user's folder
METHODS_HEADING = re.compile(
    r"\b(?:methods?|materials|methodology|statistical analys[ie]s|"
    r"study design|patients and setting)\b",
    re.IGNORECASE,
)


def field_words(row: dict) -> FieldWords:
    """The words of a passage row's searched fields: read once, for the arrays and the
    vocabulary."""
    return {f: words(row.get(f) or "") for f in SEARCHED_FIELDS}


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


def role(section: str, text: str) -> str:
    """What a passage is, for ranking: a question (a "What to ask your doctor" bullet), a
    study's methods, or "" (an answer, a finding, anything else)."""
    if text.rstrip().endswith("?"):
        return QUESTION
    return METHODS if METHODS_HEADING.search(section) else ""


def facet_values(stored: dict) -> dict[str, list[str]]:
    """A passage's values of the fields the arrays index as they are (facets, role)."""
    out = {}
    kind = role(stored.get("section") or "", stored.get("text") or "")
    out["role"] = [kind] if kind else []
    for f in ("kind", "audience", "year"):
        out[f] = [stored[f]] if stored.get(f) else []
    for f in ("cancer", "treatment"):
        out[f] = [v for v in (stored.get(f) or "").split(",") if v]
    return out


def _builder() -> ArrayBuilder:
    return ArrayBuilder(ARRAY_FIELDS, SEARCHED_FIELDS)


def _neighbours(doc_terms: DocTerms) -> Graph | None:
    return build_graph(doc_terms) if int(doc_terms.live.sum()) >= NEIGHBOURS_FROM else None


def build_index(
    rows: Iterable[dict],
    directory: Path,
    count: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create a fresh index in `directory` from passage rows; returns how many were indexed."""
    directory.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(directory), schema(), indexname=INDEX_NAME)
    # Whoosh indexes only the document ids: its pool of postings needs little memory, and
    # what it holds stays in the process's heap after the commit.
    writer = ix.writer(limitmb=32)
    titles: set[str] = set()
    arrays = _builder()
    n = 0
    try:
        for row in rows:
            fw = field_words(row)
            doc = index_fields(row)
            writer.add_document(**doc)
            arrays.add(fw, facet_values(doc))
            titles.add(doc["title"])
            n += 1
            if progress and n % 500 == 0:
                progress(n)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    arrays.write(directory, ix.latest_generation(), _neighbours)
    save_vocabulary(directory, arrays.word_counts(countable), titles)
    return n


def _arrays_from_rows(reader: IndexReader, directory: Path, generation: int) -> None:
    """The arrays written again from the rows the index keeps (after an update, or when they
    are missing or of another commit)."""
    arrays = _builder()
    for d in range(reader.doc_count_all()):
        if reader.is_deleted(d):
            arrays.add({}, {}, live=False)
        else:
            stored = reader.stored_fields(d)
            arrays.add(field_words(stored), facet_values(stored))
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
            for d in range(old.n, n):
                stored = reader.stored_fields(d)
                arrays.add(field_words(stored), facet_values(stored))
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


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def facet_label(fieldname: str, value: str) -> str:
    if fieldname == "kind":
        return kind_label(value)
    if fieldname == "audience":
        return {"patient": "Patients", "clinician": "Clinicians"}.get(value, value)
    if fieldname in ("cancer", "treatment"):
        tags = cancer_types() if fieldname == "cancer" else treatments()
        return next((t.label for t in tags if t.id == value), value)
    return value or "Undated"
