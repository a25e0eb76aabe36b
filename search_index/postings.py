"""What the ranking reads, as arrays: written when the index is committed (array_builder.py),
opened memory-mapped.

Per field: the terms of every passage in order (a forward index: feedback and nearness read it),
each passage's length, and the postings (passages and frequencies of each term, by term). Beside
them the sorted vocabulary (one UTF-8 blob and offsets, searched by bisection), each term's
document frequency over the searched fields, and each passage's nearest neighbours (see
neighbours.py). Opening maps the files; nothing is read until a query touches it, so a collection
opens in milliseconds and ranks the same from its first query on.

The folder is written beside the Whoosh index (the index of record) and stamped with its commit
generation; arrays of another generation are stale and are written again from the index's rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from search_index.neighbours import Graph

ARRAYS_DIR = "arrays"
META = "meta.json"
FORMAT = 2


def _load(path: Path) -> np.ndarray:
    try:  # a plain array over the mapped file: slicing a np.memmap costs a Python call more
        return np.load(path, mmap_mode="r").view(np.ndarray)
    except ValueError:  # an empty array cannot be mapped
        return np.load(path)


class ArrayIndex:
    """The arrays of one index folder, memory-mapped: the PassageIndex of the ranking."""

    def __init__(self, directory: Path, rows: Callable[[int], dict]) -> None:
        folder = directory / ARRAYS_DIR
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError("arrays of another format")
        self.meta = meta
        self.generation: int = meta["generation"]
        self.n: int = meta["passages"]
        every = meta["fields"]
        self.average: dict[str, float] = meta["average"]
        self._rows = rows
        self._blob = _load(folder / "vocab_blob.npy")
        self._voff = _load(folder / "vocab_off.npy")
        self.vocabulary_size = len(self._voff) - 1
        self.live = np.array(_load(folder / "live.npy"))
        self._df = _load(folder / "df.npy")
        self.numeric = _load(folder / "numeric.npy")
        self._docs = {f: _load(folder / f"{f}.docs.npy") for f in every}
        self._freqs = {f: _load(folder / f"{f}.freqs.npy") for f in every}
        self._off = {f: _load(folder / f"{f}.off.npy") for f in every}
        # Fields no passage has any word in (no section headings, say) cost reads for nothing.
        self.fields: tuple[str, ...] = tuple(f for f in meta["searched"] if self._off[f][-1])
        self._all_len = {f: _load(folder / f"{f}.len.npy") for f in meta["searched"]}
        self._all_tok = {f: _load(folder / f"{f}.tok.npy") for f in meta["searched"]}
        self._len = {f: self._all_len[f] for f in self.fields}
        self._tok = {f: self._all_tok[f] for f in self.fields}
        self._start = {f: _load(folder / f"{f}.start.npy") for f in self.fields}
        self.graph: Graph | None = None
        if meta.get("neighbours"):
            self.graph = Graph(_load(folder / "neighbours.npy"), _load(folder / "neighbour_weights.npy"))
        self._ids: dict[str, int] = {}

    def touch(self, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Read the arrays every search reads (vocabulary, offsets, lengths, document
        frequencies) once, into the system's file cache; the postings and the passages' terms
        are read as searches need them (on a large collection, most of them never are).
        Returns the bytes read."""
        read = 0
        arrays = [
            self._blob,
            self._voff,
            self._df,
            *self._off.values(),
            *self._len.values(),
            *self._start.values(),
        ]
        for a in arrays:
            for i in range(0, len(a), 1 << 20):
                if cancelled():
                    return read
                chunk = np.asarray(a[i : i + (1 << 20)])
                chunk.max()  # reads the pages
                read += chunk.nbytes
        return read

    # -- vocabulary ----------------------------------------------------------------------------

    def _term(self, i: int) -> bytes:
        return self._blob[int(self._voff[i]) : int(self._voff[i + 1])].tobytes()

    def _bisect(self, key: bytes) -> int:
        lo, hi = 0, self.vocabulary_size
        while lo < hi:
            mid = (lo + hi) // 2
            if self._term(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def term_id(self, term: str) -> int:
        """The term's number, or -1 when no passage holds it."""
        i = self._ids.get(term)
        if i is None:
            key = term.encode()
            i = self._bisect(key)
            if i >= self.vocabulary_size or self._term(i) != key:
                i = -1
            if len(self._ids) > 100_000:
                self._ids.clear()
            self._ids[term] = i
        return i

    def term(self, i: int) -> str:
        return self._term(i).decode()

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """Terms starting with `prefix` that passages hold in the field, in order."""
        key = prefix.encode()
        off = self._off[fieldname]
        out: list[str] = []
        i = self._bisect(key)
        while i < self.vocabulary_size and len(out) < limit:
            t = self._term(i)
            if not t.startswith(key):
                break
            if off[i + 1] > off[i]:
                out.append(t.decode())
            i += 1
        return out

    # -- statistics and postings ---------------------------------------------------------------

    def lengths(self, fieldname: str) -> np.ndarray:
        return self._len[fieldname]

    def df(self, term: str) -> int:
        """Passages holding the term in any searched field (deleted ones included)."""
        i = self.term_id(term)
        return int(self._df[i]) if i >= 0 else 0

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, frequencies) of the term in the field, by document number."""
        i = self.term_id(term)
        if i < 0 or fieldname not in self._off:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        a, b = int(self._off[fieldname][i]), int(self._off[fieldname][i + 1])
        return self._docs[fieldname][a:b], self._freqs[fieldname][a:b]

    def facet_values(self, fieldname: str) -> list[str]:
        return list(self.meta["facets"].get(fieldname, []))

    # -- passages ------------------------------------------------------------------------------

    def term_ids(self, docnum: int) -> np.ndarray:
        """A passage's term numbers in order: title, section heading, text."""
        return np.concatenate([self.field_term_ids(docnum, f) for f in self.fields])

    def field_term_ids(self, docnum: int, fieldname: str) -> np.ndarray:
        start = self._start[fieldname]
        return self._tok[fieldname][int(start[docnum]) : int(start[docnum + 1])]

    def field_sequences(self, docs: np.ndarray, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
        """The term numbers of several passages' field, one passage's after another, and how
        many each has: gathered in one indexing of the array, not a slice per passage."""
        start = self._start[fieldname]
        first, lengths = start[docs], start[docs + 1] - start[docs]
        # each place's offset: its passage's first place, then 0, 1, 2 ... within it
        at = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
        return self._tok[fieldname][at], lengths

    def terms(self, docnum: int) -> list[str]:
        return [self.term(int(i)) for i in self.term_ids(docnum)]

    def stored(self, docnum: int) -> dict:
        """The passage's row as the index of record keeps it."""
        return self._rows(docnum)
