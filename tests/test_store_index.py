"""The store and the index: round trip, consistency, atomic builds, searching."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import seed

from search_index.collection import Collection, build_collection, is_current, seed_files
from search_index.reading import read_file
from search_index.schema import SCHEMA_VERSION, STORE_FILE, open_store
from search_index.search import SearchEngine

SEEDS = seed_files()


def test_store_has_schema_version_and_every_table(collection):
    db = collection.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {
        "documents",
        "sections",
        "passages",
        "citations",
        "reference_list",
        "questions",
        "meta",
    } <= set(db.table_names())


def test_documents_round_trip_through_the_store(collection):
    for path in SEEDS:
        doc = read_file(path)
        stored = collection.document(doc.doc_id)
        assert stored.meta["title"] == doc.title
        assert stored.meta["kind"] == doc.kind and stored.meta["doi"] == doc.doi
        assert [s.heading for s in stored.sections] == [s.heading for s in doc.sections]
        assert [[p.text for p in s.passages] for s in stored.sections] == [
            [p.text for p in s.passages] for s in doc.sections
        ]
        assert [[p.citations for p in s.passages] for s in stored.sections] == [
            [p.citations for p in s.passages] for s in doc.sections
        ]
        assert [r["text"] for r in stored.references] == [r.text for r in doc.references]
        assert collection.source(doc.doc_id) == path.read_text(encoding="utf-8")


def test_questions_table_holds_each_question_with_its_source(collection):
    rows = list(
        collection.db.query(
            "SELECT q.text, q.document_id, d.title FROM questions q "
            "JOIN documents d ON d.id = q.document_id"
        )
    )
    by_doc: dict[str, int] = {}
    for row in rows:
        by_doc[row["document_id"]] = by_doc.get(row["document_id"], 0) + 1
    assert sorted(by_doc.values()) == [4, 5]
    assert all(r["text"].endswith("?") and r["title"] for r in rows)


def test_index_holds_exactly_the_passages_of_the_store(collection, engine):
    store_ids = {r["id"] for r in collection.db.query("SELECT id FROM passages")}
    passages = engine.passages
    index_ids = {passages.stored(d)["passage_id"] for d in range(passages.n) if passages.live[d]}
    assert index_ids == store_ids and len(store_ids) > 50


def test_built_collection_is_current_until_a_seed_changes(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS[0].parent, seeds)
    out = tmp_path / "collection"
    build_collection(seed_files(seeds), out)
    assert is_current(out, seed_files(seeds))
    with open(seeds / SEEDS[0].name, "a", encoding="utf-8") as f:
        f.write("\nOne more line.")
    assert not is_current(out, seed_files(seeds))


def test_a_broken_file_fails_alone_with_its_name_and_reason(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x00\x00 not text")
    report = build_collection([*SEEDS, bad], tmp_path / "collection")
    assert report.failed == [("broken.txt", "the file is binary, not text")]
    assert len(report.added) == len(SEEDS)
    c = Collection(tmp_path / "collection")
    assert len(c.documents()) == len(SEEDS)
    c.close()


def test_a_failed_build_leaves_the_previous_collection_untouched(tmp_path):
    out = tmp_path / "collection"
    build_collection(SEEDS[:2], out)

    def boom(done: int, total: int, what: str) -> None:
        if what == "Indexing passages":
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        build_collection(SEEDS, out, boom)
    c = Collection(out)
    assert len(c.documents()) == 2
    c.close()
    assert [p.name for p in tmp_path.iterdir()] == ["collection"]  # no half-built folder left


def test_store_refuses_a_newer_schema(tmp_path):
    db = open_store(tmp_path / STORE_FILE)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(Exception, match="newer"):
        open_store(tmp_path / STORE_FILE)


def test_search_ranks_passages_and_marks_the_query_words(engine: SearchEngine):
    results = engine.search("liver metastases immunotherapy")
    assert results.total > 10 and results.hits
    # The best passage holds both concepts in its own text: liver metastases, and
    # immunotherapy as typed or as the lexicon's narrower term (checkpoint inhibitors).
    top = results.hits[0]
    marked = {top.text[s:e].lower() for s, e in top.spans}
    assert {"liver", "metastases"} <= marked
    assert marked & {"immunotherapy", "checkpoint", "chemoimmunotherapy"}
    allowed = {
        "liver",
        "metastases",
        "metastasis",
        "lm",
        "lms",
        "hepatic",
        "immunotherapy",
        "chemoimmunotherapy",
        "immune",
        "immunity",
        "checkpoint",
        "inhibitors",
        "ici",
        "icis",
    }
    for hit in results.hits[:10]:  # every result shows why it matched, in its text or title
        marked = {hit.snippet.text[s:e].lower() for s, e in hit.snippet.spans}
        marked |= {hit.title[s:e].lower() for s, e in hit.title_spans}
        assert marked and marked <= allowed
    scores = [h.score for h in results.hits]
    assert scores == sorted(scores, reverse=True)


def test_search_finds_a_rare_word_in_its_one_document(engine: SearchEngine):
    results = engine.search("FOLFOX")
    assert results.total == 2
    assert {h.file_name for h in results.hits} == {seed("FOLFOX").file_name}  # the only seed with it


def test_citation_numbers_are_not_indexed(engine: SearchEngine):
    # "17" and "345" stand in the source only as citation markers.
    assert engine.search("17").total == 0
    assert engine.search("345").total == 0
    figures = engine.search("25,915")  # a figure of the text is indexed whole
    assert figures.total == 1 and "25,915 patients" in figures.hits[0].text


def test_exact_figures_are_searchable(engine: SearchEngine):
    hits = engine.search('"20.8 months"').hits
    assert hits and "10.8 months in the CMT group vs 20.8 months" in hits[0].text


def test_empty_query_returns_nothing(engine: SearchEngine):
    assert engine.search("   ").total == 0


def test_collection_opens_read_only(collection_dir: Path):
    c = Collection(collection_dir)
    with pytest.raises(Exception, match="readonly|read-only"):
        c.db.execute("DELETE FROM documents")
    c.close()
