"""The ranking's sums, against values worked out by hand (BM25F is in test_passage_index.py,
regularisation in test_neighbours.py): pseudo-relevance feedback, proximity, and ties."""

from __future__ import annotations

import math

import numpy as np
import pytest

from search_index.analysis import terms
from search_index.engine import open_engine
from search_index.index import build_index
from search_index.ranking import Ranker, RankingParams, top_k
from search_index.search import SearchEngine


def passage(i: int, text: str) -> dict:
    return {"id": i, "document_id": f"d{i}", "title": "", "section": "", "text": text, "position": 0}


@pytest.fixture(scope="module")
def feedback_index(tmp_path_factory) -> SearchEngine:
    folder = tmp_path_factory.mktemp("feedback") / "index"
    rows = [passage(0, "liver margin liver 20"), passage(1, "liver probe"), passage(2, "ablation heat")]
    build_index(rows, folder, len(rows))
    engine = open_engine(folder)
    yield engine
    engine.close()


LIVER, MARGIN, PROBE = (terms(w)[0] for w in ("liver", "margin", "probe"))

# Worked by hand. Scores 1 + 3 ln 3 and 1 (temperature 3) weigh the two best passages
# e^0 : e^-ln3 = 3/4 : 1/4; a passage gives its weight to its words by their share of its
# words, figures left out: passage 0 (liver, margin, liver; not "20") gives liver 1/2 and
# margin 1/4, passage 1 gives liver 1/8 and probe 1/8. Passage 2 is no candidate.
#   A one-concept query keeps 1 / (1 + 3) = 1/4: liver 1/4 + 3/4 * 5/8 = 0.71875,
#   margin 3/4 * 1/4 = 0.1875, probe 3/4 * 1/8 = 0.09375.
#   Two concepts (liver 1, margin 1/2) keep 2/5, and with two words fed back the masses are
#   shared over 7/8: liver 2/5 * 2/3 + 3/5 * (5/8) / (7/8) = 0.695238,
#   margin 2/5 * 1/3 + 3/5 * (1/4) / (7/8) = 0.304762.
#   Only the best passage fed back: liver 1/4 + 3/4 * 2/3 = 0.75, margin 3/4 * 1/3 = 0.25.
FEEDBACK_CASES = [
    (RankingParams(), {LIVER: 1.0}, 1, {LIVER: 0.71875, MARGIN: 0.1875, PROBE: 0.09375}),
    (
        RankingParams(feedback_terms=2),
        {LIVER: 1.0, MARGIN: 0.5},
        2,
        {LIVER: 0.695238, MARGIN: 0.304762},
    ),
    (RankingParams(feedback_docs=1), {LIVER: 1.0}, 1, {LIVER: 0.75, MARGIN: 0.25}),
]


@pytest.mark.parametrize("params, query, concepts, expected", FEEDBACK_CASES)
def test_feedback_weighs_the_best_passages_words_as_worked_by_hand(
    feedback_index, params, query, concepts, expected
):
    ranker = Ranker(feedback_index.passages, params)
    scores = np.array([1 + 3 * math.log(3), 1.0, 0.5], dtype=np.float32)
    candidates = np.array([True, True, False])
    fed = ranker.feedback(scores, query, candidates, concepts)
    assert fed.keys() == expected.keys()
    for term, weight in expected.items():
        assert fed[term] == pytest.approx(weight, abs=1e-6), term


# Term numbers stand for words here: 1, 2 and 3 are three typed concepts (4 another form of the
# second), 9 any other word. Proximity is the share of neighbouring concepts in the query's order
# standing within 5 words of each other, in either order.
PROXIMITY_CASES = [
    ([1, 2], [[1], [2]], 1.0),
    ([2, 1], [[1], [2]], 1.0),
    ([1, 9, 9, 9, 9, 2], [[1], [2]], 1.0),  # 5 apart: within the window
    ([1, 9, 9, 9, 9, 9, 2], [[1], [2]], 0.0),  # 6 apart: not
    ([1, 9, 9, 9, 9, 9, 9, 4], [[1], [2, 4]], 0.0),
    ([9, 1, 4, 9], [[1], [2, 4]], 1.0),  # another form of the concept counts
    ([9, 1, 9, 9, 9, 9, 9, 9, 2, 3], [[1], [2], [3]], 0.5),  # 2 and 3 near, 1 and 2 not
    ([1, 3, 9, 9, 9, 9, 9, 9, 2], [[1], [2], [3]], 0.0),  # 1 and 3 are not neighbours
    ([2, 9, 9, 9, 9, 9, 9, 9, 1, 9, 2], [[1], [2]], 1.0),  # the nearest pair decides
    ([1, 9, 9], [[1], [2]], 0.0),  # a concept missing
    ([1, 1, 1], [[1]], 0.0),  # one concept: nothing to be near
]


@pytest.mark.parametrize("sequence, concepts, expected", PROXIMITY_CASES)
def test_proximity_is_the_share_of_neighbouring_concepts_within_the_window(
    feedback_index, sequence, concepts, expected
):
    ranker = Ranker(feedback_index.passages, RankingParams(proximity_window=5))
    nearness = ranker.proximity([np.array(sequence)], [np.array(c) for c in concepts])[0]
    assert nearness == pytest.approx(expected)


def test_words_typed_together_score_a_tenth_more_together_than_apart(tmp_path):
    # Worked by hand: four passages of eight words, "zorbix" and "quellan" in two of them, so
    # each has idf ln(1 + 2.5 / 2.5) = ln 2, every length is the mean (normalisation 1) and
    # tf 1 saturates to 1 * 2.2 / 2.2: each passage holding both scores 2 ln 2, both concepts
    # held (coordination 1). Together (1 apart) they gain 0.1; 7 words apart, nothing.
    filler = "plenk " * 6
    rows = [
        passage(0, f"zorbix {filler}quellan"),
        passage(1, f"zorbix quellan {filler}"),
        passage(2, filler + "trabo vossel"),
        passage(3, filler + "trabo vossel"),
    ]
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    hits = engine.search("zorbix quellan").hits
    assert [h.passage_id for h in hits] == [1, 0]
    assert hits[0].score == pytest.approx(2 * math.log(2) * 1.1, rel=1e-6)
    assert hits[1].score == pytest.approx(2 * math.log(2), rel=1e-6)
    engine.close()


def test_ties_are_broken_by_passage_order_even_at_the_cut(tmp_path):
    # 30 passages score exactly alike (the same words, the same length) and 5 above them; ten
    # results asked for: the 5, then the first 5 of the tied 30, from every engine opened on it.
    rows = [passage(i, "vossel trabo vossel" if i % 7 == 3 else "vossel trabo plenk") for i in range(35)]
    build_index(rows, tmp_path / "index", len(rows))
    above = [i for i in range(35) if i % 7 == 3]
    tied = [i for i in range(35) if i % 7 != 3]
    for _ in range(2):
        engine = open_engine(tmp_path / "index")
        hits = engine.search("vossel", limit=10).hits
        engine.close()
        assert [h.passage_id for h in hits] == above + tied[:5]
        assert len({h.score for h in hits[5:]}) == 1  # a real tie
        assert hits[4].score > hits[5].score


@pytest.mark.parametrize("k", [10, 500])
def test_the_best_of_many_candidates_are_those_a_full_sort_finds(k):
    # 200,000 scores in 50 values (ties everywhere, at the cut too), a third of them no
    # candidates: the best k candidates, by score and then by place, as Python's sort puts them.
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 50, 200_000).astype(np.float32)
    candidates = rng.random(200_000) < 0.66
    expected = sorted((-float(s), i) for i, s in enumerate(scores) if candidates[i])[:k]
    assert top_k(scores, candidates, k).tolist() == [i for _, i in expected]


def test_a_search_for_a_rare_word_counts_and_ranks_only_its_passages(tmp_path):
    # 40 passages, "zorbix" in two (once in 3, twice in 7, lengths alike): two found, 7 first,
    # and nothing else ranked or counted as related.
    rows = [passage(i, "plenk trabo vossel plenk") for i in range(40)]
    rows[3] = passage(3, "zorbix trabo vossel plenk")
    rows[7] = passage(7, "zorbix trabo zorbix plenk")
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    results = engine.search("zorbix")
    engine.close()
    assert [h.passage_id for h in results.hits] == [7, 3]
    assert (results.total, results.related_count) == (2, 0)
