"""Reading each seed: kind from content, title, sections, citations, no chrome line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search_index.collection import seed_files
from search_index.reading import ReadError, read_file, read_text
from search_index.reading.citations import split_citations
from search_index.reading.model import GUIDELINE, JOURNAL, PUBMED, QA_PAGE
from search_index.resources import chrome_patterns

SEEDS = seed_files()


def all_text(doc) -> list[str]:
    return (
        [doc.title]
        + [s.heading for s in doc.sections]
        + [p.text for _, p in doc.passages()]
        + [r.text for r in doc.references]
    )


def test_every_seed_is_read_with_a_kind_found_from_its_content():
    kinds = [read_file(p).kind for p in SEEDS]
    assert sorted(kinds) == sorted([QA_PAGE, QA_PAGE, PUBMED, JOURNAL, GUIDELINE])
    for path in SEEDS:  # the file name plays no part
        source = path.read_text(encoding="utf-8")
        assert read_text("renamed.txt", source).kind == read_file(path).kind


def _questions_in_file(path: Path) -> list[str]:
    """The lines under 'What to ask your doctor' that start with '- ', counted from the raw file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("What to ask your doctor") + 1
    return [ln[2:].strip() for ln in lines[start:] if ln.startswith("- ")]


def test_qa_pages_have_title_summary_research_questions_and_disclaimer(docs):
    assert len(docs[QA_PAGE]) == 2
    for doc in docs[QA_PAGE]:
        path = next(p for p in SEEDS if p.name == doc.file_name)
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert doc.title == first_line and doc.title.endswith("?")
        assert [s.role for s in doc.sections] == ["summary", "research", "questions", "disclaimer"]
        expected = _questions_in_file(path)
        assert len(expected) >= 4
        assert [q.text for q in doc.questions] == expected
        assert all(q.text.endswith("?") for q in doc.questions)
        assert "individualized advice" in doc.sections[-1].passages[0].text
        assert doc.audience == "patient"


def test_question_counts_of_both_qa_pages(docs):
    counts = {d.title.split()[0]: len(d.questions) for d in docs[QA_PAGE]}
    assert counts == {"Does": 5, "How": 4}


def test_pubmed_page_keeps_bibliography_and_drops_chrome(docs):
    (doc,) = docs[PUBMED]
    assert doc.title.startswith("Progress of immune checkpoint inhibitors therapy")
    assert doc.authors == "Fan-Jie Qu et al."
    assert (doc.journal, doc.year, doc.published) == ("Br J Cancer", 2024, "2024-02")
    assert doc.doi == "10.1038/s41416-023-02482-w"
    assert doc.publication_types == ["Review"]
    abstract = next(s for s in doc.sections if s.role == "abstract")
    assert abstract.passages[0].text.startswith("Nearly one-fifth of patients")
    assert [r.number for r in doc.references] == [1, 2, 3, 4, 5]
    assert all(r.doi.startswith("10.") for r in doc.references)
    assert doc.references[0].doi == "10.3109/0284186X.2016.1154602"
    assert not any(r.text.endswith("PubMed") for r in doc.references)
    assert doc.audience == "clinician"


def test_journal_abstract_keeps_figures_and_cut_sentences_exactly(docs):
    (doc,) = docs[JOURNAL]
    assert [s.heading for s in doc.sections] == [
        "Background",
        "Aim",
        "Methods",
        "Results",
        "Conclusion",
        "Core tip",
    ]
    assert doc.doi == "10.4251/wjgo.v18.i1.113440"
    assert (doc.published, doc.updated, doc.year) == ("2026-01-15", "2025-10-11", 2026)
    results = next(s for s in doc.sections if s.role == "results").passages[0].text
    assert "(10.8 months in the CMT group vs 20.8 months in the CMT + ICI group, P = 0.004)" in results
    assert "11.7 months (P < 0.001)" in results
    background = doc.sections[0].passages[0]
    assert background.text.endswith("in patients with eso") and background.truncated
    conclusion = next(s for s in doc.sections if s.role == "conclusion").passages[0]
    assert conclusion.text.endswith("significantly superior effi") and conclusion.truncated
    assert not doc.sections[1].passages[0].truncated
    assert doc.sections[-1].passages[0].text.startswith("Although chemoimmunotherapy")
    assert "Processing time" not in " ".join(all_text(doc))


def test_guideline_has_headed_sections_bullets_references_disclaimer(docs):
    (doc,) = docs[GUIDELINE]
    headings = [s.heading for s in doc.sections]
    assert headings[1:4] == [
        "Surgical Management",
        "Patient Selection Criteria",
        "Perioperative Management",
    ]
    assert headings[-1] == "Professional Medical Disclaimer"
    assert doc.sections[-1].role == "disclaimer"
    criteria = next(s for s in doc.sections if s.heading == "Patient Selection Criteria")
    assert [p.level for p in criteria.passages] == [1, 2, 2, 2, 2, 1]
    assert all(p.kind == "bullet" for p in criteria.passages)
    assert [r.label for r in doc.references] == ["Guideline", "Research"]
    assert "Annals of oncology" in doc.references[1].text
    assert doc.updated == "2025-10-15"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_no_chrome_line_reaches_the_document(path):
    doc = read_file(path)
    text = all_text(doc)
    line_pat, tail_pat = chrome_patterns()
    raw_lines = [ln.replace("\u00a0", " ").strip() for ln in doc.source.splitlines()]
    chrome = [ln for ln in raw_lines if ln and line_pat.match(ln)]
    for ln in chrome:
        assert ln not in text
    for phrase in (
        "Skip to main page content",
        "Access keys",
        "PubMed Disclaimer",
        "Personalize",
        "Help us tailor",
        "Have a follow-up question?",
        "Our Medical A.I.",
        "Article Review Status",
        "U.S. flag",
        "- DOI - PubMed",
    ):
        assert not any(phrase in t for t in text), phrase


def test_citation_markers_become_citations_not_words(docs):
    qa = next(d for d in docs[QA_PAGE] if d.title.startswith("Does"))
    research = [p for s in qa.sections if s.role == "research" for p in s.passages]
    assert research[0].citations == [17]
    assert "to chemotherapy. The study found" in research[0].text
    assert research[-1].citations == [3, 4, 5]
    assert research[-1].text.endswith("replacement for systemic therapy.")
    guideline = docs[GUIDELINE][0]
    summary = guideline.sections[0].passages[0]
    assert summary.citations == [1] and summary.text.endswith("depending on patient selection.")
    both = [p for _, p in guideline.passages() if p.citations == [1, 3]]
    assert both and both[0].text.endswith("5-year survival rates of 30-50%")
    for doc in [*docs[QA_PAGE], *docs[GUIDELINE]]:
        for _, p in doc.passages():
            assert not re.search(r"\s\d{1,3}\.?$", p.text), p.text


def test_numbers_that_belong_to_the_sentence_are_kept():
    assert split_citations("included patients between 2014 and 2024.") == (
        "included patients between 2014 and 2024.",
        [],
    )
    assert split_citations("a 10-year overall survival rate of 50.4% 1") == (
        "a 10-year overall survival rate of 50.4%",
        [1],
    )


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_passage_offsets_point_at_their_source(path):
    doc = read_file(path)
    for _, p in doc.passages():
        raw = doc.source[p.start : p.end].replace("\u00a0", " ")
        assert p.text[:40].rstrip(".") in raw


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe caf\xe9", "UTF-8"),
        (b"Just a shopping list\nmilk\neggs\n", "not a kind"),
    ],
)
def test_unreadable_files_fail_with_their_name_and_a_reason(tmp_path, data, reason):
    bad = tmp_path / "bad file.txt"
    bad.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_file(bad)
    assert err.value.file_name == "bad file.txt"
    assert reason in str(err.value)
