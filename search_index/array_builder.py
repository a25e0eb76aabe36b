"""Collecting passages' terms for the arrays the ranking reads, and writing them (postings.py
opens them).

Each passage is read once: its words are numbered as they come (a dict lookup per word, in C,
through `map`), and a batch at a time numpy turns word numbers into term numbers (stop words out,
each distinct word stemmed once) and counts the words for the vocabulary. No Python code runs per
word; the text is never analysed twice.
"""

from __future__ import annotations

import json
import os
import shutil
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from search_index.analysis import STOP, NumberedWords, Numbering, term_of
from search_index.neighbours import DocTerms, Graph
from search_index.postings import ARRAYS_DIR, FORMAT, META, ArrayIndex

BATCH = 1 << 20  # words turned into terms at a time (bounds the memory the batch takes)
PIECE = 1 << 22  # keys split into terms and passages at a time (no int64 copies of them all)


class ArrayBuilder:
    """Collects each passage's terms per field, in document-number order. `searched` fields
    are given as words (as analysis.words gives them) and indexed as terms; the other fields'
    values are indexed as they are. The words of `counted` are counted for the vocabulary."""

    def __init__(self, fields: Sequence[str], searched: Sequence[str], counted: str = "text") -> None:
        self.fields, self.searched, self.counted = tuple(fields), tuple(searched), counted
        self.ids = Numbering()  # terms
        self.words = Numbering()
        self.tokens = {f: array("i") for f in self.fields}
        self.lengths = {f: array("i") for f in self.fields}
        self.live = array("b")
        self._pending = {f: array("i") for f in self.searched}  # word numbers, not yet terms
        self._pending_len = {f: array("i") for f in self.searched}
        self._word_term = np.zeros(0, dtype=np.int32)  # word number -> term number (-1: stop)
        self._counts = np.zeros(0, dtype=np.int64)  # of the counted field's words
        self._first = np.zeros(0, dtype=np.int64)  # where each was first seen (-1: not yet)
        self._seen = 0  # words of the counted field turned into terms so far

    @classmethod
    def extending(cls, old: ArrayIndex) -> ArrayBuilder:
        """A builder holding what `old` holds, to add passages to (numbered after its own):
        nothing of the old passages is read or analysed again."""
        b = cls(old.meta["fields"], old.meta["searched"])
        off, blob = np.asarray(old._voff), np.asarray(old._blob)
        b.ids = Numbering([blob[off[i] : off[i + 1]].tobytes().decode() for i in range(len(off) - 1)])
        for f in b.fields:
            if f in old.meta["searched"]:  # the passages' terms in order, as they were
                lengths = old._all_len[f]
                tokens = old._all_tok[f]
            else:  # facet values: from the postings, passage by passage
                docs = np.asarray(old._docs[f])
                term = np.repeat(
                    np.arange(len(off) - 1, dtype=np.int32), np.diff(np.asarray(old._off[f]))
                )
                tokens = term[np.argsort(docs, kind="stable")]
                lengths = np.bincount(docs, minlength=old.n).astype(np.int32)
            b.tokens[f].frombytes(np.ascontiguousarray(tokens, dtype=np.int32).tobytes())
            b.lengths[f].frombytes(np.ascontiguousarray(lengths, dtype=np.int32).tobytes())
        b.live.frombytes(np.asarray(old.live, dtype=np.int8).tobytes())
        return b

    def add(
        self,
        field_words: Mapping[str, tuple[Sequence[str], np.ndarray] | NumberedWords],
        values: Sequence[Mapping[str, Sequence[str]]],
        live: Sequence[bool],
    ) -> None:
        """A batch of passages: the words of each searched field (all the batch's, and how many
        each passage has: analysis.words_of; or numbered, analysis.numbered_words), and each
        passage's values of the others."""
        for f in self.searched:
            given = field_words[f]
            if isinstance(given, NumberedWords):  # (each distinct word looked up once)
                number = self.words.__getitem__
                known = np.fromiter(map(number, given.distinct), np.int32, len(given.distinct))
                self._pending[f].frombytes(known[given.numbers].tobytes())
            else:  # (fromlist of a list: a third faster than extend by map)
                self._pending[f].fromlist(list(map(self.words.__getitem__, given[0])))
            self._pending_len[f].frombytes(np.asarray(given[-1], dtype=np.int32).tobytes())
        for f in self.fields:
            if f not in self._pending:
                vs = [v.get(f, ()) for v in values]
                self.tokens[f].fromlist(list(map(self.ids.__getitem__, chain.from_iterable(vs))))
                self.lengths[f].fromlist(list(map(len, vs)))
        self.live.extend(live)
        if len(self._pending[self.searched[-1]]) > BATCH:
            self._flush()

    def _flush(self) -> None:
        """The pending words as terms: stop words left out, each new word stemmed once."""
        new = self.words.order[len(self._word_term) :]
        if new:
            number = self.ids.__getitem__
            terms = [-1 if w in STOP else number(term_of(w)) for w in new]
            self._word_term = np.concatenate([self._word_term, np.array(terms, dtype=np.int32)])
        for f in self.searched:
            words = ints(self._pending[f])
            term = self._word_term[words]
            kept = term >= 0
            within = np.concatenate([[0], np.cumsum(kept, dtype=np.int64)])
            ends = np.cumsum(ints(self._pending_len[f]), dtype=np.int64)
            starts = ends - ints(self._pending_len[f])
            self.lengths[f].frombytes((within[ends] - within[starts]).astype(np.int32).tobytes())
            self.tokens[f].frombytes(term[kept].tobytes())
            if f == self.counted:
                self._count(words)
            self._pending[f], self._pending_len[f] = array("i"), array("i")

    def _count(self, words: np.ndarray) -> None:
        size = len(self.words.order)
        self._counts = np.concatenate([self._counts, np.zeros(size - len(self._counts), np.int64)])
        self._first = np.concatenate([self._first, np.full(size - len(self._first), -1, np.int64)])
        self._counts += np.bincount(words, minlength=size)
        at = np.full(size, len(words), dtype=np.int64)  # where each is first in these words
        np.minimum.at(at, words, np.arange(len(words)))  # (a tenth of the time of np.unique)
        fresh = (self._first < 0) & (at < len(words))
        self._first[fresh] = self._seen + at[fresh]
        self._seen += len(words)

    def word_counts(self, keep: Callable[[str], bool]) -> Counter[str]:
        """How often each word of the counted field occurs (those that `keep`), in the order
        first seen (as counting them passage by passage would list them)."""
        self._flush()
        order = np.argsort(self._first, kind="stable")
        order = order[self._first[order] >= 0]
        words = self.words.order
        counts: Counter[str] = Counter()
        for i, c in zip(order.tolist(), self._counts[order].tolist()):
            if keep(words[i]):
                counts[words[i]] = c
        return counts

    def write(
        self,
        directory: Path,
        generation: int | Callable[[], int],
        neighbours: Callable[[DocTerms], Graph | None] | None = None,
    ) -> None:
        """Write the arrays to `directory`/arrays, replacing what was there, whole. `generation`:
        the index commit's they are of, or what waits for it (asked once all else is written)."""
        self._flush()
        target = directory / ARRAYS_DIR
        tmp = directory / f".{ARRAYS_DIR}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        n = len(self.live)
        vocab = sorted(self.ids)
        remap = np.empty(len(vocab), dtype=np.int32)
        remap[np.fromiter((self.ids[t] for t in vocab), dtype=np.int64, count=len(vocab))] = np.arange(
            len(vocab), dtype=np.int32
        )

        def save(name: str, a: np.ndarray) -> None:
            np.save(tmp / f"{name}.npy", a)

        sizes = np.fromiter((len(t.encode()) for t in vocab), dtype=np.int64, count=len(vocab))
        save("vocab_blob", np.frombuffer("".join(vocab).encode(), dtype=np.uint8))
        save("vocab_off", np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
        live = np.frombuffer(self.live, dtype=np.int8).astype(bool) if n else np.zeros(0, bool)
        save("live", live)
        average = {f: self._write_field(f, remap, live, save) for f in self.fields}
        graph = self._write_passage_terms(vocab, remap, live, save, neighbours)
        facets = {
            f: [vocab[t] for t in np.flatnonzero(np.diff(np.load(tmp / f"{f}.off.npy")))]
            for f in self.fields
            if f not in self.searched
        }
        meta = {
            "format": FORMAT,
            "generation": generation if isinstance(generation, int) else generation(),
            "passages": n,
            "fields": list(self.fields),
            "searched": list(self.searched),
            "average": average,
            "facets": facets,
            "neighbours": graph is not None,
        }
        (tmp / META).write_text(json.dumps(meta), encoding="utf-8")
        old = directory / f".{ARRAYS_DIR}.old-{os.getpid()}"
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)  # killed before this: no arrays, written again at opening
        shutil.rmtree(old, ignore_errors=True)

    def _write_field(
        self, f: str, remap: np.ndarray, live: np.ndarray, save: Callable[[str, np.ndarray], None]
    ) -> float:
        """One field's lengths, postings (and, searched, its terms in order); returns its
        mean length over the live passages."""
        n = len(self.live)
        lengths = ints(self.lengths[f])
        save(f"{f}.len", lengths)
        if f in self.searched:
            save(f"{f}.tok", remap[ints(self.tokens[f])])
            save(f"{f}.start", np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]))
        term, doc, freqs = counted([(ints(self.tokens[f]), lengths)], max(n, 1), remap)
        save(f"{f}.docs", doc)
        save(f"{f}.freqs", freqs)
        del doc, freqs
        save(f"{f}.off", np.searchsorted(term, np.arange(len(remap) + 1)).astype(np.int64))
        total = float(lengths[live].sum())
        return total / int(live.sum()) if total else 1.0

    def _write_passage_terms(
        self,
        vocab: list[str],
        remap: np.ndarray,
        live: np.ndarray,
        save: Callable[[str, np.ndarray], None],
        neighbours: Callable[[DocTerms], Graph | None] | None,
    ) -> Graph | None:
        """(term, passage) over the searched fields together: document frequencies, and the
        passages' words for the neighbours (written if found)."""
        n = len(self.live)
        term, doc, counts = counted(
            [(ints(self.tokens[f]), ints(self.lengths[f])) for f in self.searched],
            max(n, 1),
            remap,
            by_passage=True,
        )
        df = np.bincount(term, minlength=len(vocab)).astype(np.int32)
        numeric = np.fromiter((t.isdigit() for t in vocab), dtype=bool, count=len(vocab))
        save("df", df)
        save("numeric", numeric)
        for f in self.searched:  # written: let go of (the builder is done with)
            self.tokens[f] = array("i")
        graph = None
        if neighbours is not None and n:
            doc_terms = DocTerms(term, doc, counts, n, live, df, numeric)
            del term, doc, counts  # the graph lets them go once read
            graph = neighbours(doc_terms)
        if graph is not None:
            save("neighbours", graph.neighbours.astype(np.int32))
            save("neighbour_weights", graph.weights.astype(np.float32))
        return graph


def counted(
    parts: Sequence[tuple[np.ndarray, np.ndarray]],
    width: int,
    remap: np.ndarray | None = None,
    by_passage: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term, passage) pairs counted: each distinct pair once, sorted by term then passage
    (`by_passage`: by passage then term), with how often it occurs (int32 terms and passages,
    float32 counts). `parts`: the terms of every passage in order and how many each passage
    has, for one field or several; `remap`: term numbers to put in their place. Made in one
    array of keys, sorted in place: at a million passages the copies are what fill the memory."""
    keys = np.empty(sum(len(t) for t, _ in parts), dtype=np.int64)
    span = (
        len(remap)
        if remap is not None
        else max((int(t.max()) + 1 for t, _ in parts if len(t)), default=1)
    )
    at = 0
    for tokens, lengths in parts:
        part = keys[at : at + len(tokens)]
        mapped = tokens if remap is None else remap[tokens]
        docs = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        part[:] = docs if by_passage else mapped
        part *= span if by_passage else width
        part += mapped if by_passage else docs
        del mapped, docs
        at += len(tokens)
    keys.sort()
    if not len(keys):
        return np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.float32)
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    size = int(np.count_nonzero(new))
    high, low = np.empty(size, np.int32), np.empty(size, np.int32)
    counts = np.empty(size, np.float32)
    step, done, last = span if by_passage else width, 0, 0
    for a in range(0, len(keys), PIECE):  # a few million at a time: no copies of them all
        starts = np.flatnonzero(new[a : a + PIECE]) + a
        m = len(starts)
        if m:
            high[done : done + m], low[done : done + m] = np.divmod(keys[starts], step)
            if done:  # the run that began before this piece
                counts[done - 1] = starts[0] - last
            counts[done : done + m - 1] = np.diff(starts)
            done, last = done + m, int(starts[-1])
    counts[done - 1] = len(keys) - last
    return (low, high, counts) if by_passage else (high, low, counts)


def ints(a: array) -> np.ndarray:
    return np.frombuffer(a, dtype=np.int32) if len(a) else np.zeros(0, np.int32)
