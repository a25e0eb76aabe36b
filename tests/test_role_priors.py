"""What a passage is, weighed in ranking, and what a multi-word variant matches, on the seeds'
collection: boilerplate (a conflict of interest statement, a disclaimer) below content unless
asked for; a passage holding every concept above those holding one; questions below answers;
an expansion of several words matched as a phrase, never as loose words.

Expectations written from the seeds before looking at the output: the PubMed abstract's
"Conflict of interest statement" ("The authors declare no competing interests."), the patient
pages' "Disclaimer" and the guideline page's "Professional Medical Disclaimer" say nothing of a
treatment; the journal abstract's Results ("the incidence of TRAEs did not significantly
differ") are the one passage about immunotherapy's side effects; the guideline's "targeted
agents (bevacizumab or cetuximab) may further improve response rates" answers the question
"Are there any additional treatments, such as anti-VEGF therapy, that might improve my
response?"; "progression-free survival in the overall population" is not overall survival.
"""

from __future__ import annotations

import pytest
from helpers import search

from search_index.fields import BOILERPLATE, role
from search_index.search import SearchEngine

SAID_OF_ITSELF = ("Disclaimer", "Professional Medical Disclaimer", "Conflict of interest statement")


def _is_boilerplate(hit) -> bool:
    return hit.section in SAID_OF_ITSELF


@pytest.mark.parametrize(
    "query",
    ["NSCLC", "ICI", "ICIs", "should I join a clinical trial", "does chemo make you lose hair"],
)
def test_boilerplate_ranks_below_every_passage_with_content(engine: SearchEngine, query):
    hits = engine.search(query).hits
    content = [i for i, h in enumerate(hits) if not _is_boilerplate(h) and h.spans]
    boilerplate = [i for i, h in enumerate(hits) if _is_boilerplate(h)]
    assert content
    assert min(boilerplate, default=len(hits)) > max(content), [
        (h.section, round(h.score, 2)) for h in hits
    ]


def test_nsclc_finds_the_non_squamous_passage_second_not_the_conflict_statement(engine):
    hits = engine.search("NSCLC").hits
    assert "non-squamous" in hits[1].text, [h.text[:50] for h in hits[:3]]


@pytest.mark.parametrize(
    "query, section",
    [
        ("conflict of interest", "Conflict of interest statement"),
        ("competing interests", "Conflict of interest statement"),
        ("disclaimer", "Disclaimer"),
    ],
)
def test_boilerplate_asked_for_is_found_first(engine: SearchEngine, query, section):
    assert engine.search(query).hits[0].section == section


def test_the_one_passage_with_both_concepts_ranks_first(engine: SearchEngine):
    hits = engine.search("side effects of immunotherapy").hits
    assert "incidence of TRAEs" in hits[0].text, [h.text[:50] for h in hits[:3]]


def test_an_answer_ranks_above_the_question_it_answers(engine: SearchEngine):
    hits = engine.search("can anti-VEGF therapy improve my response").hits
    answer = next(i for i, h in enumerate(hits) if "may further improve response rates" in h.text)
    question = next(i for i, h in enumerate(hits) if "such as anti-VEGF therapy" in h.text)
    assert answer < question


def test_risks_of_immunotherapy_does_not_open_on_a_question(engine: SearchEngine):
    hits = engine.search("what are the risks of immunotherapy").hits
    assert not hits[0].text.rstrip().endswith("?"), hits[0].text


def _marked(hit) -> list[tuple[str, str]]:
    """Each marked word of a hit's text with the text after it."""
    return [(hit.text[a:b].lower(), hit.text[b:]) for a, b in hit.spans]


def test_overall_survival_is_matched_as_a_phrase_not_as_loose_words(engine: SearchEngine):
    hits = engine.search("OS").hits
    assert all("overall survival" in h.text.lower() or "OS" in h.text for h in hits)
    for h in hits:
        for word, after in _marked(h):
            if word == "overall":
                assert after.lower().startswith(" survival"), h.text
    assert not any("in the overall population" in h.text and h.spans for h in hits if "OS" not in h.text)


def test_chemoimmunotherapy_marks_no_loose_chemotherapy_or_immunotherapy(engine: SearchEngine):
    hits = engine.search("chemoimmunotherapy").hits
    meta = next(h for h in hits if "adding immunotherapy to chemotherapy" in h.text)
    assert {w for w, _ in _marked(meta)} == {"chemoimmunotherapy"}
    for h in hits:
        for word, after in _marked(h):
            if word == "chemotherapy":  # only in "chemotherapy plus/with immunotherapy"
                assert after.lower().split()[1:2] == ["immunotherapy"], h.text


def test_the_window_marks_only_overall_survival_for_os(qtbot, window):
    results = search(qtbot, window, "OS")
    pfs = [h for h in results.hits if "in the overall population" in h.text]
    assert all(not h.spans for h in pfs if "OS" not in h.text and "overall survival" not in h.text)
    for h in results.hits:
        for word, after in _marked(h):
            if word == "overall":
                assert after.lower().startswith(" survival"), h.text


@pytest.mark.parametrize(
    "section, text",
    [
        ("Conflict of interest statement", "The authors declare no competing interests."),
        (
            "Professional Medical Disclaimer",
            "This information is intended for healthcare professionals.",
        ),
        ("Funding", "Supported by the National Natural Science Foundation of China."),
        ("Acknowledgements", "We thank the patients and their families."),
        ("Author contributions", "FJQ wrote the manuscript."),
        ("Data availability statement", "The data are available from the authors on request."),
        ("", "The authors declare that they have no conflict of interest."),
        ("", "Copyright © 2024 The Authors."),
    ],
)
def test_boilerplate_is_known_by_its_heading_or_its_opening_words(section, text):
    assert role(section, text) == BOILERPLATE


@pytest.mark.parametrize(
    "section, text",
    [
        ("Results", "The authors reported a median OS of 20.8 months."),
        ("Background", "Funding of cancer care varies between countries."),
        ("What to ask your doctor", "Should I consider a clinical trial?"),
    ],
)
def test_content_that_mentions_such_words_is_not_boilerplate(section, text):
    assert role(section, text) != BOILERPLATE


def test_words_typed_are_matched_and_marked_apart_too(engine: SearchEngine):
    # "liver metastases" is a lexicon phrase, but typed words count wherever they are: the
    # guideline's "Isolated bone metastases ... do not necessarily preclude liver resection"
    hits = engine.search("liver metastases", limit=80).hits
    apart = next(h for h in hits if h.text.startswith("Isolated bone metastases"))
    assert {w for w, _ in _marked(apart)} == {"liver", "metastases"}
