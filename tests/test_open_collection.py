"""The handle of an opened collection (OpenCollection): what `close()` lets go, what a reopened
handle shares, and that each way of opening gives the same kind of handle."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from search_index.opening import open_collection

DATA = Path(__file__).parent / "data"


def open_files() -> set[str]:
    """What the process holds open (the listing's own descriptor is gone once read); an
    engine's memory-mapped arrays are let go with the engine itself."""
    gc.collect()
    held = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            held.add(os.readlink(f"/proc/self/fd/{fd}"))
        except FileNotFoundError:
            pass
    return held


def test_closing_the_handle_lets_go_of_store_engine_and_writer(user_home):
    open_collection().close()  # the library made once: what follows only opens it
    before = open_files()
    with open_collection() as opened:
        assert opened.library is not None and opened.engine.search("liver").hits
        held = open_files() - before
        assert any(p.endswith("clinic.sqlite") for p in held)  # the store is open
        with open_collection() as second:
            assert second.library is None  # and the writer taken
    assert open_files() <= before  # nothing of it left open
    again = open_collection()
    assert again.library is not None  # the writer was let go with the handle
    again.close()


def test_a_reopened_handle_shares_the_writer_and_sees_the_change(user_home):
    opened = open_collection()
    report = opened.library.import_paths([DATA / "import" / "clinic_notes.md"])
    ((_file_name, title),) = report.added
    fresh = opened.reopened()
    opened.close(keep_writer=True)
    assert fresh.library is opened.library
    with open_collection() as second:
        assert second.library is None  # still held
    assert title in {d["title"] for d in fresh.collection.documents().values()}
    assert fresh.engine.search(title).hits
    fresh.close()
    with open_collection() as third:
        assert third.library is not None  # the last holder let it go


def test_every_way_of_opening_gives_a_handle_that_closes(user_home, collection_dir):
    open_collection().close()
    before = open_files()
    for access in ("write", "read", "kiosk"):
        with open_collection(access=access) as opened:
            assert opened.engine.passage_count > 0
            assert (opened.library is not None) == (access == "write")
    assert open_files() <= before
