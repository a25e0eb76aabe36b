"""What any PassageIndex must do, checked on the arrays beside the Whoosh index and on a reference
of plain lists and dicts written here (the oracle they are compared with); engines over either agree."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pytest

from search_index import fields
from search_index.analysis import terms
from search_index.collection import Collection
from search_index.engine import open_engine
from search_index.index import IndexUpdate, build_index, open_passages
from search_index.neighbours import NEIGHBOURS_FROM, Graph, K
from search_index.results import Results
from search_index.search import SearchEngine
from search_index.store import passages_for_index
from search_index.suggest import Vocabulary

# Headings of a study's methods (README: below its results) and of boilerplate (below content).
METHODS = "method|methods|methodology|materials|statistical analysis|statistical analyses|"
METHODS = (METHODS + "study design|patients and setting").split("|")
HEADS = "of interest|competing interest|disclaimer|funding|copyright|acknowledg|contribution".split("|")
# The store's columns the index keeps, by the names it keeps them under.
STORED_AS = {c: c for c in ("title", "section", "text", "kind", "audience")}
STORED_AS |= {"cancers": "cancer", "treatments": "treatment"}


def reference_facets(row: dict) -> dict[str, list[str]]:
    """A raw row's values of the fields indexed as they are, from what they mean: its kind, audience,
    year (none if empty), tags, and role: "boilerplate" if its heading says so, else "question" if it
    asks one (ends with "?"), else "methods" if its heading names a study's methods."""
    heading = " ".join(re.findall(r"[a-z]+", (row.get("section") or "").lower()))
    asks, methods = row["text"].strip().endswith("?"), any(f" {w} " in f" {heading} " for w in METHODS)
    said = ["boilerplate"] if any(w in heading for w in HEADS) else []
    one = lambda column: [str(row[column])] if row.get(column) else []  # noqa: E731
    tags = lambda column: [t.strip() for t in (row.get(column) or "").split(",") if t.strip()]  # noqa: E731
    facets = {f: one(f) for f in ("kind", "audience", "year")}
    facets |= {"cancer": tags("cancers"), "treatment": tags("treatments")}
    return facets | {"role": said or (["question"] if asks else ["methods"] if methods else [])}


def reference_stored(row: dict) -> dict:
    """What the index keeps of a raw row: its columns as the index names them, the year as text."""
    kept = {name: row.get(column) or "" for column, name in STORED_AS.items()}
    kept |= dict(passage_id=row["id"], document_id=str(row["document_id"]))
    return kept | {"year": str(row.get("year") or ""), "position": row.get("position") or 0}


class DictPassages:
    """The reference: each passage's terms as plain lists, every answer counted from them when
    asked; written from what the protocol and README say, sharing nothing with postings.py,
    array_builder.py, neighbours.py, nor index.py's facets and roles. From 500 live passages,
    each one's five nearest neighbours, by brute force: the cosine of every pair of tf-idf
    vectors ((1 + log tf) x log(N / df), figures left out).
    Shared: analysis.terms (words stemmed, stop words out), the definition of a term that the
    query is read with too. Checked is what the arrays keep of the terms; they get theirs by
    array_builder's own path (numbered words, stemmed a batch at a time), not through `terms`."""

    def __init__(self, rows: list[dict], taken_out: Iterable[str] = ()) -> None:
        self._rows = [reference_stored(r) for r in rows]
        searched = [{f: terms(r.get(f) or "") for f in fields.SEARCHED_FIELDS} for r in rows]
        self._terms = [s | reference_facets(r) for s, r in zip(searched, rows)]
        self.n = len(rows)
        gone = set(taken_out)
        self.live = np.array([str(r["document_id"]) not in gone for r in rows], dtype=bool)
        self._vocabulary = sorted({t for p in self._terms for ts in p.values() for t in ts})
        self._ids = {t: i for i, t in enumerate(self._vocabulary)}
        # A figure: digits only ("2019"); a decimal ("10.8") is read as a word, as the arrays do.
        self.numeric = np.array([t.isdigit() for t in self._vocabulary], dtype=bool)
        self.fields = tuple(f for f in fields.SEARCHED_FIELDS if any(p[f] for p in self._terms))
        live = [p for p, alive in zip(self._terms, self.live) if alive]
        self.average = {f: sum(len(p[f]) for p in live) / len(live) or 1.0 for f in self.fields}
        self.graph = self._nearest() if len(live) >= NEIGHBOURS_FROM else None

    def _nearest(self) -> Graph:
        searched = [[t for f in fields.SEARCHED_FIELDS for t in p[f]] for p in self._terms]
        alive = [Counter(ts if live else ()) for ts, live in zip(searched, self.live)]
        df = Counter(t for c in alive for t in c)
        vectors = np.zeros((self.n, len(self._vocabulary)))
        for d, c in enumerate(alive):
            for t, tf in c.items():
                if not self.numeric[self._ids[t]]:
                    vectors[d, self._ids[t]] = (1 + math.log(tf)) * math.log(sum(self.live) / df[t])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-30)
        cosine = vectors @ vectors.T
        np.fill_diagonal(cosine, 0.0)
        neighbours, weights = np.zeros((self.n, K), np.int32), np.zeros((self.n, K), np.float32)
        for d in range(self.n):
            best = sorted((-cosine[d, e], e) for e in range(self.n) if cosine[d, e] > 1e-9)[:K]
            neighbours[d, : len(best)] = [e for _, e in best]
            weights[d, : len(best)] = [-c for c, _ in best]
        return Graph(neighbours, weights)

    def lengths(self, fieldname: str) -> np.ndarray:
        return np.array([len(p.get(fieldname, [])) for p in self._terms], dtype=np.int32)

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        counts = [p.get(fieldname, []).count(term) for p in self._terms]
        docs = np.flatnonzero(counts).astype(np.int32)
        return docs, np.array(counts, dtype=np.float32)[docs]

    def df(self, term: str) -> int:
        return sum(any(term in p[f] for f in fields.SEARCHED_FIELDS) for p in self._terms)

    def term_id(self, term: str) -> int:
        return self._ids.get(term, -1)

    def term(self, i: int) -> str:
        return self._vocabulary[i]

    def term_ids(self, docnum: int) -> np.ndarray:
        ids = [self._ids[t] for f in self.fields for t in self._terms[docnum][f]]
        return np.array(ids, dtype=np.int32)

    def field_term_ids(self, docnum: int, fieldname: str) -> np.ndarray:
        return np.array([self._ids[t] for t in self._terms[docnum][fieldname]], dtype=np.int32)

    def field_sequences(self, docs: np.ndarray, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
        seqs = [self.field_term_ids(int(d), fieldname) for d in docs]
        return np.concatenate([np.zeros(0, np.int32), *seqs]), np.array([len(s) for s in seqs], np.int64)

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        held = sorted({t for p in self._terms for t in p.get(fieldname, []) if t.startswith(prefix)})
        return held[:limit]

    def facet_values(self, fieldname: str) -> list[str]:
        return sorted({v for p in self._terms for v in p.get(fieldname, [])})

    def stored(self, docnum: int) -> dict:
        return dict(self._rows[docnum])

    def touch(self, cancelled: Callable[[], bool]) -> int:  # nothing on disk to read ahead
        return 0


def row(i: int, doc: str, title: str, section: str, text: str, kind: str, **more) -> dict:
    given = {"title": title, "section": section, "text": text, "kind": kind, "audience": "clinician"}
    return {"id": i, "document_id": doc, "position": 0, **given, **more}


TAGS = ("year", "cancers", "treatments")
ROWS = [
    row(1, "d1", "Liver resection", "Methods", "Resection of liver tumours in 2019.", "pubmed_abstract")
    | dict(zip(TAGS, (2019, "colorectal", "resection"))),
    row(2, "d1", "Liver resection", "Results", "Survival was longer; resection again, resection.", "")
    | dict(zip(TAGS, (2019, "colorectal", "resection")), kind="pubmed_abstract", position=1),
    row(3, "d2", "Questions", "", "Can ablation treat my liver tumour?", "qa_page")
    | dict(audience="patient", treatments="ablation"),
    row(4, "d3", "", "", "Resected 2 tumours; liver", "pubmed_abstract")
    | dict(zip(TAGS, (2021, "colorectal,lung", "resection"))),
]
# Their terms (stop words out, stemmed), as read by hand from analysis.terms:
#   title    [liver resect]  [liver resect]            [question]               []
#   section  [method]        [result]                  []                       []
#   text     [resect liver tumour 2019]  [surviv wa longer resect again resect]
#            [ablat treat liver tumour]  [resect 2 tumour liver]; role: methods, -, question, -


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
    lengths = [[2, 2, 1, 0], [1, 1, 0, 0], [4, 6, 4, 4]]
    assert [index.lengths(f).tolist() for f in index.fields] == lengths
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
    text = named(index, index.field_term_ids(1, "text"))
    assert text == "surviv wa longer resect again resect".split()
    assert named(index, index.field_term_ids(3, "title")) == []
    assert named(index, index.term_ids(0)) == "liver resect method resect liver tumour 2019".split()


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
    held = dict(kind="pubmed_abstract qa_page", audience="clinician patient", year="2019 2021")
    held |= dict(cancer="colorectal lung", treatment="ablation resection", role="methods question")
    assert {f: " ".join(index.facet_values(f)) for f in held} == held


def test_stored_rows_are_the_passages_as_indexed(opening):
    held = dict(passage_id=3, document_id="d2", title="Questions", section="", position=0)
    held |= dict(text="Can ablation treat my liver tumour?", kind="qa_page", audience="patient")
    assert opening(ROWS).stored(2) == held | dict(year="", cancer="", treatment="ablation")


def test_a_document_taken_out_keeps_its_numbers_and_leaves_the_live_passages(opening):
    index = opening(ROWS, taken_out=["d1"])
    assert index.n == 4 and index.live.tolist() == [False, False, True, True]
    docs, _ = index.postings("text", "resect")
    assert docs[index.live[docs]].tolist() == [3]
    # over the live passages; a field they hold nothing in counts as 1 (the ranking divides by it)
    assert {f: index.average[f] for f in index.fields} == {"title": 0.5, "section": 1.0, "text": 4.0}
    assert index.stored(3)["passage_id"] == 4


KINDS = ("pubmed_abstract", "qa_page", "guideline")
WORDS = "liver resection ablation margin tumour 5 10.8 2019 hepatic cohort trial survival".split()
# Headings of a study's methods (the first five) and of other sections.
HEADINGS = "Methods|Materials and methods|Statistical analyses|STUDY DESIGN|Patients and setting|"
HEADINGS = (HEADINGS + "Results|Methodological notes|Study population|Model design|Funding").split("|")


def random_rows(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    pick = lambda k: " ".join(rng.choices(WORDS, k=rng.randint(0, k)))  # noqa: E731
    rows = []
    for i in range(count):
        section, text = rng.choice([pick(2), *HEADINGS]), pick(25) + rng.choice(["", "?", "? ", "?\n"])
        r = row(i, f"doc{i // 4}", pick(3), section, text, rng.choice(KINDS))
        r |= dict(audience=rng.choice(["patient", ""]), year=rng.choice([None, 2020, 2024]))
        r["cancers"] = ",".join(rng.sample(["lung", "breast", "colorectal"], rng.randint(0, 2)))
        rows.append(r | dict(treatments=rng.choice(["", "ablation", "resection,ablation"])))
    return rows


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
        assert [arrays.df(t) for t in vocabulary] == [reference.df(t) for t in vocabulary]
        numeric = [t for t in vocabulary if arrays.numeric[arrays.term_id(t)]]
        assert numeric == [t for t in vocabulary if reference.numeric[reference.term_id(t)]]
        for f in arrays.fields:
            assert arrays.lengths(f).tolist() == reference.lengths(f).tolist(), f
        for f in fields.ARRAY_FIELDS:
            assert arrays.facet_values(f) == reference.facet_values(f) or f in fields.SEARCHED_FIELDS
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
QUERIES = """liver metastases|hepatectomy|RFA|tumour|oesophageal|chemoimmunotherapy survival|OS|NSCLC
chemoimunotherapy survival|ablation AND resection|ablation -radiofrequency|embol*|treatment:ablation
ablation NOT radiofrequency|liver metastases cancer:lung|liver year:2026|is my liver cancer curable
side effects of chemo|TACE vs TARE|treatment-related adverse events CMT|"liver resection"|type:qa liver
liver metastases immunotherapy|CRLM resection margin|resection +margin""".replace("\n", "|").split("|")


def assert_ranked_alike(a: Results, b: Results, query: str) -> None:
    assert [h.passage_id for h in a.hits] == [h.passage_id for h in b.hits], query
    assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits], rel=1e-5), query
    said = ("total", "facets", "suggestion", "related_count", "absent", "coverage")
    assert [getattr(a, x) for x in said] == [getattr(b, x) for x in said], query
    assert [(h.spans, h.related) for h in a.hits] == [(h.spans, h.related) for h in b.hits], query


def topic_rows(count: int, seed: int) -> list[dict]:
    """Random passages (as random_rows) of made-up words on 40 topics, sharing words within a
    topic as a real collection's do; no word in so many that the neighbours leave it out."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    vocabulary = sorted({"".join(rng.sample(syllables, 3)) for _ in range(1500)})
    topics = [vocabulary[i::40] for i in range(40)]
    words = lambda topic, most: " ".join(  # noqa: E731
        rng.choice(topic if rng.random() < 0.8 else vocabulary) for _ in range(most)
    )
    rows = random_rows(count, seed)
    for r in rows:
        topic = rng.choice(topics)
        r["title"] = words(topic, rng.randint(0, 3))
        r["text"] = words(topic, rng.randint(4, 25)) + rng.choice(["", " in 2019.", " 10.8 of 5?"])
    return rows


def test_from_500_passages_the_neighbours_are_each_passages_most_alike(tmp_path):
    rows = topic_rows(NEIGHBOURS_FROM, seed=11)
    build_index(rows, tmp_path / "index", len(rows))
    arrays, kept = open_passages(tmp_path / "index")
    graph, expected = arrays.graph, DictPassages(rows).graph
    kept.close()
    assert graph is not None and expected is not None
    assert graph.neighbours.tolist() == expected.neighbours.tolist()
    assert graph.weights == pytest.approx(expected.weights, abs=1e-5)
    assert (graph.weights[:, -1] > 0).mean() > 0.9  # most have five
    with IndexUpdate(tmp_path / "index") as update:
        update.remove("doc0")  # 496 live passages: too few
    arrays, kept = open_passages(tmp_path / "index")
    assert arrays.graph is None is DictPassages(rows, ["doc0"]).graph
    kept.close()


@pytest.mark.parametrize("source", ["seeds", "topics"])
def test_an_engine_over_the_reference_ranks_as_over_the_arrays(source, collection_dir, tmp_path):
    # The seeds are too few for feedback and neighbours; from 500 passages both apply, and the
    # reference's neighbours are its own (brute force).
    if source == "seeds":
        collection = Collection(collection_dir)
        rows, documents = list(passages_for_index(collection.db)), collection.documents()
        collection.close()
        queries = QUERIES
    else:
        rows, documents = topic_rows(600, seed=5), {}
        queries = [" ".join(r["text"].split()[: 1 + i % 3]) for i, r in enumerate(rows[::29])]
        queries += [f"{q} {f}" for q, f in zip(queries, ["audience:patient"] * 3 + ["year:2024"] * 3)]
    build_index(rows, tmp_path / "index", len(rows))
    real = open_engine(tmp_path / "index", documents)
    reference = SearchEngine(DictPassages(rows), Vocabulary(tmp_path / "index"), documents)
    try:
        assert (real.passages.graph is None) == (source == "seeds")
        for query in queries:
            assert_ranked_alike(real.search(query), reference.search(query), query)
        assert sum(bool(real.search(q).hits) for q in queries) > len(queries) // 2
        related = sum(real.search(q).related_count > 0 for q in queries)  # through feedback
        assert related > len(queries) // 2 if source == "topics" else related == 0
    finally:
        real.close()
