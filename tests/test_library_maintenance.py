"""The user's library kept up: documents removed, hidden and shown, relabelled, read again from
their files and all rebuilt, with the store and the index in agreement."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ABLATION_PAGE, SYNTHETIC_MEDLINE, agree, write

from search_index.collection import Collection


def test_remove_hide_show_and_reread(opened, tmp_path: Path):
    lib = opened.library
    page = write(tmp_path, "ablation.md", ABLATION_PAGE)
    lib.import_paths([page, write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    bundled = next(iter(opened.collection.documents()))
    assert lib.remove([bundled]) == 0  # bundled documents are hidden, never deleted
    assert lib.set_hidden([bundled], True) == 1
    assert bundled not in agree(lib.directory)
    assert bundled not in Collection(lib.directory).documents()
    lib.set_hidden([bundled], False)
    assert bundled in agree(lib.directory)

    page.write_text(ABLATION_PAGE + "\nCryoablation freezes the tumour instead.\n")
    (doc_id,) = [
        r["id"] for r in lib.db.query("SELECT id FROM documents WHERE file_name = ?", ["ablation.md"])
    ]
    lib.reread(doc_id)
    collection = Collection(lib.directory)
    engine = collection.search_engine()
    assert engine.search("cryoablation").hits[0].document_id == doc_id
    assert lib.remove(["pmid-90000101", "pmid-90000102"]) == 2
    assert "pmid-90000101" not in agree(lib.directory)
    engine.close()
    collection.close()


def test_reread_of_a_vanished_file_keeps_the_document(opened, tmp_path: Path):
    page = write(tmp_path, "ablation.md", ABLATION_PAGE)
    opened.library.import_paths([page])
    page.unlink()
    from search_index.reading import ReadError

    with pytest.raises(ReadError, match="no longer there"):
        opened.library.reread("ablation")
    assert "ablation" in agree(opened.library.directory)


def test_a_documents_audience_and_kind_can_be_set_and_outlast_reading_again(opened, tmp_path):
    lib = opened.library
    lib.import_paths([write(tmp_path, "leaflet.md", ABLATION_PAGE)])
    engine = Collection(lib.directory).search_engine()
    found = engine.search("ablation audience:patient", limit=50).hits
    assert "leaflet" not in {h.document_id for h in found}  # read as for clinicians
    assert lib.relabel(["leaflet"], audience="patient") == 1
    assert lib.reread("leaflet").title.startswith("Ablation")
    lib.rebuild()
    collection = Collection(lib.directory)
    assert collection.documents()["leaflet"]["audience"] == "patient"
    found = collection.search_engine().search("ablation audience:patient", limit=50).hits
    assert "leaflet" in {h.document_id for h in found}
    assert lib.relabel(["leaflet"], kind="qa_page") == 1
    assert Collection(lib.directory).documents()["leaflet"]["kind"] == "qa_page"
    agree(lib.directory)


def test_rebuild_reads_everything_again_and_keeps_what_it_cannot(opened, tmp_path: Path):
    lib = opened.library
    page, export = (
        write(tmp_path, "ablation.md", ABLATION_PAGE),
        write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE),
    )
    lib.import_paths([page, export])
    page.write_text(ABLATION_PAGE + "\nCryoablation freezes the tumour instead.\n")
    export.unlink()
    problems = lib.rebuild()
    assert len(problems) == 2 and all("no longer there" in p for p in problems)
    stored = agree(lib.directory)
    assert {"ablation", "pmid-90000101", "pmid-90000102"} <= set(stored)
    assert len(stored) == len(opened.collection.documents()) + 3
    collection = Collection(lib.directory)
    engine = collection.search_engine()
    assert engine.search("cryoablation").hits[0].document_id == "ablation"
    engine.close()
    collection.close()


def test_rebuild_and_reread_keep_when_each_document_was_added_and_what_was_hidden(
    opened, tmp_path: Path
):
    lib = opened.library
    page = write(tmp_path, "ablation.md", ABLATION_PAGE)
    lib.import_paths([page, write(tmp_path, "export.nbib", SYNTHETIC_MEDLINE)])
    added = {  # as imported over the past months
        "ablation": "2026-03-01T09:00:00+00:00",
        "pmid-90000101": "2026-05-14T16:30:00+00:00",
        "pmid-90000102": "2026-07-20T08:15:00+00:00",
    }
    with lib.db.conn:
        lib.db.conn.executemany(
            "UPDATE documents SET added_at = ? WHERE id = ?", [(a, d) for d, a in added.items()]
        )
    bundled_added = {d: m["added_at"] for d, m in opened.collection.documents().items()}
    lib.set_hidden(["pmid-90000102", next(iter(bundled_added))], True)
    page.write_text(ABLATION_PAGE + "\nCryoablation freezes the tumour instead.\n")
    assert lib.rebuild() == []
    lib.reread("pmid-90000101")
    collection = Collection(lib.directory)
    docs = collection.documents(include_hidden=True)
    assert {d: docs[d]["added_at"] for d in added} == added
    assert {d: docs[d]["added_at"] for d in bundled_added} == bundled_added
    assert {d for d, m in docs.items() if m["hidden"]} == {"pmid-90000102", next(iter(bundled_added))}
    engine = collection.search_engine()
    assert engine.search("cryoablation").hits[0].document_id == "ablation"  # it was read again
    engine.close()
    collection.close()
