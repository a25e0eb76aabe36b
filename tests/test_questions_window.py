"""The question builder, through the real widgets."""

from __future__ import annotations

import unicodedata

from helpers import click_tick_box, item_where, search
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from desktop import kiosk_controller
from desktop.models.my_questions import MIME


def tick_in_bank(qtbot, view, text_start: str) -> None:
    click_tick_box(qtbot, view.tree, item_where(view.tree, text_start, starts=True))


def test_build_reorder_undo_save_reopen_and_print(qtbot, window, tmp_path):
    view = window.questions_view
    tick_in_bank(qtbot, view, "How will my liver function")
    tick_in_bank(qtbot, view, "Could surgery to remove")
    qtbot.keyClicks(view.own, "Can I keep working during treatment")
    qtbot.keyClick(view.own, Qt.Key.Key_Return)
    model = view.model
    assert model.texts()[2] == "Can I keep working during treatment?"
    # drag the last one to the top
    data = QMimeData()
    data.setData(MIME, b"2")
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.texts()[0].startswith("Can I keep working")
    # keyboard: move the current one down
    view.list.setCurrentIndex(model.index(0))
    qtbot.keyClick(view.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert model.texts()[1].startswith("Can I keep working")
    model.undo.undo()
    model.undo.undo()
    assert model.texts()[2].startswith("Can I keep working")  # both moves undone
    model.undo.redo()
    assert model.texts()[0].startswith("Can I keep working")
    assert model.setData(model.index(2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.items[2].top
    assert "grade" in view.grade.text()

    list_id = view.lists.save_list(name="First visit")
    view.model.replace_all([])
    view.lists.open_list(list_id)
    assert view.model.texts()[0].startswith("Can I keep working") and view.model.items[2].top

    pdf = view.save_pdf(tmp_path / "handout.pdf")
    text = " ".join(
        unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in PdfReader(pdf).pages)).split()
    )
    top = model.items[2].text
    order = [top] + [t for t in model.texts() if t != top]
    positions = [text.find(t[:30]) for t in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_a_fourth_top_question_is_refused(qtbot, window):
    model = window.questions_view.model
    for i in range(5):
        window.questions_view.add_text(f"Question number {i}?")
    assert all(model.set_top(i, True) for i in range(3))
    assert not model.set_top(3, True) and not model.items[3].top


def test_add_to_my_questions_from_a_search_result(qtbot, window):
    results = search(qtbot, window, "clinical trials available")
    question = next(h for h in results.hits if h.text.endswith("?"))
    window.add_question(question.text)
    assert window.questions_view.model.texts() == [question.text]
    assert window.questions_view.model.items[0].question_id  # linked to the bank and its source


def test_add_questions_from_the_comparison(qtbot, window):
    window.compare(["resection", "ablation"])
    qtbot.mouseClick(window.compare_view.questions_button, Qt.MouseButton.LeftButton)
    texts = window.questions_view.model.texts()
    assert "Could surgery to remove the tumours be a choice for me?" in texts
    assert "What side effects can destroying tumours with heat cause?" in texts


def test_clinic_name_from_settings_heads_the_handout(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(
        kiosk_controller.QInputDialog, "getText", lambda *a, **k: ("Riverside Oncology", True)
    )
    window.set_clinic_name()
    view = window.questions_view
    view.add_text("What are my choices?")
    pdf = view.save_pdf(tmp_path / "h.pdf")
    first_line = PdfReader(pdf).pages[0].extract_text().splitlines()[0]
    assert " ".join(first_line.split()) == "Riverside Oncology"


def shown_bank(view) -> dict[str, list[str]]:
    """What the bank shows: heading -> its questions, in order."""
    model = view.tree.model()
    out = {}
    for row in range(model.rowCount()):
        head = model.index(row, 0)
        out[head.data()] = [model.index(i, 0, head).data() for i in range(model.rowCount(head))]
    return out


def test_the_find_box_narrows_the_bank_and_ticks_hold(qtbot, window):
    view = window.questions_view
    everything = sum(len(qs) for qs in shown_bank(view).values())
    assert everything == len(view.bank)  # by topic: each question once
    tick_in_bank(qtbot, view, "How will my liver function")
    qtbot.keyClicks(view.find_box, "liver function")
    shown = [q for qs in shown_bank(view).values() for q in qs]
    assert 0 < len(shown) < everything
    topics = {q.text: q.topic for q in view.bank}
    assert all({"liver", "function"} <= set(f"{q} {topics[q]}".lower().split()) for q in shown)
    ticked = item_where(view.tree, "How will my liver function", starts=True)
    assert ticked.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    assert view.tree.isExpanded(ticked.parent())
    click_tick_box(qtbot, view.tree, ticked)  # unticked in the bank: off the list
    assert view.model.texts() == []
    view.find_box.clear()
    assert sum(len(qs) for qs in shown_bank(view).values()) == everything


def test_treatment_headings_follow_the_first_question_shown(qtbot, window):
    view = window.questions_view
    view.group_by.setCurrentIndex(view.group_by.findData("option"))
    qtbot.keyClicks(view.find_box, "with")
    position = {q.text: i for i, q in enumerate(view.bank)}
    firsts = [min(position[q] for q in qs) for qs in shown_bank(view).values()]
    assert len(firsts) > 2 and firsts == sorted(firsts)
