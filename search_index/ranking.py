"""Scoring passages: BM25F over the index's fields, pseudo-relevance feedback, proximity.

Postings, lengths and each passage's terms come from the index's arrays (postings.py), so a
query costs a few vector operations per term. BM25F here is Robertson's: a term's frequencies in
the fields are weighted and length-normalised, summed, and only then saturated, so a word in the
title and the text is not counted as two independent matches.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from search_index.concepts import Term
from search_index.neighbours import regularize
from search_index.passage_index import PassageIndex

Sparse = tuple[np.ndarray, np.ndarray]  # passage numbers (in order, each once) and their values
# Passages' scores of recent terms kept (8 bytes each: 256 MB at most). At a million passages
# (NFCorpus's queries) a query scored 1.7 million postings afresh with 4 million kept, 0.15
# million with 32 million: the words feedback brings are mostly the same common ones.
CACHED_SCORES = 32_000_000
SUMMED_SHARE = 16  # fields' postings of a term summed by a pass over all passages beyond 1/16
SAMPLED = 64  # top_k of many candidates: a sample of 64 per place wanted sets a floor first
SAMPLED_FROM = 1 << 16  # (fewer passages than this are ranked as fast without)


@dataclass(frozen=True)
class Frame:
    """The passages one search ranks, in order, and the place of each among them: a search's
    scores and masks are arrays over these passages (the union of its words' postings), so
    that it costs what its words' postings hold, not what the collection holds. When they are
    many, the frame is the whole collection (a passage holding none of the words scores
    nothing, and finding which they are would cost more than it saves)."""

    docs: np.ndarray
    place: np.ndarray | None  # per passage, its place in docs (-1: not there); None: itself

    @classmethod
    def of(cls, parts: list[np.ndarray], n: int) -> Frame:
        if len(parts) > 1 and sum(len(d) for d in parts) * SUMMED_SHARE >= n:
            return cls(np.arange(n, dtype=np.int32), None)
        docs = union(parts, n)
        place = np.full(n, -1, dtype=np.int32)
        place[docs] = np.arange(len(docs), dtype=np.int32)
        return cls(docs, place)

    def at(self, docs: np.ndarray) -> np.ndarray:
        """The places of `docs`, all of them in the frame."""
        return docs if self.place is None else self.place[docs]

    def within(self, docs: np.ndarray) -> np.ndarray:
        """The places of those of `docs` that are in the frame."""
        if self.place is None:
            return docs
        at = self.place[docs]
        return at[at >= 0]

    def of_mask(self, mask: np.ndarray) -> np.ndarray:
        """A mask over the collection, over the frame."""
        return mask if self.place is None else mask[self.docs]

    def spread(self, inner: Frame, values: np.ndarray) -> np.ndarray:
        """Values over a frame inside this one, over this one (zero where `inner` has none)."""
        if inner.place is None:  # the whole collection too
            return values
        out = np.zeros(len(self.docs), dtype=values.dtype)
        out[self.at(inner.docs)] = values
        return out


@dataclass(frozen=True)
class RankingParams:
    k1: float = 1.2
    b: float = 0.75
    # Field weights: a word in the title or section heading says more about the passage.
    weights: dict[str, float] = field(
        default_factory=lambda: {"title": 2.0, "section": 1.0, "text": 1.0}
    )
    # Pseudo-relevance feedback (RM3-style): words of the best first-round passages.
    feedback_docs: int = 10
    feedback_terms: int = 20
    feedback_min_collection: int = 500  # below this the top passages are no sample at all
    # The typed query's share of the fed-back query is L / (L + feedback_prior) for a query of
    # L concepts: a long query already says what it is about (on NFCorpus and SciFact alike,
    # one-word queries gain most from feedback and claims of ten words lose by it).
    feedback_prior: float = 3.0
    feedback_temperature: float = 3.0
    # Score regularisation: a passage whose nearest neighbours in the collection scored
    # well is likely about the same thing, and rises (see neighbours.py).
    neighbours_depth: int = 500
    neighbours_weight: float = 0.4
    # Coordination: a passage with every concept asked for beats one with only some (from
    # 0.2 to 0.6 the same on NFCorpus and SciFact; 0.5 lets a passage that says "liver" in
    # its own words beat one that has the liver only in its document's title).
    coordination: float = 0.5
    # What a passage is: a question ("What to ask your doctor") ranks below the answers to it
    # (it restates the query in its own words and so holds all of it: at a half, "what are the
    # risks of immunotherapy" still opened on one); a study's methods below its results when
    # the question is a patient's.
    question_prior: float = 0.25
    methods_prior: float = 0.5
    # Boilerplate (a conflict of interest statement, a disclaimer, funding) says nothing of a
    # treatment: below any passage that does, unless asked for by name.
    boilerplate_prior: float = 0.1
    # Proximity: typed words near each other in a passage raise its score a little.
    proximity_window: int = 5
    proximity_weight: float = 0.1
    proximity_depth: int = 20


class Ranker:
    """Term statistics and scoring over one opened index (thread-safe)."""

    def __init__(self, index: PassageIndex, params: RankingParams | None = None) -> None:
        self.index = index
        self.params = params or RankingParams()
        self.fields = index.fields
        self.n = index.n
        self.live = index.live
        self._norm: dict[str, np.ndarray] = {}
        # Terms' scores, kept across searches (the words feedback brings are mostly the same
        # common ones), up to CACHED_SCORES passages' scores in all.
        self._scores: OrderedDict[Term, Sparse | None] = OrderedDict()
        self._cached = 0

    def norm(self, fieldname: str) -> np.ndarray:
        """BM25's length normalisation of the field, per passage (computed at first use)."""
        norm = self._norm.get(fieldname)
        if norm is None:
            b = self.params.b
            lengths = np.asarray(self.index.lengths(fieldname), dtype=np.float32)
            norm = self._norm[fieldname] = 1 - b + b * lengths / self.index.average[fieldname]
        return norm

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        return self.index.postings(fieldname, term)

    def docs_with(self, fieldname: str, term: str) -> np.ndarray:
        return self.index.postings(fieldname, term)[0]

    def mask_of(self, term: Term, fields: Iterable[str] | None = None) -> np.ndarray:
        """Passages holding `term` in any of `fields` (default: every searched field)."""
        return self.mark(np.zeros(self.n, dtype=bool), term, fields)

    def mark(self, mask: np.ndarray, term: Term, fields: Iterable[str] | None = None) -> np.ndarray:
        """`mask`, with the passages holding `term` in any of `fields` set."""
        for f in self.fields if fields is None else [f for f in fields if f in self.fields]:
            for t in (term,) if isinstance(term, str) else term:
                mask[self.docs_with(f, t)] = True
        return mask

    def df(self, term: Term) -> int:
        """Passages holding the term (a word's forms: any of them) in a searched field."""
        if isinstance(term, str):
            return self.index.df(term)
        return len(np.unique(np.concatenate([self.docs_with(f, t) for f in self.fields for t in term])))

    def idf(self, term: Term) -> float:
        df = self.df(term)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5)) if df else 0.0

    def field_postings(self, fieldname: str, term: Term) -> tuple[np.ndarray, np.ndarray]:
        """(passages, frequencies) of the term in the field; of a word's forms, summed."""
        if isinstance(term, str):
            return self.postings(fieldname, term)
        parts = [self.postings(fieldname, t) for t in term]
        docs, inverse = np.unique(np.concatenate([d for d, _ in parts]), return_inverse=True)
        return docs, np.bincount(inverse, np.concatenate([f for _, f in parts])).astype(np.float32)

    # -- scoring -----------------------------------------------------------------------------

    def term_scores(self, term: Term) -> Sparse | None:
        """BM25F score of one term for the passages holding it (None if none does): their
        numbers, in order, and their scores. Only those passages are touched, so a term costs
        its postings, not the collection's size."""
        if term in self._scores:
            self._scores.move_to_end(term)
            return self._scores[term]
        found = self._term_scores(term)
        self._scores[term] = found
        self._cached += len(found[0]) if found else 0
        while self._cached > CACHED_SCORES and len(self._scores) > 1:
            _, old = self._scores.popitem(last=False)
            self._cached -= len(old[0]) if old else 0
        return found

    def _term_scores(self, term: Term) -> Sparse | None:
        idf = self.idf(term)
        if idf == 0.0:
            return None
        parts = [
            (docs, self.params.weights.get(f, 1.0) * freqs / self.norm(f)[docs])
            for f in self.fields
            for docs, freqs in (self.field_postings(f, term),)
            if len(docs)
        ]
        if not parts:
            return None
        if len(parts) == 1:
            docs, tf = parts[0]
        else:  # a passage holding it in several fields: its weighted frequencies summed
            docs, tf = _summed(parts, self.n)
        k1 = self.params.k1
        return np.asarray(docs), (idf * tf * (k1 + 1) / (k1 + tf)).astype(np.float32)

    def memo_scores(self, term: Term, memo: dict[Term, Sparse | None]) -> Sparse | None:
        """term_scores, kept in `memo` between the rounds of one search."""
        if term not in memo:
            memo[term] = self.term_scores(term)
        return memo[term]

    def frame(
        self, terms: Iterable[Term], memo: dict[Term, Sparse | None], inner: Frame | None = None
    ) -> Frame:
        """The passages holding any of `terms` (and those of `inner`)."""
        parts = [] if inner is None else [inner.docs]
        for term in terms:
            s = self.memo_scores(term, memo)
            if s is not None:
                parts.append(s[0])
        return Frame.of(parts, self.n)

    def score(
        self, weighted_terms: Mapping[Term, float], frame: Frame, memo: dict[Term, Sparse | None]
    ) -> np.ndarray:
        """Weighted sum of term scores over the frame's passages (which hold all the terms')."""
        total = np.zeros(len(frame.docs), dtype=np.float32)
        for term, weight in weighted_terms.items():
            s = self.memo_scores(term, memo)
            if s is not None:
                # (a sum of float32 as `+=` makes it, in a quarter of its time)
                np.add.at(total, frame.at(s[0]), weight * s[1])
        return total

    def feedback(
        self,
        scores: np.ndarray,
        query: dict[Term, float],
        candidates: np.ndarray,
        concepts: int,
        docs: np.ndarray | None = None,
    ) -> dict[Term, float]:
        """Query terms re-weighted with words from the best passages (RM3); `concepts`: how
        many things the query asks for; `docs`: the passages the scores are of (default: all)."""
        p = self.params
        own = concepts / (concepts + p.feedback_prior)
        best_places = top_k(scores, candidates, p.feedback_docs)
        if len(best_places) == 0:
            return query
        s = scores[best_places]
        top = best_places if docs is None else docs[best_places]
        weights = np.exp((s - s.max()) / p.feedback_temperature)
        weights /= weights.sum()
        ids, shares = [], []
        for docnum, w in zip(top.tolist(), weights.tolist()):
            doc_ids = self.index.term_ids(docnum)
            doc_ids = doc_ids[~self.index.numeric[doc_ids]]  # figures say nothing of a topic
            if len(doc_ids):
                ids.append(doc_ids)
                shares.append(np.full(len(doc_ids), w / len(doc_ids)))
        if not ids:
            return query
        terms, inverse = np.unique(np.concatenate(ids), return_inverse=True)
        mass = np.bincount(inverse, np.concatenate(shares))
        best = np.lexsort((terms, -mass))[: p.feedback_terms]  # ties: the lower term number
        total = float(mass[best].sum()) or 1.0
        qtotal = sum(query.values()) or 1.0
        out = {t: own * w / qtotal for t, w in query.items()}
        for i in best.tolist():
            term = self.index.term(int(terms[i]))
            out[term] = out.get(term, 0.0) + (1 - own) * float(mass[i]) / total
        return out

    def regularize(self, scores: np.ndarray, candidates: np.ndarray, docs: np.ndarray) -> None:
        """Blend the best passages' scores with their neighbours', where they are known
        (`docs`: the passages the scores are of)."""
        graph = self.index.graph
        if graph is not None and self.params.neighbours_weight > 0:
            top = top_k(scores, candidates, self.params.neighbours_depth)
            if len(top) > 1:
                regularize(scores, top, graph, self.params.neighbours_weight, docs)

    def proximity(self, sequences: list[np.ndarray], concept_terms: list[np.ndarray]) -> np.ndarray:
        """Per passage, the share of neighbouring typed concepts that stand within the window
        of each other. `sequences`: the passages' term numbers; `concept_terms`: each
        concept's term numbers."""
        near = np.zeros(len(sequences))
        if len(concept_terms) < 2 or not sequences:
            return near
        ids = np.concatenate(concept_terms)
        owner = np.repeat(np.arange(len(concept_terms)), [len(c) for c in concept_terms])
        order = np.argsort(ids, kind="stable")
        ids, owner = ids[order], owner[order]
        sequence = np.concatenate(sequences)
        at = np.minimum(np.searchsorted(ids, sequence), len(ids) - 1)
        held = ids[at] == sequence
        where, whose = np.flatnonzero(held), owner[at[held]]
        passage = np.repeat(np.arange(len(sequences)), [len(s) for s in sequences])[held]
        for j in range(len(concept_terms) - 1):
            # the nearest of two concepts' words are next to each other among those words
            mine = (whose == j) | (whose == j + 1)
            w, o, p = where[mine], whose[mine], passage[mine]
            close = (
                (p[1:] == p[:-1]) & (o[1:] != o[:-1]) & (w[1:] - w[:-1] <= self.params.proximity_window)
            )
            found = np.zeros(len(sequences), dtype=bool)
            found[p[1:][close]] = True
            near += found
        return near / (len(concept_terms) - 1)


def union(parts: list[np.ndarray], n: int) -> np.ndarray:
    """The passages of several postings (each in order), in order, each once: sorted when they
    are few, found by a pass over the whole collection when they are many (sorting the half
    million passages of a common word at a million passages took longer than such a pass)."""
    if len(parts) == 1:
        return parts[0]
    if sum(len(d) for d in parts) * SUMMED_SHARE < n:
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)
    held = np.zeros(n, dtype=bool)
    for d in parts:
        held[d] = True
    return np.flatnonzero(held).astype(parts[0].dtype)


def _summed(parts: list[Sparse], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The passages of several fields' postings, in order, each with its values summed (in
    float64, field by field). Sorted when they are few; when they are many, added up over the
    whole collection (sorting the half million passages of a common word at a million
    passages took longer than a pass over them all)."""
    if sum(len(d) for d, _ in parts) * SUMMED_SHARE < n:
        docs, inverse = np.unique(np.concatenate([d for d, _ in parts]), return_inverse=True)
        return docs, np.bincount(inverse, np.concatenate([t for _, t in parts]))
    total, held = np.zeros(n), np.zeros(n, dtype=bool)
    for i, (d, t) in enumerate(parts):
        if i:
            total[d] += t
        else:  # 0 + t is t: set, which is quicker than adding
            total[d] = t
        held[d] = True
    docs = np.flatnonzero(held).astype(parts[0][0].dtype)
    return docs, total[docs]


def top_k(scores: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """Places of the k best candidates, best first; ties go to the lower place."""
    idx = None
    if len(scores) > max(2 * SAMPLED * k, SAMPLED_FROM):
        # the k-th best of a sample of the candidates is no better than the k-th best of all:
        # what reaches it holds the best k, and is a few of many
        step = len(scores) // (SAMPLED * k)
        sample = scores[::step][candidates[::step]]
        if len(sample) >= k:
            floor = np.partition(sample, len(sample) - k)[len(sample) - k]
            idx = np.flatnonzero((scores >= floor) & candidates)
    if idx is None:
        idx = np.flatnonzero(candidates)
    if len(idx) > k:
        s = scores[idx]
        part = np.argpartition(-s, k - 1)[:k]
        kth = s[part].min()
        idx = idx[s >= kth]  # keep every tie at the cut, then order exactly
    order = np.lexsort((idx, -scores[idx]))
    return idx[order][:k]
