"""Treatment statements: traceable to their sentences, figures exact, rows, disagreement, and
extraction measured against a table written by hand from the documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from search_index.lexicon import treatment_data
from search_index.treatments.comparison import NOTHING, build_grid, option_list

EXPECTED = Path(__file__).parent / "data" / "expected_figures.tsv"


def test_every_statement_and_figure_is_found_character_for_character(collection):
    rows = list(collection.db.query(
        "SELECT st.*, p.text AS passage FROM statements st JOIN passages p ON p.id = st.passage_id"))
    assert len(rows) > 50
    for st in rows:
        assert st["passage"][st["start"]:st["end"]] == st["text"]
        source = collection.source(st["document_id"])
        assert source[st["source_start"]:st["source_end"]].startswith(st["text"][:40])
        for f in collection.db.query("SELECT * FROM figures WHERE statement_id = ?", [st["id"]]):
            assert st["text"][f["start"]:f["end"]] == f["text"]
            assert f["text"] in source  # exactly as the document has it


def test_extraction_precision_and_recall_against_the_hand_made_table(collection):
    expected = {tuple(line.split("\t")) for line in EXPECTED.read_text().splitlines()
                if line and not line.startswith("#")}
    found = {(r["option_id"], r["text"], r["file_name"]) for r in collection.db.query(
        "SELECT DISTINCT st.option_id, f.text, d.file_name FROM figures f "
        "JOIN statements st ON st.id = f.statement_id JOIN documents d ON d.id = st.document_id")}
    hits = expected & found
    precision, recall = len(hits) / len(found), len(hits) / len(expected)
    print(f"\nextraction vs hand table: precision {precision:.2f} ({len(hits)}/{len(found)}), "
          f"recall {recall:.2f} ({len(hits)}/{len(expected)}); missed {sorted(expected - found)}; "
          f"extra {sorted(found - expected)}")
    assert recall >= 0.9 and precision >= 0.9


def test_key_figures_sit_in_the_right_cells(collection):
    grid = build_grid(collection.db, ["resection", "chemoimmunotherapy"])
    resection, chemoimmuno = grid.columns
    benefit = [f["text"] for s in resection.cells["benefit"].statements for f in s.figures]
    assert "5-year survival rates ranging from 30-50%" in benefit
    chemo_benefit = [f["text"] for s in chemoimmuno.cells["benefit"].statements for f in s.figures]
    assert "10.8 months in the CMT group vs 20.8 months in the CMT + ICI group" in chemo_benefit
    evidence = chemoimmuno.cells["evidence"].statements
    assert evidence[0].design == "Meta-analysis of randomized trials"
    assert "25,915 patients" in evidence[0].size
    assert chemoimmuno.strongest.design == "Meta-analysis of randomized trials"
    assert any("relapse" in s.text for s in resection.cells["risks"].statements)


def test_every_lexicon_option_is_spoken_of_by_some_document(collection):
    present = {o["id"] for o in option_list(collection.db)}
    assert present == {o["id"] for o in treatment_data()["options"]}
    for o in treatment_data()["options"]:
        assert {"id", "name", "plain", "description", "category", "synonyms"} <= set(o)
        assert o["category"] in treatment_data()["categories"]


def test_disagreement_shows_both_sides_with_their_sources(collection):
    (ici,) = build_grid(collection.db, ["ici"]).columns
    cell = ici.cells["benefit"]
    assert "disagree" in cell.note
    sides = {s.polarity for s in cell.note_sources}
    assert sides == {"kept", "reduced"}
    assert len({s.document_id for s in cell.note_sources}) >= 2


def test_cancer_type_narrows_the_statements(collection):
    every = build_grid(collection.db, ["ici", "chemoimmunotherapy"])
    lung = build_grid(collection.db, ["ici", "chemoimmunotherapy"], cancer="esophageal")
    count = lambda g: sum(len(c.statements) for col in g.columns for c in col.cells.values())  # noqa: E731
    assert 0 < count(lung) < count(every)
    texts = [s.text for col in lung.columns for c in col.cells.values() for s in c.statements]
    assert not any("lung cancer" in t for t in texts)


def test_patient_view_has_fewer_rows(collection):
    grid = build_grid(collection.db, ["resection", "ablation"], audience="patient")
    assert grid.rows == ["what", "who", "benefit", "risks"]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "desktop.main", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def test_options_and_compare_on_the_command_line():
    out = cli("options", "--json")
    options = json.loads(out.stdout)
    assert {"id", "name", "plain_name", "synonyms"} <= set(options[0])
    out = cli("compare", "resection", "ablation", "--json")
    data = json.loads(out.stdout)
    assert [o["id"] for o in data["options"]] == ["resection", "ablation"]
    st = data["options"][0]["rows"]["benefit"][0]
    assert {"text", "figures", "design", "file", "source_start", "source_end"} <= set(st)
    text = cli("compare", "ablation", "tace").stdout
    assert NOTHING in text  # empty cells say so
    assert cli("compare", "nonsense", "ablation").returncode == 2


@pytest.mark.parametrize("ids", [["resection", "ablation", "chemoimmunotherapy"]])
def test_grid_json_figures_are_in_their_statements(collection, ids):
    data = build_grid(collection.db, ids).to_json()
    for option in data["options"]:
        for statements in option["rows"].values():
            for st in statements:
                for f in st["figures"]:
                    assert st["text"][f["start"]:f["end"]] == f["text"]
