"""Score regularisation (Diaz, "Regularizing ad hoc retrieval scores", CIKM 2005): passages
alike in their words tend to be alike in relevance, so each of the best passages' scores is
blended with those of its nearest neighbours in the collection.

The neighbours are found when the index is written, from its arrays: passages are compared by
the cosine of their tf-idf vectors, each cut to its strongest words (normalised by the whole
vector, so the cut loses little of the cosine), as a sparse product a block of passages at a
time. Words held by very many passages are left out of the comparison, as many as it takes to
keep the product within a fixed amount of work: on a large collection the rarer words decide.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

PAIRS_PER_BLOCK = 2_000_000  # passage pairs compared at a time (bounds the memory)
# Of a collection small enough for dense blocks, the share of the products handed elsewhere (the
# rest found here meanwhile; the other process starts a little later: less than half).
ELSEWHERE = 0.4
# Up to this many passages squared, blocks of passages are compared with all as dense matrices
# of DENSE_CELLS cells (no sorting); beyond it, as sorted pairs.
DENSE_UP_TO = 1_000_000_000
# (2 MB of float64: a block's matrix stays in a core's cache; 8 MB took the graph 0.37 s on
# SciFact, 2 MB 0.22 s)
DENSE_CELLS = 1 << 18
NEIGHBOURS_FROM = 500  # passages: fewer are too few to say which are alike
K = 5  # neighbours of each passage
# Pairs of passages compared, per passage: NFCorpus needs 1,300 and SciFact 1,800 for all their
# words; a collection of repeated sentences would need millions.
PAIRS_PER_PASSAGE = 2_500
WORDS = 40  # strongest words of each passage compared
STRONGEST_BLOCK = 1 << 16  # passages whose strongest words are found at a time


@dataclass(frozen=True)
class Graph:
    neighbours: np.ndarray  # (passages, k) document numbers
    weights: np.ndarray  # (passages, k) cosine similarities (0: no neighbour)


@dataclass
class DocTerms:
    """The passages' term counts, one entry per (term, passage), sorted by passage then term.
    build_graph lets the entries go once it has read them (they are the largest arrays)."""

    term: np.ndarray
    doc: np.ndarray
    count: np.ndarray
    n: int
    live: np.ndarray
    df: np.ndarray
    numeric: np.ndarray

    def release(self) -> None:
        self.term = self.doc = self.count = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class Columns:
    """The passages' strongest words by passage (doc, term, w) and by word (col_*): what the
    neighbours of a block of passages are found from (handed whole to another process)."""

    doc: np.ndarray
    term: np.ndarray
    w: np.ndarray
    col_docs: np.ndarray
    col_w: np.ndarray
    col_start: np.ndarray
    col_len: np.ndarray
    row_start: np.ndarray
    n: int
    k: int
    dense: bool

    def block(self, rows: tuple[int, int], neighbours: np.ndarray, weights: np.ndarray) -> None:
        a, b = self.row_start[rows[0]], self.row_start[rows[1]]
        if b > a:
            cols = (self.col_docs, self.col_w, self.col_start, self.col_len)
            by_row = (self.doc[a:b], self.term[a:b], self.w[a:b])
            _nearest(*by_row, *cols, self.n, self.k, self.dense, neighbours, weights)


def build_graph(
    dt: DocTerms,
    k: int = K,
    words: int = WORDS,
    pairs: int = PAIRS_PER_PASSAGE,
    elsewhere: Callable[..., Callable[[], Any]] | None = None,
) -> Graph:
    """Each passage's k nearest neighbours (cosine of tf-idf vectors cut to `words` words).
    `pairs`: the most passage pairs the product may form, per passage. `elsewhere`: what
    runs a function in another process (the build's rows' process, idle by then; its answer
    waited for), given the later blocks of a collection small enough for dense blocks."""
    columns, pairs_before = _columns(dt, k, words, pairs)
    n = columns.n
    neighbours = np.zeros((n, k), dtype=np.int32)
    weights = np.zeros((n, k), dtype=np.float32)
    blocks = _blocks(pairs_before, columns.dense)
    theirs = None
    if columns.dense and elsewhere is not None and len(blocks) > 1:
        starts = pairs_before[[first for first, _ in blocks]]
        at = int(np.searchsorted(starts, (1 - ELSEWHERE) * pairs_before[-1]))
        at = min(max(at, 1), len(blocks) - 1)
        theirs = (blocks[at][0], elsewhere(neighbours_in_blocks, columns, blocks[at:]))
        blocks = blocks[:at]
    if columns.dense:  # small blocks, two at a time (numpy works outside the GIL): one per core
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda rows: columns.block(rows, neighbours, weights), blocks))
    else:  # (large blocks: one at a time, for the memory)
        for rows in blocks:
            columns.block(rows, neighbours, weights)
    if theirs is not None:
        first, answer = theirs
        found, alike = answer()
        neighbours[first : first + len(found)], weights[first : first + len(found)] = found, alike
    return Graph(neighbours, weights)


def neighbours_in_blocks(
    columns: Columns, blocks: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """The neighbours and weights of the passages of `blocks` (consecutive), from the first
    block's first passage on (in the other process)."""
    neighbours = np.zeros((columns.n, columns.k), dtype=np.int32)
    weights = np.zeros((columns.n, columns.k), dtype=np.float32)
    for rows in blocks:
        columns.block(rows, neighbours, weights)
    first, last = blocks[0][0], blocks[-1][1]
    return neighbours[first:last], weights[first:last]


def _columns(dt: DocTerms, k: int, words: int, pairs: int) -> tuple[Columns, np.ndarray]:
    """The Columns of the passages' strongest words, and the pairs each passage forms, summed
    over the passages before it."""
    n, vocabulary = dt.n, len(dt.df)
    doc, term, w = _strongest(dt, words)
    # Words shared by at least two passages, the commonest left out beyond the work allowed.
    held = np.bincount(term, minlength=vocabulary)
    sizes = np.sort(held[held >= 2])
    within = sizes[np.cumsum(sizes.astype(np.float64) ** 2) <= pairs * n]
    most = int(within[-1]) if len(within) else 1
    usable = (held >= 2) & (held <= most)
    cut = usable[term]
    doc = doc[cut]  # one at a time: a million passages' words are hundreds of MB each
    term = term[cut]
    w = w[cut]
    del cut
    # by word, each word's passages in order (16-bit numbers sort by radix, stably)
    by_term = np.argsort(term.astype(np.uint16) if vocabulary <= 1 << 16 else term, kind="stable")
    col_docs, col_w = doc[by_term], w[by_term]
    del by_term
    col_start = np.concatenate([[0], np.cumsum(np.bincount(term, minlength=vocabulary))])
    col_len = np.diff(col_start)
    row_start = np.searchsorted(doc, np.arange(n + 1))
    pairs_before = np.concatenate([[0], np.cumsum(np.bincount(doc, col_len[term], minlength=n))])
    by_word = (col_docs, col_w, col_start, col_len)
    columns = Columns(doc, term, w, *by_word, row_start, n, k, n * n <= DENSE_UP_TO)
    return columns, pairs_before


def _blocks(pairs_before: np.ndarray, dense: bool) -> list[tuple[int, int]]:
    """The passages compared at a time, first to last: as many as fit in a block's pairs (at
    least one); dense, in a block of DENSE_CELLS cells; sorted, as many as the sort keys leave
    bits for (see _top_pairs)."""
    n = len(pairs_before) - 1
    limit = DENSE_CELLS // n if dense else 1 << (32 - n.bit_length())
    out = []
    first = 0
    while first < n:
        last = int(np.searchsorted(pairs_before, pairs_before[first] + PAIRS_PER_BLOCK, "right")) - 1
        last = max(first + 1, min(n, last, first + limit))
        out.append((first, last))
        first = last
    return out


def _strongest(dt: DocTerms, words: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(passage, term, weight) of each live passage's `words` strongest words (tf-idf, the
    vector normalised as a whole), by passage, strongest first (ties: the lower term); read a
    block of passages at a time, and the entries let go of."""
    idf = np.log(max(int(dt.live.sum()), 1) / np.maximum(dt.df, 1)).astype(np.float32)
    size = min(len(dt.doc), dt.n * words)
    doc, term = np.empty(size, np.int32), np.empty(size, np.int32)
    w = np.empty(size, np.float32)
    bounds = np.searchsorted(dt.doc, np.arange(0, dt.n + STRONGEST_BLOCK, STRONGEST_BLOCK))
    at = 0
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        t, d = dt.term[a:b], dt.doc[a:b]
        keep = ~dt.numeric[t] & dt.live[d]
        t, d = t[keep], d[keep]
        if not len(d):
            continue
        tw = (np.log(dt.count[a:b][keep]) + 1.0) * idf[t]
        first = int(d[0])
        norm = np.sqrt(np.bincount(d - first, tw * tw)).astype(np.float32)
        order = np.argsort(_by_passage_strongest(d - first, tw), kind="stable")
        d, t, tw = d[order], t[order], tw[order]
        cut = (_rank_in_runs(d) < words) & (tw > 0)
        m = int(cut.sum())
        doc[at : at + m], term[at : at + m] = d[cut], t[cut]
        w[at : at + m] = tw[cut] / norm[d[cut] - first]
        at += m
    dt.release()
    return doc[:at], term[:at], w[:at]


def _by_passage_strongest(local: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Keys that sort by passage (`local`, less than 2**32), then by weight downwards: the
    passage above a float32 made an unsigned integer in the same order (its sign bit flipped
    if positive, all its bits if negative). Made in place, a third of the time of lexsort."""
    bits = np.negative(w)
    bits += np.float32(0.0)  # (-0.0 made 0.0: the two tie)
    bits = bits.view(np.uint32)
    flip = bits >> np.uint32(31)
    flip *= np.uint32(0x7FFFFFFF)
    flip |= np.uint32(1 << 31)
    bits ^= flip
    del flip
    key = local.astype(np.uint64)
    key <<= np.uint64(32)
    key |= bits
    return key


def _rank_in_runs(sorted_values: np.ndarray) -> np.ndarray:
    """Each value's place among the equal values before it (they are sorted): by where each
    run starts, not by bisection (a seventh of the time)."""
    n = len(sorted_values)
    new = np.empty(n, dtype=bool)
    new[:1] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    return np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))


def _nearest(
    rows, terms, vals, col_docs, col_w, col_start, col_len, n, k, dense, neighbours, weights
) -> None:
    """The k most alike passages of a block of passages (`rows`, with their words)."""
    lens = col_len[terms]
    total = int(lens.sum())
    if total == 0:
        return
    offsets = np.repeat(col_start[terms] - (np.cumsum(lens) - lens), lens)
    offsets += np.arange(total)
    first = int(rows[0])
    sims = np.repeat(vals, lens)
    sims *= col_w[offsets]
    height = int(rows[-1]) - first + 1
    if dense:  # the block's similarities as a dense matrix: no sorting
        cell = np.repeat((rows.astype(np.int64) - first) * n, lens)  # its row's first cell
        cell += col_docs[offsets]
        sim = np.bincount(cell, sims, minlength=height * n).reshape(height, n)
        sim[np.arange(height), np.arange(first, first + height)] = 0.0  # not itself
        near, best = nearest_in_rows(sim, k) if n > k else _top_by_partition(sim, k)
        kept = best > 0
        r, c = np.nonzero(kept)
        neighbours[first + r, c] = near[kept]
        weights[first + r, c] = best[kept]
        return
    local = np.repeat(rows.astype(np.int64) - first, lens)
    _top_pairs(first, local, col_docs[offsets].astype(np.int64), sims, n, k, neighbours, weights)


def nearest_in_rows(sim: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's k largest similarities and their columns, most alike first (ties: the lower
    column), by k passes of argmax (`sim` is spoilt): a third of the time argpartition took.
    A row whose k-th similarity ties with the next (positive) one is chosen by argpartition,
    as it always was: argmax keeps the lower column of the tie, argpartition either."""
    height = len(sim)
    rows = np.arange(height)
    near = np.empty((height, k), dtype=np.int64)
    best = np.empty((height, k))
    for j in range(k):
        near[:, j] = sim.argmax(axis=1)
        best[:, j] = sim[rows, near[:, j]]
        sim[rows, near[:, j]] = -1.0  # taken (similarities are never negative)
    rest = sim.max(axis=1)
    tied = np.flatnonzero((rest == best[:, -1]) & (rest > 0))
    if len(tied):
        for j in range(k):  # the tied rows as they were
            sim[tied, near[tied, j]] = best[tied, j]
        near[tied], best[tied] = _top_by_partition(sim[tied], k)
    return near, best


def _top_by_partition(sim: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = sim.shape[1]
    near = (
        np.argpartition(-sim, min(k, n - 1) - 1, axis=1)[:, :k]
        if n > 1
        else np.zeros((len(sim), 0), dtype=np.int64)
    )
    best = np.take_along_axis(sim, near, axis=1)
    order = np.lexsort((near, -best), axis=1)  # most alike first, ties: lower number
    return np.take_along_axis(near, order, 1), np.take_along_axis(best, order, 1)


def _top_pairs(first, local, other, sims, n, k, neighbours, weights) -> None:
    """The k most alike passages of a block of rows, from their (row, other, similarity)
    products: summed per pair and ranked per row by sorting 64-bit keys that pack what is
    compared (numpy sorts those in place, vectorised; lexsort and unique were ten times
    slower). The block's rows fit in 32 - n.bit_length() bits (see build_graph)."""
    mine = other != local + first
    pair = local[mine].astype(np.uint64) * np.uint64(n) + other[mine].astype(np.uint64)
    packed = (pair << np.uint64(32)) | sims[mine].view(np.uint32).astype(np.uint64)
    del pair, mine
    packed.sort()  # by pair; a pair's products summed in float64 (exactly, for float32 terms)
    pair = packed >> np.uint64(32)
    new = np.concatenate([[True], pair[1:] != pair[:-1]])
    values = (packed & np.uint64(0xFFFFFFFF)).astype(np.uint32).view(np.float32)
    sim = np.bincount(np.cumsum(new) - 1, values).astype(np.float32)
    del packed, values
    pair = pair[new]
    bits = np.uint64(int(n).bit_length())
    # per row, most alike first (the complement of a positive float's bits orders it
    # downwards), ties: the lower number
    key = (pair // np.uint64(n)) << (np.uint64(32) + bits)
    key |= (~sim.view(np.uint32)).astype(np.uint64) << bits
    key |= pair % np.uint64(n)
    del pair, sim
    key.sort()
    row = (key >> (np.uint64(32) + bits)).astype(np.int64) + first
    other = (key & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)
    sim = (~((key >> bits) & np.uint64(0xFFFFFFFF)).astype(np.uint32)).view(np.float32)
    rank = _rank_in_runs(row)
    top = rank < k
    neighbours[row[top], rank[top]] = other[top]
    weights[row[top], rank[top]] = sim[top]


def regularize(
    scores: np.ndarray, top: np.ndarray, graph: Graph, weight: float, docs: np.ndarray | None = None
) -> None:
    """Blend the scores of `top` (the best passages) with their neighbours', in place and in
    the scores' own range; a neighbour outside `top` counts as scoring nothing. `docs`: the
    passages the scores are of (default: every passage, in order); `top`: places in them."""
    passages = top if docs is None else docs[top]
    s = scores[top].astype(np.float64)
    low, span = s.min(), (s.max() - s.min()) or 1.0
    z = (s - low) / span
    # each neighbour's z, found among the best passages (by bisection: they are few)
    order = np.argsort(passages)
    near_docs = np.asarray(graph.neighbours[passages])
    at = np.minimum(np.searchsorted(passages[order], near_docs), len(passages) - 1)
    found = passages[order][at] == near_docs
    z_near = np.where(found, z[order][at], 0.0)
    w = np.asarray(graph.weights[passages])
    total = w.sum(axis=1)
    near = (w * z_near).sum(axis=1) / np.where(total > 0, total, 1.0)
    scores[top] = (low + ((1 - weight) * z + weight * near) * span).astype(scores.dtype)
