"""Score regularisation (Diaz, "Regularizing ad hoc retrieval scores", CIKM 2005): passages
alike in their words tend to be alike in relevance, so each of the best passages' scores is
blended with those of its nearest neighbours in the collection.

The neighbours are found once per opened index, in the background: passages are compared by the
cosine of their tf-idf vectors, each cut to its strongest words (normalised by the whole vector,
so the cut loses little of the cosine). A search then only looks them up.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

CHUNK = 512  # passages compared with the whole collection at a time (bounds the memory)


@dataclass(frozen=True)
class Graph:
    neighbours: np.ndarray  # (passages, k) document numbers
    weights: np.ndarray  # (passages, k) cosine similarities


def build_graph(passages: Iterable[tuple[int, list[str]]], n: int, k: int, words: int,
                budget: int, cancelled: Callable[[], bool] = lambda: False) -> Graph | None:
    """Each passage's k nearest neighbours. `passages`: (document number, terms) of the live
    passages; `budget`: the most matrix cells to hold (None beyond it, or when cancelled)."""
    counts = {docnum: Counter(t for t in terms if not t.isdigit())
              for docnum, terms in passages}
    df = Counter(t for c in counts.values() for t in c)
    ids = {t: i for i, t in enumerate(df)}
    idf = np.array([math.log(len(counts) / d) for d in df.values()], dtype=np.float32)
    rows, cols, vals = [], [], []
    for docnum, c in counts.items():
        term_ids = np.fromiter((ids[t] for t in c), dtype=np.int64, count=len(c))
        w = np.log(np.fromiter(c.values(), dtype=np.float32, count=len(c))) + 1.0
        w *= idf[term_ids]
        norm = float(np.sqrt((w * w).sum())) or 1.0
        keep = np.argpartition(-w, words - 1)[:words] if len(w) > words else slice(None)
        rows.append(np.full(len(term_ids[keep]), docnum))
        cols.append(term_ids[keep])
        vals.append(w[keep] / norm)
        if cancelled():
            return None
    if not rows:
        return None
    row, col, val = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    shared = np.bincount(col) >= 2  # a word in one passage makes no two alike
    column = np.cumsum(shared) - 1
    width = int(column[-1]) + 1
    if n * width > budget:
        return None
    keep = shared[col]
    matrix = np.zeros((n, width), dtype=np.float32)
    matrix[row[keep], column[col[keep]]] = val[keep]
    neighbours = np.zeros((n, k), dtype=np.int64)
    weights = np.zeros((n, k), dtype=np.float32)
    for start in range(0, n, CHUNK):
        if cancelled():
            return None
        sim = matrix[start:start + CHUNK] @ matrix.T
        sim[np.arange(len(sim)), np.arange(start, start + len(sim))] = 0.0  # not itself
        near = np.argpartition(-sim, k - 1, axis=1)[:, :k]
        neighbours[start:start + len(sim)] = near
        weights[start:start + len(sim)] = np.take_along_axis(sim, near, axis=1)
    return Graph(neighbours, weights)


def regularize(scores: np.ndarray, top: np.ndarray, graph: Graph, weight: float) -> None:
    """Blend the scores of `top` (the best passages) with their neighbours', in place and in
    the scores' own range; a neighbour outside `top` counts as scoring nothing."""
    s = scores[top].astype(np.float64)
    low, span = s.min(), (s.max() - s.min()) or 1.0
    z = np.zeros(len(scores))
    z[top] = (s - low) / span
    w = graph.weights[top]
    total = w.sum(axis=1)
    near = (w * z[graph.neighbours[top]]).sum(axis=1) / np.where(total > 0, total, 1.0)
    scores[top] = (low + ((1 - weight) * z[top] + weight * near) * span).astype(scores.dtype)
