"""Who writes a profile's library: one window at a time; readers take no lock and write nothing;
a profile that cannot be written still opens its documents, read-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search_index.library import LOCK_FILE, Library, LibraryBusy
from search_index.opening import open_collection


def test_reading_takes_no_lock_and_writes_nothing(user_home, collection):
    fresh = open_collection(access="read")  # a profile with no library yet: the bundled documents
    assert fresh.library is None and not fresh.notices and fresh.watched is None
    assert fresh.collection.documents().keys() == collection.documents().keys()
    assert not (user_home / "library").exists()
    fresh.collection.close()
    writer = open_collection()
    reader = open_collection(access="read")  # while a writer is open: no notice, no waiting
    assert reader.library is None and not reader.notices
    assert reader.watched == writer.library.directory
    writer.library.close()
    again = open_collection()  # the reader holds no lock
    assert again.library is not None
    again.library.close()
    reader.collection.close()


def test_one_writer_per_profile(opened):
    second = open_collection()
    assert second.library is None and "Another Clinic Reference" in second.notices[0]
    assert second.collection.documents().keys() == opened.collection.documents().keys()
    with pytest.raises(LibraryBusy):
        Library(opened.library.directory, opened.collection)
    opened.library.close()
    third = open_collection()  # the lock goes with the writer
    assert third.library is not None
    third.library.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_profile_still_opens(user_home: Path):
    first = open_collection()
    directory = first.library.directory
    first.library.close()
    (directory / LOCK_FILE).unlink()
    directory.chmod(0o555)
    try:
        o = open_collection()
        assert o.library is None and "cannot be written" in o.notices[0]
        assert o.collection.documents()
    finally:
        directory.chmod(0o755)


def test_a_profile_that_cannot_be_written_opens_read_only(user_home, monkeypatch):
    """As a read-only or full data folder answers the writer lock (works as root too)."""

    def refuse(self, blocking=False):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("search_index.library.writer.FileLock.acquire", refuse)
    o = open_collection()
    assert o.library is None and "cannot be written" in o.notices[0]
    assert o.collection.documents()
    o.collection.close()


def test_the_bundled_collection_opens_when_the_library_cannot(user_home, collection, monkeypatch):
    from search_index.library import repair

    def full(library, bundled, progress):  # as a full disk answers the first copy of the store
        raise OSError(28, "No space left on device")

    prepare = repair.prepare
    monkeypatch.setattr(repair, "prepare", full)
    o = open_collection()
    assert o.library is None and "disk holding the library is full" in o.notices[0]
    assert o.collection.documents().keys() == collection.documents().keys()
    o.collection.close()
    monkeypatch.setattr(repair, "prepare", prepare)  # not undo(): the profile stays
    again = open_collection()  # and the lock was let go
    assert again.library is not None
    again.library.close()
