"""How the ranking's nDCG@10 moves with its parameters, against SQLite FTS5 in the same run.

    python bench/ranking_sensitivity.py ../shared/bench/nfcorpus ../shared/bench/scifact

Builds each collection's index and FTS5's once (as bench/search_quality.py does), then, for each
parameter, prints the nDCG@10 ratio to FTS5 on every collection at the value the app uses and
at its neighbours: a value worth keeping sits on a plateau, not a sharp peak of one collection.
Then a two-fold check per parameter: the value chosen on one half of every collection's queries
(by the smallest ratio over the collections), scored on the other half, both ways round.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import AppSystem, Fts5System, load, ndcg_at_10  # noqa: E402

from search_index.engine import open_engine  # noqa: E402
from search_index.ranking import RankingParams  # noqa: E402

DEFAULT = RankingParams()


def title(w: float) -> dict:
    return {"weights": {**DEFAULT.weights, "title": w}}


# Each parameter: (label, the RankingParams changes) at the app's value and around it.
GRID: dict[str, list[tuple[str, dict]]] = {
    "k1": [(str(v), {"k1": v}) for v in (0.9, 1.2, 1.6)],
    "b": [(str(v), {"b": v}) for v in (0.6, 0.75, 0.9)],
    "title weight": [(str(v), title(v)) for v in (1.5, 2.0, 3.0)],
    "feedback_prior": [(str(v), {"feedback_prior": v}) for v in (2.0, 3.0, 5.0)],
    "feedback_docs": [(str(v), {"feedback_docs": v}) for v in (5, 10, 20)],
    "neighbours_weight": [(str(v), {"neighbours_weight": v}) for v in (0.2, 0.4, 0.6)],
    "coordination": [(str(v), {"coordination": v}) for v in (0.3, 0.5, 0.7)],
    "proximity_weight": [(str(v), {"proximity_weight": v}) for v in (0.0, 0.1, 0.2)],
    "question_prior": [(str(v), {"question_prior": v}) for v in (0.125, 0.25, 0.5)],
    "boilerplate_prior": [(str(v), {"boilerplate_prior": v}) for v in (0.05, 0.1, 0.2)],
}


class Collection:
    def __init__(self, path: Path, workdir: Path) -> None:
        corpus, queries, splits = load(path)
        (self.split, qrels), *_ = splits.items()
        self.name, self.qrels = path.name, qrels
        self.qids = sorted(qrels)
        self.queries = [queries[q] for q in self.qids]
        (workdir / "app").mkdir(parents=True)
        app = AppSystem()
        app.build(corpus, workdir / "app")
        app.close()
        self.index = workdir / "app" / "app-index"
        peer = Fts5System()
        (workdir / "fts5").mkdir()
        peer.build(corpus, workdir / "fts5")
        self.peer = self._ndcg(peer.search)
        peer.close()
        self.halves = (np.arange(len(self.qids)) % 2 == 0, np.arange(len(self.qids)) % 2 == 1)

    def _ndcg(self, search) -> np.ndarray:
        return np.array([ndcg_at_10(search(q), self.qrels[i]) for i, q in zip(self.qids, self.queries)])

    def scores(self, params: RankingParams) -> np.ndarray:
        engine = open_engine(self.index, params=params)
        try:
            return self._ndcg(lambda q: [h.document_id for h in engine.search(q, limit=10).hits])
        finally:
            engine.close()

    def ratio(self, scores: np.ndarray, half: np.ndarray | None = None) -> float:
        keep = np.ones(len(scores), bool) if half is None else half
        return float(scores[keep].mean() / self.peer[keep].mean())


def two_fold(collections: list[Collection], runs: list[list[np.ndarray]]) -> list[float]:
    """Per collection, the held-out ratio of the value chosen on the other half of the queries
    (by the smallest ratio over the collections), averaged over both ways round."""
    out = []
    for ci, c in enumerate(collections):
        held = []
        for train, test in ((0, 1), (1, 0)):
            pick = max(
                range(len(runs)),
                key=lambda v: min(
                    k.ratio(runs[v][ki], k.halves[train]) for ki, k in enumerate(collections)
                ),
            )
            held.append(c.ratio(runs[pick][ci], c.halves[test]))
        out.append(statistics.mean(held))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("collections", type=Path, nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        collections = [Collection(p, Path(tmp) / p.name) for p in args.collections]
        names = [f"{c.name} {c.split}" for c in collections]
        print(f"{'nDCG@10 vs FTS5':<27}{'   '.join(f'{n:>18}' for n in names)}")
        for param, values in GRID.items():
            runs = [[c.scores(replace(DEFAULT, **change)) for c in collections] for _, change in values]
            for (label, change), run in zip(values, runs):
                chosen = " *" if replace(DEFAULT, **change) == DEFAULT else ""
                cells = "   ".join(f"{c.ratio(s):>18.4f}" for c, s in zip(collections, run))
                print(f"{param + ' = ' + label + chosen:<27}{cells}")
            held = two_fold(collections, runs)
            print(f"{'  two-fold, held out':<27}" + "   ".join(f"{h:>18.4f}" for h in held), flush=True)


if __name__ == "__main__":
    main()
