"""Patients' words, other spellings and other numbers of the lexicon's terms, read as the lexicon
reads their usual form.

Expectations written from the seeds before running the queries: the journal abstract on
esophageal cancer (EC) writes "esophageal cancer", "CMT + ICI" and "treatment-related adverse
events (TRAEs)"; the guideline writes "colorectal cancer", "hepatectomy" and "liver metastases";
the chemoimmunotherapy Q&A page names "gastric" cancer; the NSCLC abstract says "prognosis".
"""

from __future__ import annotations

import re

import pytest

from search_index.query import parse
from search_index.search import SearchEngine


def marked(hit) -> list[str]:
    return [hit.text[a:b].lower() for a, b in hit.spans]


def read_as(typed: str) -> str:
    return parse(typed).explain().lower()


# Patients' words.


@pytest.mark.parametrize(
    "typed",
    [
        "spots on his liver",
        "spots on her liver",
        "spot on my liver",
        "spot on the liver",
        "lesions on my liver",
        "lesions in his liver",
    ],
)
def test_spots_or_lesions_on_a_liver_are_liver_metastases(engine: SearchEngine, typed):
    results = engine.search(typed)
    assert results.coverage == "" and results.absent == [], results.absent
    assert "liver metastases" in results.explanation
    assert "liver metasta" in results.hits[0].text.lower()


@pytest.mark.parametrize("typed", ["cancer of the colon", "cancer of the bowel", "colon"])
def test_cancer_of_the_colon_or_bowel_is_colorectal_cancer(engine: SearchEngine, typed):
    results = engine.search(typed)
    assert results.coverage == "" and results.absent == [], results.absent
    assert "colorectal" in results.explanation
    assert "colorectal" in results.hits[0].text.lower()


def test_stomach_cancer_is_gastric_cancer(engine: SearchEngine):
    results = engine.search("stomach cancer")
    assert "gastric cancer" in results.explanation
    assert "gastric" in results.hits[0].text.lower()


@pytest.mark.parametrize("typed", ["stage 4b", "stage IVb", "stage IVB cancer"])
def test_stage_4b_is_metastatic(engine: SearchEngine, typed):
    results = engine.search(typed)
    assert "metastatic" in results.explanation
    assert re.search(r"metasta", results.hits[0].text.lower())


def test_stage_4a_is_not_read_as_metastatic():
    # Stage IVA is not always distant spread (esophageal IVA: T4b or N3, M0).
    assert "metasta" not in read_as("stage 4a")


@pytest.mark.parametrize("typed", ["how long will she live", "how long will he live"])
def test_how_long_will_she_live_is_survival_and_prognosis(engine: SearchEngine, typed):
    results = engine.search(typed)
    assert "survival" in results.explanation and "prognosis" in results.explanation
    assert re.search(r"surviv|prognos", results.hits[0].text.lower())


# Other spellings bring what the usual spelling brings.


def test_oesophagus_finds_the_esophageal_abstract(engine: SearchEngine):
    results = engine.search("oesophagus")
    assert results.coverage == "" and results.hits
    assert "esophageal" in results.hits[0].text.lower()


def test_oesophageal_cancer_is_the_phrase_and_ec():
    read = read_as("oesophageal cancer")
    assert read.startswith("oesophageal cancer (also"), read
    assert "esophageal cancer" in read and re.search(r"\bec\b", read), read


def test_radioembolisation_brings_tare_sirt_and_y90():
    read = read_as("radioembolisation")
    assert all(re.search(rf"\b{a}\b", read) for a in ("radioembolization", "tare", "sirt", "y90"))


def test_every_spelling_of_a_group_brings_the_same_alternatives():
    for british, american in (("oesophagus", "esophagus"), ("tumours", "tumors")):
        b = {" ".join(a.phrase) for c in parse(british).concepts for a, _ in c.alternatives}
        a = {" ".join(a.phrase) for c in parse(american).concepts for a, _ in c.alternatives}
        assert b - {american} == a - {british}, (b, a)


# Other numbers of a lexicon term.


def test_hepatectomies_find_what_hepatectomy_finds(engine: SearchEngine):
    plural, singular = engine.search("hepatectomies"), engine.search("hepatectomy")
    assert plural.total == singular.total
    assert "liver resection" in plural.explanation


@pytest.mark.parametrize("typed", ["side-effect", "side effect"])
def test_a_side_effect_is_the_phrase_not_effective(engine: SearchEngine, typed):
    results = engine.search(typed)
    assert "adverse events" in results.explanation
    assert results.hits and all(
        "adverse event" in h.text.lower() or "trae" in h.text.lower() for h in results.hits
    ), [h.text[:60] for h in results.hits]
    assert not any(w.startswith("effective") for h in results.hits for w in marked(h))


def test_mets_is_never_read_as_met():
    # "met" is also the past of "meet": a short word's other number is not derived.
    assert "metasta" not in read_as("met")


# An abbreviation written with '+'.


def test_cmt_plus_ici_is_chemotherapy_plus_checkpoint_inhibitors(engine: SearchEngine):
    results = engine.search("CMT+ICI")
    assert "cmtici" not in results.explanation
    assert "chemotherapy plus immune checkpoint inhibitors" in results.explanation
    assert "cmt" in marked(results.hits[0])


@pytest.mark.parametrize(("joined", "written"), [("PD1", "PD-1"), ("PDL1", "PD-L1")])
def test_a_marker_written_without_its_hyphen_finds_it_written_with_one(engine, joined, written):
    results = engine.search(joined)
    assert not results.coverage  # "The collection does not cover “PD1”" was false
    assert results.hits and all(written in h.text for h in results.hits)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("radiation", "radiotherapy"), ("how long do I have", "survival"), ("will I die", "death")],
)
def test_a_patients_words_reach_the_collections(engine, typed, meant):
    results = engine.search(typed)
    assert meant in results.explanation and not results.coverage
    assert any(re.search(rf"\b{meant}", h.text, re.I) for h in results.hits)
