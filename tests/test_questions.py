"""The question bank, saved lists, and the handout PDF."""

from __future__ import annotations

import json
import shutil
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from helpers import run_cli, seed_file
from pypdf import PdfReader

from search_index.collection import Collection, build_collection, seed_files
from search_index.questions import bank as bank_module
from search_index.questions.bank import build_bank, grouped, search_bank, template_questions
from search_index.questions.lists import (
    ListItem,
    QuestionList,
    all_lists,
    delete,
    duplicate,
    load,
    printed_order,
    rename,
    save,
)
from search_index.user_store import open_user_store


def test_every_document_question_is_in_the_bank_with_its_source(collection):
    bank = build_bank(collection.db)
    from_documents = [q for q in bank if q.sources]
    stored = list(collection.db.query("SELECT text, document_id FROM questions"))
    assert len(from_documents) == len(stored) == 9
    for row in stored:
        q = next(q for q in bank if q.text == row["text"])
        assert q.sources[0].document_id == row["document_id"]
    assert {q.topic for q in from_documents} >= {
        "treatment choice",
        "clinical trials",
        "liver function monitoring",
    }


def test_templates_are_filled_with_the_options_plain_names():
    texts = [q.text for q in template_questions()]
    assert "Could surgery to remove the tumours be a choice for me?" in texts
    assert "What side effects can destroying tumours with heat cause?" in texts


def test_a_built_in_list_stands_in_when_there_are_no_templates(monkeypatch):
    def missing(name):
        raise OSError(name)

    monkeypatch.setattr(bank_module, "data_rows", missing)
    questions = template_questions()
    assert {q.topic for q in questions} == set(bank_module.TOPICS)


def test_the_same_question_from_two_documents_appears_once_with_both_sources(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    original = seed_file("Does chemoimmunotherapy improve survival")
    shutil.copy(original, seeds / original.name)
    text = original.read_text(encoding="utf-8").replace(
        "Does chemoimmunotherapy improve survival", "Is chemoimmunotherapy effective"
    )
    (seeds / "copy.txt").write_text(
        text.replace(
            "is chemoimmunotherapy a recommended option for me?",
            "is chemo-immunotherapy a recommended option for me?",
        ),
        encoding="utf-8",
    )
    build_collection(seed_files(seeds), tmp_path / "c")
    c = Collection(tmp_path / "c")
    bank = build_bank(c.db)
    merged = [q for q in bank if "recommended option for me" in q.text]
    assert len(merged) == 1 and len(merged[0].sources) == 2
    c.close()


def test_bank_search_and_groups(collection):
    bank = build_bank(collection.db)
    found = search_bank(bank, "liver function")
    assert found and all(
        "liver" in (q.text + q.topic).lower() and "function" in (q.text + q.topic).lower() for q in found
    )
    by_option = grouped(bank, by="option")
    assert "resection" in by_option and all("resection" in q.options for q in by_option["resection"])
    assert list(grouped(bank))[0] == "treatment choice"


def test_lists_round_trip_in_the_user_store(tmp_path):
    db = open_user_store(tmp_path / "user.sqlite")
    items = [ListItem("First?", "q1"), ListItem("Mine?", top=True), ListItem("Third?", "q3")]
    list_id = save(db, QuestionList(None, "Visit 1", items))
    again = load(open_user_store(tmp_path / "user.sqlite"), list_id)
    assert [i.text for i in again.items] == ["First?", "Mine?", "Third?"] and again.items[1].top
    rename(db, list_id, "First visit")
    copy = duplicate(db, list_id, "Template")
    assert [r["name"] for r in all_lists(db)] == ["First visit", "Template"]
    delete(db, list_id)
    assert [r["id"] for r in all_lists(db)] == [copy]
    assert [i.text for i in printed_order(items)] == ["Mine?", "First?", "Third?"]


def _font_sizes(pdf: Path) -> list[float]:
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.append(font_size * tm[0] * cm[0] if tm[0] and cm[0] else font_size)

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_questions_json_on_the_command_line():
    data = json.loads(run_cli("questions", "--json").stdout)
    assert {"id", "text", "topic", "options", "sources"} <= set(data[0])
    assert any(q["sources"] for q in data)


@pytest.mark.parametrize("page", ["A4", "Letter"])
def test_handout_pdf_has_every_question_in_order_top_first(tmp_path, collection, page):
    bank = build_bank(collection.db)
    chosen = [q.id for q in bank if q.sources][:4]
    top = chosen[2]
    pdf, large = tmp_path / "h.pdf", tmp_path / "h-large.pdf"
    out = run_cli(
        "handout",
        "--pdf",
        str(pdf),
        "--page",
        page,
        "--top",
        top,
        *chosen,
        "--ask",
        "Can I keep working during treatment?",
    )
    assert out.returncode == 0, out.stderr
    assert "Reads at about school grade" in out.stdout
    text = " ".join(
        unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in PdfReader(pdf).pages)).split()
    )
    by_id = {q.id: q.text for q in bank}
    order = [top] + [c for c in chosen if c != top]
    positions = [text.find(" ".join(by_id[i].split()[:6])) for i in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert text.find("Can I keep working") > positions[-1]
    assert "not medical advice" in text
    assert run_cli("handout", "--pdf", str(large), "--large-print", *chosen).returncode == 0
    assert max(_font_sizes(large)) > max(_font_sizes(pdf))
    assert sorted(_font_sizes(large))[len(_font_sizes(large)) // 2] >= 14


def test_handout_refuses_unknown_ids(tmp_path):
    out = run_cli("handout", "--pdf", str(tmp_path / "x.pdf"), "qnonsense")
    assert out.returncode == 2 and "unknown question id" in out.stderr


def test_a_list_saved_again_is_all_or_nothing(tmp_path, monkeypatch):
    from search_index.questions import lists

    db = open_user_store(tmp_path / "user.sqlite")
    list_id = save(db, QuestionList(None, "Mine", [ListItem("First?"), ListItem("Second?")]))

    def half(db, table, rows):  # the disk fills after the first new item
        rows = iter(rows)
        lists.insert_row(db, table, next(rows))
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(lists, "insert_rows", half)
    with pytest.raises(sqlite3.OperationalError):
        save(db, QuestionList(list_id, "Mine", [ListItem("New one?"), ListItem("Other?")]))
    again = load(open_user_store(tmp_path / "user.sqlite"), list_id)
    assert [i.text for i in again.items] == ["First?", "Second?"]  # the old list, whole
