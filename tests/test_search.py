"""Search over the real seed index: expansion, syntax, filters with counts, suggestions,
and a fixed set of queries with the document each should find first."""

from __future__ import annotations

import sys
import threading

import pytest
from helpers import seed, seed_of_kind

from search_index.reading.model import GUIDELINE as GUIDELINE_PAGE
from search_index.reading.model import JOURNAL as JOURNAL_ABSTRACT
from search_index.reading.model import PUBMED as PUBMED_ABSTRACT
from search_index.search import SearchEngine

GUIDELINE = seed_of_kind(GUIDELINE_PAGE).doc_id
QA_CHEMO = seed("Does chemoimmunotherapy improve survival").doc_id
QA_ICI = seed("How do immune checkpoint inhibitors work").doc_id
PUBMED = seed_of_kind(PUBMED_ABSTRACT).doc_id
JOURNAL = seed_of_kind(JOURNAL_ABSTRACT).doc_id


@pytest.mark.parametrize(
    "query, top_document",
    [
        ("FOLFOX perioperative", GUIDELINE),
        ("10.8 vs 20.8 months", JOURNAL),
        ("Karnofsky performance status", JOURNAL),
        ("esophageal cancer chemoimmunotherapy liver metastases", JOURNAL),
        ("IMpassion131 atezolizumab", QA_ICI),
        ("meta-analysis 42 trials chemoimmunotherapy", QA_CHEMO),
        ("NSCLC liver metastases prognosis", PUBMED),
        ("radiofrequency ablation", GUIDELINE),
        ("portal vein embolization", GUIDELINE),
        ("TACE HAIC", QA_ICI),
        ("burning the tumour", GUIDELINE),
        ("liver mets", QA_CHEMO),
    ],
)
def test_fixed_queries_find_their_document_first(engine: SearchEngine, query, top_document):
    results = engine.search(query)
    assert results.hits, query
    assert results.hits[0].document_id == top_document, (query, results.hits[0].text)


def test_abbreviation_finds_the_spelled_out_words(engine: SearchEngine):
    # "RFA" is not in any document; "radiofrequency ablation" is.
    results = engine.search("RFA")
    assert results.hits and "radiofrequency ablation" in results.hits[0].text


def test_typed_words_rank_above_their_expansions(engine: SearchEngine):
    hits = engine.search("hepatectomy").hits
    typed = [i for i, h in enumerate(hits) if "hepatectomy" in h.text.lower()]
    expanded = [i for i, h in enumerate(hits) if "hepatectomy" not in h.text.lower()]
    assert typed and expanded and max(typed) < min(expanded)


def test_spelling_variants_find_each_other(engine: SearchEngine):
    hits = engine.search("oesophageal").hits
    assert hits and any("esophageal" in h.text for h in hits)
    assert engine.search("tumour").total == engine.search("tumor").total > 0


def test_misspelling_gets_a_suggestion_from_the_vocabulary(engine: SearchEngine):
    results = engine.search("chemoimunotherapy survival")
    assert results.suggestion == "chemoimmunotherapy survival"
    assert engine.search("chemoimmunotherapy survival").suggestion is None


def test_quoted_phrase_is_exact(engine: SearchEngine):
    hits = engine.search('"hazard ratios"').hits
    assert hits and all("hazard ratios" in h.text.lower() for h in hits)
    assert engine.search('"ratios hazard"').notice  # no such phrase: relaxed, and told


def test_and_not_and_minus(engine: SearchEngine):
    both = engine.search("ablation AND resection").hits
    assert both and all("ablation" in h.text.lower() and "resection" in h.text.lower() for h in both)
    without = engine.search("ablation -radiofrequency").hits
    assert without and all("radiofrequency" not in h.text.lower() for h in without)
    assert engine.search("ablation NOT radiofrequency").total == len(without)


def test_prefix(engine: SearchEngine):
    hits = engine.search("embol*").hits
    assert hits and all("embol" in h.text.lower() for h in hits)


@pytest.mark.parametrize(
    "query, field, value",
    [
        ("liver type:guideline", "kind", "guideline_overview"),
        ("liver kind:qa", "kind", "qa_page"),
        ("liver audience:patient", "audience", "patient"),
    ],
)
def test_filters_keep_only_matching_passages(engine: SearchEngine, query, field, value):
    hits = engine.search(query).hits
    assert hits and all(getattr(h, field) == value for h in hits)


def test_cancer_treatment_and_year_filters(engine: SearchEngine):
    lung = engine.search("liver metastases cancer:lung").hits
    assert lung and all(
        "lung" in (h.text + h.title).lower() or "nsclc" in (h.text + h.title).lower() for h in lung
    )
    ablation = engine.search("treatment:ablation").hits
    assert ablation and all("ablation" in h.text.lower() or "rfa" in h.text.lower() for h in ablation)
    assert {h.document_id for h in engine.search("liver year:2026").hits} == {JOURNAL}


def test_facet_counts_add_up_and_follow_other_filters(engine: SearchEngine):
    results = engine.search("liver metastases")
    kinds = {f.value: f.count for f in results.facets["kind"]}
    assert sum(kinds.values()) == results.total
    patient = engine.search("liver metastases", filters={"audience": {"patient"}})
    assert patient.total == {f.value: f.count for f in results.facets["audience"]}["patient"]
    # A facet's own counts ignore its own filter, so other values stay choosable.
    assert {f.value for f in patient.facets["audience"]} == {"patient", "clinician"}


@pytest.mark.parametrize(
    "query, facet, value",
    [
        ("immunotherapy", "kind", "qa_page"),
        ("liver metastases", "audience", "patient"),
        ("resection", "year", "2025"),
        ("liver", "cancer", "colorectal"),
    ],
)
def test_a_negated_filter_leaves_out_exactly_what_the_filter_keeps(
    engine: SearchEngine, query, facet, value
):
    everything = engine.search(query, limit=1000)
    kept = engine.search(f"{query} {facet}:{value}", limit=1000)
    for left_out in (f"{query} -{facet}:{value}", f"NOT {facet}:{value} {query}"):
        rest = engine.search(left_out, limit=1000)
        assert kept.total and rest.total, left_out  # both sides hold something to leave out
        assert rest.total + kept.total == everything.total, left_out
        assert not {h.passage_id for h in rest.hits} & {h.passage_id for h in kept.hits}


def test_malformed_query_still_searches_and_says_so(engine: SearchEngine):
    results = engine.search('"immunotherapy liver')
    assert results.hits and "plain words" in results.notice


def test_completions_offer_words_and_titles(engine: SearchEngine):
    assert "chemoimmunotherapy" in engine.complete("chemoim")
    assert any(t.startswith("Does chemoimmunotherapy") for t in engine.complete("does chemo"))


# Patients' questions. Expectations written from reading the seeds before running the queries:
# the guideline's "best chance for long-term survival and potential cure" answers whether liver
# cancer is curable; the journal abstract's Results (TRAEs did not differ between the CMT and
# CMT + ICI groups) answer side effects of chemo, its Methods (Cox regression) do not; a "What
# to ask your doctor" bullet asks a question and answers nothing.
CURE_FORMS = ("cure", "curable", "curative")


def test_curable_finds_the_passages_about_cure_not_a_lung_cancer_abstract(engine: SearchEngine):
    hits = engine.search("is my liver cancer curable").hits
    assert hits[0].document_id != PUBMED
    assert any(w in hits[0].text.lower() for w in CURE_FORMS)
    assert any("potential cure" in h.text for h in hits[:3])


def test_side_effects_of_chemo_puts_results_above_methods(engine: SearchEngine):
    hits = engine.search("side effects of chemo").hits
    assert hits[0].section != "Methods"
    sections = [h.section for h in hits if h.document_id == JOURNAL]
    assert sections.index("Results") < sections.index("Methods")


# Hand-made before running them: which passages answer each patient's question as the patient
# means it, read from the seeds. "Curable": the guideline's resection "offers the best chance for
# long-term survival and potential cure". "Side effects of chemo": the journal abstract's Results
# ("the incidence of TRAEs did not significantly differ"), its Core tip ("a manageable safety
# profile"), or the guideline's warning that chemotherapy "can compromise liver quality".
CURE_ANSWER = "offers the best chance for long-term survival and potential cure"
SIDE_EFFECT_ANSWERS = ("incidence of TRAEs", "manageable safety profile", "compromise liver quality")


def _first_answer(hits, answers: tuple[str, ...]) -> int:
    return next(i for i, h in enumerate(hits) if any(a in h.text for a in answers))


def test_is_my_liver_cancer_curable_answers_with_the_potential_cure_first(engine: SearchEngine):
    hits = engine.search("is my liver cancer curable").hits
    assert CURE_ANSWER in hits[0].text, [h.text[:60] for h in hits[:3]]


def test_side_effects_of_chemo_answers_with_a_passage_about_side_effects_first(engine):
    hits = engine.search("side effects of chemo").hits
    assert any(a in hits[0].text for a in SIDE_EFFECT_ANSWERS), [h.text[:60] for h in hits[:3]]


@pytest.mark.parametrize(
    "query, answers",
    [
        ("is my liver cancer curable", (CURE_ANSWER,)),
        ("side effects of chemo", SIDE_EFFECT_ANSWERS),
        (
            "can immunotherapy work if cancer spread to my liver",
            ("improves survival for people with liver metastases", "still works well", "dampen"),
        ),
    ],
)
def test_a_patients_answer_ranks_above_every_question_to_ask(engine, query, answers):
    hits = engine.search(query).hits
    questions = [i for i, h in enumerate(hits) if h.section == "What to ask your doctor"]
    assert _first_answer(hits, answers) < min(questions, default=len(hits))


def test_methods_stay_where_they_were_for_a_clinicians_query(engine: SearchEngine):
    clinical = engine.search("treatment-related adverse events CMT").hits
    assert clinical[0].section == "Methods"  # the words themselves, not a patient's question


def test_answers_rank_above_the_questions_that_ask_about_them(engine: SearchEngine):
    hits = engine.search("liver metastases immunotherapy").hits
    asks = [i for i, h in enumerate(hits) if h.text.rstrip().endswith("?")]
    answers = [
        i
        for i, h in enumerate(hits)
        if h.document_id in (QA_ICI, QA_CHEMO) and h.section in ("Summary", "What the research says")
    ]
    assert asks and answers and min(asks) > min(answers)
    assert all(not h.text.rstrip().endswith("?") for h in hits[:5])


# Honest coverage.


def test_a_word_no_passage_holds_is_named(engine: SearchEngine):
    results = engine.search("CRLM resection margin")
    assert results.absent == ["margin"]
    assert results.coverage == "Nothing in the collection mentions “margin”."
    assert results.hits  # the rest of the search still finds passages


@pytest.mark.parametrize(
    "query, absent",
    [
        ("radioembolisation", "radioembolisation"),
        ("SBRT", "SBRT"),
        ("Y90", "Y90"),
        ("SBRT for liver metastases", "SBRT"),
    ],
)
def test_a_subject_the_collection_does_not_hold_is_said_to_be_uncovered(engine, query, absent):
    results = engine.search(query)
    assert results.coverage == f"The collection does not cover “{absent}”."
    assert results.suggestion is None


def test_a_known_abbreviation_is_never_corrected_to_a_common_word(engine: SearchEngine):
    results = engine.search("TACE vs TARE")
    assert results.suggestion is None and results.absent == ["TARE"]
    assert engine.search("TARE").suggestion is None


def test_a_misspelling_that_finds_nothing_shows_its_correction(engine: SearchEngine):
    results = engine.search("chemoimunotherapy")
    assert results.corrected_from == "chemoimunotherapy"
    assert results.query == "chemoimmunotherapy" and results.hits
    assert all("chemoimmunotherapy" in (h.text + h.title).lower() or h.related for h in results.hits)
    literal = engine.search("chemoimunotherapy", correct=False)
    assert literal.total == 0 and literal.suggestion == "chemoimmunotherapy"
    assert literal.coverage == "Nothing in the collection mentions “chemoimunotherapy”."


def test_a_written_form_learnt_later_is_marked_too():
    # Forms of a word are learnt as searches need them (and as documents are imported): a
    # form learnt after a first marking must be marked from then on.
    from search_index.analysis import learn_forms, term_of
    from search_index.highlight import match_spans

    term = term_of("zyntral")  # a made-up word
    text = "zyntrals and zyntral"
    assert match_spans(text, {term}) == [(13, 20)]
    learn_forms({term}, {term: ["zyntrals"]})
    assert match_spans(text, {term}) == [(0, 8), (13, 20)]


def test_a_search_in_a_worker_never_sees_a_word_half_learnt():
    # The window learns a search's forms on its own thread (opening a document from a hit)
    # while a search in a worker marks its hits: each term's forms are read before or after a
    # learning, never halfway through it.
    from search_index.analysis import learn_forms, surface_forms, term_of

    term = term_of("qorvanex")  # a made-up word
    many = [f"qorvanex{i}" for i in range(100_000)]  # as if forms of one word
    seen: set[int] = set()
    failed: list[BaseException] = []
    learnt = threading.Event()

    def marking() -> None:
        try:
            while not learnt.is_set():
                seen.add(len(surface_forms(term)))
        except BaseException as exc:  # e.g. "Set changed size during iteration"
            failed.append(exc)

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads take turns often, as on a busy machine
    reader = threading.Thread(target=marking)
    try:
        reader.start()
        learn_forms({term}, {term: many})
    finally:
        learnt.set()
        reader.join()
        sys.setswitchinterval(switch)
    assert failed == [] and seen <= {1, len(many) + 1}
    assert len(surface_forms(term)) == len(many) + 1


def test_a_filter_given_by_the_name_type_filters_the_kind(engine: SearchEngine):
    kind = engine.search("cancer", filters={"kind": {"pubmed_abstract"}})
    assert 0 < kind.total < engine.search("cancer").total
    assert engine.search("cancer", filters={"type": {"pubmed_abstract"}}).total == kind.total
