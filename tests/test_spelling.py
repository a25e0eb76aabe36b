"""Spelling corrections over the real seed index: a misspelt rare term (a drug, a procedure) is
corrected to the collection's word and its results shown; a correct English word is never
"corrected"; and what is said about a word no passage holds does not depend on the rest of the
search, nor calls a misspelling a subject the collection does not cover."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def engine_after_importing(opened, path: Path) -> Iterator[SearchEngine]:
    """A search engine on the library once `path` is imported into it."""
    report = opened.library.import_paths([path])
    assert report.added and not report.failed
    collection = Collection(opened.library.directory)
    engine = collection.search_engine()
    try:
        yield engine
    finally:
        engine.close()
        collection.close()


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
    with engine_after_importing(opened, write(tmp_path, "hair.md", leaflet)) as engine:
        assert engine.vocabulary.count("loss") >= 3
        assert engine.search("will I lose my hair").suggestion is None


def test_a_word_two_letters_from_a_rare_one_is_not_made_into_it(engine: SearchEngine):
    assert seeds_hold("cetuximab") and engine.vocabulary.count("cetuximab") < 3
    assert engine.search("cetuxinap", correct=False).suggestion is None


def test_another_form_of_a_word_the_collection_holds_is_not_misspelt(engine: SearchEngine):
    assert seeds_hold("chemotherapy") and not seeds_hold("chemotherapies")
    results = engine.search("chemotherapies", correct=False)
    assert results.suggestion is None and results.total > 0


# Typed with caps lock on (a kiosk): read as if in lower case, unless it is one short word.
def test_a_question_in_capitals_is_read_as_plain_words(engine: SearchEngine):
    for text, said in (
        ("IS IT PAINFUL", "Nothing in the collection mentions “PAINFUL”."),
        ("WILL I LOSE MY HAIR", "Nothing in the collection mentions “LOSE” or “HAIR”."),
    ):
        results = engine.search(text)
        assert results.coverage == said
        assert results.suggestion is None and results.corrected_from is None


@pytest.mark.parametrize("typed, meant", [("BEVACIZAMAB", "bevacizumab"), ("HEPATECTMY", "hepatectomy")])
def test_a_long_word_in_capitals_is_corrected(engine: SearchEngine, typed: str, meant: str):
    results = engine.search(typed)
    assert results.corrected_from == typed and results.query == meant and results.total > 0
    assert "does not cover" not in engine.search(typed, correct=False).coverage


def test_a_short_word_in_capitals_stays_an_abbreviation(engine: SearchEngine):
    for text in ("SBRT", "MWA"):
        results = engine.search(text)
        assert results.coverage == f"The collection does not cover “{text}”."
        assert results.suggestion is None and results.corrected_from is None


def test_a_hyphenated_word_the_lexicon_does_not_know_is_not_a_subject(engine: SearchEngine):
    results = engine.search("blah-blah")
    assert results.coverage == "Nothing in the collection mentions “blah-blah”."


# (typed, meant): two letters swapped count as one slip, in short words too.
SWAPPED = [
    ("lvier", "liver"),
    ("chmeo", "chemo"),
    ("lnug", "lung"),
    ("sacn", "scan"),
    ("nausae", "nausea"),
    ("hiar loss", "hair loss"),
    ("tcae", "tace"),
]


@pytest.mark.parametrize("typed, meant", SWAPPED)
def test_two_swapped_letters_are_one_slip(engine: SearchEngine, typed: str, meant: str):
    assert engine.search(typed, correct=False).suggestion == meant


def test_swapped_letters_in_a_word_the_collection_holds_show_its_results(engine: SearchEngine):
    results = engine.search("lvier")
    assert results.corrected_from == "lvier" and results.query == "liver" and results.total > 0


def test_a_misspelt_form_of_a_word_the_collection_holds_finds_it(engine: SearchEngine):
    assert seeds_hold("chance")
    results = engine.search("what are my chanses")
    assert results.corrected_from == "what are my chanses"
    assert results.query == "what are my chances" and results.total > 0


@pytest.mark.parametrize(
    "typed, meant", [("hepatctmy", "hepatectomy"), ("radioemblization", "radioembolization")]
)
def test_a_misspelt_lexicon_term_is_offered_the_term(engine: SearchEngine, typed: str, meant: str):
    assert engine.search(typed, correct=False).suggestion == meant


def test_a_misspelling_with_syntax_searches_its_correction(engine: SearchEngine):
    results = engine.search("hepatectmy AND liver")
    assert results.corrected_from == "hepatectmy AND liver"
    assert results.query == "hepatectomy AND liver" and results.total > 0
    assert "No passage has all of that exactly" not in results.notice


def test_a_capital_dotted_i_is_read_as_i(engine: SearchEngine):
    results = engine.search("İmmunotherapy")
    assert results.corrected_from == "İmmunotherapy"
    assert results.query == "immunotherapy" and results.total > 0


def test_a_greek_letter_is_not_corrected_away(opened, tmp_path: Path):
    note = "TNF and inflammation\n\nTNF levels rose. TNF blockers were stopped. TNF was measured.\n"
    with engine_after_importing(opened, write(tmp_path, "tnf.md", note)) as engine:
        assert engine.vocabulary.count("tnf") >= 3
        assert engine.search("TNFα", correct=False).suggestion is None
        assert engine.search("TNFα").corrected_from is None


def test_an_english_word_far_from_the_collections_form_is_not_offered(engine: SearchEngine):
    # "resist" is a form of "resistance", which the seeds hold, but far from it: "recist"
    # (RECIST, typed in lower case) is not a slip for it.
    assert engine.search("recist liver", correct=False).suggestion is None


def test_a_misspelt_word_in_quotes_searches_the_corrected_phrase(engine: SearchEngine):
    results = engine.search('"liver resectoin"')
    assert results.corrected_from == '"liver resectoin"'
    assert results.query == '"liver resection"' and results.total > 0


def test_a_slip_in_a_lexicon_term_is_not_made_an_english_anagram(engine: SearchEngine):
    # "ablaton": ablation (one letter out, the lexicon's and the collection's), not the lake
    # "balaton" (its first two letters swapped; an English word of the list)
    assert seeds_hold("ablation")
    results = engine.search("ablaton")
    assert results.corrected_from == "ablaton" and results.query == "ablation"
    assert engine.search("hiar loss").suggestion == "hair loss"  # an anagram still wins over hilar
