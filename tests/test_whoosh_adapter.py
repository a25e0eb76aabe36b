"""Indexes written by earlier versions (kept in tests/data/indexes, as main at b303692 wrote them)
open, search and take updates now that Whoosh is reached through search_index/whoosh_adapter."""

from __future__ import annotations

import shutil
from pathlib import Path

from search_index.engine import open_engine
from search_index.index import IndexUpdate
from search_index.whoosh_adapter.index import live_documents

EARLIER = Path(__file__).parent / "data" / "indexes"


def copied(name: str, tmp_path: Path) -> Path:
    """A copy of an earlier version's index (opening one may not write, updating one does)."""
    return Path(shutil.copytree(EARLIER / name, tmp_path / name))


def found(folder: Path, query: str) -> list[int]:
    engine = open_engine(folder)
    try:
        return [h.passage_id for h in engine.search(query).hits]
    finally:
        engine.close()


def test_an_index_from_before_the_arrays_opens_and_takes_updates(tmp_path):
    """Whoosh indexed the words itself; its schema names classes where analysis.py held them."""
    folder = copied("words_in_whoosh", tmp_path)
    assert (folder / "_passages_1.toc").read_bytes().count(b"search_index.analysis") == 2
    assert found(folder, "microwave") == [1]
    engine = open_engine(folder)
    assert engine.search("liver type:qa").total == 1
    engine.close()
    with IndexUpdate(folder) as update:
        update.add([{"id": 2, "document_id": "b", "text": "hepatic resection", "position": 0}])
    assert found(folder, "resection") == [2]
    assert found(folder, "microwave") == [1]


def test_an_index_main_wrote_opens_searches_and_takes_updates(tmp_path):
    # The four passages (README.md there): 11 "Microwave ablation of colorectal liver
    # metastases.", 12 "…portal vein embolization.", both titled "Microwave ablation"; 21 "Will
    # chemotherapy shrink the tumour before surgery?" and 22 "Resection removes the part of the
    # liver that holds the tumour.", both titled "Questions for your doctor".
    folder = copied("arrays_beside_whoosh", tmp_path)
    assert found(folder, "microwave") == [11, 12]  # in 11's text as well as in its title
    assert sorted(found(folder, "tumour")) == [21, 22]
    assert found(folder, "embolization") == [12]
    assert live_documents(folder) == {"a": 2, "b": 2}
    with IndexUpdate(folder) as update:
        update.remove("a")
        update.add([{"id": 31, "document_id": "c", "text": "microwave oven", "position": 0}])
    assert live_documents(folder) == {"b": 2, "c": 1}
    assert found(folder, "microwave") == [31]
    assert sorted(found(folder, "tumour")) == [21, 22]
