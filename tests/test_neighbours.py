"""Score regularisation: the nearest neighbours found from the passages' words when the index is
written, and a passage rising with the scores of its neighbours."""

from __future__ import annotations

import numpy as np

from search_index.index import build_index
from search_index.neighbours import Graph, regularize
from search_index.ranking import RankingParams
from search_index.search import SearchEngine

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
    engine = SearchEngine(tmp_path / "index")
    graph = engine.passages.graph
    assert graph is not None
    # Passage i is written like every fifth one from it, and like nothing else as much.
    for i in (0, 1, 2, 3, 4, 597):
        assert all(j % 5 == i % 5 and j != i for j in graph.neighbours[i].tolist())
        assert (graph.weights[i] > 0).all()
    engine.close()


def test_a_small_collection_has_no_neighbours(tmp_path):
    build_index(rows(60), tmp_path / "index", 60)
    engine = SearchEngine(tmp_path / "index")
    assert engine.passages.graph is None  # too few passages to learn from (as for the seeds)
    engine.close()


def test_a_passage_rises_with_its_neighbours_scores():
    # 0 and 1 are alike; 2 scored a little more than 1 but is alike to nothing.
    graph = Graph(
        np.array([[1], [0], [3], [2]]), np.array([[0.9], [0.9], [0.0], [0.0]], dtype=np.float32)
    )
    scores = np.array([10.0, 5.0, 6.0, 1.0], dtype=np.float32)
    regularize(scores, np.array([0, 2, 1, 3]), graph, weight=0.4)
    assert scores.argmax() == 0 and scores[1] > scores[2]  # 1 overtakes 2 with 0's help
    assert scores.min() >= 1.0 and scores.max() <= 10.0  # within the scores' own range


def test_regularisation_changes_the_ranking_it_is_given(tmp_path):
    build_index(rows(600), tmp_path / "index", 600)
    on = SearchEngine(tmp_path / "index")
    off = SearchEngine(tmp_path / "index", params=RankingParams(neighbours_weight=0.0))
    query = "microwave ablation"
    with_scores = [(h.document_id, round(h.score, 4)) for h in on.search(query).hits]
    without = [(h.document_id, round(h.score, 4)) for h in off.search(query).hits]
    assert with_scores != without  # the neighbours' scores move these passages' scores
    on.close()
    off.close()
