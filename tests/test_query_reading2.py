"""How a typed query is read, second round: possessives, pronouns and auxiliaries, prefixed
hyphen forms, excluded hyphen forms, pasted paragraphs, and small things ("kind: pubmed",
"v", "c*").

Expectations written from the seeds before running the queries: the seeds say "5-year" but
never "5-FU" or "fluorouracil"; "first-line" but never "second-line"; "operative risk" and
"neoadjuvant" but never "pre-operative"; "non-small" but never "non-resectable"; the Q&A page
on chemoimmunotherapy writes "(chemoimmunotherapy)".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import imported, search

from search_index.query import parse
from search_index.search import SearchEngine


def marked(hit) -> list[str]:
    return [hit.text[a:b].lower() for a, b in hit.spans]


def ids(results) -> list[str]:
    return [h.passage_id for h in results.hits]


# 1. A possessive is the word.


@pytest.mark.parametrize("typed", ["liver's", "liver’s", "Liver's"])
def test_a_possessive_is_searched_as_the_word(engine: SearchEngine, typed):
    results = engine.search(typed)
    assert ids(results) == ids(engine.search("liver"))
    assert "'s" not in results.explanation and "’" not in results.explanation
    assert all("s" not in marked(h) for h in results.hits)


def test_my_husbands_liver_marks_liver_not_s(engine: SearchEngine):
    results = engine.search("my husband's liver")
    assert "liver" in marked(results.hits[0])
    assert all("s" not in marked(h) for h in results.hits)


def test_an_abbreviations_possessive_keeps_its_expansion():
    (c,) = parse("ICI's").concepts
    assert c.text == "ICI"
    assert "immune checkpoint inhibitor" in {" ".join(a.phrase) for a, _ in c.alternatives}


# 2. Pronouns and auxiliaries are not searched beside other words.


def test_has_is_not_searched_beside_real_words(engine: SearchEngine):
    results = engine.search("my father has liver cancer")
    assert not re.search(r"\bhas\b", results.explanation), results.explanation
    assert all("has" not in marked(h) for h in results.hits)


def test_he_is_not_said_to_be_missing(engine: SearchEngine):
    results = engine.search("is he going to die")
    assert "he" not in results.absent and "“he”" not in results.coverage


def test_a_pronoun_alone_is_still_searched():
    assert [c.text for c in parse("she").concepts] == ["she"]


# 3. A prefix joined by a hyphen counts only with its word.


@pytest.mark.parametrize(
    "typed, wrong",
    [
        ("pre-operative", r"(?<!pre)(?<!pre-)(?<!peri)operative"),
        ("second-line", r"first-line"),
        ("non-resectable", r"non-small"),
        ("5-FU", r"5-year"),
        ("5‑FU", r"5-year"),
    ],
)
def test_a_prefixed_hyphen_form_never_matches_its_bare_word(engine: SearchEngine, typed, wrong):
    results = engine.search(typed)
    assert not any(re.search(wrong, h.text, re.I) for h in results.hits), [
        h.text[:70] for h in results.hits
    ]


def test_neo_adjuvant_finds_only_neoadjuvant(engine: SearchEngine):
    results = engine.search("neo-adjuvant")
    assert results.hits and all("neoadjuvant" in h.text.lower() for h in results.hits)


# 4. A hyphen form can be excluded.


@pytest.mark.parametrize(
    "typed",
    ["liver -chemo-immunotherapy", "liver NOT chemo-immunotherapy", 'liver -"chemo-immunotherapy"'],
)
def test_excluding_a_hyphen_form_excludes_the_joined_word(engine: SearchEngine, typed):
    results = engine.search(typed, limit=500)
    assert results.total < engine.search("liver").total
    assert not any("chemoimmunotherapy" in h.text.lower() for h in results.hits)


def test_minus_before_a_number_hyphen_form_is_an_exclusion():
    assert "NOT 5-FU" in parse("liver -5-FU").explain()


# 5. Pasted paragraphs.


PROSE = "After surgery, will the tumours in my liver come back later? My doctor said maybe."


def test_a_paragraph_pasted_four_times_reads_and_ranks_as_once(engine: SearchEngine):
    once, four = engine.search(PROSE), engine.search(" ".join([PROSE] * 4))
    assert four.explanation == once.explanation
    assert ids(four) == ids(once)


def test_a_long_read_as_line_is_cut_and_says_how_many_more():
    text = " ".join(f"word{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(200))
    read = parse(text).explain()
    assert len(read) < 1000 and re.search(r"… \(\d+ more\)", read), read[-80:]


def test_prose_in_brackets_is_read_quietly():
    plan = parse("liver metastases (spots on the liver) treatment")
    assert plan.notices == []


@pytest.mark.parametrize("typed", ["resection/ablation", "resection...ablation", "resection—ablation"])
def test_slash_ellipsis_and_dash_separate_words(typed):
    plan = parse(typed)
    assert [c.text for c in plan.concepts] == ["resection", "ablation"]


# 6. Small things.


def test_a_filter_value_after_a_space_is_the_filters():
    plan = parse("kind: pubmed")
    assert plan.filters == parse("kind:pubmed").filters and plan.filters
    assert plan.notices == [] and not plan.concepts


def test_v_between_two_concepts_is_versus():
    assert [c.text for c in parse("resection v ablation").concepts] == ["resection", "ablation"]


def test_a_one_letter_prefix_is_a_notice(engine: SearchEngine):
    results = engine.search("c*")
    assert "c*" in results.notice and "Nothing in the collection" not in results.coverage


# Through the window.


def test_a_possessive_in_the_search_box_is_the_word(qtbot, window):
    results = search(qtbot, window, "liver's")
    assert window.search_pane.explanation.text().endswith("liver")
    assert "liver" in marked(results.hits[0])
    assert all("s" not in marked(h) for h in results.hits)


def test_5_fu_in_the_search_box_finds_5_fu_not_5_year(qtbot, window, tmp_path: Path):
    note = tmp_path / "fluorouracil.md"
    note.write_text("Chemotherapy\n\nSome patients received 5-FU before their liver surgery.\n")
    imported(qtbot, window, note)
    results = search(qtbot, window, "5-FU")
    assert "5-FU" in results.hits[0].text
    assert not any("5-year" in h.text for h in results.hits), [h.text[:60] for h in results.hits]


@pytest.mark.parametrize(("typed", "junk"), [("can't have surgery", "ca"), ("won't chemo work", "wo")])
def test_a_negative_contraction_leaves_no_broken_word(engine: SearchEngine, typed, junk):
    results = engine.search(typed)
    concepts = [c.text.lower() for c in parse(typed).concepts]
    assert junk not in concepts and junk not in results.absent
    assert results.hits and not results.coverage


def test_a_concept_that_must_be_there_is_there_in_any_of_its_forms(engine: SearchEngine):
    # Read as says "must have surgery (also resection, …)": a passage saying "liver resection"
    # has it (found here by the text itself, not by the engine's masks)
    found = {h.passage_id for h in engine.search("surgery AND liver", limit=500).hits}
    both = [
        h
        for h in engine.search("liver resection", limit=500).hits
        if re.search(r"\bliver\b", h.text, re.I) and re.search(r"\bresection\b", h.text, re.I)
    ]
    assert len(both) >= 5 and all(h.passage_id in found for h in both)
    # the filter pane counts what the results hold: each passage is of one kind
    results = engine.search("surgery AND liver")
    assert sum(v.count for v in results.facets["kind"]) == results.total
    assert engine.search("hepatectomy AND metastases").notice == ""  # "No passage has all …" was false


def test_a_search_relaxed_to_some_of_its_words_still_leaves_out_what_was_excluded(engine):
    results = engine.search('"liver zebra" -metastases', limit=200)
    assert "these have some of its words" in results.notice
    assert "NOT metastases" in results.explanation
    assert results.hits and not any(re.search(r"metasta", h.text, re.I) for h in results.hits)
