"""What any PassageIndex must do (search_index/passage_index.py), checked on the arrays beside
the Whoosh index and on a reference written here of plain lists and dicts, which is also the
oracle the arrays are compared with; and a search engine over either ranks alike."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pytest

from search_index.analysis import terms
from search_index.collection import Collection
from search_index.engine import open_engine
from search_index.index import (
    ARRAY_FIELDS,
    SEARCHED_FIELDS,
    IndexUpdate,
    build_index,
    facet_values,
    index_fields,
    open_passages,
)
from search_index.search import SearchEngine
from search_index.store import passages_for_index
from search_index.suggest import Vocabulary


class DictPassages:
    """The reference: each passage's terms as plain lists (searched fields as analysis.terms
    gives them, facets as index.facet_values does), every answer counted from them when asked.
    Written from what the protocol says, sharing nothing with postings.py or array_builder.py.
    It knows no neighbours (graph None): feedback and regularisation, which use them from 500
    passages on, are not compared."""

    def __init__(self, rows: list[dict], taken_out: Iterable[str] = ()) -> None:
        gone = set(taken_out)
        self._rows = [index_fields(r) for r in rows]
        self._terms = [
            {**{f: terms(r.get(f) or "") for f in SEARCHED_FIELDS}, **facet_values(stored)}
            for r, stored in zip(rows, self._rows)
        ]
        self.n = len(rows)
        self.live = np.array([r["document_id"] not in gone for r in self._rows], dtype=bool)
        self._vocabulary = sorted({t for p in self._terms for ts in p.values() for t in ts})
        self._ids = {t: i for i, t in enumerate(self._vocabulary)}
        self.numeric = np.array([t.isdigit() for t in self._vocabulary], dtype=bool)
        self.fields = tuple(f for f in SEARCHED_FIELDS if any(p[f] for p in self._terms))
        live = [p for p, alive in zip(self._terms, self.live) if alive]
        self.average = {f: sum(len(p[f]) for p in live) / len(live) or 1.0 for f in self.fields}
        self.graph = None

    def lengths(self, fieldname: str) -> np.ndarray:
        return np.array([len(p.get(fieldname, [])) for p in self._terms], dtype=np.int32)

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        found = [
            (d, p[fieldname].count(term))
            for d, p in enumerate(self._terms)
            if term in p.get(fieldname, [])
        ]
        docs = np.array([d for d, _ in found], dtype=np.int32)
        return docs, np.array([f for _, f in found], dtype=np.float32)

    def df(self, term: str) -> int:
        return sum(any(term in p[f] for f in SEARCHED_FIELDS) for p in self._terms)

    def term_id(self, term: str) -> int:
        return self._ids.get(term, -1)

    def term(self, i: int) -> str:
        return self._vocabulary[i]

    def term_ids(self, docnum: int) -> np.ndarray:
        return np.array(
            [self._ids[t] for f in self.fields for t in self._terms[docnum][f]], dtype=np.int32
        )

    def field_term_ids(self, docnum: int, fieldname: str) -> np.ndarray:
        return np.array([self._ids[t] for t in self._terms[docnum][fieldname]], dtype=np.int32)

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        return sorted({t for p in self._terms for t in p.get(fieldname, []) if t.startswith(prefix)})[
            :limit
        ]

    def facet_values(self, fieldname: str) -> list[str]:
        return sorted({v for p in self._terms for v in p.get(fieldname, [])})

    def stored(self, docnum: int) -> dict:
        return dict(self._rows[docnum])

    def touch(self, cancelled: Callable[[], bool]) -> int:
        return 0  # nothing on disk to read ahead


def row(i: int, doc: str, title: str, section: str, text: str, kind: str, **more) -> dict:
    fields = {"title": title, "section": section, "text": text, "kind": kind, "audience": "clinician"}
    return {"id": i, "document_id": doc, "position": 0, **fields, **more}


ROWS = [
    row(
        1,
        "d1",
        "Liver resection",
        "Methods",
        "Resection of liver tumours in 2019.",
        "pubmed_abstract",
        year=2019,
        cancers="colorectal",
        treatments="resection",
    ),
    row(
        2,
        "d1",
        "Liver resection",
        "Results",
        "Survival was longer; resection again, resection.",
        "pubmed_abstract",
        year=2019,
        cancers="colorectal",
        treatments="resection",
        position=1,
    ),
    row(
        3,
        "d2",
        "Questions",
        "",
        "Can ablation treat my liver tumour?",
        "qa_page",
        audience="patient",
        treatments="ablation",
    ),
    row(
        4,
        "d3",
        "",
        "",
        "Resected 2 tumours; liver",
        "pubmed_abstract",
        year=2021,
        cancers="colorectal,lung",
        treatments="resection",
    ),
]
# Their terms (stop words out, stemmed), as read by hand from analysis.terms:
#   title    [liver resect]  [liver resect]            [question]               []
#   section  [method]        [result]                  []                       []
#   text     [resect liver tumour 2019]  [surviv wa longer resect again resect]
#            [ablat treat liver tumour]  [resect 2 tumour liver]
#   role     methods (a "Methods" section), question (ends with "?")


@pytest.fixture(params=["arrays", "reference"])
def opening(request, tmp_path: Path) -> Callable[..., object]:
    """Opens a PassageIndex of the given rows (documents taken out after) on each backend."""

    def open_(rows: list[dict], taken_out: Iterable[str] = ()) -> object:
        if request.param == "reference":
            return DictPassages(rows, taken_out)
        folder = tmp_path / f"index{len(list(tmp_path.iterdir()))}"
        build_index(rows, folder, len(rows))
        with IndexUpdate(folder) as update:
            for doc_id in taken_out:
                update.remove(doc_id)
        passages, kept = open_passages(folder)
        request.addfinalizer(kept.close)
        return passages

    return open_


def named(index, ids: np.ndarray) -> list[str]:
    return [index.term(int(i)) for i in ids]


def test_counts_lengths_and_averages(opening):
    index = opening(ROWS)
    assert index.n == 4 and index.live.tolist() == [True] * 4
    assert index.fields == ("title", "section", "text")
    assert [index.lengths(f).tolist() for f in index.fields] == [
        [2, 2, 1, 0],
        [1, 1, 0, 0],
        [4, 6, 4, 4],
    ]
    assert {f: index.average[f] for f in index.fields} == {"title": 1.25, "section": 0.5, "text": 4.5}
    assert opening([r | {"section": ""} for r in ROWS]).fields == ("title", "text")
    assert index.touch(lambda: True) == 0 <= index.touch(lambda: False)  # nothing read once cancelled


@pytest.mark.parametrize(
    "fieldname, term, docs, freqs",
    [
        ("text", "resect", [0, 1, 3], [1, 2, 1]),
        ("title", "liver", [0, 1], [1, 1]),
        ("text", "liver", [0, 2, 3], [1, 1, 1]),
        ("section", "method", [0], [1]),
        ("kind", "qa_page", [2], [1]),
        ("role", "question", [2], [1]),
        ("role", "methods", [0], [1]),
        ("cancer", "colorectal", [0, 1, 3], [1, 1, 1]),
        ("year", "2021", [3], [1]),
        ("text", "absent", [], []),
        ("title", "tumour", [], []),
        ("no such field", "liver", [], []),
    ],
)
def test_postings(opening, fieldname, term, docs, freqs):
    found_docs, found_freqs = opening(ROWS).postings(fieldname, term)
    assert found_docs.tolist() == docs and found_freqs.tolist() == freqs


def test_document_frequency_counts_passages_over_the_searched_fields(opening):
    index = opening(ROWS)
    expected = {"resect": 3, "liver": 4, "question": 1, "method": 1, "2": 1, "qa_page": 0, "absent": 0}
    assert {t: index.df(t) for t in expected} == expected


def test_term_numbers_name_the_passages_terms_in_order(opening):
    index = opening(ROWS)
    assert index.term_id("absent") == -1
    for t in ("liver", "resect", "2019", "qa_page", "colorectal"):
        assert index.term(index.term_id(t)) == t
    assert [bool(index.numeric[index.term_id(t)]) for t in ("2019", "2", "liver")] == [True, True, False]
    assert named(index, index.field_term_ids(1, "text")) == [
        "surviv",
        "wa",
        "longer",
        "resect",
        "again",
        "resect",
    ]
    assert named(index, index.field_term_ids(3, "title")) == []
    assert named(index, index.term_ids(0)) == [
        "liver",
        "resect",
        "method",
        "resect",
        "liver",
        "tumour",
        "2019",
    ]


def test_prefix_expansion_lists_a_fields_terms_in_order(opening):
    index = opening(ROWS)
    assert index.expand_prefix("text", "t", 10) == ["treat", "tumour"]
    assert index.expand_prefix("text", "l", 10) == ["liver", "longer"]
    assert index.expand_prefix("text", "l", 1) == ["liver"]
    assert index.expand_prefix("text", "", 3) == ["2", "2019", "ablat"]
    assert index.expand_prefix("title", "t", 10) == []
    assert index.expand_prefix("section", "re", 10) == ["result"]


def test_facet_values_are_those_the_passages_hold(opening):
    index = opening(ROWS)
    held = {
        f: index.facet_values(f) for f in ("kind", "audience", "year", "cancer", "treatment", "role")
    }
    assert held == {
        "kind": ["pubmed_abstract", "qa_page"],
        "audience": ["clinician", "patient"],
        "year": ["2019", "2021"],
        "cancer": ["colorectal", "lung"],
        "treatment": ["ablation", "resection"],
        "role": ["methods", "question"],
    }


def test_stored_rows_are_the_passages_as_indexed(opening):
    assert opening(ROWS).stored(2) == {
        "passage_id": 3,
        "document_id": "d2",
        "title": "Questions",
        "section": "",
        "text": "Can ablation treat my liver tumour?",
        "kind": "qa_page",
        "audience": "patient",
        "year": "",
        "cancer": "",
        "treatment": "ablation",
        "position": 0,
    }


def test_a_document_taken_out_keeps_its_numbers_and_leaves_the_live_passages(opening):
    index = opening(ROWS, taken_out=["d1"])
    assert index.n == 4 and index.live.tolist() == [False, False, True, True]
    docs, _ = index.postings("text", "resect")
    assert docs[index.live[docs]].tolist() == [3]
    # over the live passages; a field they hold nothing in counts as 1 (the ranking divides by it)
    assert {f: index.average[f] for f in index.fields} == {"title": 0.5, "section": 1.0, "text": 4.0}
    assert index.stored(3)["passage_id"] == 4


WORDS = "liver resection ablation margin tumour 5 10.8 2019 hepatic cohort trial survival".split()


def random_rows(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    pick = lambda k: " ".join(rng.choices(WORDS, k=rng.randint(0, k)))  # noqa: E731
    return [
        row(
            i,
            f"doc{i // 4}",
            pick(3),
            pick(2),
            pick(25) + rng.choice(["", "?"]),
            rng.choice(["pubmed_abstract", "qa_page", "guideline"]),
            audience=rng.choice(["patient", ""]),
            year=rng.choice([None, 2020, 2024]),
            cancers=",".join(rng.sample(["lung", "breast", "colorectal"], rng.randint(0, 2))),
            treatments=rng.choice(["", "ablation", "resection,ablation"]),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("added", [0, 120])  # 120: added by an update (the arrays extended)
def test_the_arrays_answer_as_the_reference_on_random_passages(tmp_path, added):
    rows = random_rows(300, seed=7)
    build_index(rows[: 300 - added], tmp_path / "index", 300 - added)
    with IndexUpdate(tmp_path / "index") as update:
        update.add(rows[300 - added :])
    arrays, kept = open_passages(tmp_path / "index")
    reference = DictPassages(rows)
    try:
        assert arrays.fields == reference.fields
        assert {f: arrays.average[f] for f in arrays.fields} == pytest.approx(reference.average)
        vocabulary = [reference.term(i) for i in range(len(reference.numeric))]
        for t in vocabulary:
            assert arrays.df(t) == reference.df(t), t
            assert bool(arrays.numeric[arrays.term_id(t)]) == bool(
                reference.numeric[reference.term_id(t)]
            )
        for f in arrays.fields:
            assert arrays.lengths(f).tolist() == reference.lengths(f).tolist(), f
        for f in ARRAY_FIELDS:
            assert arrays.facet_values(f) == reference.facet_values(f) or f in SEARCHED_FIELDS
            for t in vocabulary:
                a, r = arrays.postings(f, t), reference.postings(f, t)
                assert (a[0].tolist(), a[1].tolist()) == (r[0].tolist(), r[1].tolist()), (f, t)
            for prefix in {t[:k] for t in vocabulary for k in (0, 1, 2)}:
                assert arrays.expand_prefix(f, prefix, 4) == reference.expand_prefix(f, prefix, 4)
        for d in range(len(rows)):
            assert arrays.stored(d) == reference.stored(d)
            assert named(arrays, arrays.term_ids(d)) == named(reference, reference.term_ids(d))
    finally:
        kept.close()


# What the tests of the search ask of the seeds (test_search.py), and a few questions.
QUERIES = """liver metastases|hepatectomy|RFA|tumour|oesophageal|chemoimmunotherapy survival
chemoimunotherapy survival|ablation AND resection|ablation -radiofrequency|embol*|treatment:ablation
ablation NOT radiofrequency|liver metastases cancer:lung|liver year:2026|is my liver cancer curable
side effects of chemo|TACE vs TARE|treatment-related adverse events CMT|"liver resection"
liver metastases immunotherapy|CRLM resection margin|resection +margin|type:qa liver""".replace(
    "\n", "|"
).split("|")


def test_an_engine_over_the_reference_ranks_the_seeds_as_over_the_arrays(collection_dir, tmp_path):
    collection = Collection(collection_dir)
    rows = list(passages_for_index(collection.db))
    documents = collection.documents()
    build_index(rows, tmp_path / "index", len(rows))
    real = open_engine(tmp_path / "index", documents)
    reference = SearchEngine(DictPassages(rows), Vocabulary(tmp_path / "index"), documents)
    try:
        assert real.passages.graph is None  # too few passages for neighbours, as the reference
        for query in QUERIES:
            a, b = real.search(query), reference.search(query)
            assert [h.passage_id for h in a.hits] == [h.passage_id for h in b.hits], query
            assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], rel=1e-6)
            said = ("total", "facets", "suggestion", "related_count", "absent", "coverage")
            assert [getattr(a, x) for x in said] == [getattr(b, x) for x in said], query
            assert [h.spans for h in a.hits] == [h.spans for h in b.hits], query
        assert sum(bool(real.search(q).hits) for q in QUERIES) > len(QUERIES) // 2
    finally:
        real.close()
        collection.close()
