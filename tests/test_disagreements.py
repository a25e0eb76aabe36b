"""Disagreements across the collection: the real one flagged across options and counted by study,
only sentences that answer its question taking a side, read in plain words by patients; two
drugs in two different cancers are none."""

from __future__ import annotations

from helpers import seed

from search_index.treatments.comparison import (
    StatementView,
    build_grid,
    find_disagreements,
    note_label,
)


def test_the_real_disagreement_is_flagged_across_options_and_no_false_one(collection):
    grid = build_grid(collection.db, ["ici", "resection"])
    (d,) = grid.disagreements
    assert d.option_class == "immunotherapy"
    kept_options = {s.option_id for s in d.kept}
    assert "chemoimmunotherapy" in kept_options  # across options: not in this grid's columns
    meta = d.kept[0]
    assert meta.design.startswith("Meta-analysis") and "25,915 patients" in meta.size
    reduced_docs = {s.document_id for s in d.reduced}
    assert reduced_docs == {seed("zanzalintinib").doc_id}  # the patient page's trial report
    # IMpassion131 reports worse outcomes with liver metastases, not a smaller benefit: named,
    # not counted (seed 001: "patients with liver metastases had worse outcomes").
    assert not any("IMpassion131" in s.text for s in d.kept + d.reduced)
    assert any("IMpassion131" in s.text for s in d.worse)
    assert "Not counted (worse outcomes with liver metastases" in d.text
    # The settings differ and the note says so (000: immunotherapy added to chemotherapy across
    # cancers; 001: zanzalintinib + atezolizumab, no chemotherapy, colorectal cancer).
    settings = d.text[d.text.index("Settings differ:") :]
    assert "benefit holds in immunotherapy added to chemotherapy" in settings
    assert "benefit reduced in zanzalintinib + atezolizumab without chemotherapy" in settings
    ici = grid.columns[0]
    assert "blunt the benefit of immunotherapy-based treatment" in ici.cells["benefit"].note
    assert not grid.columns[1].cells["benefit"].note  # surgery is not in the question


# Written from the seeds before the output: what answers "does the benefit hold with liver
# metastases against without?" and what answers another question.
PROGNOSIS_OR_MECHANISM = [
    "significantly worse prognosis than those without LMs",  # 002
    "immunosuppressive environment",
    "tolerogenic niche",  # 000
    "unique immune environment",
    "often have worse responses",  # 001
    "had worse outcomes",  # 001, IMpassion131: a subgroup did worse
    "Several studies indicate",
]  # 001, the topic of its two examples


def test_the_disagreement_counts_studies_on_one_question_and_shows_the_sources_weighing(collection):
    (d,) = build_grid(collection.db, ["chemoimmunotherapy", "ici_combo"]).disagreements
    on_sides = d.kept + d.reduced
    assert not [p for p in PROGNOSIS_OR_MECHANISM if any(p in s.text for s in on_sides)]
    data = d.to_json()
    # Three sentences of the 42-trial meta-analysis (000: "significantly improved… both with and
    # without", the interaction hazard ratios, "do not diminish") are one study, not three.
    (meta,) = data["kept_studies"]
    assert "25,915 patients" in meta["size"] and len(meta["statements"]) == 3
    assert "Benefit holds: 1 study" in d.text and "3 statements" not in d.text
    # One report on the other side: zanzalintinib + atezolizumab, its design and size unsaid; the
    # topic sentence "Several studies indicate…" is not an extra item.
    (zanzalintinib,) = data["reduced_studies"]
    assert "zanzalintinib" in zanzalintinib["study"] and zanzalintinib["design"] == ""
    reduced_side = d.text[d.text.index("Benefit reduced:") : d.text.index("Settings differ:")]
    assert reduced_side.startswith("Benefit reduced: 1 study") and "naming no" not in reduced_side
    assert "size not stated" in d.text and "design not stated" in d.text
    # Each source's own weighing stands apart, on no side: 000 (immunotherapy alone may lose,
    # chemoimmunotherapy not, "possibly because the chemotherapy component…") and 001's hedge.
    weighing = {s.document_id: [] for s in d.reconciling}
    for s in d.reconciling:
        weighing[s.document_id].append(s.text)
    chemo_page = weighing[seed("Does chemoimmunotherapy improve survival").doc_id]
    ici_page = weighing[seed("How do immune checkpoint inhibitors work").doc_id]
    assert any("effectiveness of immunotherapy alone" in t for t in chemo_page)
    assert any("just as much as for those without" in t for t in chemo_page)
    assert any("chemotherapy component helps overcome" in t for t in chemo_page)
    assert any("may help overcome this resistance" in t for t in ici_page)
    assert "Two sources each weigh both sides themselves" in d.text
    note = build_grid(collection.db, ["ici"]).columns[0].cells["benefit"]
    assert {s.text for s in d.reconciling} <= {s.text for s in note.note_sources}
    sides = [s for s in note.note_sources if not s.reconciles]  # each study once
    assert len(sides) == len({s.study or s.id for s in sides}) == 2


def test_patients_read_the_disagreement_in_plain_words(collection):
    grid = build_grid(collection.db, ["ici", "chemoimmunotherapy"], audience="patient")
    (d,) = grid.disagreements
    note = grid.columns[0].cells["benefit"].note
    assert note == d.plain_text and note != d.text
    assert "works as well when cancer has spread to the liver" in note
    assert "zanzalintinib plus atezolizumab" in note
    for jargon in ("interaction", "blunt", " ICI", "CMT", " + "):
        assert jargon not in note, jargon
    labels = {note_label(s, patient=True) for s in grid.columns[0].cells["benefit"].note_sources}
    assert labels == {"says it works as well", "says it works less well", "the source weighs both sides"}


def view(option, cancers, polarity, doc):
    return StatementView(
        0,
        option,
        "benefit",
        "x",
        [],
        "Randomized trial",
        4,
        "",
        polarity,
        doc,
        "",
        "",
        "",
        0,
        0,
        0,
        0,
        0,
        cancers=cancers,
    )


def test_two_drugs_in_two_different_cancers_are_not_a_disagreement():
    lung = view("ici_combo", ["lung"], "kept", "a")
    breast = view("chemoimmunotherapy", ["breast"], "reduced", "b")
    assert find_disagreements([lung, breast]) == []
    across = view("chemoimmunotherapy", [], "kept", "c")  # across cancer types: comparable
    assert len(find_disagreements([lung, breast, across])) == 1
    same_source = view("ici", ["breast"], "kept", "b")  # a page that weighs both sides itself
    assert find_disagreements([breast, same_source]) == []
