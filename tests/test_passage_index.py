"""The arrays the ranking reads (postings.py) against a plain count of the same passages, kept in
step with the index of record through updates, and ranking the same from the first search on."""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_index import array_builder as builder
from search_index.analysis import terms, words, words_of
from search_index.engine import open_engine
from search_index.index import IndexUpdate, build_index
from search_index.postings import ARRAYS_DIR
from search_index.search import SearchEngine

WORDS = (
    "liver resection ablation microwave margin metastases chemotherapy survival tumour "
    "embolization portal vein hepatic colorectal cohort trial"
).split()


def random_rows(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "id": 100 + i,
            "document_id": f"doc{i // 3}",
            "title": " ".join(rng.choices(WORDS, k=rng.randint(0, 3))),
            "section": " ".join(rng.choices(WORDS, k=rng.randint(0, 2))),
            "text": " ".join(rng.choices(WORDS, k=rng.randint(1, 30))),
            "kind": rng.choice(["pubmed_abstract", "qa_page"]),
            "position": i % 3,
        }
        for i in range(count)
    ]


def plain_postings(rows: list[dict], fieldname: str) -> dict[str, dict[int, int]]:
    """term -> {document number: frequency}, counted one passage at a time."""
    out: dict[str, dict[int, int]] = {}
    for docnum, row in enumerate(rows):
        for term, freq in Counter(terms(row.get(fieldname) or "")).items():
            out.setdefault(term, {})[docnum] = freq
    return out


def test_postings_lengths_and_frequencies_match_a_plain_count(tmp_path):
    rows = random_rows(90)
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    index = engine.passages
    assert index.n == 90 and index.live.all()
    vocabulary = set()
    for fieldname in ("title", "section", "text"):
        expected = plain_postings(rows, fieldname)
        vocabulary |= set(expected)
        for term, by_doc in expected.items():
            docs, freqs = index.postings(fieldname, term)
            assert dict(zip(docs.tolist(), freqs.tolist())) == by_doc, (fieldname, term)
        lengths = [len(terms(r.get(fieldname) or "")) for r in rows]
        assert index.lengths(fieldname).tolist() == lengths
    for term in vocabulary:
        holders = {
            d for d, r in enumerate(rows) if term in terms(f"{r['title']} {r['section']} {r['text']}")
        }
        assert index.df(term) == len(holders), term
    assert index.postings("text", "nosuchword")[0].size == 0 and index.df("nosuchword") == 0
    assert index.expand_prefix("text", "me", 10) == sorted(t for t in vocabulary if t.startswith("me"))
    assert [index.term(int(i)) for i in index.term_ids(7)] == terms(
        f"{rows[7]['title']} {rows[7]['section']} {rows[7]['text']}"
    )
    assert index.facet_values("kind") == ["pubmed_abstract", "qa_page"]
    assert index.stored(7)["passage_id"] == 107
    engine.close()


def test_an_update_keeps_the_arrays_in_step_with_the_index(tmp_path):
    rows = random_rows(30)
    build_index(rows, tmp_path / "index", len(rows))
    with IndexUpdate(tmp_path / "index") as update:
        update.remove("doc2")  # its three passages are taken out
        update.add(
            [
                {
                    "id": 500,
                    "document_id": "added",
                    "title": "Added",
                    "section": "",
                    "text": "hyperthermic perfusion of the liver",
                    "position": 0,
                }
            ]
        )
    engine = open_engine(tmp_path / "index")
    live_ids = {
        engine.passages.stored(d)["passage_id"]
        for d in range(engine.passages.n)
        if engine.passages.live[d]
    }
    assert live_ids == {r["id"] for r in rows if r["document_id"] != "doc2"} | {500}
    assert [h.passage_id for h in engine.search("hyperthermic").hits] == [500]
    assert not any(h.document_id == "doc2" for h in engine.search("liver", limit=100).hits)
    engine.close()


def test_missing_or_stale_arrays_are_made_from_the_rows_without_writing_the_index(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"  # where the arrays made at opening are written, for this opening
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    rows = random_rows(60)
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    expected = [(h.passage_id, round(h.score, 5)) for h in engine.search("liver margin").hits]
    engine.close()
    arrays = tmp_path / "index" / ARRAYS_DIR
    meta = json.loads((arrays / "meta.json").read_text())
    meta["generation"] += 7  # as if a commit had been made after them
    (arrays / "meta.json").write_text(json.dumps(meta))
    files = sorted((p.name, p.stat().st_mtime_ns) for p in (tmp_path / "index").rglob("*"))
    again = open_engine(tmp_path / "index")
    assert [(h.passage_id, round(h.score, 5)) for h in again.search("liver margin").hits] == expected
    assert list(scratch.iterdir())
    again.close()
    assert list(scratch.iterdir()) == []  # the scratch arrays are gone
    assert sorted((p.name, p.stat().st_mtime_ns) for p in (tmp_path / "index").rglob("*")) == files
    shutil.rmtree(arrays)  # as if killed between the index's commit and the arrays'
    third = open_engine(tmp_path / "index")
    assert [(h.passage_id, round(h.score, 5)) for h in third.search("liver margin").hits] == expected
    third.close()


def test_the_first_search_ranks_as_after_warm_up(tmp_path):
    # Large enough for feedback and neighbours, the parts that used to wait for the warm-up.
    rows = random_rows(900, seed=11)
    build_index(rows, tmp_path / "index", len(rows))
    queries = [
        "microwave ablation margin",
        "portal vein embolization",
        "colorectal cohort",
        "tumour survival",
    ]
    engine = open_engine(tmp_path / "index")
    assert engine.passages.graph is not None
    first = [[(h.passage_id, h.score) for h in engine.search(q).hits] for q in queries]
    engine.warm_up()
    for q in ("liver", "trial survival", *queries):  # other searches in between
        engine.search(q)
    later = [[(h.passage_id, h.score) for h in engine.search(q).hits] for q in queries]
    assert first == later and all(first)
    engine.close()


def test_arrays_are_opened_mapped_not_read(tmp_path):
    rows = random_rows(30)
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    docs = engine.passages.postings("text", terms("liver")[0])[0]
    assert isinstance(docs.base, np.memmap) or isinstance(docs.base.base, np.memmap)
    engine.close()


def test_bm25f_sums_weighted_normalised_frequencies_before_saturating(tmp_path):
    # Worked by hand (k1 1.2, b 0.75, title weight 2): "liver" is in 2 of 3 passages, so
    # idf = ln(1 + 1.5 / 2.5) = 0.4700. Text lengths 3, 2, 3 (mean 8/3); title lengths 1, 0, 0.
    # Passage 0: 2 / (0.25 + 0.75 * 3 / (8/3)) + 2 * 1 / (0.25 + 0.75 * 1 / (1/3)) = 2.6286,
    #   0.4700 * 2.6286 * 2.2 / (1.2 + 2.6286) = 0.70992.
    # Passage 1: 1 / (0.25 + 0.75 * 2 / (8/3)) = 1.2308; 0.4700 * 1.2308 * 2.2 / 2.4308 = 0.52355.
    rows = [
        {
            "id": 0,
            "document_id": "a",
            "title": "Liver",
            "section": "",
            "text": "liver liver resection",
            "position": 0,
        },
        {
            "id": 1,
            "document_id": "b",
            "title": "",
            "section": "",
            "text": "liver ablation",
            "position": 0,
        },
        {
            "id": 2,
            "document_id": "c",
            "title": "",
            "section": "",
            "text": "ablation probe heat",
            "position": 0,
        },
    ]
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    docs, values = engine.ranker.term_scores(terms("liver")[0])
    assert docs.tolist() == [0, 1]
    assert np.allclose(values, [0.70992, 0.52355], atol=1e-4)
    engine.close()


def assert_postings_match_the_rows(engine: SearchEngine, rows: list[dict]) -> None:
    index = engine.passages
    in_order = [rows[index.stored(d)["passage_id"] - 100] for d in range(index.n)]
    for fieldname in ("title", "text"):
        for term, by_doc in plain_postings(in_order, fieldname).items():
            docs, freqs = index.postings(fieldname, term)
            assert dict(zip(docs.tolist(), freqs.tolist())) == by_doc, (fieldname, term)


def test_updates_extend_the_arrays_as_a_plain_count_of_all_the_passages_says(tmp_path):
    rows = random_rows(40, seed=5)
    build_index(rows[:10], tmp_path / "index", 10)
    for start in range(10, 40, 2):  # 15 imports of two passages: the arrays extended
        with IndexUpdate(tmp_path / "index") as update:
            update.add(rows[start : start + 2])
    engine = open_engine(tmp_path / "index")
    assert engine.passages.n == 40
    assert_postings_match_the_rows(engine, rows)
    engine.close()
    with IndexUpdate(tmp_path / "index") as update:  # 16 segments: merged, written anew
        update.remove("doc4")
    engine = open_engine(tmp_path / "index")
    assert_postings_match_the_rows(engine, rows)
    index = engine.passages
    live = {index.stored(d)["document_id"] for d in range(index.n) if index.live[d]}
    assert live == {r["document_id"] for r in rows} - {"doc4"}
    assert engine.search("liver").hits and all(
        h.document_id != "doc4" for h in engine.search("liver", limit=100).hits
    )
    engine.close()


def test_an_engine_closed_twice_is_closed_once(collection):
    # The window closes an engine its library may already have let go of.
    engine = collection.search_engine()
    engine.close()
    engine.close()  # raises nothing
    with pytest.raises(Exception) as raised:  # and it is closed: its rows are not read again
        engine.search("liver")
    assert "Closed" in type(raised.value).__name__


def test_the_forms_of_one_word_count_as_that_word_however_rare_each_form(tmp_path):
    # "curative" is rarer than "cure", but both are the word the patient typed ("curable"):
    # passages alike but for which form they use score alike.
    texts = ["curative resection of liver metastases", "cure after resection of metastases", "cure"]
    rows = [{"id": i, "document_id": f"d{i}", "title": "", "text": t} for i, t in enumerate(texts)]
    build_index(rows, tmp_path / "index", len(rows))
    engine = open_engine(tmp_path / "index")
    scores = {h.passage_id: h.score for h in engine.search("curable resection").hits}
    engine.close()
    assert scores[0] == pytest.approx(scores[1]) and scores[2] < scores[1]


def test_pairs_counted_a_few_at_a_time_agree_with_a_plain_count(monkeypatch):
    rng = np.random.default_rng(3)
    for trial in range(100):
        n = int(rng.integers(1, 40))
        parts = []
        for _ in range(int(rng.integers(1, 3))):  # one field or several
            lengths = rng.integers(0, 15, n).astype(np.int32)
            parts.append((rng.integers(0, 25, int(lengths.sum())).astype(np.int32), lengths))
        monkeypatch.setattr(builder, "PIECE", int(rng.integers(1, 6)))
        plain: Counter[tuple[int, int]] = Counter()
        for tokens, lengths in parts:
            plain.update(zip(tokens.tolist(), np.repeat(np.arange(n), lengths).tolist()))
        for by_passage in (False, True):
            term, doc, counts = builder.counted(parts, n, by_passage=by_passage)
            order = sorted(plain, key=lambda td: (td[1], td[0]) if by_passage else td)
            assert list(zip(term.tolist(), doc.tolist())) == order, trial
            assert counts.tolist() == [plain[td] for td in order], trial


# Where TOKEN's reading turns: figures with full stops and commas, a figure run into a word,
# abbreviations, stops and commas not between words, letters that lower-case to more letters (İ)
# or by context (a final Σ), word characters beyond ASCII (µ, ², ①, 𝔘) and other characters (–),
# lone surrogates (a high one and a low one side by side are still two characters), and the line
# break that the batch joins texts with.
PIECES = ["10.8", "1,2", "e.g.", "x.1,2", "10.8mg", "..", ", ", "ΟΣ", "İ", "µ", "²", "①", "𝔘"]
PIECES += ["–", "\ud835", "\udc80", "\n", "_", " ", "a", "Z", "9", ".", ","]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), max_size=6))
def test_words_read_a_batch_at_a_time_are_the_words_of_each_text(texts):
    found, counts = words_of(texts)
    assert found == [w for t in texts for w in words(t)]
    assert counts.tolist() == [len(words(t)) for t in texts]


def test_words_stemmed_elsewhere_and_learnt_are_known_as_term_of_would_know_them():
    # (the build learns the stems its rows' process found: stems, learn_stems)
    from search_index.analysis import learn_stems, stems, surface_forms, term_of
    from search_index.whoosh_adapter.language import whoosh_stem

    ws = ["vexilloma", "vexillomas", "vexillomatous", "brintaking", "brintaked"]
    learn_stems(ws, stems(ws))
    assert [term_of(w) for w in ws] == [whoosh_stem(w) for w in ws]
    assert surface_forms(whoosh_stem("vexillomas")) >= {"vexilloma", "vexillomas"}
    assert "brintaking" in surface_forms(whoosh_stem("brintaking"))
