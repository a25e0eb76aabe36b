"""The comparison grid: each statement under its option, arm and row, with its figures in bold, its
lead-in, its source named and its status; strongest evidence only from an option's own benefit;
the patient view in plain words; the grid as JSON and on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import OPTION_IDS, run_cli, seed_of_kind

from search_index.lexicon import treatment_data
from search_index.reading.model import GUIDELINE
from search_index.treatments.comparison import NOTHING, build_grid, option_list

# Slow (pages laid out, printed, read back): a whole run runs it beside the rest (conftest.py).
pytestmark = pytest.mark.beside

EXPECTED = Path(__file__).parent / "data" / "expected_figures.tsv"


def every_statement(grid):
    return [s for c in grid.columns for cell in c.cells.values() for s in cell.statements]


def test_the_hand_made_figures_stand_under_their_option_or_arm_in_bold(collection):
    """Each figure of the table (written from the documents before any output) is in a statement
    of its option, or of an arm naming that option, and every number of it is set in bold."""
    expected = [
        tuple(line.split("\t"))
        for line in EXPECTED.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    statements = every_statement(build_grid(collection.db, OPTION_IDS))
    found = 0
    for option, figure, file_name in expected:
        for s in statements:
            owners = {s.option_id} | {a.get("option") for a in s.arms}
            at = s.text.find(figure)
            if option in owners and s.file_name == file_name and at >= 0:
                bold = [(f["start"], f["end"]) for f in s.figures]
                numbers = [at + m.start() for m in re.finditer(r"\d", figure)]
                if all(any(a <= n < b for a, b in bold) for n in numbers):
                    found += 1
                    break
        else:
            print("missing", option, figure)
    print(f"\nhand table: {found}/{len(expected)} figures under their option, in bold")
    assert found == len(expected)


def test_a_comparison_stands_under_the_arm_that_did_better_with_its_comparator(collection):
    grid = build_grid(collection.db, ["chemoimmunotherapy", "chemotherapy"])
    chemoimmuno, chemo = grid.columns
    st = next(s for s in chemoimmuno.cells["benefit"].statements if "10.8 months" in s.text)
    arms = {a["role"]: a for a in st.arms}
    assert arms["intervention"]["label"] == "CMT + ICI"
    assert arms["intervention"]["figures"] == ["20.8 months"]
    assert arms["comparator"]["label"] == "CMT" and arms["comparator"]["option"] == "chemotherapy"
    assert arms["comparator"]["figures"] == ["10.8 months"]
    assert not any(
        "10.8 months" in s.text
        for s in every_statement(grid)
        if s in [x for c in chemo.cells.values() for x in c.statements]
    )


def test_a_page_pending_review_is_never_the_strongest_evidence(collection):
    grid = build_grid(collection.db, OPTION_IDS)
    for column in grid.columns:
        if column.strongest:
            assert not any("pending" in s for s in column.strongest.source_status)
    resection = next(c for c in grid.columns if c.option["id"] == "resection")
    summary = seed_of_kind(GUIDELINE).doc_id  # the clinical summary page, pending review
    from_summary = [s for s in every_statement(grid) if s.document_id == summary]
    assert from_summary and all(
        "content is pending human review" in s.source_status
        and "intended for healthcare professionals" in s.source_status
        for s in from_summary
    )
    assert all(s.design != "Guideline" for s in from_summary)
    assert resection.strongest is None or resection.strongest.document_id != summary


def test_an_options_strongest_evidence_is_its_own_benefit_with_liver_metastases(collection):
    strongest = {c.option["id"]: c.strongest for c in build_grid(collection.db, OPTION_IDS).columns}
    # By hand from the seeds: the benefit of chemotherapy and of targeted agents is reported only
    # by the page pending review; the lung-cancer sentence on other drugs' prognosis is no badge.
    assert strongest["chemotherapy"] is None and strongest["targeted"] is None
    assert strongest["chemoimmunotherapy"].design == "Meta-analysis of randomized trials"
    ici = strongest["ici"]  # "multiple randomised controlled trials" in lung cancer in general
    assert ici is None or "advanced lung cancer" not in ici.text
    for s in filter(None, strongest.values()):
        assert s.row == "benefit" and s.lm_setting


def test_placement_and_options_as_the_seeds_say(collection):
    statements = every_statement(build_grid(collection.db, OPTION_IDS))
    where = lambda words: {(s.option_id, s.row) for s in statements if words in s.text}  # noqa: E731
    assert where("10-year overall survival rate of 50.4%") == set()  # names no treatment
    assert where("referred to tertiary centers") == {("resection", "who")}
    assert where("chemotherapy or targeted therapy have a poorer prognosis") == {
        ("chemotherapy", "risks")
    }  # not bevacizumab/cetuximab: other drugs
    assert where("nanomedicine delivery systems") == {("ici", "uncertain")}
    assert not any("Karnofsky" in f["text"] for s in statements for f in s.figures)
    assert where("Karnofsky Performance Status") == {("local_therapy", "benefit")}
    badge = {s.design for s in statements if "multiple randomised controlled trials" in s.text}
    assert badge == {"Several randomized trials"}
    # After the second blind audit, from the seeds: IMpassion131's null PFS result is a result
    # (benefit) as well as a caveat; "may provide a rational approach" is a hypothesis; a
    # radiological remission after chemotherapy that hides disease is chemotherapy's caveat.
    assert where("did not improve progression-free survival") == {
        ("chemoimmunotherapy", "benefit"),
        ("chemoimmunotherapy", "risks"),
    }
    assert where("may provide a rational approach") == {("local_therapy", "uncertain")}
    assert where("Complete radiological remission") == {("chemotherapy", "risks")}
    # "some retrospective studies": more than one, the number unsaid
    assert {s.design for s in statements if "some retrospective studies" in s.text} == {
        "Retrospective studies (number not stated)"
    }
    # the interaction hazard ratios are hazard ratios, not counts
    (interaction,) = [s for s in statements if "interaction hazard ratios" in s.text]
    assert [(f["text"], f["kind"]) for f in interaction.figures] == [
        ("1.00 for OS", "hazard_ratio"),
        ("1.04 for PFS", "hazard_ratio"),
    ]


def test_local_therapys_strongest_evidence_is_its_finding_not_a_hypothesis(collection):
    (column,) = build_grid(collection.db, ["local_therapy"]).columns
    assert column.strongest.text.startswith("Multivariate analysis identified key factors")


def test_patient_notes_add_no_claim(collection):
    """Each plain note says no more than its sentence (second audit): no direction the sentence
    lacks, its hedge kept, no route of giving a drug it does not name, no narrower wording."""
    notes = {}
    for s in every_statement(build_grid(collection.db, OPTION_IDS, audience="patient")):
        notes.setdefault(s.text, set()).add(s.patient_note)
    note = lambda words: " ".join(n for t, ns in notes.items() if words in t for n in ns)  # noqa: E731
    assert "longer" not in note("Multivariate analysis identified key factors")
    assert "usually" in note("typically considered for localized disease")
    assert "does not replace" not in note("typically considered for localized disease")
    assert "pills" not in note("In hepatocellular carcinoma, adding local treatments")
    bone = note("Isolated bone metastases")
    assert "single" not in bone and "bone" in bone
    chemo = note("Pretreatment with neoadjuvant chemotherapy")
    assert " let " not in f" {chemo} " and "20" in chemo and "during" in chemo


def test_an_uncertainty_the_source_states_is_in_the_uncertain_row_too(collection):
    for audience in ("clinician", "patient"):
        grid = build_grid(collection.db, ["ici", "chemoimmunotherapy"], audience=audience)
        ici, chemoimmuno = grid.columns
        uncertain = " ".join(s.text for s in ici.cells["uncertain"].statements)
        assert "mostly underrepresented in randomised clinical trials" in uncertain
        assert "the mechanism by which LMs induce" in uncertain
        assert "subgroup analyses by liver metastasis status were limited" in " ".join(
            s.text for s in chemoimmuno.cells["uncertain"].statements
        )


def test_no_label_reads_as_if_the_source_were_reviewed(collection):
    for audience in ("clinician", "patient"):
        for s in every_statement(build_grid(collection.db, OPTION_IDS, audience=audience)):
            assert s.review == "reviewed"
            assert "Clinic Reference" in s.review_label and "not a review of the source" in (
                s.review_label
            )
            assert "Clinic Reference" in s.patient_review_label
            assert "clinician" not in s.patient_review_label


def test_every_source_is_named_by_title_publisher_and_date_never_its_file(collection):
    for s in every_statement(build_grid(collection.db, OPTION_IDS)):
        assert s.title in s.source_name and ".txt" not in s.source_name
    grid = build_grid(collection.db, ["resection", "ablation"])
    names = {s.source_name for s in every_statement(grid)}
    assert any("Dr.Oracle, 15 October 2025" in n for n in names)


def test_fragments_keep_their_lead_in_and_cut_off_sentences_are_marked(collection):
    statements = every_statement(build_grid(collection.db, OPTION_IDS))
    for s in statements:
        assert not s.text.rstrip().endswith(":")
        if len(s.text.split()) <= 5:
            assert s.lead_in.endswith(":"), s.text
    low = next(s for s in statements if s.text == "Low operative risk")
    assert low.lead_in == "Key factors for surgical candidacy include:"
    cut = [s for s in statements if s.cut_off]
    assert cut and all(s.text.endswith("superior effi") for s in cut)


def test_every_lexicon_option_is_spoken_of_by_some_document(collection):
    present = {o["id"] for o in option_list(collection.db)}
    assert present <= set(OPTION_IDS) and len(present) >= 14
    for o in treatment_data()["options"]:
        assert {"id", "name", "plain", "description", "category", "synonyms"} <= set(o)
        assert o["category"] in treatment_data()["categories"]
        assert o["category"] in treatment_data()["categories_plain"]


def test_cancer_type_narrows_the_statements(collection):
    every = build_grid(collection.db, ["ici", "chemoimmunotherapy"])
    narrow = build_grid(collection.db, ["ici", "chemoimmunotherapy"], cancer="esophageal")
    count = lambda g: len(every_statement(g))  # noqa: E731
    assert 0 < count(narrow) < count(every)
    assert not any("lung cancer" in s.text for s in every_statement(narrow))


def test_the_patient_view_keeps_every_row_in_plain_words(collection):
    grid = build_grid(collection.db, ["resection", "ablation"], audience="patient")
    assert grid.rows == ["what", "who", "benefit", "evidence", "risks", "uncertain"]
    titles = [grid.row_title(r) for r in grid.rows]
    assert "How sure are we?" in titles and "What we don't know yet" in titles
    data = grid.to_json()
    assert data["row_titles"]["uncertain"] == "What we don't know yet"


def test_compare_json_keeps_its_shape_and_adds_fields():
    out = run_cli("options", "--json")
    options = json.loads(out.stdout)
    assert {"id", "name", "plain_name", "synonyms"} <= set(options[0])
    data = json.loads(run_cli("compare", "resection", "ablation", "--json").stdout)
    assert [o["id"] for o in data["options"]] == ["resection", "ablation"]
    assert {"audience", "cancer", "rows", "options"} <= set(data)
    st = data["options"][0]["rows"]["benefit"][0]
    assert {
        "text",
        "figures",
        "design",
        "file",
        "source_start",
        "source_end",
        "size",
        "polarity",
        "document_id",
    } <= set(st)  # the old fields
    assert {"arms", "source_name", "source_status", "review", "cut_off", "lead_in"} <= set(st)
    assert {"name", "plain_name", "rows", "notes", "strongest_evidence"} <= set(data["options"][0])
    text = run_cli("compare", "ablation", "tace").stdout
    assert NOTHING in text and ".txt" not in text
    assert run_cli("compare", "nonsense", "ablation").returncode == 2
    ici = json.loads(run_cli("compare", "ici", "chemoimmunotherapy", "--json").stdout)
    assert len(ici["disagreements"]) == 1
    (d,) = ici["disagreements"]
    assert {"plain_text", "kept_settings", "reduced_settings", "not_counted"} <= set(d)
    arms = [a for o in ici["options"] for st in o["rows"]["benefit"] for a in st["arms"]]
    assert ("CMT + ICI", "chemotherapy plus immune checkpoint inhibitor") in {
        (a["label"], a["plain_label"]) for a in arms
    }


@pytest.mark.parametrize("ids", [["resection", "ablation", "chemoimmunotherapy"]])
def test_grid_json_figures_are_in_their_statements(collection, ids):
    data = build_grid(collection.db, ids).to_json()
    for option in data["options"]:
        for statements in option["rows"].values():
            for st in statements:
                for f in st["figures"]:
                    assert st["text"][f["start"] : f["end"]] == f["text"]
                for arm in st["arms"]:
                    assert all(f in st["text"] for f in arm["figures"])
