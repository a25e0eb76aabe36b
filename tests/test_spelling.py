"""Spelling corrections over the real seed index: a misspelt rare term (a drug, a procedure) is
corrected to the collection's word and its results shown; a correct English word is never
"corrected"; and what is said about a word no passage holds does not depend on the rest of the
search, nor calls a misspelling a subject the collection does not cover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import seed_documents, write

from search_index.collection import Collection
from search_index.search import SearchEngine

# (typed, meant): drug names and procedures the seeds hold only once or twice.
MISSPELT = [
    ("hepatectmy", "hepatectomy"),
    ("bevacizamab", "bevacizumab"),
    ("atezolizumb", "atezolizumab"),
    ("cetuximap", "cetuximab"),
    ("radiofrequncy", "radiofrequency"),
    ("embolizaton", "embolization"),
    ("hepatocelular", "hepatocellular"),
    ("folfx", "folfox"),
]
# Plain English from a patient or a pasted paragraph: right as typed.
ENGLISH = [
    "what are my chances",
    "my father has liver cancer",
    "will I lose my hair",
    "My father was diagnosed with liver cancer and will lose his hair. "
    "What are the chances it comes back?",
]


def seeds_hold(word: str) -> bool:
    text = " ".join(f"{d.title} {d.source}" for d in seed_documents())
    return re.search(rf"\b{word}\b", text, flags=re.IGNORECASE) is not None


@pytest.mark.parametrize("typed, meant", MISSPELT)
def test_a_misspelt_rare_term_shows_the_results_of_its_correction(
    engine: SearchEngine, typed: str, meant: str
):
    assert seeds_hold(meant) and not seeds_hold(typed)
    results = engine.search(typed)
    assert results.corrected_from == typed
    assert results.query == meant and results.total > 0
    literal = engine.search(typed, correct=False)
    assert literal.suggestion == meant
    assert literal.coverage == f"Nothing in the collection mentions “{typed}”."


@pytest.mark.parametrize("text", ENGLISH)
def test_a_correct_english_word_is_never_corrected(engine: SearchEngine, text: str):
    results = engine.search(text)
    assert results.suggestion is None and results.corrected_from is None


def test_an_english_word_no_passage_holds_is_named_not_called_uncovered(engine: SearchEngine):
    results = engine.search("will I lose my hair")
    assert results.coverage == "Nothing in the collection mentions “lose” or “hair”."


def test_a_word_absent_after_a_general_subject_is_said_as_after_a_specific_one(
    engine: SearchEngine,
):
    said = "Nothing in the collection mentions “margin”."
    assert engine.search("CRLM resection margin").coverage == said
    assert engine.search("liver surgery margin").coverage == said


def test_a_subject_the_collection_lacks_is_still_said_uncovered(engine: SearchEngine):
    assert engine.search("SBRT for liver metastases").coverage == (
        "The collection does not cover “SBRT”."
    )


def test_abbreviations_stay_as_typed_in_any_case(engine: SearchEngine):
    for text in ("TACE vs TARE", "tace vs tare"):
        assert engine.search(text).suggestion is None


def test_an_imported_word_does_not_replace_a_patients_word(opened, tmp_path: Path):
    leaflet = (
        "Hair loss during chemotherapy\n\n"
        "Hair loss is common with some drugs. Hair loss usually stops after treatment, "
        "and the hair grows back. Ask about cold caps to reduce hair loss.\n"
    )
    report = opened.library.import_paths([write(tmp_path, "hair.md", leaflet)])
    assert report.added and not report.failed
    collection = Collection(opened.library.directory)
    engine = collection.search_engine()
    try:
        assert engine.vocabulary.count("loss") >= 3
        assert engine.search("will I lose my hair").suggestion is None
    finally:
        engine.close()
        collection.close()


def test_a_word_two_letters_from_a_rare_one_is_not_made_into_it(engine: SearchEngine):
    assert seeds_hold("cetuximab") and engine.vocabulary.count("cetuximab") < 3
    assert engine.search("cetuxinap", correct=False).suggestion is None


def test_another_form_of_a_word_the_collection_holds_is_not_misspelt(engine: SearchEngine):
    assert seeds_hold("chemotherapy") and not seeds_hold("chemotherapies")
    results = engine.search("chemotherapies", correct=False)
    assert results.suggestion is None and results.total > 0
