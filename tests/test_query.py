"""Reading queries: lexicon expansion, syntax, filters, malformed input."""

from __future__ import annotations

import pytest

from search_index.concepts import EXPANDED_WEIGHT
from search_index.query import parse


def concept(plan, text):
    return next(c for c in plan.concepts if c.text.lower() == text.lower())


def alternatives(c) -> set[str]:
    return {" ".join(a.phrase) for a, _ in c.alternatives}


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ICI", "immune checkpoint inhibitor"),
        ("CRLM", "colorectal liver metastases"),
        ("ns-NSCLC", "non squamous non small cell lung cancer"),
        ("TACE", "transarterial chemoembolization"),
        ("PFS", "progression free survival"),
        ("hepatectomy", "liver resection"),
        ("tumour", "tumor"),
        ("randomised", "randomized"),
        ("oesophageal", "esophageal"),
        ("liver mets", "liver metastases"),
        ("burning the tumour", "ablation"),
        ("cancer drugs that boost immunity", "immunotherapy"),
    ],
)
def test_lexicon_expands_abbreviations_synonyms_lay_terms_and_spellings(typed, expected):
    plan = parse(typed)
    assert len(plan.positive) == 1
    assert expected in alternatives(plan.positive[0])


def test_expansion_works_back_from_the_words_to_the_abbreviation():
    plan = parse("immune checkpoint inhibitor")
    assert "ici" in alternatives(plan.positive[0])


def test_expanded_terms_weigh_less_than_typed_ones():
    (c,) = parse("RFA").positive
    weights = dict((" ".join(t), w) for t, w in c.variants())
    assert weights["rfa"] == 1.0
    assert weights["radiofrequ ablat"] == EXPANDED_WEIGHT < 1.0


def test_phrases_required_words_exclusions_prefixes_and_filters():
    plan = parse(
        '"hazard ratio" ablation AND surgery -placebo NOT trial immun* '
        "type:pubmed audience:clinician cancer:lung treatment:RFA year:2020-2024"
    )
    phrase = concept(plan, "hazard ratio")
    assert phrase.kind == "phrase" and phrase.required
    assert concept(plan, "ablation").required and concept(plan, "surgery").required
    assert concept(plan, "placebo").excluded and concept(plan, "trial").excluded
    assert concept(plan, "immun").kind == "prefix"
    assert plan.filters == {
        "kind": {"pubmed_abstract"},
        "audience": {"clinician"},
        "cancer": {"lung"},
        "treatment": {"ablation"},
        "year": {"2020", "2021", "2022", "2023", "2024"},
    }
    assert not plan.notices


@pytest.mark.parametrize(
    "text", ['"unclosed phrase', "AND liver", "liver OR", "(liver OR lung) AND ablation", "NOT"]
)
def test_malformed_queries_are_read_as_plain_words_and_say_so(text):
    plan = parse(text)
    assert "read as plain words" in plan.notices[0]
    assert all(not c.required and not c.excluded for c in plan.concepts)


def test_unknown_filter_value_is_left_out_with_a_reason():
    plan = parse("ablation kind:podcast")
    assert not plan.filters and "“kind:podcast”" in plan.notices[0]
    assert [c.text for c in plan.concepts] == ["ablation"]
    assert "“type:podcast”" in parse("ablation type:podcast").notices[0]


@pytest.mark.parametrize("name", ["kind", "type", "KIND"])
def test_kind_filters_the_document_kind_and_type_is_another_name_for_it(name):
    plan = parse(f"liver {name}:qa {name}:guideline")
    assert plan.filters == {"kind": {"qa_page", "guideline_overview"}} and not plan.notices
    assert [c.text for c in plan.concepts] == ["liver"]


def test_explanation_shows_the_expanded_query():
    text = parse("ICI -placebo type:guideline").explain()
    assert "ICI (also immune checkpoint inhibitor" in text
    assert "NOT placebo" in text and "kind: Clinical summary web page" in text


@pytest.mark.parametrize("text", ["-kind:qa liver", "NOT kind:qa liver", "liver -type:QA"])
def test_a_negated_filter_leaves_its_value_out(text):
    plan = parse(text)
    assert plan.exclusions == {"kind": {"qa_page"}} and not plan.filters
    assert [(c.text, c.excluded) for c in plan.concepts] == [("liver", False)]
    assert "NOT kind: Patient Q&A" in plan.explain()


@pytest.mark.parametrize(
    "value, kinds",
    [
        ("abstract", {"pubmed_abstract", "journal_abstract"}),
        ("abstracts", {"pubmed_abstract", "journal_abstract"}),
        ("text", {"text_document"}),
        ('"clinical summary"', {"guideline_overview"}),
        ('"Patient Q&A"', {"qa_page"}),
        ("journal_abstract", {"journal_abstract"}),
    ],
)
def test_a_kind_is_named_as_people_name_it(value, kinds):
    plan = parse(f"liver kind:{value}")
    assert plan.filters == {"kind": kinds} and not plan.notices


def test_a_minus_before_a_figure_is_a_figure_not_an_exclusion():
    plan = parse("E2f-1, -2, -3 TKO cells -apoptosis")
    assert [c.text for c in plan.concepts if c.excluded] == ["apoptosis"]
    assert {"2", "3"} <= {t for c in plan.positive for t in c.terms}


def test_the_forms_of_one_word_score_as_one_term():
    (curable,) = parse("curable").concepts
    family, weight = curable.scored()[0]
    assert weight == 1.0 and len(family) == 1 and {"cure", "curabl"} <= set(family[0])


@pytest.mark.parametrize(
    "text, filters, words",
    [
        ("liver OR kind:qa", {"kind": {"qa_page"}}, ["liver"]),
        ("kind:qa OR kind:pubmed", {"kind": {"qa_page", "pubmed_abstract"}}, []),
        ("kind:qa AND ablation", {"kind": {"qa_page"}}, ["ablation"]),
    ],
)
def test_and_or_beside_a_filter_belong_to_it(text, filters, words):
    plan = parse(text)  # was read as plain words ("liver · kind · qa")
    assert plan.filters == filters and not plan.notices
    assert [c.text for c in plan.concepts] == words
