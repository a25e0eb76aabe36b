"""Clinicians' reviews of automatic statements: kept in the library, surviving a re-read of an
unchanged sentence, dropped when the sentence changes, exported and imported as one file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search_index.collection import Collection
from search_index.opening import open_collection
from search_index.treatments import reviews
from search_index.treatments.comparison import AUTOMATIC, build_grid

PAGE = """Thermal ablation for small liver metastases

Thermal ablation destroys a small liver tumour with heat from a needle placed through the skin.
Thermal ablation is a good choice for people who are not fit for an operation.
Most people go home the next day after thermal ablation.
"""


def statements(directory: Path, option_ids: list[str], audience: str = "clinician"):
    c = Collection(directory)
    try:
        grid = build_grid(c.db, option_ids, audience=audience)
        return grid, [s for col in grid.columns for cell in col.cells.values() for s in cell.statements]
    finally:
        c.close()


@pytest.fixture
def library(user_home: Path, tmp_path: Path):
    page = tmp_path / "ablation.md"
    page.write_text(PAGE)
    opened = open_collection()
    report = opened.library.import_paths([page])
    assert len(report.added) == 1
    yield opened.library, page
    opened.library.close()
    opened.collection.close()


def added(items):
    return [s for s in items if s.document_id == "ablation"]


def test_a_review_survives_a_reread_and_not_a_changed_sentence(library):
    lib, page = library
    _grid, items = statements(lib.directory, ["ablation", "resection"])
    mine = added(items)
    assert mine and all(s.review_label == AUTOMATIC for s in mine)
    fit = next(s for s in mine if "not fit" in s.text)
    home = next(s for s in mine if "go home" in s.text)
    reviews.record(
        lib.db,
        fit.document_key,
        fit.sentence_hash,
        fit.option_id,
        "move",
        "ab",
        new_row="risks",
        day="2026-12-01",
    )
    reviews.record(lib.db, home.document_key, home.sentence_hash, home.option_id, "reject", "AB")

    def placed():
        _g, now = statements(lib.directory, ["ablation", "resection"])
        return {s.text: (s.row, s.review, s.reviewed_by) for s in added(now)}

    assert placed()[fit.text] == ("risks", "moved", "AB, 2026-12-01")
    assert home.text not in placed()  # rejected
    lib.reread("ablation")  # the same file read again: new statement ids, same sentences
    assert placed()[fit.text] == ("risks", "moved", "AB, 2026-12-01")
    assert home.text not in placed()
    page.write_text(PAGE.replace("not fit for an operation", "too unwell for an operation"))
    lib.reread("ablation")
    after = placed()
    changed = next(t for t in after if "too unwell" in t)
    assert after[changed][1] == "automatic"  # a changed sentence is not the one reviewed


def test_patients_see_only_reviewed_statements_and_how_many_are_not_shown(library):
    lib, _page = library
    grid, items = statements(lib.directory, ["ablation", "resection"], audience="patient")
    assert not added(items) and grid.hidden_unreviewed >= 2
    _g, clinician = statements(lib.directory, ["ablation", "resection"])
    first = added(clinician)[0]
    reviews.record(lib.db, first.document_key, first.sentence_hash, first.option_id, "confirm", "CD")
    grid2, items2 = statements(lib.directory, ["ablation", "resection"], audience="patient")
    assert [s.text for s in added(items2)] == [first.text]
    assert grid2.hidden_unreviewed == grid.hidden_unreviewed - 1


def test_reviews_travel_to_another_workstation_as_one_file(library, tmp_path, monkeypatch):
    lib, page = library
    _g, items = statements(lib.directory, ["ablation", "resection"])
    fit = next(s for s in added(items) if "not fit" in s.text)
    reviews.record(
        lib.db, fit.document_key, fit.sentence_hash, fit.option_id, "move", "EF", new_row="who"
    )
    exported = tmp_path / "reviews.json"
    assert reviews.export(lib.db, exported) == 1
    assert json.loads(exported.read_text())["format"] == reviews.FORMAT

    monkeypatch.setenv("CLINIC_REFERENCE_HOME", str(tmp_path / "second"))
    other = open_collection()
    try:
        other.library.import_paths([page])
        _g, before = statements(other.library.directory, ["ablation"])
        assert next(s for s in added(before) if "not fit" in s.text).review == "automatic"
        assert reviews.import_file(other.library.db, exported) == 1
        _g, after = statements(other.library.directory, ["ablation"])
        moved = next(s for s in added(after) if "not fit" in s.text)
        assert (moved.row, moved.reviewed_by.split(",")[0]) == ("who", "EF")
        broken = tmp_path / "broken.json"
        broken.write_text('{"format": "something else"}')
        with pytest.raises(reviews.ReviewFileError, match="broken.json"):
            reviews.import_file(other.library.db, broken)
    finally:
        other.library.close()
        other.collection.close()


def test_a_reviews_file_is_read_with_a_cap(tmp_path):
    import sqlite_utils

    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(reviews.MAX_REVIEW_BYTES + 1)  # sparse: its size alone must refuse it
    db = sqlite_utils.Database(memory=True)
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")  # 400 KB, deeply nested
    for path, why in (
        (Path("/dev/zero"), "device"),
        (huge, r"too large \(20\.1 MB; 20 MB at most"),
        (nested, "not a"),
    ):
        with pytest.raises(reviews.ReviewFileError, match=why):
            reviews.import_file(db, path)
