"""Score regularisation: the nearest neighbours found from the passages' words, and a passage
rising with the scores of its neighbours."""

from __future__ import annotations

import numpy as np

from search_index.index import build_index
from search_index.neighbours import Graph, build_graph, regularize
from search_index.ranking import RankingParams
from search_index.search import SearchEngine

PASSAGES = [
    "radiofrequency ablation liver metastases needle heat",
    "microwave ablation liver metastases needle heat probe",
    "statin cholesterol breast cancer survival cohort",
    "statin cholesterol breast cancer recurrence cohort finland",
    "hepatectomy resection margin colorectal liver",
]


def test_each_passage_finds_the_passages_sharing_its_words():
    graph = build_graph([(i, p.split()) for i, p in enumerate(PASSAGES)], len(PASSAGES), k=1,
                        words=40, budget=10_000)
    assert graph is not None
    assert graph.neighbours[:4, 0].tolist() == [1, 0, 3, 2]
    assert (graph.weights[:4, 0] > 0.3).all()


def test_a_matrix_over_budget_is_not_built():
    passages = [(i, p.split()) for i, p in enumerate(PASSAGES)]
    assert build_graph(passages, len(PASSAGES), k=1, words=40, budget=5) is None


def test_a_passage_rises_with_its_neighbours_scores():
    # 0 and 1 are alike; 2 scored a little more than 1 but is alike to nothing.
    graph = Graph(np.array([[1], [0], [3], [2]]), np.array([[0.9], [0.9], [0.0], [0.0]],
                                                           dtype=np.float32))
    scores = np.array([10.0, 5.0, 6.0, 1.0], dtype=np.float32)
    regularize(scores, np.array([0, 2, 1, 3]), graph, weight=0.4)
    assert scores.argmax() == 0 and scores[1] > scores[2]  # 1 overtakes 2 with 0's help
    assert scores.min() >= 1.0 and scores.max() <= 10.0  # within the scores' own range


def test_the_engine_finds_neighbours_in_the_background(tmp_path):
    rows = [{"id": i, "document_id": f"d{i}", "title": "", "section": "",
             "text": f"{PASSAGES[i % len(PASSAGES)]} case {i}", "position": 0}
            for i in range(60)]
    build_index(rows, tmp_path / "index", len(rows))
    small = SearchEngine(tmp_path / "index")
    small.warm_up()
    assert small.ranker.graph is None  # too few passages to learn from (as for the seeds)
    small.close()
    engine = SearchEngine(tmp_path / "index", params=RankingParams(feedback_min_collection=50))
    before = engine.search("microwave ablation").hits
    engine.warm_up()
    assert engine.ranker.graph is not None
    after = engine.search("microwave ablation").hits
    assert {h.document_id for h in before[:5]} == {h.document_id for h in after[:5]}
    engine.close()
