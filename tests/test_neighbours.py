"""Score regularisation: the nearest neighbours found from the passages' words when the index is
written, and a passage rising with the scores of its neighbours."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from search_index.engine import open_engine
from search_index.index import build_index
from search_index.neighbours import DocTerms, Graph, build_graph, nearest_in_rows, regularize
from search_index.ranking import RankingParams

PASSAGES = [
    "radiofrequency ablation liver metastases needle heat",
    "microwave ablation liver metastases needle heat probe",
    "statin cholesterol breast cancer survival cohort",
    "statin cholesterol breast cancer recurrence cohort finland",
    "hepatectomy resection margin colorectal liver",
]


def rows(count: int) -> list[dict]:
    return [
        {
            "id": i,
            "document_id": f"d{i}",
            "title": "",
            "section": "",
            "text": f"{PASSAGES[i % len(PASSAGES)]} case{i}",
            "position": 0,
        }
        for i in range(count)
    ]


def test_each_passage_finds_the_passages_sharing_its_words(tmp_path):
    build_index(rows(600), tmp_path / "index", 600)  # enough passages to have neighbours
    engine = open_engine(tmp_path / "index")
    graph = engine.passages.graph
    assert graph is not None
    # Passage i is written like every fifth one from it, and like nothing else as much.
    for i in (0, 1, 2, 3, 4, 597):
        assert all(j % 5 == i % 5 and j != i for j in graph.neighbours[i].tolist())
        assert (graph.weights[i] > 0).all()
    engine.close()


def test_a_small_collection_has_no_neighbours(tmp_path):
    build_index(rows(60), tmp_path / "index", 60)
    engine = open_engine(tmp_path / "index")
    assert engine.passages.graph is None  # too few passages to learn from (as for the seeds)
    engine.close()


def test_a_passage_rises_with_its_neighbours_scores_as_worked_by_hand():
    # Worked by hand: the best four (0 to 3) span 1 to 10, so z = (score - 1) / 9: 1, 4/9, 5/9,
    # 0; passage 4 is not among them and counts as 0 however it scored. Each blends 0.6 of its
    # own z with 0.4 of its neighbours' z, weighted by likeness:
    #   0: neighbours 1 (0.9) and 4 (0.3): (0.9 * 4/9) / 1.2 = 1/3; 0.6 + 0.4/3 -> 1 + 9 * 0.7333 = 7.6
    #   1: neighbour 0 (0.9), no second: 1; 0.6 * 4/9 + 0.4 -> 7.0
    #   2: no neighbours: 0.6 * 5/9 -> 4.0
    #   3: neighbours 2 and 0 (0.5 each): 7/9; 0.4 * 7/9 -> 3.8
    graph = Graph(
        np.array([[1, 4], [0, 2], [3, 4], [2, 0], [0, 1]]),
        np.array([[0.9, 0.3], [0.9, 0.0], [0.0, 0.0], [0.5, 0.5], [0.9, 0.9]], dtype=np.float32),
    )
    scores = np.array([10.0, 5.0, 6.0, 1.0, 50.0], dtype=np.float32)
    regularize(scores, np.array([0, 2, 1, 3]), graph, weight=0.4)
    assert scores.tolist() == pytest.approx([7.6, 7.0, 4.0, 3.8, 50.0], abs=1e-5)


def test_of_two_passages_scoring_alike_the_one_whose_neighbours_scored_rises(tmp_path):
    # A's likes are the "zeta" passages, B's the "omega" ones. The ten "tau" passages hold the
    # query word most and are the ones fed back, so A and B score exactly alike from the query
    # and its feedback: only their neighbours set them apart. A's ("microwave zeta …") scored
    # (above the long passages at the bottom of the range), B's (no "microwave") did not.
    def row(i: int, text: str) -> dict:
        return {"id": i, "document_id": f"d{i}", "title": "", "section": "", "text": text}

    texts = [
        "microwave omega1 omega2 omega3",  # B, first: a tie goes to the lower number
        "microwave zeta1 zeta2 zeta3",  # A
        *(f"microwave microwave microwave tau case{i}" for i in range(10)),
        *(f"microwave zeta1 zeta2 zeta3 alike{i}" for i in range(100)),
        *(f"omega1 omega2 omega3 apart{i}" for i in range(100)),
        *(f"microwave {' '.join(f'long{i}x{j}' for j in range(12))}" for i in range(20)),
        *(f"statin cholesterol cohort breast filler{i}" for i in range(280)),
    ]
    build_index([row(i, t) for i, t in enumerate(texts)], tmp_path / "index", len(texts))
    on = open_engine(tmp_path / "index")
    off = open_engine(tmp_path / "index", params=RankingParams(neighbours_weight=0.0))
    assert on.passages.graph is not None
    ranked = {}
    for name, engine in (("on", on), ("off", off)):
        hits = {h.passage_id: h for h in engine.search("microwave", limit=600).hits}
        order = list(hits)
        ranked[name] = (order.index(0), order.index(1), hits[0].score, hits[1].score)
        engine.close()
    b_at, a_at, b_score, a_score = ranked["off"]
    assert b_score == a_score and b_at < a_at  # a real tie without regularisation
    b_at, a_at, b_score, a_score = ranked["on"]
    assert a_score > b_score and a_at < b_at


def test_the_nearest_in_each_row_are_its_largest_most_alike_first():
    rng = np.random.default_rng(5)
    for trial in range(200):
        height, n, k = int(rng.integers(1, 6)), int(rng.integers(6, 30)), int(rng.integers(1, 6))
        # few distinct values: ties everywhere, at the k-th place too; zeros (no likeness)
        sim = rng.integers(0, 4, (height, n)).astype(np.float64) / 4
        near, best = nearest_in_rows(sim.copy(), k)
        for r in range(height):
            ranked = sorted(range(n), key=lambda c: (-sim[r, c], c))
            assert best[r].tolist() == [sim[r, c] for c in ranked[:k]], trial
            assert [sim[r, c] for c in near[r]] == best[r].tolist(), trial
            assert len(set(near[r].tolist())) == k, trial
            if sim[r, ranked[k - 1]] != sim[r, ranked[k]] or sim[r, ranked[k]] == 0:
                assert near[r].tolist() == ranked[:k], trial  # no tie at the k-th place


def doc_terms(n: int, vocabulary: int, seed: int = 3) -> DocTerms:
    """n passages of random words, as the arrays hand them to build_graph."""
    rng = np.random.default_rng(seed)
    per = [np.unique(rng.integers(0, vocabulary, 25)) for _ in range(n)]
    term = np.concatenate(per).astype(np.int32)
    doc = np.repeat(np.arange(n, dtype=np.int32), [len(p) for p in per])
    count = rng.integers(1, 4, len(term)).astype(np.float32)
    df = np.bincount(term, minlength=vocabulary).astype(np.int32)
    return DocTerms(term, doc, count, n, np.ones(n, bool), df, np.zeros(vocabulary, bool))


def test_the_later_blocks_found_in_another_process_make_the_same_graph():
    handed = []

    def elsewhere(function, *args):  # (as pickled to the other process and back)
        handed.append(len(args[1]))
        found = pickle.loads(pickle.dumps(function(*pickle.loads(pickle.dumps(args)))))
        return lambda: found

    here = build_graph(doc_terms(1500, 400))
    shared = build_graph(doc_terms(1500, 400), elsewhere=elsewhere)
    assert handed and handed[0] >= 1
    assert np.array_equal(shared.neighbours, here.neighbours)
    assert np.array_equal(shared.weights, here.weights)
    assert (here.weights[:, 0] > 0).all()  # (every passage has some neighbour)
