"""Scoring passages: BM25F over the index's fields, pseudo-relevance feedback, proximity.

Postings come from the Whoosh index and are kept as NumPy arrays once read, so a query costs a
few vector operations per term. BM25F here is Robertson's: a term's frequencies in the fields are
weighted and length-normalised, summed, and only then saturated, so a word in the title and the
text is not counted as two independent matches.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import IndexReader, MultiReader

from search_index.neighbours import Graph, regularize


@dataclass(frozen=True)
class RankingParams:
    k1: float = 1.2
    b: float = 0.75
    # Field weights: a word in the title or section heading says more about the passage.
    weights: dict[str, float] = field(default_factory=lambda: {"title": 2.0, "section": 1.0,
                                                               "text": 1.0})
    # Pseudo-relevance feedback (RM3-style): words of the best first-round passages.
    feedback_docs: int = 10
    feedback_terms: int = 20
    feedback_min_collection: int = 500  # below this the top passages are no sample at all
    original_weight: float = 0.5
    feedback_temperature: float = 3.0
    # Score regularisation: a passage whose nearest neighbours in the collection scored
    # well is likely about the same thing, and rises (see neighbours.py).
    neighbours_depth: int = 500
    neighbours_k: int = 5
    neighbours_words: int = 40
    neighbours_weight: float = 0.4
    neighbours_budget: int = 40_000_000  # matrix cells (4 bytes each) while finding them
    # Coordination: a passage with every concept asked for beats one with only some.
    coordination: float = 0.3
    # Proximity: typed words near each other in a passage raise its score a little.
    proximity_window: int = 5
    proximity_weight: float = 0.1
    proximity_depth: int = 20


class Ranker:
    """Term statistics and scoring over one opened index (thread-safe)."""

    def __init__(self, reader: IndexReader, fields: Iterable[str],
                 params: RankingParams | None = None) -> None:
        self.reader = reader
        self.params = params or RankingParams()
        # Fields no passage has any word in (no section headings, say) cost reads for nothing.
        self.fields = [f for f in fields if f in reader.schema and reader.field_length(f)]
        self.n = reader.doc_count_all()
        # Each segment read directly: Whoosh's multi-segment matcher costs more than the read.
        self._segments = (list(zip(reader.readers, reader.doc_offsets))
                          if isinstance(reader, MultiReader) else [(reader, 0)])
        self._lock = threading.Lock()
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._df: dict[str, int] = {}
        self._counts: dict[int, tuple[Counter[str], int]] = {}
        self.graph: Graph | None = None  # found in the background (SearchEngine.warm_up)
        self.lengths = {f: self._lengths(f) for f in self.fields}
        self.avg = {f: float(v.mean()) if self.n and v.mean() > 0 else 1.0
                    for f, v in self.lengths.items()}
        self._norm = {f: 1 - self.params.b + self.params.b * self.lengths[f] / self.avg[f]
                      for f in self.fields}
        self.live = np.ones(self.n, dtype=bool)
        if reader.has_deletions():
            self.live[[d for d in range(self.n) if reader.is_deleted(d)]] = False

    def common_terms(self, count: int = 10_000) -> list[tuple[str, str]]:
        """(field, term) of the terms in most passages, most common first."""
        per_field = []
        for f in self.fields:
            per_field += [(df, f, t.decode() if isinstance(t, bytes) else t)
                          for df, t in self.reader.most_frequent_terms(f, number=count)]
        return [(f, t) for _, f, t in sorted(per_field, reverse=True)[:count]]

    def _lengths(self, fieldname: str) -> np.ndarray:
        out = np.zeros(self.n, dtype=np.float32)
        for docnum in range(self.n):
            out[docnum] = self.reader.doc_field_length(docnum, fieldname, 0)
        return out

    # -- postings ----------------------------------------------------------------------------

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, term)
        cached = self._postings.get(key)
        if cached is not None:
            return cached
        parts = [(read_postings(seg.postings(fieldname, term)), offset)
                 for seg, offset in self._segments if (fieldname, term) in seg]
        if parts:
            docs = np.concatenate([d + offset for (d, _), offset in parts])
            freqs = np.concatenate([f for (_, f), _ in parts])
        else:
            docs, freqs = np.zeros(0, np.int64), np.zeros(0, np.float32)
        with self._lock:
            self._postings[key] = (docs, freqs)
        return docs, freqs

    def docs_with(self, fieldname: str, term: str) -> np.ndarray:
        return self.postings(fieldname, term)[0]

    def df(self, term: str) -> int:
        """Passages holding the term in any field, estimated as the largest field's count: a
        term-info lookup instead of merging postings (a title word is nearly always in the
        text too)."""
        df = self._df.get(term)
        if df is None:
            df = max((self.reader.doc_frequency(f, term) for f in self.fields), default=0)
            self._df[term] = df = int(df)
        return df

    def mask_of(self, term: str, fields: Iterable[str] | None = None) -> np.ndarray:
        """Passages holding `term` in any of `fields` (default: every searched field)."""
        mask = np.zeros(self.n, dtype=bool)
        for f in self.fields if fields is None else [f for f in fields if f in self.fields]:
            mask[self.docs_with(f, term)] = True
        return mask

    def idf(self, term: str) -> float:
        df = self.df(term)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5)) if df else 0.0

    # -- scoring -----------------------------------------------------------------------------

    def term_scores(self, term: str) -> np.ndarray | None:
        """BM25F score of one term for every passage (None if no passage has it)."""
        idf = self.idf(term)
        if idf == 0.0:
            return None
        tf = np.zeros(self.n, dtype=np.float32)
        for f in self.fields:
            docs, freqs = self.postings(f, term)
            if len(docs):
                tf[docs] += self.params.weights.get(f, 1.0) * freqs / self._norm[f][docs]
        k1 = self.params.k1
        return (idf * tf * (k1 + 1) / (k1 + tf)).astype(np.float32)

    def score(self, weighted_terms: dict[str, float],
              memo: dict[str, np.ndarray | None] | None = None) -> np.ndarray:
        """Weighted sum of term scores; `memo` keeps them between the rounds of one search."""
        memo = {} if memo is None else memo
        total = np.zeros(self.n, dtype=np.float32)
        for term, weight in weighted_terms.items():
            if term not in memo:
                memo[term] = self.term_scores(term)
            s = memo[term]
            if s is not None:
                total += weight * s
        return total

    def feedback(self, scores: np.ndarray, query: dict[str, float], candidates: np.ndarray,
                 terms_of: Callable[[int], Sequence[str]]) -> dict[str, float]:
        """Query terms re-weighted with words from the best passages (RM3).

        `terms_of(docnum)` gives a passage's terms.
        """
        p = self.params
        top = top_k(scores, candidates, p.feedback_docs)
        if len(top) == 0:  # even one passage's words say what a rare query word is about
            return query
        s = scores[top]
        weights = np.exp((s - s.max()) / p.feedback_temperature)
        weights /= weights.sum()
        counts: Counter[str] = Counter()
        for docnum, w in zip(top.tolist(), weights.tolist()):  # Python floats: NumPy scalars
            doc_counts, length = self._term_counts(docnum, terms_of)  # are slow one by one
            share = w / length if length else 0.0
            for term, c in doc_counts.items():
                counts[term] += share * c
        expansion = counts.most_common(p.feedback_terms)
        total = sum(v for _, v in expansion) or 1.0
        qtotal = sum(query.values()) or 1.0
        out: Counter[str] = Counter({t: p.original_weight * w / qtotal for t, w in query.items()})
        for term, v in expansion:
            out[term] += (1 - p.original_weight) * v / total
        return dict(out)

    def regularize(self, scores: np.ndarray, candidates: np.ndarray) -> None:
        """Blend the best passages' scores with their neighbours', once they are known."""
        if self.graph is not None and self.params.neighbours_weight > 0:
            top = top_k(scores, candidates, self.params.neighbours_depth)
            if len(top) > 1:
                regularize(scores, top, self.graph, self.params.neighbours_weight)

    def _term_counts(self, docnum: int, terms_of: Callable[[int], Sequence[str]]
                     ) -> tuple[Counter[str], int]:
        """A passage's term counts (figures left out), kept: good passages recur."""
        cached = self._counts.get(docnum)
        if cached is None:
            doc_terms = [t for t in terms_of(docnum) if not t.isdigit()]
            cached = (Counter(doc_terms), len(doc_terms))
            if len(self._counts) > 4096:
                self._counts.clear()
            self._counts[docnum] = cached
        return cached

    def proximity(self, sequence: Sequence[str], concept_terms: list[set[str]]) -> float:
        """Share of neighbouring typed concepts that stand within the window of each other."""
        if len(concept_terms) < 2:
            return 0.0
        owner = {t: j for j, ts in enumerate(concept_terms) for t in ts}
        positions: list[list[int]] = [[] for _ in concept_terms]
        for i, term in enumerate(sequence):
            j = owner.get(term)
            if j is not None:
                positions[j].append(i)
        window = self.params.proximity_window
        near = 0
        for a, b in zip(positions, positions[1:]):
            if a and b and any(abs(x - y) <= window for x in a for y in b):
                near += 1
        return near / (len(concept_terms) - 1)


def read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All (document numbers, frequencies) of a term, a block at a time where Whoosh allows.

    Reading posting by posting costs a Python call each; Whoosh's own leaf matchers hold each
    block's ids and weights as arrays, which is what this takes when it can.
    """
    if isinstance(matcher, W3LeafMatcher):
        ids: list[int] = []
        weights: list[float] = []
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids[matcher._i:])
            weights.extend(matcher._weights[matcher._i:])
            matcher._i = matcher._blocklength
            matcher._next_block()
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)
    items = list(matcher.items_as("frequency"))
    return (np.asarray([d for d, _ in items], dtype=np.int64),
            np.asarray([f for _, f in items], dtype=np.float32))


def top_k(scores: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """Document numbers of the k best candidates, best first; ties go to the lower number."""
    idx = np.flatnonzero(candidates)
    if len(idx) == 0:
        return idx
    if len(idx) > k:
        part = np.argpartition(-scores[idx], k - 1)[:k]
        kth = scores[idx[part]].min()
        idx = idx[scores[idx] >= kth]  # keep every tie at the cut, then order exactly
    order = np.lexsort((idx, -scores[idx]))
    return idx[order][:k]
